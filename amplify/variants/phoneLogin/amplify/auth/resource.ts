import { defineAuth } from '@aws-amplify/backend';

/**
 * A second pool shape the sign-in machine supports: users sign in with their
 * phone number (E.164). Synthesized and exercised by test/signIn/phoneLogin.real.test.ts.
 */
const phoneLoginDefinition = {
  loginWith: { phone: true },
  multifactor: { mode: 'OPTIONAL', sms: true, totp: true },
} satisfies Parameters<typeof defineAuth>[0];

export const auth = defineAuth(phoneLoginDefinition);
