import { defineAuth } from '@aws-amplify/backend';

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
  },
  groups: ['admins'],
} satisfies Parameters<typeof defineAuth>[0];

export const auth = defineAuth(authDefinition);
