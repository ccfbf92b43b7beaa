export { passkeysMachine, PASSKEY_LIMIT } from './passkeys.machine.js';
export type { PasskeysMachine } from './passkeys.machine.js';
export { connectPasskeys } from './passkeys.view.js';
export type * from './passkeys.view.js';
export type * from './passkeys.types.js';
export { PASSKEY_ERROR_MESSAGES, isPasskeyError, toPasskeyError, toPasskeysError } from './passkeys.errors.js';
export type { PasskeyError, PasskeyErrorCode, PasskeysError } from './passkeys.errors.js';
