/**
 * The root entry of amplify-mfa-flow: sign-in, ready to use with aws-amplify.
 * Everything in `./machines` (the sign-in statechart and view, errors,
 * validation) and the sign-in part of `./amplify` (`configureAmplify`, the
 * sign-in actors, `signUpWithEmail`, `createQrCode`). The MFA management flows
 * are not here, to keep what an app loads for sign-in small: their machines
 * are `./mfa`, their aws-amplify machines `./amplify`. The framework adapters
 * have entries of their own: `./react`, `./vue`, `./dom`.
 */
export * from './machines.js';
export { configureAmplify, readCapabilities, readLoginWith } from './amplify/configure.js';
export type { AmplifyConnection, AmplifyOutputsLike, ConfigureOptions, PoolCapabilities } from './amplify/configure.js';
export { amplifySignInActors, createAmplifySignInMachine, readSignedInUser, toSignInStep } from './amplify/signIn.actors.js';
export { createQrCode } from './amplify/qrCode.js';
export { signUpWithEmail } from './amplify/signUp.js';
export type { SignUpResult } from './amplify/signUp.js';
