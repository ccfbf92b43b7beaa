export { passwordlessSignInMachine, checkAnswer, ANSWER_LIMIT, FIRST_FACTORS } from './passwordless.machine.js';
export type { PasswordlessSignInMachine } from './passwordless.machine.js';
export { connectPasswordlessSignIn } from './passwordless.view.js';
export type {
  PasswordlessOnlyStep,
  PasswordlessSignInSnapshot,
  PasswordlessSignInSteps,
  PasswordlessSignInView,
  PasswordlessSignInViewStep,
} from './passwordless.view.js';
export { PASSWORDLESS_ERROR_MESSAGES, passkeyCodeOf, passwordlessError, toPasskeyError } from './passwordless.errors.js';
export type * from './passwordless.types.js';
