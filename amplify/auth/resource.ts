import { defineAuth } from '@aws-amplify/backend';
import { createAuthChallenge, defineAuthChallenge, verifyAuthChallengeResponse } from './recovery/resource.js';

/**
 * The product's user pool: email sign-in, optional MFA by SMS or an
 * authenticator app (TOTP), and an `admins` group whose members the app's
 * MFA policy (`requireMfaForGroups: ['admins']`) makes set MFA up: Cognito
 * itself has no per-group MFA, see `npm run doctor`. Kept as a plain object so `npm run doctor` can read
 * it; the local backend provisions itself from the CloudFormation this
 * synthesizes, so this file is the one source of truth for both pools.
 */
export const authDefinition = {
  loginWith: {
    email: true,
  },
  multifactor: {
    mode: 'OPTIONAL',
    sms: true,
    totp: true,
  },
  userAttributes: {
    email: { required: true, mutable: true },
    phoneNumber: { required: false, mutable: true },
    // Recovery codes (README "Recovery codes"): only the custom-auth triggers read or
    // write these; backend.ts leaves both out of the app client's attribute permissions.
    'custom:recovery_codes': { dataType: 'String', mutable: true, maxLen: 2048 },
    'custom:recovery_lockout': { dataType: 'String', mutable: true, maxLen: 64 },
  },
  groups: ['admins'],
} satisfies Parameters<typeof defineAuth>[0];

export const auth = defineAuth({
  ...authDefinition,
  triggers: { defineAuthChallenge, createAuthChallenge, verifyAuthChallengeResponse },
  access: (allow) => [
    allow.resource(defineAuthChallenge).to(['getUser']),
    allow.resource(verifyAuthChallengeResponse).to(['getUser', 'updateUserAttributes']),
  ],
});
