/**
 * Local checks that run before any network call. Each returns the cleaned
 * value or a typed error; the typed value itself is never dropped by them.
 */
import { flowError } from './errors.js';
import type { FlowError } from './errors.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FlowError };

/** Cognito's own limits: usernames and emails up to 128 characters here, passwords up to 256. */
export const LIMITS = { username: 128, password: 256, code: 32, phone: 32 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function checkUsername(raw: string): Checked<string> {
  const value = raw.trim();
  if (value.length === 0) return { ok: false, error: flowError('USERNAME_REQUIRED', { field: 'username' }) };
  if (value.length > LIMITS.username) return { ok: false, error: flowError('INPUT_TOO_LONG', { field: 'username', message: `Use at most ${LIMITS.username} characters.` }) };
  if (!EMAIL.test(value)) return { ok: false, error: flowError('USERNAME_INVALID', { field: 'username' }) };
  return { ok: true, value };
}

export function checkEmail(raw: string): Checked<string> {
  const checked = checkUsername(raw);
  return checked.ok ? checked : { ok: false, error: flowError(checked.error.code === 'INPUT_TOO_LONG' ? 'INPUT_TOO_LONG' : 'EMAIL_FORMAT', { field: 'email' }) };
}

export function checkPassword(raw: string, field: 'password' | 'newPassword' = 'password'): Checked<string> {
  if (raw.length === 0) return { ok: false, error: flowError('PASSWORD_REQUIRED', { field }) };
  if (raw.length > LIMITS.password) return { ok: false, error: flowError('INPUT_TOO_LONG', { field, message: `Use at most ${LIMITS.password} characters.` }) };
  return { ok: true, value: raw };
}

/** A code as typed, without the spaces and dashes people add or paste. */
export function codeDigits(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

/** A one-time code is exactly 6 digits; spaces and dashes people type or paste are dropped. */
export function checkCode(raw: string): Checked<string> {
  if (raw.length > LIMITS.code) return { ok: false, error: flowError('CODE_FORMAT', { field: 'code' }) };
  const value = codeDigits(raw);
  if (!/^\d{6}$/.test(value)) return { ok: false, error: flowError('CODE_FORMAT', { field: 'code' }) };
  return { ok: true, value };
}

/**
 * E.164: `+`, a country code that does not start with 0, then up to 15 digits
 * in all. Spaces, dashes, dots and brackets people type are dropped; a leading
 * `00` is read as `+`.
 */
export function checkPhone(raw: string): Checked<string> {
  if (raw.length > LIMITS.phone) return { ok: false, error: flowError('PHONE_FORMAT', { field: 'phone' }) };
  let value = raw.trim().replace(/[\s\-.()]/g, '');
  if (value.startsWith('00')) value = `+${value.slice(2)}`;
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return { ok: false, error: flowError('PHONE_FORMAT', { field: 'phone' }) };
  return { ok: true, value };
}
