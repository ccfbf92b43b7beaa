/**
 * What the random sequences are made of: event payloads (good, malformed and
 * not strings at all), what an invoked call can do (answer, fail with any
 * Cognito error or something that is not an Error, or never answer) and the
 * clock moving. Every command prints itself short, so a shrunk counterexample
 * stays readable even when it carries a 1 MB string.
 */
import { fc } from '@fast-check/vitest';
import type { AnyEventObject } from 'xstate';

export const ONE_MB = 'x'.repeat(1024 * 1024);
export const TEN_KB = '7'.repeat(10 * 1024);

/** A value as a counterexample shows it: long strings abbreviated, non-JSON values named. */
export function show(value: unknown): string {
  const seen = new WeakSet<object>();
  const walk = (v: unknown): string => {
    if (fc.hasToStringMethod(v)) return v[fc.toStringMethod]();
    if (typeof v === 'string') {
      if (v.length <= 40) return JSON.stringify(v);
      let same = true;
      for (let i = 1; i < v.length && same; i++) same = v.charCodeAt(i) === v.charCodeAt(0);
      return same ? `${JSON.stringify(v[0])}×${v.length}` : `${JSON.stringify(v.slice(0, 30))}…(${v.length} chars)`;
    }
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'function') return 'function';
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (v === null || typeof v !== 'object') return String(v);
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return `[${v.map(walk).join(', ')}]`;
      if (v instanceof Error) return `${v.name}(${JSON.stringify(v.message)})`;
      const proto = Object.getPrototypeOf(v);
      const tag = proto === Object.prototype || proto === null ? '' : `${proto?.constructor?.name ?? 'Object'} `;
      return `${tag}{${Object.keys(v)
        .map((k) => `${k}: ${walk((v as Record<string, unknown>)[k])}`)
        .join(', ')}}`;
    } catch {
      return '[unreadable object]';
    }
  };
  return walk(value);
}

/** Gives a generated value its own short printout in counterexamples. */
export function printed<T extends object>(value: T, text: string): T {
  Object.defineProperty(value, fc.toStringMethod, { value: () => text, enumerable: false });
  return value;
}

/**
 * An object whose every property read throws (a revoked proxy, a hostile
 * getter). Symbol keys still answer, so fast-check itself can handle it.
 */
function hostile(): object {
  const refuse = (what: string) => {
    throw new Error(`hostile ${what}`);
  };
  return new Proxy(
    {},
    {
      get: (target, key) => (typeof key === 'symbol' ? Reflect.get(target, key) : refuse(`read of ${key}`)),
      has: (target, key) => (typeof key === 'symbol' ? Reflect.has(target, key) : refuse(`has ${key}`)),
      ownKeys: () => refuse('keys'),
      getPrototypeOf: () => refuse('prototype'),
    },
  );
}

/** Values that are not strings, where a string belongs (a hostile proxy only where the machine reads it). */
const plainNonString: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, undefined, 0, -1, 123456, Number.NaN, Number.POSITIVE_INFINITY, true, false, [], ['123456'], {}),
  fc.integer(),
  fc.double(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
  fc.constant(null).map(() => ({ toString: () => '123456' })),
  fc.constant(null).map(() => printed(new String('123456'), 'new String("123456")')),
  fc.constant(Symbol('code')),
  fc.constant(null).map(() => printed(() => '123456', 'function')),
);

export const nonString: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: plainNonString },
  { weight: 1, arbitrary: fc.constant(null).map(() => printed(hostile(), 'hostileProxy')) },
);

/** Strings that no field accepts as they are, or that only a password accepts. */
const TRICKY_STRINGS = [
  '',
  ' ',
  '\t\n',
  '١٢٣٤٥٦',
  '۱۲۳۴۵۶',
  '１２３４５６',
  '\u202E123456',
  '123\u200B456',
  '\uFEFF123456',
  '123456\u0000',
  '\u0000',
  '12345',
  '1234567',
  'abcdef',
  '12 34 5',
  "' OR '1'='1",
  '<script>alert(1)</script>',
  '{{7*7}}',
  '\uD800',
  'pat@example.com\n',
  '+1 555 0101',
  '555-0101',
  '+0123456789',
] as const;

