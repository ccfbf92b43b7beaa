export { useSignIn } from './useSignIn.js';
export type { UseSignInOptions } from './useSignIn.js';
