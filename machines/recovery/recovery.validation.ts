import type { Checked } from '../shared/validation.js';
import { recoveryError } from './recovery.errors.js';

const ALPHABET = /^[2-9a-hjkmnp-z]{10}$/;

/** A recovery code as the triggers make it (`xxxxx-xxxxx`, no look-alikes); case, spaces and dashes do not matter. */
export function checkRecoveryCode(raw: unknown): Checked<string> {
  const bad = { ok: false as const, error: recoveryError('RECOVERY_CODE_FORMAT') };
  if (typeof raw !== 'string' || raw.length > 40) return bad;
  const code = raw.toLowerCase().replace(/[\s-]/g, '');
  return ALPHABET.test(code) ? { ok: true, value: `${code.slice(0, 5)}-${code.slice(5)}` } : bad;
}
