import type { FlowError } from '../shared/errors.js';
import type { MfaStatus } from '../mfaSettings/mfaSettings.types.js';
import type { SignedInUser } from '../signIn/signIn.types.js';
import type { AuthHubEvent, PoolCapabilities } from '../shared/types.js';

export type { MfaStatus, PoolCapabilities, SignedInUser };

/** The methods the policy can set up after sign-in: an authenticator app, or SMS to a verified phone. */
export type EnrollableMethod = 'TOTP' | 'SMS';

export interface MfaPolicyInput {
  /**
   * Members of any of these Cognito groups (exact, case-sensitive names, as in
   * the ID token's `cognito:groups`) must have MFA before they are signed in.
   */
  readonly requireMfaForGroups: readonly string[];
  /** The signed-in user, from the sign-in machine's output (`readSignedInUser`): `groups` comes from the ID token. */
  readonly user: SignedInUser;
  /** What the pool offers (`readCapabilities(outputs)`): only TOTP and SMS it allows are offered. */
  readonly capabilities: PoolCapabilities;
  /** For TOTP enrollment: the issuer shown in authenticator apps. */
  readonly totpIssuer: string;
  /** The account shown in authenticator apps; the user's email (else username) by default. */
  readonly accountName?: string;
  /** Passed on to phone verification. */
  readonly resendCooldownMs?: number;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default, passed on to the enrollment flows. */
  readonly callTimeoutMs?: number;
}

export interface MfaPolicyContext {
  readonly requireMfaForGroups: readonly string[];
  readonly user: SignedInUser;
  readonly capabilities: PoolCapabilities;
  readonly totpIssuer: string;
  readonly accountName: string;
  readonly resendCooldownMs: number | undefined;
  readonly callTimeoutMs: number;
  /** The user's groups that require MFA (empty: the policy does not apply). */
  readonly requiredBy: readonly string[];
  status: MfaStatus | null;
  error: FlowError | null;
  outcome: 'pending' | 'satisfied' | 'signedOut';
}

export type MfaPolicyEvent =
  | { type: 'METHOD.SELECT'; method: EnrollableMethod }
  | { type: 'FLOW.RETRY' }
  /** The only way out of the gate before MFA is on. */
  | { type: 'SIGN_OUT'; global?: boolean }
  | AuthHubEvent;

export type MfaPolicyEventType = MfaPolicyEvent['type'];

export interface MfaPolicyOutput {
  /** `satisfied`: the user may see the signed-in app; `signedOut`: the session ended before that. */
  readonly status: 'satisfied' | 'signedOut';
  /** Whether the policy applied to this user (a member of a listed group). */
  readonly required: boolean;
}
