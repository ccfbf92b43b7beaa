export { recoveryCodesMachine } from './recoveryCodes.machine.js';
export type { RecoveryCodesMachine } from './recoveryCodes.machine.js';
export { recoverySignInMachine } from './recoverySignIn.machine.js';
export type { RecoverySignInMachine } from './recoverySignIn.machine.js';
export { connectRecoveryCodes, connectRecoverySignIn } from './recovery.view.js';
export type * from './recovery.view.js';
export type * from './recovery.types.js';
export { checkRecoveryCode } from './recovery.validation.js';
export { RECOVERY_ERROR_MESSAGES, isRecoveryError, recoveryError, toRecoveryError } from './recovery.errors.js';
