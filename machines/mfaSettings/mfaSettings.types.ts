import type { FlowError } from '../shared/errors.js';
import type { MfaMethod } from '../shared/types.js';

export type MfaMode = 'OFF' | 'OPTIONAL' | 'REQUIRED';
export type MfaPreferenceValue = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';

/** What the user pool allows (from amplify_outputs.json: mfa_configuration, mfa_methods). */
export interface PoolMfaCapabilities {
  readonly mfaMode: MfaMode;
  readonly mfaMethods: readonly MfaMethod[];
}

/** The account's MFA state as Cognito reports it. */
export interface MfaStatus {
  readonly enabled: readonly MfaMethod[];
  readonly preferred: MfaMethod | null;
  readonly phone: string | null;
  readonly phoneVerified: boolean;
}

export interface MfaSettingsInput {
  readonly capabilities: PoolMfaCapabilities;
  /** For TOTP enrollment: the issuer and account name shown in authenticator apps. */
  readonly issuer: string;
  readonly accountName: string;
  /** Passed on to phone verification. */
  readonly resendCooldownMs?: number;
}

export interface MfaSettingsContext {
  readonly capabilities: PoolMfaCapabilities;
  readonly issuer: string;
  readonly accountName: string;
  readonly resendCooldownMs: number | undefined;
  status: MfaStatus | null;
  error: FlowError | null;
}

export type MfaSettingsEvent =
  | { type: 'ENROLL.TOTP' }
  | { type: 'ENROLL.SMS' }
  | { type: 'PREFERRED.SET'; method: MfaMethod }
  | { type: 'METHOD.DISABLE'; method: MfaMethod }
  | { type: 'SETTINGS.RELOAD' };

export type MfaSettingsEventType = MfaSettingsEvent['type'];

/** One updateMFAPreference call. */
export type MfaPreferenceChange = Partial<Record<'sms' | 'totp' | 'email', MfaPreferenceValue>>;
