import { defineAuth } from '@aws-amplify/backend';

/**
 * The product's user pool: email sign-in, optional MFA by SMS or an
 * authenticator app (TOTP). The local backend provisions itself from the
 * CloudFormation this definition synthesizes, so this file is the one source
 * of truth for both the deployed and the local pool.
 */
export const auth = defineAuth({
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
});
