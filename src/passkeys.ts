/**
 * `amplify-mfa-flow/passkeys`: passkeys with aws-amplify v6. The passkeys
 * machine (list, add, delete with a confirmation and a step-up seam) with its
 * `connectPasskeys` view model, the machine wired to aws-amplify
 * (`createAmplifyPasskeysMachine`), the actors it uses, `toPasskeyError` for
 * what a failed browser ceremony or a refused passkey means, and
 * `isPasskeySupported`. An entry of its own, so `./amplify` stays the size it was.
 */
export {
  PasskeyCeremonyError,
  amplifyPasskeyActors,
  createAmplifyPasskeysMachine,
  isPasskeySupported,
} from './amplify/passkeys.actors.js';
export {
  PASSKEY_ERROR_MESSAGES,
  PASSKEY_LIMIT,
  connectPasskeys,
  isPasskeyError,
  passkeysMachine,
  toPasskeyError,
  toPasskeysError,
} from '../machines/passkeys/index.js';
export type * from '../machines/passkeys/index.js';
