import type { FlowError } from '../shared/errors.js';
import type { AuthHubEvent, MfaMethod, MfaMode, PoolCapabilities } from '../shared/types.js';

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
}

export interface MfaSettingsContext {
  readonly capabilities: PoolCapabilities;
  readonly totpIssuer: string;
  readonly accountName: string;
  readonly resendCooldownMs: number | undefined;
  readonly callTimeoutMs: number;
  status: MfaStatus | null;
  error: FlowError | null;
}

export type MfaSettingsEvent =
  | { type: 'ENROLL.TOTP' }
  | { type: 'ENROLL.SMS' }
  | { type: 'PREFERRED.SET'; method: MfaMethod }
  | { type: 'METHOD.DISABLE'; method: MfaMethod }
  | { type: 'SETTINGS.RELOAD' }
  /** Stops waiting for a read or a save (the settings are then read again, or offered to be). */
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type MfaSettingsEventType = MfaSettingsEvent['type'];

/** One updateMFAPreference call. */
export type MfaPreferenceChange = Partial<Record<'sms' | 'totp' | 'email', MfaPreferenceValue>>;
