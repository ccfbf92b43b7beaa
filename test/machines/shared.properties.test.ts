import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { ERROR_MESSAGES, flowError, isFlowError, toFlowError } from '../../machines/shared/errors.js';
import type { CoreErrorCode } from '../../machines/shared/errors.js';
import { groupSecret } from '../../machines/shared/types.js';
import { LIMITS, asText, checkCode, checkIdentifier, checkPassword, checkPhone, codeDigits } from '../../machines/shared/validation.js';

// Properties of the checks every machine runs before a call, over inputs fast-check makes up: what the
// example tests in shared.test.ts show for a few values must hold for all of them.

// Stryker runs a mutant's tests by name, and @fast-check/vitest writes the seed into each property's name: the
// mutation run (vitest.mutation.config.ts) therefore fixes one seed, or no property would ever match. npm test keeps
// a random one.
if (process.env.MUTATION_FC_SEED) fc.configureGlobal({ seed: Number(process.env.MUTATION_FC_SEED) });

const digit = fc.constantFrom(...'0123456789');
const separator = fc.constantFrom(' ', '-', '\t', '  ');
/** Digits as people type or paste them: with spaces and dashes between some of them. */
const typed = (digits: fc.Arbitrary<string[]>) =>
  fc
    .tuple(digits, fc.array(separator, { maxLength: 12 }))
    .map(([ds, seps]) => ds.map((d, i) => (seps[i] ?? '') + d).join('') + (seps[ds.length] ?? ''));
const CODES = Object.keys(ERROR_MESSAGES) as CoreErrorCode[];

describe('codes', () => {
  test.prop([typed(fc.array(digit, { minLength: 6, maxLength: 6 }))])('six digits typed any way are the six digits', (raw) => {
    fc.pre(raw.length <= LIMITS.code);
    expect(checkCode(raw)).toEqual({ ok: true, value: raw.replace(/[\s-]/g, '') });
  });

  test.prop([fc.string({ maxLength: 40 })])('anything else is CODE_FORMAT on the code field', (raw) => {
    fc.pre(!/^[0-9]{6}$/.test(raw.replace(/[\s-]/g, '')) || raw.length > LIMITS.code);
    expect(checkCode(raw)).toEqual({ ok: false, error: flowError('CODE_FORMAT', { field: 'code' }) });
  });

  test.prop([fc.string()])('codeDigits drops exactly the spaces and dashes, and is idempotent', (raw) => {
    const digits = codeDigits(raw);
    expect(digits).not.toMatch(/[\s-]/);
    expect(codeDigits(digits)).toBe(digits);
    expect(digits.length).toBe(raw.length - (raw.match(/[\s-]/g)?.length ?? 0));
  });
});

describe('phone numbers', () => {
  const country = fc.constantFrom(...'123456789');
  const e164 = fc.tuple(country, fc.array(digit, { minLength: 6, maxLength: 14 })).map(([c, ds]) => `+${c}${ds.join('')}`);

  test.prop([e164, fc.array(fc.constantFrom(' ', '-', '.', '(', ')'), { maxLength: 6 })])(
    'an E.164 number with separators anywhere after the + is that number',
    (number, seps) => {
      const typedNumber = `+${[...number.slice(1)].map((d, i) => (seps[i] ?? '') + d).join('')}`;
      fc.pre(typedNumber.length <= LIMITS.phone);
      expect(checkPhone(typedNumber)).toEqual({ ok: true, value: number });
      expect(checkPhone(`00${typedNumber.slice(1)}`)).toEqual({ ok: true, value: number });
    },
  );

  test.prop([fc.string({ maxLength: 40 })])('a result is always E.164 and checks again to itself', (raw) => {
    const checked = checkPhone(raw);
    if (!checked.ok) {
      expect(checked.error).toEqual(flowError('PHONE_FORMAT', { field: 'phone' }));
      return;
    }
    expect(checked.value).toMatch(/^\+[1-9][0-9]{6,14}$/);
    expect(checkPhone(checked.value)).toEqual(checked);
  });
});

