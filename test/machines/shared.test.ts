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

  it('any value that is not a string gets the same typed field error as a malformed string, and nothing throws', () => {
    const junk: unknown[] = [null, undefined, 123456, 0, true, {}, [], ['123456'], () => '123456', Symbol('x'), 10n];
    for (const value of junk) {
      const label = typeof value === 'symbol' ? 'symbol' : String(typeof value);
      expect(checkCode(value), label).toMatchObject({ ok: false, error: { code: 'CODE_FORMAT', field: 'code' } });
      expect(checkPhone(value), label).toMatchObject({ ok: false, error: { code: 'PHONE_FORMAT', field: 'phone' } });
      expect(checkPassword(value), label).toMatchObject({ ok: false, error: { code: 'PASSWORD_REQUIRED', field: 'password' } });
      expect(checkEmail(value), label).toMatchObject({ ok: false, error: { code: 'EMAIL_FORMAT', field: 'email' } });
      const user = checkUsername(value);
      expect(user.ok, label).toBe(false);
      if (!user.ok) expect(['USERNAME_REQUIRED', 'USERNAME_INVALID']).toContain(user.error.code);
    }
    expect(checkUsername(null)).toMatchObject({ ok: false, error: { code: 'USERNAME_REQUIRED' } });
    expect(checkUsername({})).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID' } });
  });

  it('refuses emails with control or invisible characters, and digits that only look like digits', () => {
    for (const bad of [
      'pat\u0000@example.com',
      'pat\u0007@example.com',
      'p\u200Bat@example.com',
      'pat@exa\u202Emple.com',
      'pat@example.com\u2028x',
    ]) {
      expect(checkUsername(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID' } });
      expect(checkEmail(bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'EMAIL_FORMAT' } });
    }
    // Arabic-Indic and full-width digits are not what Cognito's codes are made of.
    for (const bad of ['\u0661\u0662\u0663\u0664\u0665\u0666', '\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16']) {
      expect(checkCode(bad)).toMatchObject({ ok: false, error: { code: 'CODE_FORMAT' } });
      expect(checkPhone(`+1${bad}7890`)).toMatchObject({ ok: false, error: { code: 'PHONE_FORMAT' } });
    }
  });

  it('groups a TOTP secret in fours for typing by hand', () => {
    expect(groupSecret('JBSWY3DPEHPK3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
  });
});

describe('the error taxonomy', () => {
  const named = (name: string, message = '') => Object.assign(new Error(message), { name });
  it('maps Cognito exception names onto stable codes', () => {
    expect(toFlowError(named('CodeMismatchException'))).toMatchObject({
      code: 'WRONG_CODE',
      name: 'CodeMismatchException',
      retryable: false,
    });
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
  it('gives an unknown error a message a user may see, and keeps the original for developers only', () => {
    expect(toFlowError(named('SomethingNewException', 'a new failure'))).toEqual({
      code: 'UNKNOWN',
      name: 'SomethingNewException',
      message: 'Something went wrong.',
      detail: 'a new failure',
      retryable: false,
    });
    // Amplify's SignInException carries a multi-line message meant for developers.
    const amplify = toFlowError(named('SignInException', 'Sign-in failed.\nRecovery suggestion: check the config.'));
    expect(amplify.message).toBe('Something went wrong.');
    expect(amplify.detail).toContain('Recovery suggestion');
  });

  it('never throws, and never shows "null" or "[object Object]"', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no reading me');
        },
      },
    );
    for (const e of [null, undefined, {}, Object.create(null), hostile, 42, 'a string', Symbol('s'), [1, 2], new Error('')]) {
      const error = toFlowError(e);
      expect(error.code).toBe('UNKNOWN');
      expect(error.message).toBe('Something went wrong.');
      expect(error.message).not.toMatch(/null|undefined|object/);
    }
  });

  it('maps throttling, revoked or expired tokens and timeouts to their own codes', () => {
    expect(toFlowError(named('ThrottlingException', 'Rate exceeded'))).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryable: true });
    expect(toFlowError(named('NotAuthorizedException', 'Access Token has been revoked')).code).toBe('SIGNED_OUT');
    expect(toFlowError(named('NotAuthorizedException', 'Access Token has expired')).code).toBe('SIGNED_OUT');
    expect(toFlowError(named('NotAuthorizedException', 'Refresh Token has been revoked')).code).toBe('SIGNED_OUT');
    expect(toFlowError(named('UserUnAuthenticatedException', 'User needs to be authenticated')).code).toBe('SIGNED_OUT');
    expect(toFlowError(named('TimeoutError', 'no answer'))).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it('maps every error name the flows can meet (FACTS) to a specific code', () => {
    const names = [
      'NotAuthorizedException',
      'UserNotFoundException',
      'UserNotConfirmedException',
      'PasswordResetRequiredException',
      'TooManyRequestsException',
      'UserAlreadyAuthenticatedException',
      'CodeMismatchException',
      'ExpiredCodeException',
      'MFAMethodNotFoundException',
      'SoftwareTokenMFANotFoundException',
      'LimitExceededException',
      'EnableSoftwareTokenMFAException',
      'AliasExistsException',
      'CodeDeliveryFailureException',
      'InvalidParameterException',
      'NetworkError',
      'ThrottlingException',
      'InvalidPasswordException',
      'TooManyFailedAttemptsException',
    ];
    for (const name of names) expect(toFlowError(named(name, 'x')).code, name).not.toBe('UNKNOWN');
  });
});
