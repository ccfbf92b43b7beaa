/**
 * The passwordless sign-in's typed errors. A passkey ceremony fails in the
 * browser, and each way it fails is told apart by name: aws-amplify's
 * `PasskeyError` names (it wraps the browser's) and the browser's own
 * `DOMException` names, for a ceremony actor that calls
 * `navigator.credentials.get` itself. Anything else is a FlowError as every
 * flow maps it (`toFlowError`).
 */
import { toFlowError } from '../shared/errors.js';
import type { FlowError, PasswordlessErrorCode } from '../shared/errors.js';

/** The default (English) text of the passwordless codes; `amplify-mfa-flow/messages` has other languages. */
export const PASSWORDLESS_ERROR_MESSAGES: Readonly<Record<PasswordlessErrorCode, string>> = {
  PASSKEY_CANCELLED: 'The passkey request was cancelled. Try again, or choose another way to sign in.',
  PASSKEY_TIMEOUT: 'The passkey request timed out. Try again, or choose another way to sign in.',
  PASSKEY_NOT_ALLOWED: 'This browser did not allow the passkey request here. Choose another way to sign in.',
  PASSKEY_UNSUPPORTED: 'This browser or device cannot use passkeys. Choose another way to sign in.',
  PASSKEY_FAILED: 'No passkey could be used on this device. Choose another way to sign in.',
  ANSWER_REQUIRED: 'Enter your answer.',
};

/**
 * What each failure of the ceremony is. aws-amplify turns the browser's
 * NotAllowedError into PasskeyAuthenticationCanceled (the browser says the same
 * for a dismissed dialog and one that timed out), so through aws-amplify a
 * timeout reads as cancelled; the machine's own `passkeyTimeout` is the timeout
 * it can tell. A ceremony of one's own may throw the browser's names as they are.
 */
const PASSKEY_BY_NAME: Readonly<Record<string, PasswordlessErrorCode>> = {
  // aws-amplify's PasskeyErrorCode names
  PasskeyAuthenticationCanceled: 'PASSKEY_CANCELLED',
  PasskeyOperationAborted: 'PASSKEY_CANCELLED',
  PasskeyNotSupported: 'PASSKEY_UNSUPPORTED',
  RelyingPartyMismatch: 'PASSKEY_NOT_ALLOWED',
  PasskeyRetrievalFailed: 'PASSKEY_FAILED',
  InvalidPasskeyAuthenticationOptions: 'PASSKEY_FAILED',
  // The browser's (WebAuthn's navigator.credentials.get)
  AbortError: 'PASSKEY_CANCELLED',
  TimeoutError: 'PASSKEY_TIMEOUT',
  NotAllowedError: 'PASSKEY_NOT_ALLOWED',
  SecurityError: 'PASSKEY_NOT_ALLOWED',
  NotSupportedError: 'PASSKEY_UNSUPPORTED',
  InvalidStateError: 'PASSKEY_FAILED',
  UnknownError: 'PASSKEY_FAILED',
  // Chromium's "A request is already pending.": an earlier prompt of this page is still open (left by Cancel or the timeout).
  OperationError: 'PASSKEY_FAILED',
};

const RETRYABLE: ReadonlySet<PasswordlessErrorCode> = new Set(['PASSKEY_CANCELLED', 'PASSKEY_TIMEOUT']);

/** A FlowError with one of the passwordless codes. */
export function passwordlessError(code: PasswordlessErrorCode, extra: { name?: string; detail?: string } = {}): FlowError {
  return {
    code,
    message: PASSWORDLESS_ERROR_MESSAGES[code],
    retryable: RETRYABLE.has(code),
    ...(code === 'ANSWER_REQUIRED' ? { field: 'answer' as const } : {}),
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  };
}

function nameOf(e: unknown): string {
  try {
    const name = (e as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** The passkey code of a ceremony's failure, or null when it is not one (a Cognito or network error). */
export function passkeyCodeOf(e: unknown): PasswordlessErrorCode | null {
  let code: unknown;
  try {
    code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
  } catch {
    // Whatever throws on reading says nothing about a passkey.
  }
  if (typeof code === 'string' && Object.hasOwn(PASSWORDLESS_ERROR_MESSAGES, code) && code !== 'ANSWER_REQUIRED')
    return code as PasswordlessErrorCode;
  const byName = (name: string) => (Object.hasOwn(PASSKEY_BY_NAME, name) ? (PASSKEY_BY_NAME[name] ?? null) : null);
  // aws-amplify wraps a browser error it has no name for as PasskeyError 'Unknown', the browser's in `underlyingError`.
  return byName(nameOf(e)) ?? byName(nameOf(underlyingOf(e)));
}

function underlyingOf(e: unknown): unknown {
  try {
    return (e as { underlyingError?: unknown } | null)?.underlyingError;
  } catch {
    return undefined;
  }
}

/** Anything a passkey ceremony threw as a FlowError: a passkey code when it is one, else as every flow maps errors. */
export function toPasskeyError(e: unknown): FlowError {
  const code = passkeyCodeOf(e);
  if (!code) return toFlowError(e);
  const flow = toFlowError(e);
  return passwordlessError(code, { name: flow.name === 'Error' ? undefined : flow.name, detail: flow.detail });
}
