/**
 * USER_SRP_AUTH for the gap layer (cognito-local has no SRP): InitiateAuth
 * answers PASSWORD_VERIFIER, and RespondToAuthChallenge checks the client's
 * claim for real (amplify/local/srp.ts). A proven password then continues
 * exactly as a USER_PASSWORD_AUTH sign-in does (`afterPassword`), so MFA,
 * user status, lockout and tokens have one code path for both flows.
 *
 * cognito-local stores the plaintext password, so the verifier is derived at
 * each sign-in from it and a salt that is stable per user for the life of the
 * backend (an HMAC of the user under a key made at start); nothing is stored.
 * Loaded through ../gaps.ts, the one entry, which refuses other cognito-local versions.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { CognitoError, InvalidParameterError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { Route } from 'cognito-local/lib/server/Router.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import {
  claimMatches,
  claimSignature,
  isAcceptableClientPublic,
  padHex,
  parseClaimTimestamp,
  serverEphemeral,
  sessionKey,
  verifierFor,
} from '../srp.js';

export const INCORRECT = 'Incorrect username or password.';
export const SESSION_EXPIRED = 'Invalid session for the user, session is expired.';
/** How far TIMESTAMP may be from the backend's wall clock; Cognito does not document its own. */
const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;

interface Clock {
  now(): number;
}

type SrpRequest = {
  ClientId?: string;
  ClientMetadata?: Record<string, string>;
  AuthParameters?: Record<string, string>;
  ChallengeResponses?: Record<string, string>;
};

export interface PasswordVerifierDeps {
  /** The backend clock: the PASSWORD_VERIFIER challenge expires on it like any sign-in session. */
  readonly clock: Clock;
  /**
   * What TIMESTAMP is compared with. The client signs with its own clock,
   * which never sees the offsets tests add to the backend clock.
   */
  readonly wallClock: Clock;
  readonly sessionTtlMs: number;
  poolFor(ctx: Context, clientId: string | undefined): Promise<UserPoolService>;
  assertNotLocked(username: string): void;
  recordFailure(username: string): void;
  /** What a correct password leads to: the USER_PASSWORD_AUTH path, given the user's stored password. */
  afterPassword(ctx: Context, req: SrpRequest, user: User): Promise<Record<string, unknown>>;
}

interface PendingClaim {
  readonly clientId: string;
  readonly poolId: string;
  /** The pool's username; null for a simulated challenge (no such user). */
  readonly username: string | null;
  readonly identity: string;
  readonly A: bigint;
  readonly B: bigint;
  readonly b: bigint;
  readonly verifier: bigint;
  readonly issuedAt: number;
}

const poolName = (poolId: string) => poolId.slice(poolId.indexOf('_') + 1);

function parseHex(text: string | undefined): bigint | null {
  return text && /^[0-9a-fA-F]{1,2048}$/.test(text) ? BigInt(`0x${text}`) : null;
}

export interface PasswordVerifier {
  readonly initiate: Route;
  readonly respond: Route;
  reset(): void;
}

