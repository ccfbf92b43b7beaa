/**
 * `amplify-mfa-flow/passkeys`: passkeys with aws-amplify v6. Actors to
 * register, list and delete the signed-in user's passkeys, `toPasskeyError`
 * for what a failed browser ceremony or a refused passkey means, and
 * `isPasskeySupported`. An entry of its own, so `./amplify` stays the size it was.
 */
export {
  PASSKEY_ERROR_MESSAGES,
  PasskeyCeremonyError,
  amplifyPasskeyActors,
  isPasskeySupported,
  toPasskeyError,
} from './amplify/passkeys.actors.js';
export type { Passkey, PasskeyError, PasskeyErrorCode } from './amplify/passkeys.actors.js';
