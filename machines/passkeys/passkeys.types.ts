import type { StepUpContext, StepUpInput } from '../shared/stepUp.js';
import type { AuthHubEvent } from '../shared/types.js';
import type { PasskeysError } from './passkeys.errors.js';

/** A passkey of the signed-in user, as a screen lists it. */
export interface Passkey {
  readonly id: string;
  /** What the authenticator is called (Cognito names it; e.g. "iCloud Keychain"). */
  readonly name: string;
  readonly relyingPartyId: string;
  /** ISO 8601, or null when Cognito does not say. */
  readonly createdAt: string | null;
  /** `platform` (this device), `cross-platform` (a security key or a phone), or null when unknown. */
  readonly attachment: 'platform' | 'cross-platform' | null;
}

/**
 * `maxAuthAgeMs` (5 minutes by default): how old the last sign-in may be for deleting a passkey; older, the user signs in
 * again first (`reauthentication` is the rest of that sign-in flow's input; `now` the clock).
 */
export interface PasskeysInput extends StepUpInput {
  /**
   * Whether this page can run a passkey ceremony (`isPasskeySupported()` from
   * `amplify-mfa-flow/passkeys`); false by default, so nothing is offered that cannot work.
   */
  readonly supported?: boolean;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default. */
  readonly callTimeoutMs?: number;
}

export interface PasskeysContext extends StepUpContext {
  readonly supported: boolean;
  readonly callTimeoutMs: number;
  /** What Cognito listed last; null until it has answered. */
  passkeys: readonly Passkey[] | null;
  /** The passkey the user chose to delete, while that is asked, checked and done. */
  selected: Passkey | null;
  error: PasskeysError | null;
}

export type PasskeysEvent =
  /** Registers a new passkey on this device (the browser's prompt). */
  | { type: 'PASSKEY.ADD' }
  /** Chooses a listed passkey to delete: the user is asked to confirm. */
  | { type: 'PASSKEY.DELETE'; id: string }
  /** Confirms deleting the chosen passkey. */
  | { type: 'PASSKEY.DELETE_CONFIRM' }
  | { type: 'PASSKEYS.RELOAD' }
  /** Steps back: from a confirmation to the list; from a call, stops waiting and reads the list again. */
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type PasskeysEventType = PasskeysEvent['type'];

export interface PasskeysOutput {
  /** The flow ends only when the session does (see `AuthHubEvent`). */
  readonly status: 'signedOut';
}
