import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES, flowError, isFlowError, isLockout, toFlowError } from '../../machines/shared/errors.js';
import type { CoreErrorCode } from '../../machines/shared/errors.js';
import { checkCode, checkEmail, checkIdentifier, checkPassword, checkPhone, checkUsername } from '../../machines/shared/validation.js';
import type { Identifier } from '../../machines/shared/validation.js';
import { activeStateIds, groupSecret } from '../../machines/shared/types.js';

const isRetryable = (code: string) => ['NETWORK', 'TOO_MANY_REQUESTS', 'TIMEOUT'].includes(code);

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

describe('the error taxonomy, name by name', () => {
  const named = (name: string, message = '') => Object.assign(new Error(message), { name });

  it('maps each Cognito and Amplify error name to exactly its code', () => {
    const table: Record<string, string> = {
      CodeMismatchException: 'WRONG_CODE',
      ExpiredCodeException: 'CODE_EXPIRED',
      UserNotFoundException: 'WRONG_CREDENTIALS',
      UserNotConfirmedException: 'USER_NOT_CONFIRMED',
      PasswordResetRequiredException: 'PASSWORD_RESET_REQUIRED',
      UserAlreadyAuthenticatedException: 'ALREADY_SIGNED_IN',
      TooManyRequestsException: 'TOO_MANY_REQUESTS',
      ThrottlingException: 'TOO_MANY_REQUESTS',
      TooManyFailedAttemptsException: 'LOCKED_OUT',
      LimitExceededException: 'LIMIT_EXCEEDED',
      InvalidPasswordException: 'INVALID_PASSWORD',
      InvalidParameterException: 'INVALID_PARAMETER',
      AliasExistsException: 'ALIAS_EXISTS',
      CodeDeliveryFailureException: 'CODE_DELIVERY_FAILED',
      MFAMethodNotFoundException: 'MFA_METHOD_NOT_FOUND',
      SoftwareTokenMFANotFoundException: 'MFA_METHOD_NOT_FOUND',
      EnableSoftwareTokenMFAException: 'WRONG_CODE',
      NetworkError: 'NETWORK',
      TimeoutError: 'TIMEOUT',
      UserUnAuthenticatedException: 'SIGNED_OUT',
      NoSessionException: 'SIGNED_OUT',
      // Names an object has from its prototype are not Cognito's.
      constructor: 'UNKNOWN',
      toString: 'UNKNOWN',
    };
    for (const [name, code] of Object.entries(table)) {
      expect(toFlowError(named(name, 'why')), name).toEqual({
        code,
        message: ERROR_MESSAGES[code as CoreErrorCode],
        name,
        detail: 'why',
        retryable: isRetryable(code),
      });
    }
  });

  it('keeps the name and the text of a NotAuthorizedException or a failed fetch for developers', () => {
    for (const [message, code] of [
      ['Password attempts exceeded', 'LOCKED_OUT'],
      ['Access Token has been revoked', 'SIGNED_OUT'],
      ['Invalid session for the user, session is expired.', 'SESSION_EXPIRED'],
      ['Incorrect username or password.', 'WRONG_CREDENTIALS'],
    ] as const) {
      expect(toFlowError(named('NotAuthorizedException', message))).toEqual({
        code,
        message: ERROR_MESSAGES[code],
        name: 'NotAuthorizedException',
        detail: message,
        retryable: false,
      });
    }
    expect(toFlowError(new TypeError('Failed to fetch'))).toEqual({
      code: 'NETWORK',
      message: ERROR_MESSAGES.NETWORK,
      name: 'TypeError',
      detail: 'Failed to fetch',
      retryable: true,
    });
    // A TypeError that is not about the network is a bug somewhere, not a connection to retry.
    expect(toFlowError(new TypeError('x is not a function')).code).toBe('UNKNOWN');
    expect(toFlowError(named('Error', 'network is down')).code).toBe('UNKNOWN');
  });

  it('describes what was thrown: a string is a message, a nameless or odd object is an Error, long texts are cut', () => {
    expect(toFlowError('went wrong')).toEqual({
      code: 'UNKNOWN',
      message: ERROR_MESSAGES.UNKNOWN,
      name: 'Error',
      detail: 'went wrong',
      retryable: false,
    });
    expect(toFlowError('x'.repeat(600)).detail).toBe('x'.repeat(500));
    expect(toFlowError(42)).toEqual({ code: 'UNKNOWN', message: ERROR_MESSAGES.UNKNOWN, name: 'Error', retryable: false });
    expect(toFlowError({ name: 7, message: { text: 'no' } })).toEqual({
      code: 'UNKNOWN',
      message: ERROR_MESSAGES.UNKNOWN,
      name: 'Error',
      retryable: false,
    });
    expect(toFlowError({ name: '', message: 'm' })).toMatchObject({ name: 'Error', detail: 'm' });
    expect(toFlowError({ name: 'N'.repeat(150), message: 'm'.repeat(700) })).toMatchObject({
      name: 'N'.repeat(100),
      detail: 'm'.repeat(500),
    });
    const throwing = {
      get name(): string {
        throw new Error('no');
      },
      message: 'still read',
    };
    expect(toFlowError(throwing)).toMatchObject({ name: 'Error', detail: 'still read' });
  });

  it('a FlowError passes through; anything merely shaped like one does not', () => {
    const error = flowError('WRONG_CODE', { field: 'code' });
    expect(toFlowError(error)).toBe(error);
    expect(isFlowError(error)).toBe(true);
    for (const [i, fake] of [
      null,
      'WRONG_CODE',
      { code: 'WRONG_CODE', message: 'm' },
      { code: 'WRONG_CODE', message: 1, retryable: false },
      { code: 'NOT_A_CODE', message: 'm', retryable: false },
      { code: 1, message: 'm', retryable: false },
      { code: 'WRONG_CODE', message: 'm', retryable: 'no' },
      new Proxy(
        {},
        {
          get: () => {
            throw new Error('no');
          },
        },
      ),
    ].entries()) {
      expect(isFlowError(fake), String(i)).toBe(false);
    }
  });

  it('flowError sets only the extras it is given', () => {
    expect(flowError('WRONG_CODE')).toEqual({ code: 'WRONG_CODE', message: ERROR_MESSAGES.WRONG_CODE, retryable: false });
    expect(flowError('TIMEOUT', { name: '', detail: '', message: 'custom' })).toEqual({
      code: 'TIMEOUT',
      message: 'custom',
      retryable: true,
    });
    expect(flowError('CODE_FORMAT', { field: 'code', name: 'N', detail: 'd' })).toEqual({
      code: 'CODE_FORMAT',
      message: ERROR_MESSAGES.CODE_FORMAT,
      field: 'code',
      name: 'N',
      detail: 'd',
      retryable: false,
    });
  });

  it('after a lockout, throttling or the attempt limit the same challenge cannot be answered again; after anything else it can', () => {
    const lockouts = ['LOCKED_OUT', 'TOO_MANY_REQUESTS', 'LIMIT_EXCEEDED'];
    for (const code of Object.keys(ERROR_MESSAGES) as CoreErrorCode[])
      expect(isLockout(flowError(code)), code).toBe(lockouts.includes(code));
  });
});

