import { describe, expect, it } from 'vitest';
import { flowError } from '../../machines/shared/errors.js';
import {
  isRecoveryError,
  RECOVERY_ERROR_MESSAGES,
  recoveryError,
  refusedCode,
  toRecoveryError,
} from '../../machines/recovery/recovery.errors.js';

// What the recovery sign-in makes of a refused code (machines/recovery/recovery.errors.ts), at its edges: which
// error points at the code field, what it keeps of the original, and the one attempt left.
const named = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('recoveryError', () => {
  it('gives each code its own English sentence, never retryable as it is', () => {
    const texts = Object.values(RECOVERY_ERROR_MESSAGES);
    expect(new Set(texts).size).toBe(texts.length);
    for (const code of Object.keys(RECOVERY_ERROR_MESSAGES) as (keyof typeof RECOVERY_ERROR_MESSAGES)[]) {
      expect(RECOVERY_ERROR_MESSAGES[code], code).toMatch(/^[A-Z].{10,}\.$/);
      expect(recoveryError(code)).toMatchObject({ code, message: RECOVERY_ERROR_MESSAGES[code], retryable: false });
    }
  });

  it('points at the code field, except for the lockout, which no other code can fix', () => {
    expect(recoveryError('RECOVERY_CODE_WRONG').field).toBe('code');
    expect(recoveryError('RECOVERY_CODE_FORMAT').field).toBe('code');
    expect(recoveryError('RECOVERY_LOCKED_OUT')).not.toHaveProperty('field');
  });

  it('keeps the name and detail it is given, and adds no empty ones', () => {
    expect(recoveryError('RECOVERY_CODE_USED', { name: 'RecoveryCodeUsedException', detail: 'used' })).toMatchObject({
      name: 'RecoveryCodeUsedException',
      detail: 'used',
    });
    const bare = recoveryError('RECOVERY_CODE_USED', { name: '', detail: '' });
    expect(bare).not.toHaveProperty('name');
    expect(bare).not.toHaveProperty('detail');
  });
});

describe('isRecoveryError', () => {
  it('is true for the recovery codes only', () => {
    expect(isRecoveryError(recoveryError('RECOVERY_LAST_ATTEMPT'))).toBe(true);
    expect(isRecoveryError(flowError('WRONG_CODE'))).toBe(false);
    expect(isRecoveryError({ code: 'NETWORK' })).toBe(false);
  });

  it('is false, without throwing, for nothing, a code that only looks like one, or what throws when read', () => {
    const lookalike = { code: { toString: () => 'RECOVERY_CODE_WRONG' } };
    const hostile = Object.defineProperty({}, 'code', {
      get() {
        throw new Error('no');
      },
    });
    for (const e of [null, undefined, 'RECOVERY_CODE_WRONG', lookalike, hostile]) expect(isRecoveryError(e)).toBe(false);
  });
});

describe('toRecoveryError', () => {
  it('a recovery error is shown as it is', () => {
    const used = recoveryError('RECOVERY_CODE_USED');
    expect(toRecoveryError(used)).toBe(used);
  });

  it('reads what the triggers and Cognito answer, keeping their name and text for developers', () => {
    expect(toRecoveryError(named('RecoveryCodeUsedException', 'used before'))).toEqual(
      recoveryError('RECOVERY_CODE_USED', { name: 'RecoveryCodeUsedException', detail: 'used before' }),
    );
    expect(toRecoveryError(named('CodeMismatchException', 'Invalid code'))).toEqual(
      recoveryError('RECOVERY_CODE_WRONG', { name: 'CodeMismatchException', detail: 'Invalid code' }),
    );
    expect(toRecoveryError(named('NotAuthorizedException', 'Password attempts exceeded'))).toEqual(
      recoveryError('RECOVERY_LOCKED_OUT', { name: 'NotAuthorizedException', detail: 'Password attempts exceeded' }),
    );
  });

  it('anything else is mapped as every flow maps it', () => {
    expect(toRecoveryError(named('NotAuthorizedException', 'Invalid session for the user.'))).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(toRecoveryError(named('TooManyRequestsException', 'slow down'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true });
  });
});

describe('refusedCode', () => {
  const wrong = recoveryError('RECOVERY_CODE_WRONG', { name: 'CodeMismatchException', detail: 'Invalid code' });

  it('a wrong code with one attempt left says so, keeping what was refused', () => {
    expect(refusedCode(wrong, 1)).toEqual(
      recoveryError('RECOVERY_LAST_ATTEMPT', { name: 'CodeMismatchException', detail: 'Invalid code' }),
    );
    expect(refusedCode(recoveryError('RECOVERY_CODE_WRONG'), 1)).toEqual(recoveryError('RECOVERY_LAST_ATTEMPT'));
  });

  it('otherwise the error is left as it is', () => {
    expect(refusedCode(wrong, 2)).toBe(wrong);
    expect(refusedCode(wrong, 0)).toBe(wrong);
    const used = recoveryError('RECOVERY_CODE_USED');
    expect(refusedCode(used, 1)).toBe(used);
  });
});
