export { signInMachine } from './signIn.machine.js';
export type { SignInMachine } from './signIn.machine.js';
export { connectSignIn } from './signIn.view.js';
export type { SignInSnapshot, SignInSteps, SignInView, SignInViewStep } from './signIn.view.js';
export type * from './signIn.types.js';
