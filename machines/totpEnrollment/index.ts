export { totpEnrollmentMachine } from './totpEnrollment.machine.js';
export type { TotpEnrollmentMachine } from './totpEnrollment.machine.js';
export { connectTotpEnrollment } from './totpEnrollment.view.js';
export type * from './totpEnrollment.view.js';
export type * from './totpEnrollment.types.js';
