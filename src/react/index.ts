export { useSignIn } from './useSignIn.js';
export type { UseSignInOptions } from './useSignIn.js';
export { useMfaSettings, usePhoneVerification, useTotpEnrollment } from './useMfa.js';
export type { InspectionObserver } from './useSignIn.js';
