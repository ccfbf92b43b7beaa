/**
 * `amplify-mfa-flow/policy`: MFA required per group. The gate that runs after
 * sign-in and lets a member of a listed Cognito group through only once an MFA
 * method is on, with its `connectMfaPolicy` view model. Like `./machines` it
 * imports nothing but xstate; it runs the TOTP enrollment and phone
 * verification flows of `./mfa`. Its aws-amplify machine is in `./amplify`.
 * A client-side gate: back it with a server-side check (README, "MFA required per group").
 */
export { mfaPolicyMachine, mfaRequiredBy, connectMfaPolicy } from '../machines/mfaPolicy/index.js';
export type * from '../machines/mfaPolicy/index.js';
