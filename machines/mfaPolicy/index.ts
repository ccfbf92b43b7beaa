export { mfaPolicyMachine, mfaRequiredBy } from './mfaPolicy.machine.js';
export type { MfaPolicyMachine } from './mfaPolicy.machine.js';
export { connectMfaPolicy } from './mfaPolicy.view.js';
export type * from './mfaPolicy.view.js';
export type * from './mfaPolicy.types.js';
