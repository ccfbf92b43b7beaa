/**
 * The server side of Cognito's SRP-6a: RFC 5054's 3072-bit group, g = 2,
 * SHA-256, k = H(N | g), and the HKDF-derived key the client signs its claim
 * with. aws-amplify's client (`@aws-amplify/auth`, providers/cognito/utils/srp)
 * is the other side and the reference: every value here is hashed in the
 * shape it hashes it (minimal two's-complement hex, see `padHex`).
 *
 * Generic over who proves what: a user proves a password (realm = the pool
 * name, identity = USER_ID_FOR_SRP) and a remembered device proves its random
 * password (realm = the device group key, identity = the device key), so the
 * protocol takes a verifier and never asks where it came from.
 *
 * Not `cognito-srp` (the npm package, whose server side was tried): it hashes
 * B and S padded to 384 bytes where the client hashes them without leading
 * zero bytes, so a sign-in whose B or S starts with a zero byte and then a
 * byte below 0x80 (about 1 in 256) fails against the real client.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** RFC 5054's 3072-bit safe prime. */
export const N = BigInt(`0x${N_HEX}`);
export const g = 2n;

/**
 * A positive integer as Java's `BigInteger.toByteArray()` writes it, in hex:
 * no leading zero bytes, even length, and one `00` byte when the top bit is
 * set. Cognito and aws-amplify hash every number in this shape.
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex takes a non-negative integer');
  const hex = n.toString(16);
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return /^[89a-f]/.test(even) ? `00${even}` : even;
}

const sha256 = (data: Buffer | string): Buffer => createHash('sha256').update(data).digest();
const bytes = (hex: string): Buffer => Buffer.from(hex, 'hex');
const toInt = (buf: Buffer): bigint => (buf.length === 0 ? 0n : BigInt(`0x${buf.toString('hex')}`));

/** The multiplier k = H(N | g). */
export const k = toInt(sha256(bytes(padHex(N) + padHex(g))));

/** base^exp mod m, square and multiply (BigInt has no modPow). */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

export interface VerifierInput {
  /** The pool name (the part of the pool id after `_`), or a device group key. */
  readonly realm: string;
  /** USER_ID_FOR_SRP, or a device key. */
  readonly identity: string;
  readonly password: string;
  readonly salt: bigint;
}

/** v = g^x with x = H(salt | H(realm | identity | ":" | password)). */
export function verifierFor({ realm, identity, password, salt }: VerifierInput): bigint {
  const inner = sha256(Buffer.from(`${realm}${identity}:${password}`, 'utf8'));
  const x = toInt(sha256(Buffer.concat([bytes(padHex(salt)), inner])));
  return modPow(g, x, N);
}

export interface ServerEphemeral {
  /** The server's secret exponent: held in memory for one sign-in, never sent. */
  readonly b: bigint;
  /** B = k·v + g^b mod N, sent as SRP_B. */
  readonly B: bigint;
}

/** The server's half of the key exchange for one sign-in, over a verifier. */
export function serverEphemeral(verifier: bigint): ServerEphemeral {
  for (;;) {
    const b = toInt(randomBytes(32)) % N;
    const B = (k * verifier + modPow(g, b, N)) % N;
    if (b !== 0n && B !== 0n) return { b, B };
  }
}

/** SRP-6a: the host aborts when A mod N is 0 (a client could otherwise force the key). */
export function isAcceptableClientPublic(A: bigint): boolean {
  return A > 0n && A % N !== 0n;
}

export interface SessionKeyInput {
  readonly A: bigint;
  readonly B: bigint;
  readonly b: bigint;
  readonly verifier: bigint;
}

const KEY_INFO = 'Caldera Derived Key';

/**
 * The 16-byte key both sides derive: S = (A·v^u)^b mod N with u = H(A | B),
 * then HKDF-SHA256(ikm = S, salt = u, info = "Caldera Derived Key").
 */
export function sessionKey({ A, B, b, verifier }: SessionKeyInput): Buffer {
  if (!isAcceptableClientPublic(A)) throw new RangeError('A mod N is 0');
  const u = toInt(sha256(bytes(padHex(A) + padHex(B))));
  if (u === 0n) throw new RangeError('u is 0');
  const S = modPow((A * modPow(verifier, u, N)) % N, b, N);
  return Buffer.from(hkdfSync('sha256', bytes(padHex(S)), bytes(padHex(u)), KEY_INFO, 16));
}

export interface ClaimInput {
  readonly key: Buffer;
  readonly realm: string;
  readonly identity: string;
  /** The SECRET_BLOCK the server handed out, as bytes. */
  readonly secretBlock: Buffer;
  /** TIMESTAMP as the client sent it. */
  readonly timestamp: string;
}

/** PASSWORD_CLAIM_SIGNATURE: base64 HMAC-SHA256(key, realm | identity | secretBlock | timestamp). */
export function claimSignature({ key, realm, identity, secretBlock, timestamp }: ClaimInput): string {
  return createHmac('sha256', key)
    .update(Buffer.from(realm, 'utf8'))
    .update(Buffer.from(identity, 'utf8'))
    .update(secretBlock)
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
}

/** Compares a claimed signature with the expected one in constant time. */
export function claimMatches(expected: string, claimed: string | undefined): boolean {
  if (!claimed || !/^[A-Za-z0-9+/]+={0,2}$/.test(claimed)) return false;
  const a = Buffer.from(expected, 'base64');
  const b = Buffer.from(claimed, 'base64');
  return a.length === b.length && timingSafeEqual(a, b);
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Reads TIMESTAMP as the client writes it ("Tue Nov 3 09:05:07 UTC 2026",
 * the day of the month unpadded); null when it is not that shape or not a
 * real date.
 */
export function parseClaimTimestamp(text: string | undefined): number | null {
  const m = /^([A-Z][a-z]{2}) ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) UTC (\d{4})$/.exec(text ?? '');
  if (!m) return null;
  const [, day, month, date, hh, mm, ss, year] = m;
  const monthIndex = MONTHS.indexOf(month ?? '');
  const at = Date.UTC(Number(year), monthIndex, Number(date), Number(hh), Number(mm), Number(ss));
  const parsed = new Date(at);
  const consistent =
    monthIndex >= 0 &&
    parsed.getUTCDate() === Number(date) &&
    parsed.getUTCMonth() === monthIndex &&
    parsed.getUTCHours() === Number(hh) &&
    parsed.getUTCMinutes() === Number(mm) &&
    parsed.getUTCSeconds() === Number(ss) &&
    DAYS[parsed.getUTCDay()] === day;
  return consistent ? at : null;
}
