/**
 * The recovery sign-in's typed errors. Each way a recovery code fails has its
 * own code, so a UI can say what to do next: retype it (format), try another
 * (wrong, used), stop guessing (last attempt), or wait (locked out). Their
 * default text lives in this entry, so an app without recovery codes carries
 * none of it; `amplify-mfa-flow/messages` has other languages.
 */
import { toFlowError } from '../shared/errors.js';
import type { FlowError, RecoveryErrorCode } from '../shared/errors.js';

/** The default (English) text of the recovery codes' errors. */
export const RECOVERY_ERROR_MESSAGES: Readonly<Record<RecoveryErrorCode, string>> = {
  RECOVERY_CODE_FORMAT: 'Enter a recovery code: 10 letters and digits, like abcde-23456.',
  RECOVERY_CODE_WRONG: 'That is not one of your recovery codes. Check it, or use another one.',
  RECOVERY_CODE_USED: 'That recovery code was already used. Each code works once: use another one.',
  RECOVERY_LAST_ATTEMPT: 'That is not one of your recovery codes. One more wrong code and sign-in is locked for a while.',
  RECOVERY_LOCKED_OUT: 'Too many wrong codes: sign-in is locked for a while. Wait, then start again with your password.',
};

/** A FlowError with one of the recovery codes. */
export function recoveryError(code: RecoveryErrorCode, extra: { name?: string; detail?: string } = {}): FlowError {
  return {
    code,
    message: RECOVERY_ERROR_MESSAGES[code],
    retryable: false,
    ...(code === 'RECOVERY_LOCKED_OUT' ? {} : { field: 'code' as const }),
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  };
}

/** True for a FlowError with one of the recovery codes (`isFlowError` knows the core and passwordless codes only). */
export function isRecoveryError(e: unknown): e is FlowError {
  try {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'string' && Object.hasOwn(RECOVERY_ERROR_MESSAGES, code);
  } catch {
    return false;
  }
}

/**
 * What an answer to the RECOVERY_CODE challenge failed with: `RecoveryCodeUsedException` (the triggers say the code
 * was one already used), `CodeMismatchException` (not a code of the set), a lockout (Cognito's
 * "Password attempts exceeded"); anything else as every flow maps it.
 */
export function toRecoveryError(e: unknown): FlowError {
  if (isRecoveryError(e)) return e;
  const flow = toFlowError(e);
  const extra = { ...(flow.name ? { name: flow.name } : {}), ...(flow.detail ? { detail: flow.detail } : {}) };
  if (flow.name === 'RecoveryCodeUsedException') return recoveryError('RECOVERY_CODE_USED', extra);
  if (flow.code === 'WRONG_CODE') return recoveryError('RECOVERY_CODE_WRONG', extra);
  if (flow.code === 'LOCKED_OUT') return recoveryError('RECOVERY_LOCKED_OUT', extra);
  return flow;
}

/** The error to show for a refused code, given the attempts left after it. */
export function refusedCode(error: FlowError, attemptsLeft: number): FlowError {
  if (error.code === 'RECOVERY_CODE_WRONG' && attemptsLeft === 1) {
    return recoveryError('RECOVERY_LAST_ATTEMPT', {
      ...(error.name ? { name: error.name } : {}),
      ...(error.detail ? { detail: error.detail } : {}),
    });
  }
  return error;
}
