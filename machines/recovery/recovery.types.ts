import type { FlowError } from '../shared/errors.js';
import type { AuthHubEvent } from '../shared/types.js';

export interface RecoveryCodesInput {
  /** The user already has a set: making a new one warns that the old codes stop working. */
  readonly hasCodes?: boolean;
  /** How long one call may go unanswered before the flow gives up on it (a retryable TIMEOUT); 30 s by default. */
  readonly callTimeoutMs?: number;
}

export interface RecoveryCodesContext {
  readonly callTimeoutMs: number;
  hasCodes: boolean;
  /** Secret: the password as typed, until the codes are made. */
  password: string;
  /** Secret: the new codes, only while they are shown. */
  codes: readonly string[];
  error: FlowError | null;
  status: 'working' | 'saved' | 'cancelled' | 'signedOut';
}

export type RecoveryCodesEvent =
  | { type: 'CODES.START' }
  | { type: 'CODES.REPLACE' }
  | { type: 'PASSWORD.SUBMIT'; password: string }
  | { type: 'CODES.SAVED' }
  | { type: 'FLOW.RETRY' }
  | { type: 'FLOW.CANCEL' }
  | AuthHubEvent;

export type RecoveryCodesEventType = RecoveryCodesEvent['type'];

export interface RecoveryCodesOutput {
  /** `saved`: the new set is stored and the old one void; `cancelled`: nothing changed. */
  readonly status: 'saved' | 'cancelled' | 'signedOut';
  readonly hasCodes: boolean;
}

/** What the `startCodes` actor answers: the ten new codes, not yet stored. */
export interface StartedCodes {
  readonly codes: readonly string[];
}

export interface RecoverySignInInput {
  /** The sign-in identifier to start from (the one the sign-in flow had). */
  readonly username?: string;
  readonly callTimeoutMs?: number;
  /** Wrong codes one sign-in takes before Cognito's lockout (5, as the triggers count them). */
  readonly maxAttempts?: number;
}

export interface RecoverySignInContext {
  readonly callTimeoutMs: number;
  readonly maxAttempts: number;
  /** Codes this sign-in may still try before the lockout; each refused code (wrong or used) takes one. */
  attemptsLeft: number;
  username: string;
  /** Secret: the password as typed, until Cognito has checked it. */
  password: string;
  /** Secret: the code as typed, until Cognito has checked it. */
  code: string;
  error: FlowError | null;
  status: 'working' | 'signedIn' | 'cancelled';
}

export type RecoverySignInEvent =
  | { type: 'CREDENTIALS.SUBMIT'; username: string; password: string }
  | { type: 'CODE.SUBMIT'; code: string }
  | { type: 'FLOW.CANCEL' };

export type RecoverySignInEventType = RecoverySignInEvent['type'];

export interface RecoverySignInOutput {
  readonly status: 'signedIn' | 'cancelled';
  readonly username: string;
}
