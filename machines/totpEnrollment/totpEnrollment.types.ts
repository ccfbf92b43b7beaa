import type { FlowError } from '../shared/errors.js';
import type { AuthHubEvent, TotpSecret } from '../shared/types.js';

export type TotpPreference = 'PREFERRED' | 'ENABLED';

export interface TotpEnrollmentInput {
  /** The issuer shown in authenticator apps (your app's name). */
  readonly totpIssuer: string;
  /** The account shown in authenticator apps, usually the user's email. */
  readonly accountName: string;
  /** Whether TOTP becomes the preferred method or only enabled; PREFERRED by default. */
  readonly preference?: TotpPreference;
  /** A name for the authenticator in Cognito. */
  readonly friendlyDeviceName?: string;
  /** Wrong codes before a new secret is needed; 5 by default. */
  readonly maxAttempts?: number;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default. */
  readonly callTimeoutMs?: number;
}

export interface TotpEnrollmentContext {
  readonly totpIssuer: string;
  readonly accountName: string;
  readonly preference: TotpPreference;
  readonly friendlyDeviceName: string | undefined;
  readonly maxAttempts: number;
  readonly callTimeoutMs: number;
  /** Secret: only while the setup is shown. */
  secret: (TotpSecret & { qrDataUrl: string | null }) | null;
  /** Secret: the code as typed. */
  code: string;
  attemptsLeft: number;
  error: FlowError | null;
  status: 'enrolling' | 'enrolled' | 'cancelled' | 'signedOut';
}

export type TotpEnrollmentEvent =
  | { type: 'CODE.SUBMIT'; code: string }
  | { type: 'FLOW.RETRY' }
  | { type: 'FLOW.RESTART' }
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type TotpEnrollmentEventType = TotpEnrollmentEvent['type'];

export interface TotpEnrollmentOutput {
  /** `signedOut`: the session ended elsewhere on the page (see `AuthHubEvent`) and nothing more could be done. */
  readonly status: 'enrolled' | 'cancelled' | 'signedOut';
}

export interface SetUpTotpActorInput {
  readonly totpIssuer: string;
  readonly accountName: string;
}

export interface VerifyTotpActorInput {
  readonly code: string;
  readonly friendlyDeviceName: string | undefined;
}
