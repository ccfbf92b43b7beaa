/**
 * `amplify-mfa-flow/amplify`: every machine's actors implemented with the
 * aws-amplify v6 client (a peer: your app's own copy), `configureAmplify`
 * for amplify_outputs.json, and the QR code for TOTP setup.
 */
export { configureAmplify, readCapabilities, readLoginWith } from './configure.js';
export type { AmplifyConnection, AmplifyOutputsLike, ConfigureOptions, PoolCapabilities } from './configure.js';
export { amplifySignInActors, createAmplifySignInMachine, readSignedInUser, toSignInStep } from './signIn.actors.js';
export { createQrCode } from './qrCode.js';
export {
  amplifyMfaSettingsActors,
  amplifyPhoneVerificationActors,
  amplifyTotpEnrollmentActors,
  createAmplifyMfaPolicyMachine,
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from './mfa.actors.js';
export { amplifyReauthenticationActors, amplifyStepUpActors, createAmplifyReauthenticationMachine, readSignInTime } from './stepUp.js';
export { signUpWithEmail } from './signUp.js';
export type { SignUpResult } from './signUp.js';
