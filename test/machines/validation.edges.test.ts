/**
 * The edges of the shared checks that the last mutation run showed no pure test observing
 * (docs/mutation.md, "left"): each case below is one a mutant of machines/shared got through.
 * Values are written from the rules the checks document (Cognito's attribute-name pattern and
 * 2,048-character limit, the 50-attribute cap, E.164), never read back from the code.
 */
import { describe, expect, it } from 'vitest';
import { isFlowError } from '../../machines/shared/errors.js';
import { FlowInputError, poolCapabilitiesInput } from '../../machines/shared/input.js';
import { activeStateIds, groupSecret } from '../../machines/shared/types.js';
import { checkAttributes, checkIdentifier } from '../../machines/shared/validation.js';

const refused = { ok: false, error: { code: 'INVALID_EVENT', message: 'The account details sent with the password could not be used.' } };

describe('the attributes sent with a new password', () => {
  it('absent is fine; a plain record of names to strings is kept as it is', () => {
    expect(checkAttributes(undefined)).toEqual({ ok: true, value: undefined });
    expect(checkAttributes({ name: 'Pat', 'custom:team': 'blue', 'x.y-z_1': 'ok' })).toEqual({
      ok: true,
      value: { name: 'Pat', 'custom:team': 'blue', 'x.y-z_1': 'ok' },
    });
  });

  it('a record without a prototype is a plain record too', () => {
    const bare = Object.assign(Object.create(null) as Record<string, string>, { name: 'Pat' });
    expect(checkAttributes(bare)).toEqual({ ok: true, value: { name: 'Pat' } });
  });

  it('null, text, numbers, arrays and class instances are refused with the typed error', () => {
    class Attributes {
      name = 'Pat';
    }
    for (const bad of [null, 'name=Pat', 42, true, [['name', 'Pat']], new Attributes(), new Map([['name', 'Pat']])]) {
      expect(checkAttributes(bad), String(bad)).toMatchObject(refused);
    }
  });

  it('at most 50 attributes', () => {
    const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`custom:a${i}`, 'v']));
    expect(checkAttributes(many(50)).ok).toBe(true);
    expect(checkAttributes(many(51))).toMatchObject(refused);
  });

  it('names are Cognito attribute names, matched whole', () => {
    for (const name of ['bad name', 'name!', '!name', '', 'x'.repeat(129), 'naïve']) {
      expect(checkAttributes({ [name]: 'v' }), name).toMatchObject(refused);
    }
    expect(checkAttributes({ ['x'.repeat(128)]: 'v' }).ok).toBe(true);
  });

  it('values are strings of at most 2,048 characters, with nothing invisible but line breaks and tabs', () => {
    expect(checkAttributes({ address: 'x'.repeat(2048) }).ok).toBe(true);
    expect(checkAttributes({ address: 'x'.repeat(2049) })).toMatchObject(refused);
    expect(checkAttributes({ address: '1 Main St\nFlat 2\tBack' })).toEqual({ ok: true, value: { address: '1 Main St\nFlat 2\tBack' } });
    for (const value of ['Pat\u200b', '\u202eevil', 'a\u0000b', 'line\u2028break']) {
      expect(checkAttributes({ name: value }), JSON.stringify(value)).toMatchObject(refused);
    }
    for (const value of [42, null, undefined, { toString: () => 'Pat' }]) {
      expect(checkAttributes({ name: value }), String(value)).toMatchObject(refused);
    }
  });

  it('an object that throws when it is read is refused, not thrown', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    const getter = Object.defineProperty({}, 'name', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(checkAttributes(hostile)).toMatchObject(refused);
    expect(checkAttributes(getter)).toMatchObject(refused);
  });
});

describe('the sign-in identifier', () => {
  it('an email with an invisible character in it is refused, though the email pattern alone would take it', () => {
    for (const value of ['pat\u200b@example.com', 'pat@exa\u202emple.com']) {
      expect(checkIdentifier(value, ['email']), JSON.stringify(value)).toMatchObject({ ok: false, error: { code: 'USERNAME_INVALID' } });
    }
    expect(checkIdentifier('pat@example.com', ['email'])).toEqual({ ok: true, value: 'pat@example.com' });
  });
});

describe('telling a FlowError from anything else', () => {
  it('a function carrying the fields of a FlowError is not one', () => {
    const lookalike = Object.assign(() => undefined, { code: 'NETWORK', message: 'The network failed.', retryable: true });
    expect(isFlowError(lookalike)).toBe(false);
  });
});

describe("the pool's capabilities as a machine input", () => {
  it('a function carrying the fields is refused like any other non-object', () => {
    const lookalike = Object.assign(() => undefined, { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] });
    expect(() => poolCapabilitiesInput('mfaSettings', lookalike)).toThrow(FlowInputError);
  });
});

describe('the TOTP secret grouped for typing', () => {
  it('spaces already in the secret are dropped before it is grouped again', () => {
    expect(groupSecret('JBSW Y3DP EHPK 3PXP')).toBe('JBSW Y3DP EHPK 3PXP');
    expect(groupSecret(' JB SWY3\tDP ')).toBe('JBSW Y3DP');
  });
});

describe('the active state ids of a state value', () => {
  it('anything but a string or a plain state object has none, a function with properties included', () => {
    for (const value of [5, true, null, undefined, Object.assign(() => undefined, { challenge: 'totpCode' })]) {
      expect(activeStateIds('signIn', value), String(value)).toEqual([]);
    }
  });
});
