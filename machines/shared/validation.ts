/**
 * Local checks that run before any network call. Each takes whatever an event
 * carried (a form's `FormData.get()` can give `null`; plain JavaScript can send
 * anything) and returns the cleaned value or a typed error, never throwing.
 */
import { flowError } from './errors.js';
import type { FlowError } from './errors.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FlowError };

/** Cognito's own limits: usernames and emails up to 128 characters here, passwords up to 256. */
export const LIMITS = { username: 128, password: 256, code: 32, phone: 32 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Control, format (zero-width, bidirectional overrides) and line/paragraph separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** What was typed, as a string to keep in a field: anything that is not a string keeps nothing. */
export function asText(raw: unknown): string {
  return typeof raw === 'string' ? raw : '';
}

const fail = (error: FlowError): Checked<never> => ({ ok: false, error });

export function checkUsername(raw: unknown): Checked<string> {
  if (raw === null || raw === undefined) return fail(flowError('USERNAME_REQUIRED', { field: 'username' }));
  if (typeof raw !== 'string') return fail(flowError('USERNAME_INVALID', { field: 'username' }));
  if (raw.length > LIMITS.username * 4) return fail(tooLong('username', LIMITS.username));
  const value = raw.trim();
  if (value.length === 0) return fail(flowError('USERNAME_REQUIRED', { field: 'username' }));
  if (value.length > LIMITS.username) return fail(tooLong('username', LIMITS.username));
  if (INVISIBLE.test(value) || !EMAIL.test(value)) return fail(flowError('USERNAME_INVALID', { field: 'username' }));
  return { ok: true, value };
}

/** What a pool lets users sign in with (see `SignInInput.loginWith`). */
export type Identifier = 'email' | 'phone' | 'username';

const IDENTIFIER_HINT: Readonly<Record<string, string>> = {
  email: 'Enter a valid email address.',
  phone: 'Enter your phone number with its country code, starting with +.',
  username: 'Enter your username (no spaces).',
  'email,phone': 'Enter your email address, or your phone number starting with +.',
  'email,username': 'Enter your email address or username.',
  'phone,username': 'Enter your username, or your phone number starting with +.',
  'email,phone,username': 'Enter your email address, phone number (starting with +) or username.',
};

/** A Cognito username: letters, marks, symbols, numbers and punctuation, no spaces (its pattern `[\p{L}\p{M}\p{S}\p{N}\p{P}]+`). */
const USERNAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/**
 * The sign-in identifier, checked as the pool allows: an email, an E.164 phone
 * number (typed any common way, sent as E.164), or a username. With several
 * allowed, an `@` means email and a leading `+` or digit means phone.
 */
export function checkIdentifier(raw: unknown, loginWith: readonly Identifier[] = ['email']): Checked<string> {
  const kinds = (['email', 'phone', 'username'] as const).filter((k) => loginWith.includes(k));
  const invalid = () =>
    fail(flowError('USERNAME_INVALID', { field: 'username', message: IDENTIFIER_HINT[kinds.join(',')] ?? IDENTIFIER_HINT.email }));
  if (raw === null || raw === undefined) return fail(flowError('USERNAME_REQUIRED', { field: 'username' }));
  if (typeof raw !== 'string') return invalid();
  if (raw.length > LIMITS.username * 4) return fail(tooLong('username', LIMITS.username));
  const value = raw.trim();
  if (value.length === 0) return fail(flowError('USERNAME_REQUIRED', { field: 'username' }));
  if (value.length > LIMITS.username) return fail(tooLong('username', LIMITS.username));
  if (INVISIBLE.test(value)) return invalid();
  if (kinds.includes('email') && value.includes('@')) return EMAIL.test(value) ? { ok: true, value } : invalid();
  if (kinds.includes('phone') && /^[+0-9(]/.test(value)) {
    const phone = checkPhone(value);
    if (phone.ok) return phone;
    if (!kinds.includes('username')) return invalid();
  }
  if (kinds.includes('username') && USERNAME.test(value)) return { ok: true, value };
  return invalid();
}

export function checkEmail(raw: unknown): Checked<string> {
  const checked = checkUsername(raw);
  return checked.ok
    ? checked
    : fail(flowError(checked.error.code === 'INPUT_TOO_LONG' ? 'INPUT_TOO_LONG' : 'EMAIL_FORMAT', { field: 'email' }));
}

/** Passwords are kept exactly as typed (spaces count); they must be strings. */
export function checkPassword(raw: unknown, field: 'password' | 'newPassword' = 'password'): Checked<string> {
  if (typeof raw !== 'string' || raw.length === 0) return fail(flowError('PASSWORD_REQUIRED', { field }));
  if (raw.length > LIMITS.password) return fail(tooLong(field, LIMITS.password));
  return { ok: true, value: raw };
}

/** A code as typed, without the spaces and dashes people add or paste. */
export function codeDigits(raw: unknown): string {
  return asText(raw).replace(/[\s-]/g, '');
}

/** A one-time code is exactly 6 ASCII digits; spaces and dashes people type or paste are dropped. */
export function checkCode(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw.length > LIMITS.code) return fail(flowError('CODE_FORMAT', { field: 'code' }));
  const value = codeDigits(raw);
  if (!/^[0-9]{6}$/.test(value)) return fail(flowError('CODE_FORMAT', { field: 'code' }));
  return { ok: true, value };
}

/**
 * E.164: `+`, a country code that does not start with 0, then up to 15 digits
 * in all. Spaces, dashes, dots and brackets people type are dropped; a leading
 * `00` is read as `+`.
 */
export function checkPhone(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw.length > LIMITS.phone) return fail(flowError('PHONE_FORMAT', { field: 'phone' }));
  let value = raw.trim().replace(/[\s\-.()]/g, '');
  if (value.startsWith('00')) value = `+${value.slice(2)}`;
  if (!/^\+[1-9][0-9]{6,14}$/.test(value)) return fail(flowError('PHONE_FORMAT', { field: 'phone' }));
  return { ok: true, value };
}

function tooLong(field: 'username' | 'password' | 'newPassword', max: number): FlowError {
  return flowError('INPUT_TOO_LONG', { field, message: `Use at most ${max} characters.` });
}

/** Attribute names as Cognito accepts them (`email`, `custom:team`), and its 2,048-character value limit. */
const ATTRIBUTE_NAME = /^[\w:.-]{1,128}$/;

/**
 * The attributes sent with a new password: absent, or a plain record of
 * attribute names to strings. Anything else (an array, a class instance, a
 * number, a BigInt value) is refused so it never reaches Cognito or a
 * persisted snapshot.
 */
export function checkAttributes(raw: unknown): Checked<Readonly<Record<string, string>> | undefined> {
  try {
    return readAttributes(raw);
  } catch {
    // A proxy or getter that throws on being read.
    return fail(flowError('INVALID_EVENT', { message: 'The account details sent with the password could not be used.' }));
  }
}

function readAttributes(raw: unknown): Checked<Readonly<Record<string, string>> | undefined> {
  if (raw === undefined) return { ok: true, value: undefined };
  const refuse = () => fail(flowError('INVALID_EVENT', { message: 'The account details sent with the password could not be used.' }));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return refuse();
  const proto = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return refuse();
  const entries = Object.entries(raw);
  if (entries.length > 50) return refuse();
  const value: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (!ATTRIBUTE_NAME.test(name) || typeof text !== 'string' || text.length > 2048 || INVISIBLE.test(text.replace(/[\n\t]/g, ''))) {
      return refuse();
    }
    value[name] = text;
  }
  return { ok: true, value };
}
