/**
 * `amplify-mfa-flow/passwordless`: the sign-in without a password (Cognito
 * USER_AUTH: one-time codes, passkeys, the password as a step of its own) and
 * custom challenges, as its own entry so that apps which do not use it pay
 * nothing for it. The machine is the sign-in statechart of
 * `amplify-mfa-flow/machines` with these states added, and its MFA states are
 * that machine's own. `amplifyPasswordlessSignInActors` wire it to aws-amplify;
 * an app with another backend provides the actors itself (`passkeySignIn` is
 * the passkey ceremony's slot), and its bundle leaves aws-amplify out.
 */
export {
  ANSWER_LIMIT,
  checkAnswer,
  connectPasswordlessSignIn,
  FIRST_FACTORS,
  PASSWORDLESS_ERROR_MESSAGES,
  passkeyCodeOf,
  passwordlessError,
  passwordlessSignInMachine,
  toPasskeyError,
} from '../machines/passwordless/index.js';
export type * from '../machines/passwordless/index.js';
export type { FirstFactor, IdentifierFlowType, PasswordFlowType } from '../machines/signIn/signIn.types.js';
export type { PasswordlessErrorCode } from '../machines/shared/errors.js';
export {
  amplifyPasswordlessSignInActors,
  createAmplifyPasswordlessSignInMachine,
  toPasswordlessStep,
} from './amplify/passwordless.actors.js';
