import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  N,
  g,
  claimMatches,
  claimSignature,
  isAcceptableClientPublic,
  k,
  modPow,
  padHex,
  parseClaimTimestamp,
  serverEphemeral,
  sessionKey,
  verifierFor,
} from '../../amplify/local/srp.js';
import { loadAmplifySrp } from './amplifySrp.js';
import type { AmplifySrpClient } from './amplifySrp.js';

// The server side of Cognito's SRP (amplify/local/srp.ts) against aws-amplify's
// own client helpers: the same key and the same claim signature, or no sign-in.
const POOL = 'AbCdEf123';
const USER = '0f6a3c1e-1111-4222-8333-444455556666';
const PASSWORD = 'Correct-h0rse!';

let amplify: AmplifySrpClient;
beforeAll(async () => {
  amplify = await loadAmplifySrp();
});

const hexOf = (n: bigint) => n.toString(16);

/** The key aws-amplify derives as the client of a server that chose this salt and B. */
async function clientKey(salt: bigint, B: bigint, password = PASSWORD) {
  const helper = await amplify.getAuthenticationHelper(POOL);
  const key = await helper.getPasswordAuthenticationKey({
    username: USER,
    password,
    serverBValue: amplify.bigInteger(hexOf(B)),
    salt: amplify.bigInteger(hexOf(salt)),
  });
  return { A: BigInt(`0x${helper.A.toString(16)}`), key: Buffer.from(key) };
}

/** The server's side of one sign-in for this user, with the stored password. */
function serverFor(salt: bigint) {
  const verifier = verifierFor({ realm: POOL, identity: USER, password: PASSWORD, salt });
  return { verifier, ...serverEphemeral(verifier) };
}

describe('SRP-6a as Cognito runs it, against aws-amplify', () => {
  it('uses the same group and multiplier k = H(N | g)', async () => {
    const helper = await amplify.getAuthenticationHelper(POOL);
    expect(helper.N.toString(16)).toBe(hexOf(N));
    expect(helper.k.toString(16)).toBe(hexOf(k));
    expect(N.toString(2)).toHaveLength(3072);
  });

  it('writes numbers the way the client hashes them (getPaddedHex)', () => {
    const samples = [1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0x0abcn, 0x8000n, N, BigInt(`0x00${randomBytes(32).toString('hex')}`)];
    for (const n of samples) expect(padHex(n), hexOf(n)).toBe(amplify.getPaddedHex(amplify.bigInteger(hexOf(n))));
  });

  it('derives the same 16-byte key as the client for the right password', async () => {
    for (const salt of [BigInt(`0x${randomBytes(16).toString('hex')}`), 0x0123n]) {
      const server = serverFor(salt);
      const client = await clientKey(salt, server.B);
      const key = sessionKey({ A: client.A, B: server.B, b: server.b, verifier: server.verifier });
      expect(key).toHaveLength(16);
      expect(key.equals(client.key)).toBe(true);
    }
  });

  it('still agrees when B starts with a zero byte (where a 384-byte padding breaks)', async () => {
    // Step b up from a random start until B < 2^3063 (1 in 512): its hex then
    // loses a leading zero byte and keeps its top bit clear. g^(b+1) = 2·g^b, so each step is cheap.
    const salt = 0x5eedn;
    const { verifier, b: start } = serverFor(salt);
    let b = start;
    let gb = modPow(g, b, N);
    let B = (k * verifier + gb) % N;
    while (B >= 1n << 3063n) {
      b += 1n;
      gb = (gb * g) % N;
      B = (k * verifier + gb) % N;
    }
    expect(padHex(B).length).toBeLessThan(2 * 384);
    const client = await clientKey(salt, B);
    expect(sessionKey({ A: client.A, B, b, verifier }).equals(client.key)).toBe(true);
  });

  it('derives a different key for a wrong password', async () => {
    const salt = 0xabcdefn;
    const server = serverFor(salt);
    const client = await clientKey(salt, server.B, 'Wrong-h0rse!');
    expect(sessionKey({ A: client.A, B: server.B, b: server.b, verifier: server.verifier }).equals(client.key)).toBe(false);
  });

  it('signs the claim as the client does: pool name, user, secret block, timestamp', async () => {
    const salt = 0x1234n;
    const server = serverFor(salt);
    const client = await clientKey(salt, server.B);
    const secretBlock = randomBytes(48).toString('base64');
    const timestamp = amplify.getNowString();
    const theirs = amplify.getSignatureString({
      userPoolName: POOL,
      username: USER,
      challengeParameters: { SECRET_BLOCK: secretBlock },
      dateNow: timestamp,
      hkdf: client.key,
    });
    const key = sessionKey({ A: client.A, B: server.B, b: server.b, verifier: server.verifier });
    const ours = claimSignature({ key, realm: POOL, identity: USER, secretBlock: Buffer.from(secretBlock, 'base64'), timestamp });
    expect(ours).toBe(theirs);
    expect(claimMatches(ours, theirs)).toBe(true);
    const other = claimSignature({
      key,
      realm: POOL,
      identity: USER,
      secretBlock: Buffer.from(secretBlock, 'base64'),
      timestamp: `${timestamp} `,
    });
    expect(claimMatches(other, theirs)).toBe(false);
    expect(claimMatches(ours, undefined)).toBe(false);
    expect(claimMatches(ours, 'not base64!')).toBe(false);
    expect(claimMatches(ours, theirs.slice(0, 20))).toBe(false);
  });

  it('refuses a client public value A with A mod N = 0', () => {
    for (const A of [0n, N, 2n * N]) {
      expect(isAcceptableClientPublic(A)).toBe(false);
      expect(() => sessionKey({ A, B: 2n, b: 3n, verifier: 5n })).toThrow(RangeError);
    }
    expect(isAcceptableClientPublic(N + 1n)).toBe(true);
  });

  it('computes modular powers', () => {
    expect(modPow(2n, 10n, 1000n)).toBe(24n);
    expect(modPow(3n, 0n, 7n)).toBe(1n);
    expect(modPow(-2n, 3n, 7n)).toBe(6n);
  });

  it("reads the client's TIMESTAMP and nothing else", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T04:05:06Z'));
      const stamp = amplify.getNowString();
      expect(stamp).toBe('Sun Mar 1 04:05:06 UTC 2026');
      expect(parseClaimTimestamp(stamp)).toBe(Date.parse('2026-03-01T04:05:06Z'));
    } finally {
      vi.useRealTimers();
    }
    expect(Math.abs((parseClaimTimestamp(amplify.getNowString()) ?? 0) - Date.now())).toBeLessThan(2000);
    for (const bad of [
      undefined,
      '',
      'Mon Mar 1 04:05:06 UTC 2026',
      'Sun Mar 32 04:05:06 UTC 2026',
      'Sun Mar 1 24:05:06 UTC 2026',
      '2026-03-01T04:05:06Z',
    ]) {
      expect(parseClaimTimestamp(bad), String(bad)).toBeNull();
    }
  });
});