export function passwordVerifier(deps: PasswordVerifierDeps): PasswordVerifier {
  const pending = new Map<string, PendingClaim>();
  // Salts and simulated ids are stable per name while the backend runs, and
  // an unknown name's cannot be told from a real one's without this key.
  const key = randomBytes(32);
  const derive = (...parts: string[]) => createHmac('sha256', key).update(parts.join('\0')).digest();
  const saltFor = (poolId: string, name: string) => BigInt(`0x${derive('salt', poolId, name).subarray(0, 16).toString('hex')}`);
  // Cognito answers an unknown name with a challenge for an internal id in UUID form (PreventUserExistenceErrors).
  const simulatedId = (poolId: string, login: string) => {
    const id = derive('id', poolId, login).subarray(0, 16);
    id[6] = ((id[6] ?? 0) & 0x0f) | 0x40;
    id[8] = ((id[8] ?? 0) & 0x3f) | 0x80;
    const h = id.toString('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };

  // Challenges nobody answers are forgotten, but only well after they expire, so
  // a late answer is still told its session expired rather than that it is wrong.
  const forgetAbandoned = () => {
    for (const [block, claim] of pending) {
      if (deps.clock.now() - claim.issuedAt > 2 * deps.sessionTtlMs) pending.delete(block);
    }
  };

  const initiate: Route = async (ctx, req: SrpRequest) => {
    forgetAbandoned();
    const pool = await deps.poolFor(ctx, req.ClientId);
    const login = req.AuthParameters?.USERNAME;
    if (!login) throw new InvalidParameterError('Missing required parameter USERNAME');
    const A = parseHex(req.AuthParameters?.SRP_A);
    if (A === null) throw new InvalidParameterError('Missing or malformed parameter SRP_A');
    if (!isAcceptableClientPublic(A)) throw new InvalidParameterError('SRP_A mod N cannot be 0');

    const poolId = pool.options.Id;
    const user = await pool.getUserByUsername(ctx, login);
    if (user) deps.assertNotLocked(user.Username);
    const identity = user ? user.Username : simulatedId(poolId, login);
    const salt = saltFor(poolId, identity);
    // A simulated challenge costs the same and can never be answered: its password is random.
    const password = user?.Password ?? randomBytes(32).toString('base64');
    const verifier = verifierFor({ realm: poolName(poolId), identity, password, salt });
    const { b, B } = serverEphemeral(verifier);
    const secretBlock = randomBytes(48).toString('base64');
    pending.set(secretBlock, {
      clientId: req.ClientId ?? '',
      poolId,
      username: user?.Username ?? null,
      identity,
      A,
      B,
      b,
      verifier,
      issuedAt: deps.clock.now(),
    });
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: padHex(salt),
        SRP_B: B.toString(16),
        SECRET_BLOCK: secretBlock,
        USER_ID_FOR_SRP: identity,
        USERNAME: identity,
      },
    };
  };

  const respond: Route = async (ctx, req: SrpRequest) => {
    const answer = req.ChallengeResponses ?? {};
    const secretBlock = answer.PASSWORD_CLAIM_SECRET_BLOCK;
    const claim = secretBlock ? pending.get(secretBlock) : undefined;
    // One claim per secret block: a replayed or second answer finds nothing.
    if (secretBlock) pending.delete(secretBlock);
    if (!secretBlock || !claim || claim.clientId !== (req.ClientId ?? '')) throw new NotAuthorizedError(INCORRECT);
    if (deps.clock.now() - claim.issuedAt > deps.sessionTtlMs) throw new NotAuthorizedError(SESSION_EXPIRED);

    const pool = await deps.poolFor(ctx, req.ClientId);
    const named =
      answer.USERNAME === claim.identity ? claim.username : (await pool.getUserByUsername(ctx, answer.USERNAME ?? ''))?.Username;
    if (named !== claim.username) throw new NotAuthorizedError(INCORRECT);
    const signedAt = parseClaimTimestamp(answer.TIMESTAMP);
    if (signedAt === null) throw new InvalidParameterError('TIMESTAMP must look like "Tue Nov 3 09:05:07 UTC 2026"');
    if (Math.abs(deps.wallClock.now() - signedAt) > MAX_TIMESTAMP_SKEW_MS) throw new NotAuthorizedError(INCORRECT);
    if (claim.username) deps.assertNotLocked(claim.username);

    const expected = claimSignature({
      key: sessionKey(claim),
      realm: poolName(claim.poolId),
      identity: claim.identity,
      secretBlock: Buffer.from(secretBlock, 'base64'),
      timestamp: answer.TIMESTAMP ?? '',
    });
    if (!claimMatches(expected, answer.PASSWORD_CLAIM_SIGNATURE)) {
      if (claim.username) deps.recordFailure(claim.username);
      throw new NotAuthorizedError(INCORRECT);
    }
    const user = claim.username ? await pool.getUserByUsername(ctx, claim.username) : null;
    if (!user) throw new NotAuthorizedError(INCORRECT);
    try {
      return await deps.afterPassword(ctx, req, user);
    } catch (e) {
      // A device key the user no longer has (gaps/devices.ts): aws-amplify drops its stored device and
      // answers this same challenge again without one (retryOnResourceNotFoundException), so the claim stays
      // answerable; the password was proven, only the device was not found.
      if (e instanceof CognitoError && e.code === 'ResourceNotFoundException' && answer.DEVICE_KEY) {
        pending.set(secretBlock, claim);
      }
      throw e;
    }
  };

  return { initiate, respond, reset: () => pending.clear() };
}
