/**
 * `amplify-mfa-flow/passkeys`: passkeys with aws-amplify v6. The passkeys
 * machine (list, add, delete after a confirmation and a recent sign-in) with its
 * `connectPasskeys` view model, the machine wired to aws-amplify
 * (`createAmplifyPasskeysMachine`), the actors it uses, `toPasskeyError` for
 * what a failed browser ceremony or a refused passkey means, and
 * `isPasskeySupported`. An entry of its own, so `./amplify` stays the size it was.
 */
export {
  PASSKEY_ERROR_MESSAGES,
  PasskeyCeremonyError,
  amplifyPasskeyActors,
  createAmplifyPasskeysMachine,
  isPasskeySupported,
  toPasskeyError,
} from './amplify/passkeys.actors.js';
export type { Passkey, PasskeyError, PasskeyErrorCode } from './amplify/passkeys.actors.js';
export { PASSKEY_LIMIT, connectPasskeys, isPasskeyError, passkeysMachine, toPasskeysError } from '../machines/passkeys/index.js';
export type {
  PasskeyItem,
  PasskeysContext,
  PasskeysError,
  PasskeysEvent,
  PasskeysEventType,
  PasskeysInput,
  PasskeysMachine,
  PasskeysOutput,
  PasskeysSnapshot,
  PasskeysSteps,
  PasskeysView,
  PasskeysViewBase,
  PasskeysViewStep,
} from '../machines/passkeys/index.js';
