import { describe, expect, it } from 'vitest';
import { toFlowError } from '../../machines/shared/errors.js';
import { checkCode, checkEmail, checkPassword, checkPhone, checkUsername } from '../../machines/shared/validation.js';
import { groupSecret } from '../../machines/shared/types.js';

describe('local validation, before any call', () => {
  it('codes are exactly 6 digits; spaces and dashes people type are dropped', () => {
    expect(checkCode('123456')).toEqual({ ok: true, value: '123456' });
    expect(checkCode(' 123 456 ')).toEqual({ ok: true, value: '123456' });
    expect(checkCode('123-456')).toEqual({ ok: true, value: '123456' });
    for (const bad of ['12345', '1234567', 'abcdef', '', '12345a', 'x'.repeat(10_000)]) {
      const r = checkCode(bad);
      expect(r.ok, bad.slice(0, 20)).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'CODE_FORMAT', field: 'code', retryable: false });
    }
  });

  it('phones are E.164, typed any common way', () => {
    expect(checkPhone('+1 (555) 010-1234')).toEqual({ ok: true, value: '+15550101234' });
    expect(checkPhone('+44 7700 900123')).toEqual({ ok: true, value: '+447700900123' });
    expect(checkPhone('0044 7700 900123')).toEqual({ ok: true, value: '+447700900123' });
    for (const bad of ['5550101234', '+0 555 0101', '+1 555', '+1234567890123456', 'phone', '', '+'.padEnd(10_000, '1')]) {
      const r = checkPhone(bad);
      expect(r.ok, bad.slice(0, 20)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('PHONE_FORMAT');
    }
  });

  it('usernames are emails of at most 128 characters; passwords are non-empty and at most 256', () => {
    expect(checkUsername('  pat@example.com ')).toEqual({ ok: true, value: 'pat@example.com' });
    expect(checkUsername('')).toMatchObject({ ok: false, error: { code: 'USERNAME_REQUIRED', field: 'username' } });
    expect(checkUsername('pat')).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID' } });
    expect(checkUsername(`${'a'.repeat(10_000)}@example.com`)).toMatchObject({ ok: false, error: { code: 'INPUT_TOO_LONG' } });
    expect(checkEmail('nope')).toMatchObject({ ok: false, error: { code: 'EMAIL_FORMAT', field: 'email' } });
    expect(checkPassword('')).toMatchObject({ ok: false, error: { code: 'PASSWORD_REQUIRED', field: 'password' } });
    expect(checkPassword('x'.repeat(10_000))).toMatchObject({ ok: false, error: { code: 'INPUT_TOO_LONG' } });
    expect(checkPassword(' spaces count ')).toEqual({ ok: true, value: ' spaces count ' });
  });

  it('groups a TOTP secret in fours for typing by hand', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });
});

describe('the error taxonomy', () => {
  const named = (name: string, message = '') => Object.assign(new Error(message), { name });
  it('maps Cognito exception names onto stable codes', () => {
    expect(toFlowError(named('CodeMismatchException'))).toMatchObject({ code: 'WRONG_CODE', name: 'CodeMismatchException', retryable: false });
    expect(toFlowError(named('ExpiredCodeException')).code).toBe('CODE_EXPIRED');
    expect(toFlowError(named('LimitExceededException')).code).toBe('LIMIT_EXCEEDED');
    expect(toFlowError(named('TooManyRequestsException'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true });
    expect(toFlowError(named('AliasExistsException')).code).toBe('ALIAS_EXISTS');
    expect(toFlowError(named('NetworkError'))).toMatchObject({ code: 'NETWORK', retryable: true });
    expect(toFlowError(new TypeError('fetch failed'))).toMatchObject({ code: 'NETWORK', retryable: true });
  });
  it('tells the three NotAuthorizedExceptions apart by their message', () => {
    expect(toFlowError(named('NotAuthorizedException', 'Incorrect username or password.')).code).toBe('WRONG_CREDENTIALS');
    expect(toFlowError(named('NotAuthorizedException', 'Password attempts exceeded')).code).toBe('LOCKED_OUT');
    expect(toFlowError(named('NotAuthorizedException', 'Invalid session for the user, session is expired.')).code).toBe('SESSION_EXPIRED');
  });
  it('keeps an unknown error as it came', () => {
    expect(toFlowError(named('SomethingNewException', 'a new failure'))).toEqual({
      code: 'UNKNOWN',
      name: 'SomethingNewException',
      message: 'a new failure',
      retryable: false,
    });
  });
});