const malformedString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...TRICKY_STRINGS),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constant(TEN_KB),
  fc.constant(ONE_MB),
);

/** A payload field: mostly good values, then malformed strings, then anything at all. */
export function field(
  good: fc.Arbitrary<unknown>,
  weights = { good: 6, malformed: 2, nonString: 2 },
  others = nonString,
): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: weights.good, arbitrary: good },
    { weight: weights.malformed, arbitrary: malformedString },
    { weight: weights.nonString, arbitrary: others },
  );
}

/** Codes as people type them: right, with spaces or dashes. None is part of another value the tests use. */
const GOOD_CODES = ['123456', '654321', '918273', '246810', '135790'] as const;
export const goodCode = fc.oneof(fc.constantFrom(...GOOD_CODES), fc.constantFrom('123 456', '918-273', ' 654321 '));
const GOOD_PASSWORDS = ['Correct-h0rse!', 'New-passw0rd!', 'Tr0ub4dor&3x', 'pässwörd with spaces'] as const;
export const goodPassword = fc.constantFrom(...GOOD_PASSWORDS);
export const goodEmail = fc.constantFrom('pat@example.com', 'sam@example.com', ' pat@example.com ');
export const goodPhone = fc.constantFrom('+1 (555) 010-0101', '+447700900123', '0044 7700 900123', '+15550100101');
export const method = field(fc.constantFrom('SMS', 'TOTP', 'EMAIL'), { good: 6, malformed: 1, nonString: 1 });

const MISSING = Symbol('missing');

/** An event with its own printout. */
export function event(type: string, fields: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<AnyEventObject> {
  const keys = Object.keys(fields);
  if (keys.length === 0) return fc.constant(null).map(() => printed({ type }, type));
  // Now and then a field is missing altogether, as plain JavaScript can send it.
  const maybe = Object.fromEntries(
    keys.map((k) => [k, fc.oneof({ weight: 19, arbitrary: fields[k]! }, { weight: 1, arbitrary: fc.constant(MISSING) })]),
  );
  return fc.record(maybe).map((all) => {
    const f = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== MISSING));
    return printed(
      { type, ...f },
      `${type} {${Object.keys(f)
        .map((k) => `${k}: ${show(f[k])}`)
        .join(', ')}}`,
    );
  });
}

/** Something a call can fail with. */
export interface Fault {
  readonly label: string;
  make(): unknown;
}

const named = (name: string, message: string): Fault => ({
  label: `${name}: ${message}`,
  make: () => Object.assign(new Error(message), { name }),
});

/** Every error name FACTS.md lists for these calls, the variants of NotAuthorizedException, and a few unknowns. */
export const COGNITO_FAULTS: readonly Fault[] = [
  named('NotAuthorizedException', 'Incorrect username or password.'),
  named('NotAuthorizedException', 'Password attempts exceeded'),
  named('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
  named('NotAuthorizedException', 'Access Token has been revoked'),
  named('UserNotFoundException', 'User does not exist.'),
  named('UserNotConfirmedException', 'User is not confirmed.'),
  named('PasswordResetRequiredException', 'Password reset required for the user'),
  named('TooManyRequestsException', 'Too many requests'),
  named('TooManyFailedAttemptsException', 'Too many failed attempts'),
  named('UserAlreadyAuthenticatedException', 'There is already a signed in user.'),
  named('CodeMismatchException', 'Invalid code received for user'),
  named('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  named('MFAMethodNotFoundException', 'No MFA method found'),
  named('SoftwareTokenMFANotFoundException', 'Software token MFA not enabled'),
  named('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  named('EnableSoftwareTokenMFAException', 'Code mismatch'),
  named('AliasExistsException', 'An account with the given phone_number already exists.'),
  named('CodeDeliveryFailureException', 'Unable to deliver message.'),
  named('InvalidParameterException', 'Invalid phone number format.'),
  named('InvalidPasswordException', 'Password does not conform to policy'),
  named('UserUnAuthenticatedException', 'User needs to be authenticated to call this API.'),
  named('NetworkError', 'A network error has occurred.'),
  named('TypeError', 'Failed to fetch'),
  named('ThrottlingException', 'Rate exceeded'),
  named('InternalErrorException', 'Internal error'),
  named('SomethingNewException', 'a name no table knows'),
];

/** What a broken library or a hostile page can throw: not Errors at all. */
const ODD_FAULTS: readonly Fault[] = [
  { label: 'null', make: () => null },
  { label: 'undefined', make: () => undefined },
  { label: '"a string"', make: () => 'a string' },
  { label: '42', make: () => 42 },
  { label: '{}', make: () => ({}) },
  { label: '{ name: 123, message: {} }', make: () => ({ name: 123, message: {} }) },
  { label: '{ code: "WRONG_CODE" } (half a FlowError)', make: () => ({ code: 'WRONG_CODE' }) },
  { label: 'hostileProxy', make: () => hostile() },
  { label: `Error with a ${ONE_MB.length}-char message`, make: () => new Error(ONE_MB) },
];

const fault: fc.Arbitrary<Fault> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COGNITO_FAULTS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD_FAULTS) },
);

