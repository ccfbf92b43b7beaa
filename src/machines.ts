/**
 * `amplify-mfa-flow/machines`: the pure statecharts, their `connect*` view
 * models, the typed errors and the local validation. It imports nothing but
 * xstate, so an app with another backend (or a test) provides the actors.
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
export { toFlowError, flowError, isFlowError } from '../machines/shared/errors.js';
export type { LocalErrorCode, RemoteErrorCode } from '../machines/shared/errors.js';
export { FlowInputError } from '../machines/shared/input.js';
export { checkCode, checkEmail, checkPassword, checkPhone, checkUsername, LIMITS } from '../machines/shared/validation.js';
export type { Checked } from '../machines/shared/validation.js';
export type { CodeDelivery, MfaMethod, TotpSecret } from '../machines/shared/types.js';
export { groupSecret } from '../machines/shared/types.js';
export { DEFAULTS } from '../machines/shared/delays.js';
export { domNormalizer } from '../machines/shared/props.js';
export type * from '../machines/shared/props.js';
export { observeFlow } from '../machines/shared/flow.js';
export type { Connect, ObservedFlow } from '../machines/shared/flow.js';
