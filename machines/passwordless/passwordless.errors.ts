/**
 * The passwordless sign-in's typed errors. A passkey ceremony fails in the
 * browser, and each way it fails is told apart by name — aws-amplify's
 * `PasskeyError` names (it wraps the browser's), the browser's own
 * `DOMException` names (for a ceremony actor that calls
 * `navigator.credentials.get` itself), Cognito's — with the mapping passkey
 * management uses (`passkeyCodeOfName`), so the same failure has the same code
 * in both flows. Anything else is a FlowError as every flow maps it (`toFlowError`).
 */
import { toFlowError } from '../shared/errors.js';
import type { FlowError, PasswordlessErrorCode } from '../shared/errors.js';
import { RETRYABLE_PASSKEY, passkeyCodeOfName, read } from '../shared/passkey.js';

/**
 * The default (English) text of the passwordless codes; `amplify-mfa-flow/messages` has other languages. A passkey
 * code's text is passkey management's text for it (`PASSKEY_ERROR_MESSAGES`), word for word.
 */
export const PASSWORDLESS_ERROR_MESSAGES: Readonly<Record<PasswordlessErrorCode, string>> = {
  PASSKEY_CANCELLED: 'The passkey request was cancelled. Try again, or choose another way to sign in.',
  PASSKEY_TIMEOUT: 'The passkey request timed out. Try again, or choose another way to sign in.',
  PASSKEY_UNSUPPORTED: 'This browser or device cannot use passkeys. Choose another way to sign in.',
  PASSKEY_WRONG_SITE: 'Passkeys for this app cannot be used on this site.',
  PASSKEY_FAILED: 'The passkey could not be used. Try again, or choose another way to sign in.',
  ANSWER_REQUIRED: 'Enter your answer.',
};

/** A FlowError with one of the passwordless codes. */
export function passwordlessError(code: PasswordlessErrorCode, extra: { name?: string; detail?: string } = {}): FlowError {
  return {
    code,
    message: PASSWORDLESS_ERROR_MESSAGES[code],
    retryable: RETRYABLE_PASSKEY.has(code),
    ...(code === 'ANSWER_REQUIRED' ? { field: 'answer' as const } : {}),
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  };
}

/**
 * The passkey code of a ceremony's failure, or null when it is not one (a Cognito or network error). A code only a
 * registration can meet (PASSKEY_EXISTS and the like) is PASSKEY_FAILED at sign-in, where it cannot happen.
 */
export function passkeyCodeOf(e: unknown): PasswordlessErrorCode | null {
  const code = read(e, 'code');
  if (typeof code === 'string' && Object.hasOwn(PASSWORDLESS_ERROR_MESSAGES, code) && code !== 'ANSWER_REQUIRED')
    return code as PasswordlessErrorCode;
  const named = passkeyCodeOfName(e);
  return named ? (Object.hasOwn(PASSWORDLESS_ERROR_MESSAGES, named) ? (named as PasswordlessErrorCode) : 'PASSKEY_FAILED') : null;
}

/** Anything a passkey ceremony threw as a FlowError: a passkey code when it is one, else as every flow maps errors. */
export function toPasskeyError(e: unknown): FlowError {
  const code = passkeyCodeOf(e);
  if (!code) return toFlowError(e);
  const flow = toFlowError(e);
  return passwordlessError(code, { name: flow.name === 'Error' ? undefined : flow.name, detail: flow.detail });
}