/** One step of a random run. */
export type Command =
  | { readonly kind: 'send'; readonly event: AnyEventObject; readonly to: 'root' | 'child' }
  | { readonly kind: 'act'; readonly pick: number; readonly args: readonly unknown[] }
  | { readonly kind: 'resolve'; readonly pick: number; readonly choice: number }
  | { readonly kind: 'reject'; readonly pick: number; readonly fault: Fault }
  | { readonly kind: 'advance'; readonly ms: number };

/** Clock moves: a little, exactly a machine's delay, or a long wait. */
function advance(delays: readonly number[]): fc.Arbitrary<Command> {
  return fc
    .oneof(
      fc.integer({ min: 0, max: 5_000 }),
      fc.constantFrom(...delays, ...delays.map((d) => d + 1)),
      fc.integer({ min: 0, max: 20 * 60_000 }),
    )
    .map((ms) => printed({ kind: 'advance' as const, ms }, `advance ${ms} ms`));
}

export interface CommandArbs {
  readonly events: fc.Arbitrary<AnyEventObject>;
  /** Events for a running child flow (mfaSettings). */
  readonly childEvents?: fc.Arbitrary<AnyEventObject>;
  readonly delays: readonly number[];
}

export function commands(a: CommandArbs, maxLength = 40): fc.Arbitrary<Command[]> {
  // Long enough to get deep: a TOTP setup during sign-in is five right steps in a row.
  return fc.array(command(a), { minLength: 1, maxLength, size: 'medium' });
}

/** One command of any kind, weighted towards events and answers. */
export function command(a: CommandArbs): fc.Arbitrary<Command> {
  const send = (to: 'root' | 'child', events: fc.Arbitrary<AnyEventObject>) =>
    events.map((event) => printed({ kind: 'send' as const, event, to }, `${to === 'child' ? 'child ' : ''}send ${fc.stringify(event)}`));
  return fc.oneof(
    { weight: 6, arbitrary: send('root', a.events) },
    ...(a.childEvents ? [{ weight: 6, arbitrary: send('child', a.childEvents) }] : []),
    {
      weight: 1,
      arbitrary: fc
        // A view action's own arguments: anything but a hostile proxy, which would throw in the caller's hands, not the machine's.
        .tuple(
          fc.nat(),
          fc.array(field(fc.oneof(goodCode, goodEmail, goodPhone, goodPassword), undefined, plainNonString), { maxLength: 2 }),
        )
        .map(([pick, args]) => printed({ kind: 'act' as const, pick, args }, `act #${pick}(${args.map(show).join(', ')})`)),
    },
    {
      weight: 5,
      // Which answer: uniform, so every step Cognito can answer comes up as often as the first.
      arbitrary: fc
        .tuple(fc.nat(), fc.noBias(fc.nat({ max: 9_999 })))
        .map(([pick, choice]) => printed({ kind: 'resolve' as const, pick, choice }, `resolve call #${pick} with answer #${choice}`)),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.nat(), fault)
        .map(([pick, f]) => printed({ kind: 'reject' as const, pick, fault: f }, `reject call #${pick} with ${f.label}`)),
    },
    { weight: 2, arbitrary: advance(a.delays) },
  );
}
