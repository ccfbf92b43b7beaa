/**
 * Recovery codes: made, hashed and checked on the server only (the custom-auth
 * triggers). A code is 10 characters from a 31-letter alphabet without look-alikes
 * (about 50 bits), shown as `xxxxx-xxxxx`. A set is stored as one record: a random
 * salt, the scrypt parameters and one hash per unused code. Never the codes.
 */
import { randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';

const RECOVERY_CODE_COUNT = 10;
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const CODE_LENGTH = 10;
/** scrypt cost: N = 2^14, r = 8, p = 1 (16 MiB, tens of milliseconds): one hash per sign-in attempt, ten per new set. */
const COST = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** What the user pool stores, in the `custom:recovery_codes` attribute (at most 2048 characters). */
export interface RecoveryRecord {
  readonly v: 1;
  /** base64url salt, one per set. */
  readonly s: string;
  /** log2 N. */
  readonly n: number;
  /** base64url scrypt hashes of the unused codes. */
  readonly h: readonly string[];
  /**
   * base64url scrypt hashes of this set's used codes, so that a code typed twice is told apart from one that was
   * never a code (`RECOVERY_CODE_USED`). A used code opens nothing, and its hash says no more than an unused one's.
   */
  readonly u?: readonly string[];
  /** `used`: the last code refused was one of the used ones (the create trigger says so when it asks again). */
  readonly r?: 'used';
}

export const RECOVERY_ATTRIBUTE = 'custom:recovery_codes';

/** Lower-case, no spaces or dashes: what a user types back may be `ABCDE-FGHJK` or `abcde fghjk`. */
function normalizeCode(input: string): string {
  return input.toLowerCase().replace(/[\s-]/g, '');
}

/** True for something shaped like a code, checked before any hashing so junk costs nothing. */
function looksLikeCode(input: string): boolean {
  if (input.length > 40) return false;
  const code = normalizeCode(input);
  return code.length === CODE_LENGTH && [...code].every((c) => ALPHABET.includes(c));
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

function scrypt(code: string, salt: Buffer, log2n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(normalizeCode(code), salt, KEY_LENGTH, { N: 2 ** log2n, r: COST.r, p: COST.p, maxmem: 64 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** Ten fresh codes and the record of their hashes. The codes go to the user once and are not kept anywhere. */
export async function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): Promise<{ codes: string[]; record: RecoveryRecord }> {
  const codes = new Set<string>();
  while (codes.size < count) codes.add(newCode());
  const salt = randomBytes(16);
  const log2n = Math.log2(COST.N);
  const hashes = await Promise.all([...codes].map((c) => scrypt(c, salt, log2n)));
  return {
    codes: [...codes],
    record: { v: 1, s: salt.toString('base64url'), n: log2n, h: hashes.map((h) => h.toString('base64url')) },
  };
}

/** What a typed code is to a set: one of its unused codes (the record without it), one it already took, or neither. */
export type Redeemed =
  | { readonly outcome: 'redeemed'; readonly record: RecoveryRecord }
  | { readonly outcome: 'used' }
  | { readonly outcome: 'wrong' };

function indexOfHash(hashes: readonly string[] | undefined, hash: Buffer): number {
  let found = -1;
  (hashes ?? []).forEach((stored, i) => {
    const candidate = Buffer.from(stored, 'base64url');
    if (candidate.length === hash.length && timingSafeEqual(candidate, hash)) found = i;
  });
  return found;
}

/**
 * Checks `code` against the set: an unused code leaves the unused hashes for the used ones. Every stored hash is
 * compared in constant time.
 */
export async function redeemRecoveryCode(record: RecoveryRecord, code: string): Promise<Redeemed> {
  if (!looksLikeCode(code)) return { outcome: 'wrong' };
  const hash = await scrypt(code, Buffer.from(record.s, 'base64url'), record.n);
  const found = indexOfHash(record.h, hash);
  const used = indexOfHash(record.u, hash);
  if (found < 0) return { outcome: used < 0 ? 'wrong' : 'used' };
  const { r: _lastRefusal, ...rest } = record;
  return {
    outcome: 'redeemed',
    record: { ...rest, h: record.h.filter((_, i) => i !== found), u: [...(record.u ?? []), hash.toString('base64url')] },
  };
}

export function serializeRecord(record: RecoveryRecord): string {
  return JSON.stringify(record);
}

/** The stored record, or null when there is none or it is not one this code wrote. */
export function parseRecord(value: string | undefined): RecoveryRecord | null {
  if (!value) return null;
  try {
    const r = JSON.parse(value) as Partial<RecoveryRecord>;
    const ok =
      r.v === 1 &&
      typeof r.s === 'string' &&
      typeof r.n === 'number' &&
      r.n >= 10 &&
      r.n <= 20 &&
      Array.isArray(r.h) &&
      r.h.every((h) => typeof h === 'string') &&
      (r.u === undefined || (Array.isArray(r.u) && r.u.every((h) => typeof h === 'string'))) &&
      (r.r === undefined || r.r === 'used');
    return ok ? (r as RecoveryRecord) : null;
  } catch {
    return null;
  }
}
