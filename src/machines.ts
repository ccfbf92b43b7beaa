/**
 * `amplify-mfa-flow/machines`: the sign-in statechart, its `connectSignIn`
 * view model, the typed errors, the local validation and what every flow
 * shares (props, `observeFlow`). It imports nothing but xstate, so an app
 * with another backend (or a test) provides the actors. The MFA management
 * flows (TOTP enrollment, phone verification, MFA settings) are
 * `amplify-mfa-flow/mfa`.
 */
export { signInMachine, connectSignIn } from '../machines/signIn/index.js';
export type * from '../machines/signIn/index.js';
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
