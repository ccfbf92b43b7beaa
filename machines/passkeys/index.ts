export { passkeysMachine, PASSKEY_LIMIT } from './passkeys.machine.js';
export type { PasskeysMachine } from './passkeys.machine.js';
export { connectPasskeys } from './passkeys.view.js';
export type * from './passkeys.view.js';
export type * from './passkeys.types.js';
export { isPasskeyError, toPasskeysError } from './passkeys.errors.js';
export type { PasskeysError } from './passkeys.errors.js';
