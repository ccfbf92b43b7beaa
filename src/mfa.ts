/**
 * `amplify-mfa-flow/mfa`: the MFA management statecharts for after sign-in
 * (TOTP enrollment, phone verification for SMS MFA, the MFA settings that run
 * them) with their `connect*` view models and types. Like `./machines` it
 * imports nothing but xstate (and shares that entry's modules: errors,
 * validation, props). Their aws-amplify actors are in `./amplify`.
 */
export { totpEnrollmentMachine, connectTotpEnrollment } from '../machines/totpEnrollment/index.js';
export type * from '../machines/totpEnrollment/index.js';
export { phoneVerificationMachine, connectPhoneVerification } from '../machines/phoneVerification/index.js';
export type * from '../machines/phoneVerification/index.js';
export { mfaSettingsMachine, connectMfaSettings } from '../machines/mfaSettings/index.js';
export type * from '../machines/mfaSettings/index.js';
