/**
 * `amplify-mfa-flow/recovery`: recovery codes (README "Recovery codes"). The
 * settings flow that makes a set and shows it once (`recoveryCodesMachine`,
 * `connectRecoveryCodes`) and the sign-in with a password and one code
 * (`recoverySignInMachine`, `connectRecoverySignIn`), which the sign-in's code
 * step hands over to ("Use a recovery code"). The machines import nothing but
 * xstate; their aws-amplify actors are here too, so `./amplify` does not grow.
 * The codes are made and checked by the user pool's custom-auth triggers
 * (amplify/auth/recovery), never in the browser.
 */
export {
  RECOVERY_ERROR_MESSAGES,
  checkRecoveryCode,
  connectRecoveryCodes,
  connectRecoverySignIn,
  isRecoveryError,
  recoveryCodesMachine,
  recoveryError,
  recoverySignInMachine,
  toRecoveryError,
} from '../machines/recovery/index.js';
export type { RecoveryErrorCode } from '../machines/shared/errors.js';
export type * from '../machines/recovery/index.js';
export {
  amplifyRecoveryCodesActors,
  amplifyRecoverySignInActors,
  confirmRecoveryCode,
  createAmplifyRecoveryCodesMachine,
  createAmplifyRecoverySignInMachine,
  signInWithRecoveryCode,
  startRecoveryCodes,
} from './amplify/recovery.js';
export type { PendingRecoveryCodes, RecoveryChallengeStep } from './amplify/recovery.js';
