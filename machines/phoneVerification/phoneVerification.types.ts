import type { FlowError } from '../shared/errors.js';
import type { AuthHubEvent, CodeDelivery } from '../shared/types.js';

export interface PhoneVerificationInput {
  /** After the phone is verified: turn SMS MFA on as PREFERRED or ENABLED, or leave MFA alone (false). ENABLED by default. */
  readonly enableSmsMfa?: 'PREFERRED' | 'ENABLED' | false;
  /** How long before a code can be sent again; 30 s by default. */
  readonly resendCooldownMs?: number;
  /** A number to start from (e.g. the one on file). */
  readonly phone?: string;
  /** The clock for `resendAt`; a test can pass a simulated one. */
  readonly now?: () => number;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default. */
  readonly callTimeoutMs?: number;
}

export interface PhoneVerificationContext {
  readonly enableSmsMfa: 'PREFERRED' | 'ENABLED' | false;
  readonly resendCooldownMs: number;
  readonly callTimeoutMs: number;
  readonly now: () => number;
  /** What the user typed. */
  phoneInput: string;
  /** The E.164 number being verified. */
  phone: string;
  /** Secret: the code as typed. */
  code: string;
  codeDelivery: CodeDelivery | null;
  /** When a new code may be asked for (ms since epoch), for a countdown. */
  resendAt: number | null;
  error: FlowError | null;
  status: 'verifying' | 'verified' | 'cancelled' | 'signedOut';
}

export type PhoneVerificationEvent =
  | { type: 'PHONE.SUBMIT'; phone: string }
  | { type: 'PHONE.CHANGE' }
  | { type: 'CODE.SUBMIT'; code: string }
  | { type: 'CODE.RESEND' }
  | { type: 'FLOW.RETRY' }
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type PhoneVerificationEventType = PhoneVerificationEvent['type'];

export interface PhoneVerificationOutput {
  /** `signedOut`: the session ended elsewhere on the page (see `AuthHubEvent`). */
  readonly status: 'verified' | 'cancelled' | 'signedOut';
  readonly phone: string;
}

/** What updateUserAttributes answered for phone_number. */
export interface UpdatePhoneResult {
  /** Cognito sent a code (CONFIRM_ATTRIBUTE_WITH_CODE); otherwise one must be asked for. */
  readonly codeSent: boolean;
  readonly codeDelivery: CodeDelivery | null;
}
