/**
 * The public surface of amplify-mfa-flow. Machines are pure (xstate only);
 * `src/amplify` provides their actors with aws-amplify v6; `src/react` wraps
 * them for React. Any other UI uses `createActor` and the `connect*` view models.
 */
export { signInMachine, connectSignIn } from '../machines/signIn/index.js';
export type * from '../machines/signIn/index.js';
export { totpEnrollmentMachine, connectTotpEnrollment } from '../machines/totpEnrollment/index.js';
export type * from '../machines/totpEnrollment/index.js';
export { phoneVerificationMachine, connectPhoneVerification } from '../machines/phoneVerification/index.js';
export type * from '../machines/phoneVerification/index.js';
export { mfaSettingsMachine, connectMfaSettings } from '../machines/mfaSettings/index.js';
export type * from '../machines/mfaSettings/index.js';
export type { FlowError, FlowErrorCode, FlowErrorField } from '../machines/shared/errors.js';
export { toFlowError, flowError } from '../machines/shared/errors.js';
export { checkCode, checkEmail, checkPassword, checkPhone, checkUsername, LIMITS } from '../machines/shared/validation.js';
export type { Checked } from '../machines/shared/validation.js';
export type { CodeDelivery, MfaMethod, TotpSecret } from '../machines/shared/types.js';
export { groupSecret } from '../machines/shared/types.js';
export { DEFAULTS } from '../machines/shared/delays.js';

export { configureAmplify, readCapabilities } from './amplify/configure.js';
export type { AmplifyConnection, AmplifyOutputsLike, AuthFlowType, PoolCapabilities } from './amplify/configure.js';
export { amplifySignInActors, createAmplifySignInMachine, toSignInStep } from './amplify/signIn.actors.js';
export { createQrCode } from './amplify/qrCode.js';
export {
  amplifyMfaSettingsActors,
  amplifyPhoneVerificationActors,
  amplifyTotpEnrollmentActors,
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from './amplify/mfa.actors.js';
export { signUpWithEmail } from './amplify/signUp.js';
export type { SignUpResult } from './amplify/signUp.js';
