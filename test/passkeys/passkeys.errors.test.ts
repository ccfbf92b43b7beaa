import { describe, expect, it } from 'vitest';
import {
  isPasskeyError,
  PASSKEY_ERROR_MESSAGES,
  passkeyError,
  toPasskeyError,
  toPasskeysError,
} from '../../machines/passkeys/passkeys.errors.js';

// What passkey management makes of what its calls throw (machines/passkeys/passkeys.errors.ts), read at the edges:
// the wrapped browser errors aws-amplify raises as `Unknown`, the shapes that only look like a passkey error, and
// which of the three readings (attached, typed, by name) wins. The names themselves are in test/messages.

describe('passkey error texts', () => {
  it('every code has its own English sentence', () => {
    const texts = Object.values(PASSKEY_ERROR_MESSAGES);
    for (const [code, text] of Object.entries(PASSKEY_ERROR_MESSAGES)) expect(text, code).toMatch(/^[A-Z].{10,}\.$/);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('passkeyError gives the code its text, says whether trying again may work, and keeps the name it was raised as', () => {
    expect(passkeyError('PASSKEY_EXPIRED')).toEqual({
      code: 'PASSKEY_EXPIRED',
      message: PASSKEY_ERROR_MESSAGES.PASSKEY_EXPIRED,
      name: 'PASSKEY_EXPIRED',
      retryable: true,
    });
    expect(passkeyError('PASSKEY_LIMIT', 'LimitExceededException')).toMatchObject({ name: 'LimitExceededException', retryable: false });
  });
});

describe('toPasskeyError reads what aws-amplify wraps', () => {
  const wrapped = (underlyingError?: unknown) => Object.assign(new Error('wrapped'), { name: 'Unknown', underlyingError });

  it('an Unknown around a browser error is that error, under its own name', () => {
    expect(toPasskeyError(wrapped({ name: 'NotAllowedError' }))).toMatchObject({ code: 'PASSKEY_CANCELLED', name: 'NotAllowedError' });
    expect(toPasskeyError(wrapped(new DOMException('busy', 'OperationError')))).toMatchObject({
      code: 'PASSKEY_FAILED',
      name: 'OperationError',
    });
  });

  it('an Unknown around a name only a registration meets is read as that name', () => {
    expect(toPasskeyError(wrapped({ name: 'PasskeyAlreadyExists' }))).toMatchObject({
      code: 'PASSKEY_EXISTS',
      name: 'PasskeyAlreadyExists',
    });
  });

  it('an Unknown with nothing known underneath is a failed passkey call, named by what is underneath if anything', () => {
    expect(toPasskeyError(wrapped())).toMatchObject({ code: 'PASSKEY_FAILED', name: 'Unknown', retryable: false });
    expect(toPasskeyError(wrapped({ name: 42 }))).toMatchObject({ code: 'PASSKEY_FAILED', name: 'Unknown' });
    expect(toPasskeyError(wrapped({ name: 'WeirdBrowserError' }))).toMatchObject({ code: 'PASSKEY_FAILED', name: 'WeirdBrowserError' });
  });

  it('only the outer name can make an error a passkey failure: an unknown name around a passkey one is not', () => {
    expect(toPasskeyError({ name: 'NetworkError', underlyingError: { name: 'NotAllowedError' } })).toBeNull();
    expect(toPasskeyError({ name: 'Unknownish', underlyingError: { name: 'PasskeyAlreadyExists' } })).toBeNull();
  });

  it('what has no readable name is not a passkey failure', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no');
        },
      },
    );
    for (const e of [undefined, null, 'NotAllowedError', 7, {}, hostile]) expect(toPasskeyError(e)).toBeNull();
  });
});

describe('isPasskeyError', () => {
  const good = passkeyError('PASSKEY_TIMEOUT');

  it('takes a passkey error, and anything with its four fields of the right types and a known code', () => {
    expect(isPasskeyError(good)).toBe(true);
    expect(isPasskeyError({ ...good })).toBe(true);
  });

  it.each([
    ['a code that is not a string', { code: 7 }],
    ['a code it does not know', { code: 'NETWORK' }],
    ['a message that is not a string', { message: null }],
    ['a name that is not a string', { name: {} }],
    ['a retryable that is not a boolean', { retryable: 'yes' }],
  ])('refuses %s', (_, change) => {
    expect(isPasskeyError({ ...good, ...change })).toBe(false);
  });

  it('refuses nothing, non-objects, and what throws when read, without throwing', () => {
    const hostile = Object.defineProperty({}, 'code', {
      get() {
        throw new Error('no');
      },
    });
    for (const e of [undefined, null, 'PASSKEY_TIMEOUT', 0, hostile]) expect(isPasskeyError(e)).toBe(false);
  });
});

describe('toPasskeysError: attached, then typed, then by name, then as any call', () => {
  it('a typed passkey error an actor attached wins over the name it was thrown with', () => {
    const limit = passkeyError('PASSKEY_LIMIT');
    expect(toPasskeysError(Object.assign(new Error('x'), { name: 'NotAllowedError', passkey: limit }))).toBe(limit);
  });

  it('an attachment that is not a passkey error is ignored', () => {
    expect(toPasskeysError({ name: 'NotAllowedError', passkey: { code: 'PASSKEY_LIMIT' } })).toMatchObject({ code: 'PASSKEY_CANCELLED' });
  });

  it('a passkey error or a flow error is shown as it is', () => {
    const expired = passkeyError('PASSKEY_EXPIRED');
    expect(toPasskeysError(expired)).toBe(expired);
    const network = toPasskeysError(Object.assign(new Error('down'), { name: 'NetworkError' }));
    expect(network).toMatchObject({ code: 'NETWORK' });
    expect(toPasskeysError(network)).toBe(network);
  });

  it('a passkey name is a passkey error; anything else is mapped as every call is', () => {
    expect(toPasskeysError({ name: 'WebAuthnChallengeNotFoundException' })).toMatchObject({ code: 'PASSKEY_EXPIRED', retryable: true });
    expect(toPasskeysError(Object.assign(new Error('slow'), { name: 'TooManyRequestsException' }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
