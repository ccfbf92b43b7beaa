export { phoneVerificationMachine } from './phoneVerification.machine.js';
export type { PhoneVerificationMachine } from './phoneVerification.machine.js';
export { connectPhoneVerification } from './phoneVerification.view.js';
export type * from './phoneVerification.view.js';
export type * from './phoneVerification.types.js';
