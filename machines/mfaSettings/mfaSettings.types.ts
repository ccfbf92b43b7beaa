import type { FlowError } from '../shared/errors.js';
import type { SignInTime } from '../shared/stepUp.js';
import type { AuthHubEvent, MfaMethod, MfaMode, PoolCapabilities } from '../shared/types.js';

export type { SignInTime };

export type { MfaMode, PoolCapabilities };
export type MfaPreferenceValue = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

/** The account's MFA state as Cognito reports it. */
export interface MfaStatus {
  readonly enabled: readonly MfaMethod[];
  readonly preferred: MfaMethod | null;
  readonly phone: string | null;
  readonly phoneVerified: boolean;
}

export interface MfaSettingsInput {
  readonly capabilities: PoolCapabilities;
  /** For TOTP enrollment: the issuer and account name shown in authenticator apps. */
  readonly totpIssuer: string;
  readonly accountName: string;
  /** Passed on to phone verification. */
  readonly resendCooldownMs?: number;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default, passed on to the enrollment flows. */
  readonly callTimeoutMs?: number;
  /**
   * This user must keep MFA even where the pool makes it OPTIONAL: a member of a group the app's MFA policy gates
   * (`mfaRequiredBy(user.groups, requireMfaForGroups)`). The last method then cannot be turned off, as in a REQUIRED pool
   * (`LAST_METHOD_REQUIRED`). False by default.
   */
  readonly requireMfa?: boolean;
  /**
   * How old the last sign-in (the ID token's `auth_time`) may be for a sensitive change (turning a method off, changing the
   * preferred method, replacing the phone number); 5 minutes by default, at least 1 minute (`auth_time` has whole seconds,
   * and a sign-in just made must count). Older, the user signs in again first.
   */
  readonly maxAuthAgeMs?: number;
  /** The clock the sign-in age is measured with; a test can pass a simulated one. */
  readonly now?: () => number;
  /** The rest of the re-authentication flow's input (e.g. `{ authFlowType }`); its username is always the signed-in user's. */
  readonly reauthentication?: Readonly<Record<string, unknown>>;
}

/**
 * A change held while the user signs in again, then made without asking again. It is what was asked for, never a secret.
 * `save` is an updateMFAPreference call; `enrollTotp` and `verifyPhone` start those flows (they change the preferred method or
 * may replace the phone number). A future sensitive action (deleting a passkey) is one more kind here.
 */
export type PendingChange =
  | { readonly kind: 'save'; readonly change: MfaPreferenceChange }
  | { readonly kind: 'enrollTotp' }
  | { readonly kind: 'verifyPhone' };

export interface MfaSettingsContext {
  readonly capabilities: PoolCapabilities;
  readonly totpIssuer: string;
  readonly accountName: string;
  readonly resendCooldownMs: number | undefined;
  readonly callTimeoutMs: number;
  readonly requireMfa: boolean;
  readonly maxAuthAgeMs: number;
  readonly now: () => number;
  readonly reauthentication: Readonly<Record<string, unknown>>;
  status: MfaStatus | null;
  error: FlowError | null;
  /** The change asked for, while the sign-in age is checked or the user signs in again; dropped when it is made or abandoned. */
  pending: PendingChange | null;
  /** The signed-in user and their last sign-in, read when a sensitive change is asked for. */
  signIn: SignInTime | null;
}

export type MfaSettingsEvent =
  | { type: 'ENROLL.TOTP' }
  | { type: 'ENROLL.SMS' }
  | { type: 'PREFERRED.SET'; method: MfaMethod }
  | { type: 'METHOD.DISABLE'; method: MfaMethod }
  | { type: 'SETTINGS.RELOAD' }
  /** Stops waiting for a read or a save (the settings are then read again, or offered to be), or gives up signing in again (nothing changes). */
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type MfaSettingsEventType = MfaSettingsEvent['type'];

/** One updateMFAPreference call. */
export type MfaPreferenceChange = Partial<Record<'sms' | 'totp' | 'email', MfaPreferenceValue>>;