describe('identifiers and passwords', () => {
  test.prop([fc.anything(), fc.subarray(['email', 'phone', 'username'] as const, { minLength: 1 })])(
    'any value for any pool: a trimmed value or a typed username error, never a throw',
    (raw, loginWith) => {
      const checked = checkIdentifier(raw, loginWith);
      if (checked.ok) {
        expect(typeof raw).toBe('string');
        expect(checked.value).toBe(checked.value.trim());
        expect(checked.value.length).toBeGreaterThan(0);
        expect(checked.value.length).toBeLessThanOrEqual(LIMITS.username);
      } else {
        expect(checked.error.field).toBe('username');
        expect(['USERNAME_REQUIRED', 'USERNAME_INVALID', 'INPUT_TOO_LONG']).toContain(checked.error.code);
      }
    },
  );

  test.prop([fc.emailAddress()])('an email is accepted as typed, spaces around it dropped', (email) => {
    fc.pre(email.length <= LIMITS.username);
    expect(checkIdentifier(` ${email} `, ['email'])).toEqual({ ok: true, value: email });
  });

  test.prop([fc.anything()])('a password is kept exactly when it is a string of 1 to 256 characters', (raw) => {
    const ok = typeof raw === 'string' && raw.length >= 1 && raw.length <= LIMITS.password;
    expect(checkPassword(raw)).toEqual(
      ok
        ? { ok: true, value: raw }
        : {
            ok: false,
            error:
              typeof raw === 'string' && raw.length > LIMITS.password
                ? flowError('INPUT_TOO_LONG', { field: 'password', message: `Use at most ${LIMITS.password} characters.` })
                : flowError('PASSWORD_REQUIRED', { field: 'password' }),
          },
    );
  });

  test.prop([fc.anything()])('asText keeps a string and nothing else', (raw) => {
    expect(asText(raw)).toBe(typeof raw === 'string' ? raw : '');
  });
});

describe('TOTP secrets', () => {
  test.prop([fc.stringMatching(/^[A-Z2-7]{1,64}$/)])('grouped in fours, the last one shorter, nothing lost', (secret) => {
    const grouped = groupSecret(secret);
    expect(grouped.replaceAll(' ', '')).toBe(secret);
    const groups = grouped.split(' ');
    expect(groups.slice(0, -1).every((g) => g.length === 4)).toBe(true);
    expect(groups.at(-1)!.length).toBeGreaterThanOrEqual(1);
    expect(groups.at(-1)!.length).toBeLessThanOrEqual(4);
  });
});

describe('the error taxonomy', () => {
  test.prop([fc.anything()])('anything thrown becomes a FlowError with one of our messages', (thrown) => {
    const error = toFlowError(thrown);
    expect(isFlowError(error)).toBe(true);
    expect(error.message).toBe(ERROR_MESSAGES[error.code as CoreErrorCode]);
    expect(error.retryable).toBe(['NETWORK', 'TOO_MANY_REQUESTS', 'TIMEOUT'].includes(error.code));
  });

  test.prop([fc.constantFrom(...CODES), fc.string({ minLength: 1 }), fc.string({ minLength: 1 })])(
    'a FlowError passes through unchanged; its message and detail are kept',
    (code, message, detail) => {
      const error = flowError(code, { message, detail, name: 'Named' });
      expect(toFlowError(error)).toBe(error);
      expect(error).toEqual({
        code,
        message,
        detail,
        name: 'Named',
        retryable: ['NETWORK', 'TOO_MANY_REQUESTS', 'TIMEOUT'].includes(code),
      });
    },
  );

  test.prop([fc.string({ maxLength: 2000 }), fc.string({ maxLength: 300 })])(
    'an error keeps at most 100 characters of its name and 500 of its message, for developers',
    (message, name) => {
      fc.pre(name !== '');
      const error = toFlowError(Object.assign(new Error(message), { name }));
      expect(error.name).toBe(name.slice(0, 100));
      if (message === '') expect(error).not.toHaveProperty('detail');
      else expect(error.detail).toBe(message.slice(0, 500));
    },
  );
});