describe('checks at their limits', () => {
  const tooLong = (field: string, max: number) => ({
    ok: false,
    error: { code: 'INPUT_TOO_LONG', field, message: `Use at most ${max} characters.`, retryable: false },
  });

  it('usernames and emails: 128 characters once trimmed, 512 as typed', () => {
    const at128 = `${'a'.repeat(122)}@b.com`;
    expect(checkUsername(at128)).toEqual({ ok: true, value: at128 });
    expect(checkUsername(`a${at128}`)).toEqual(tooLong('username', 128));
    expect(checkUsername(`${' '.repeat(506)}a@b.co`)).toEqual({ ok: true, value: 'a@b.co' });
    expect(checkUsername(`${' '.repeat(507)}a@b.co`)).toEqual(tooLong('username', 128));
    expect(checkIdentifier(`${' '.repeat(506)}a@b.co`)).toEqual({ ok: true, value: 'a@b.co' });
    expect(checkIdentifier(`${' '.repeat(507)}a@b.co`)).toEqual(tooLong('username', 128));
    expect(checkIdentifier(`a${at128}`)).toEqual(tooLong('username', 128));
    expect(checkIdentifier(at128)).toEqual({ ok: true, value: at128 });
    expect(checkEmail(`a${at128}`)).toEqual({ ok: false, error: flowError('INPUT_TOO_LONG', { field: 'email' }) });
    expect(checkUsername(null)).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkUsername(undefined)).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkUsername('   ')).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkUsername(5)).toEqual({ ok: false, error: flowError('USERNAME_INVALID', { field: 'username' }) });
    expect(checkUsername('pat@example.com\u0000')).toEqual({ ok: false, error: flowError('USERNAME_INVALID', { field: 'username' }) });
  });

  it('an email is one address: nothing before or after it', () => {
    for (const bad of ['a b@c.de', 'a@c.de x', 'a@b@c.de', '@c.de', 'a@c', 'a@.de']) {
      expect(checkUsername(bad).ok, bad).toBe(false);
      expect(checkIdentifier(bad, ['email']).ok, bad).toBe(false);
    }
  });

  it('passwords up to 256 characters, codes and phones up to 32 as typed', () => {
    expect(checkPassword('p'.repeat(256))).toEqual({ ok: true, value: 'p'.repeat(256) });
    expect(checkPassword('p'.repeat(257), 'newPassword')).toEqual(tooLong('newPassword', 256));
    expect(checkCode(`123456${' '.repeat(26)}`)).toEqual({ ok: true, value: '123456' });
    expect(checkCode(`123456${' '.repeat(27)}`)).toEqual({ ok: false, error: flowError('CODE_FORMAT', { field: 'code' }) });
    expect(checkPhone(`+15550100101${' '.repeat(20)}`)).toEqual({ ok: true, value: '+15550100101' });
    expect(checkPhone(`+15550100101${' '.repeat(21)}`)).toEqual({ ok: false, error: flowError('PHONE_FORMAT', { field: 'phone' }) });
    expect(checkPhone('1+15550100101')).toEqual({ ok: false, error: flowError('PHONE_FORMAT', { field: 'phone' }) });
  });

  it('identifiers: what each mix of email, phone and username says when one is wrong', () => {
    const hint = (loginWith: Identifier[]) => {
      const r = checkIdentifier('not valid!', loginWith);
      return r.ok ? 'accepted' : r.error.message;
    };
    expect(hint(['email'])).toBe('Enter a valid email address.');
    expect(hint(['phone'])).toBe('Enter your phone number with its country code, starting with +.');
    expect(hint(['username'])).toBe('Enter your username (no spaces).');
    expect(hint(['phone', 'email'])).toBe('Enter your email address, or your phone number starting with +.');
    expect(hint(['username', 'email'])).toBe('Enter your email address or username.');
    expect(hint(['username', 'phone'])).toBe('Enter your username, or your phone number starting with +.');
    expect(hint(['username', 'phone', 'email'])).toBe('Enter your email address, phone number (starting with +) or username.');
    expect(checkIdentifier(null, ['phone'])).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkIdentifier(undefined, ['phone'])).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkIdentifier(' ', ['username'])).toEqual({ ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) });
    expect(checkIdentifier('pat\u200B', ['username'])).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID' } });
  });

  it('identifiers: a phone only where it starts like one, a username where the phone is not one', () => {
    expect(checkIdentifier('-+15550100101', ['phone']).ok).toBe(false);
    expect(checkIdentifier('(555) 010-0101', ['phone']).ok).toBe(false);
    expect(checkIdentifier('+1 (555) 010-0101', ['phone'])).toEqual({ ok: true, value: '+15550100101' });
    expect(checkIdentifier('12345', ['phone', 'username'])).toEqual({ ok: true, value: '12345' });
    expect(checkIdentifier('12345', ['phone'])).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID', field: 'username' } });
    expect(checkIdentifier('pat@example.com', ['phone', 'username'])).toEqual({ ok: true, value: 'pat@example.com' });
    expect(checkIdentifier('pat@example', ['email', 'username'])).toMatchObject({ ok: false });
  });
});

describe('the ids of the active states', () => {
  it('names every state a value is in, parents first, under the machine id', () => {
    expect(activeStateIds('m', 'idle')).toEqual(['m.idle']);
    expect(activeStateIds('m', { a: { b: 'c' }, d: 'e' })).toEqual(['m.a', 'm.a.b', 'm.a.b.c', 'm.d', 'm.d.e']);
    expect(activeStateIds('m', { a: {} })).toEqual(['m.a']);
    for (const nothing of [null, undefined, 3, true]) expect(activeStateIds('m', nothing)).toEqual([]);
  });
});
