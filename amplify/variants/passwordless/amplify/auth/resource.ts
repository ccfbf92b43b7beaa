import { defineAuth } from '@aws-amplify/backend';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallengeResponse } from '../../../../auth/recovery/resource.js';

/**
 * The passwordless, passkey-first pool (issue 11): users sign in with the
 * USER_AUTH flow and pick a first factor, a passkey (WebAuthn), a code by
 * email or by SMS, or their password. Otherwise the product's pool
 * (amplify/auth/resource.ts): optional SMS or TOTP MFA after a password, the `admins` group, and the same
 * recovery-code triggers (amplify/auth/recovery, the very same functions) with their two attributes, so
 * "Use a recovery code" works on this pool too. The relying party is `localhost`, what
 * the demo's page is served as locally; a deployed app names its own domain.
 * Synthesized by test/backend/passwordless.synth.test.ts and served by the
 * local backend in test/local/userAuth.test.ts and test/local/webAuthn.test.ts.
 */
const passwordlessDefinition = {
  loginWith: {
    email: { otpLogin: true },
    phone: { otpLogin: true },
    webAuthn: { relyingPartyId: 'localhost', userVerification: 'preferred' },
  },
  multifactor: { mode: 'OPTIONAL', sms: true, totp: true },
  userAttributes: {
    email: { required: true, mutable: true },
    phoneNumber: { required: false, mutable: true },
    // Recovery codes (README "Recovery codes"), as in the product's pool: only the triggers read or write these.
    'custom:recovery_codes': { dataType: 'String', mutable: true, maxLen: 2048 },
    'custom:recovery_lockout': { dataType: 'String', mutable: true, maxLen: 64 },
  },
  groups: ['admins'],
} satisfies Parameters<typeof defineAuth>[0];

export const auth = defineAuth({
  ...passwordlessDefinition,
  triggers: { defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse },
  access: (allow) => [
    allow.resource(defineAuthChallenge).to(['getUser']),
    allow.resource(verifyAuthChallengeResponse).to(['getUser', 'updateUserAttributes']),
  ],
});
