/**
 * CUSTOM_AUTH for the gap layer (cognito-local has none): the pool's
 * define/create/verify auth-challenge triggers (amplify/auth/recovery/triggers.ts)
 * run in-process with Cognito-shaped events, as Cognito runs the Lambdas.
 *
 * - InitiateAuth: `session` starts as [SRP_A] when the client sends
 *   CHALLENGE_NAME = SRP_A (Amplify's CUSTOM_WITH_SRP), else empty; the define
 *   trigger names the next challenge. PASSWORD_VERIFIER is the same SRP check as
 *   USER_SRP_AUTH (./passwordVerifier.ts); a proven password goes back to the
 *   define trigger instead of on to MFA: in CUSTOM_AUTH the triggers decide.
 * - CUSTOM_CHALLENGE: the create trigger's public parameters go to the client,
 *   its private ones stay here for the verify trigger; each round gets a new
 *   Session, which lives as long as a sign-in session does.
 * - The triggers' ports: the store (the user's attributes), the lockout the MFA
 *   codes count toward, and GetUser for an access token (signature, expiry and
 *   revocation checked). Loaded through ../gaps.ts, the one entry.
 */
import { createPublicKey, randomUUID, verify as verifySignature } from 'node:crypto';
import { createRequire } from 'node:module';
import { InvalidParameterError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { Route } from 'cognito-local/lib/server/Router.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { AppClient } from 'cognito-local/lib/services/appClient.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { attributesToRecord } from 'cognito-local/lib/services/userPoolService.js';
import { RECOVERY_ATTRIBUTE, serializeRecord } from '../../auth/recovery/codes.js';
import type { ChallengeResult, RecoveryPorts, RecoveryTriggers, TriggerEventBase } from '../../auth/recovery/triggers.js';
import { INCORRECT, SESSION_EXPIRED, passwordVerifier } from './passwordVerifier.js';

const cognitoRequire = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
const { pem } = cognitoRequire('./lib/keys/cognitoLocal.private.json') as { pem: string };
const publicKey = createPublicKey(pem);

interface Clock {
  now(): number;
}

type Req = {
  ClientId?: string;
  ClientMetadata?: Record<string, string>;
  AuthParameters?: Record<string, string>;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
};
type Res = Record<string, unknown>;

export interface CustomAuthDeps {
  readonly clock: Clock;
  readonly wallClock: Clock;
  readonly sessionTtlMs: number;
  /** The pool's triggers, made from the ports this module gives them; absent when the pool has none. */
  readonly triggers?: (ports: RecoveryPorts) => RecoveryTriggers;
  poolFor(ctx: Context, clientId: string | undefined): Promise<UserPoolService>;
  appClient(ctx: Context, clientId: string): Promise<AppClient | null>;
  assertNotLocked(username: string): void;
  isLocked(username: string): boolean;
  recordFailure(username: string): void;
  clearFailures(username: string): void;
  /** True for an access token the gap layer has revoked (GlobalSignOut). */
  isRevoked(jti: string): boolean;
  tokensFor(ctx: Context, req: Req, pool: UserPoolService, user: User): Promise<Res>;
}

interface CustomSession {
  readonly username: string;
  readonly clientId: string;
  readonly issuedAt: number;
  readonly rounds: readonly ChallengeResult[];
  readonly secret: Record<string, string>;
}

export interface CustomAuth {
  readonly initiate: Route;
  /** True for a RespondToAuthChallenge this module answers: CUSTOM_CHALLENGE, or PASSWORD_VERIFIER in a custom session. */
  owns(req: Req): boolean;
  readonly respond: Route;
  reset(): void;
}

/** The claims of an access token cognito-local signed, checked like Cognito's GetUser does, or null. */
function verifiedClaims(token: string, now: number): { sub?: string; jti?: string; exp?: number; token_use?: string } | null {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return null;
  const ok = verifySignature('RSA-SHA256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'));
  if (!ok) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number; token_use?: string };
    return claims.token_use === 'access' && typeof claims.exp === 'number' && claims.exp * 1000 > now ? claims : null;
  } catch {
    return null;
  }
}

export function customAuth(deps: CustomAuthDeps): CustomAuth {
  const sessions = new Map<string, CustomSession>();
  // The ctx of the request whose triggers are running: the ports write through it.
  let currentCtx: Context | null = null;
  let currentPool: UserPoolService | null = null;

  const ports: RecoveryPorts = {
    async tokenOwner(_user, accessToken) {
      const claims = verifiedClaims(accessToken, deps.clock.now());
      if (!claims?.sub || !claims.jti || deps.isRevoked(claims.jti) || !currentCtx || !currentPool) return null;
      return (await currentPool.getUserByUsername(currentCtx, claims.sub))?.Username ?? null;
    },
    async saveRecord(user, record) {
      if (!currentCtx || !currentPool) throw new Error('recovery ports used outside a sign-in');
      const stored = await currentPool.getUserByUsername(currentCtx, user.userName);
      if (!stored) throw new NotAuthorizedError(INCORRECT);
      const others = stored.Attributes.filter((a) => a.Name !== RECOVERY_ATTRIBUTE);
      await currentPool.saveUser(currentCtx, {
        ...stored,
        Attributes: record ? [...others, { Name: RECOVERY_ATTRIBUTE, Value: serializeRecord(record) }] : others,
        UserLastModifiedDate: new Date(deps.clock.now()),
      });
    },
    async isLocked(user) {
      return deps.isLocked(user.userName);
    },
    async recordFailure(user) {
      deps.recordFailure(user.userName);
    },
    async clearFailures(user) {
      deps.clearFailures(user.userName);
    },
  };
  const triggers = deps.triggers?.(ports);

  const eventBase = (pool: UserPoolService, username: string, clientId: string, source: string): TriggerEventBase => ({
    region: pool.options.Id.split('_')[0] ?? 'local',
    userPoolId: pool.options.Id,
    userName: username,
    triggerSource: source,
    callerContext: { clientId },
  });

  // Runs one trigger with the ports bound to this request's store.
  const run = async <T>(ctx: Context, pool: UserPoolService, f: () => Promise<T>): Promise<T> => {
    currentCtx = ctx;
    currentPool = pool;
    try {
      return await f();
    } finally {
      currentCtx = null;
      currentPool = null;
    }
  };

  /** Asks the define trigger what follows `rounds`, and answers the client with it. */
  const advance = async (ctx: Context, req: Req, pool: UserPoolService, user: User, rounds: ChallengeResult[]): Promise<Res> => {
    if (!triggers) throw new InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    const clientId = req.ClientId ?? '';
    const userAttributes = attributesToRecord(user.Attributes);
    const defined = await run(ctx, pool, () =>
      triggers.defineAuthChallenge({
        ...eventBase(pool, user.Username, clientId, 'DefineAuthChallenge_Authentication'),
        request: { userAttributes, session: rounds, clientMetadata: req.ClientMetadata ?? {}, userNotFound: false },
        response: {},
      }),
    );
    const { issueTokens, failAuthentication, challengeName } = defined.response;
    if (issueTokens && !failAuthentication) {
      deps.clearFailures(user.Username);
      return deps.tokensFor(ctx, req, pool, user);
    }
    if (failAuthentication || !challengeName) {
      // A sign-in the triggers ended because of the lockout says so, as a locked-out MFA code does.
      deps.assertNotLocked(user.Username);
      throw new NotAuthorizedError(INCORRECT);
    }
    if (challengeName !== 'CUSTOM_CHALLENGE') {
      throw new InvalidParameterError(`the local backend runs only CUSTOM_CHALLENGE after the password (asked for ${challengeName})`);
    }
    const created = await run(ctx, pool, () =>
      triggers.createAuthChallenge({
        ...eventBase(pool, user.Username, clientId, 'CreateAuthChallenge_Authentication'),
        request: { userAttributes, challengeName, session: rounds, clientMetadata: req.ClientMetadata ?? {}, userNotFound: false },
        response: {},
      }),
    );
    const id = randomUUID();
    sessions.set(id, {
      username: user.Username,
      clientId,
      issuedAt: deps.clock.now(),
      rounds: [...rounds, { challengeName, challengeResult: false, challengeMetadata: created.response.challengeMetadata }],
      secret: created.response.privateChallengeParameters ?? {},
    });
    return {
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: { ...created.response.publicChallengeParameters, USERNAME: user.Username },
      Session: id,
    };
  };

  const takeSession = (req: Req): [string, CustomSession] => {
    const id = req.Session;
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session || session.clientId !== (req.ClientId ?? '')) throw new NotAuthorizedError('Invalid session for the user.');
    sessions.delete(id);
    if (deps.clock.now() - session.issuedAt > deps.sessionTtlMs) throw new NotAuthorizedError(SESSION_EXPIRED);
    return [id, session];
  };

  // SRP inside CUSTOM_AUTH: a proven password is one more round for the define trigger.
  const srp = passwordVerifier({
    clock: deps.clock,
    wallClock: deps.wallClock,
    sessionTtlMs: deps.sessionTtlMs,
    poolFor: deps.poolFor,
    assertNotLocked: deps.assertNotLocked,
    recordFailure: deps.recordFailure,
    async afterPassword(ctx, req, user) {
      const [, session] = takeSession(req as Req);
      if (session.username !== user.Username) throw new NotAuthorizedError(INCORRECT);
      if (user.UserStatus !== 'CONFIRMED') throw new NotAuthorizedError(INCORRECT);
      const pool = await deps.poolFor(ctx, req.ClientId);
      const rounds = [...session.rounds.slice(0, -1), { challengeName: 'PASSWORD_VERIFIER', challengeResult: true }];
      return advance(ctx, req as Req, pool, user, rounds);
    },
  });

  const initiate: Route = async (ctx, req: Req) => {
    const pool = await deps.poolFor(ctx, req.ClientId);
    const client = await deps.appClient(ctx, req.ClientId ?? '');
    if (!client?.ExplicitAuthFlows?.includes('ALLOW_CUSTOM_AUTH'))
      throw new NotAuthorizedError('CUSTOM_AUTH flow is not enabled for this client.');
    if (!triggers) throw new InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    const login = req.AuthParameters?.USERNAME;
    if (!login) throw new InvalidParameterError('Missing required parameter USERNAME');
    const user = await pool.getUserByUsername(ctx, login);
    const withSrp = req.AuthParameters?.CHALLENGE_NAME === 'SRP_A';
    const rounds: ChallengeResult[] = withSrp ? [{ challengeName: 'SRP_A', challengeResult: true }] : [];
    const defined = await run(ctx, pool, () =>
      triggers.defineAuthChallenge({
        ...eventBase(pool, user?.Username ?? login, req.ClientId ?? '', 'DefineAuthChallenge_Authentication'),
        request: {
          userAttributes: user ? attributesToRecord(user.Attributes) : {},
          session: rounds,
          clientMetadata: req.ClientMetadata ?? {},
          userNotFound: !user,
        },
        response: {},
      }),
    );
    if (defined.response.failAuthentication || defined.response.challengeName !== 'PASSWORD_VERIFIER' || !withSrp) {
      throw new NotAuthorizedError(INCORRECT);
    }
    // An unknown user gets a PASSWORD_VERIFIER that cannot be answered, as with USER_SRP_AUTH.
    const res = (await srp.initiate(ctx, req)) as Res & { ChallengeParameters: Record<string, string> };
    const id = randomUUID();
    sessions.set(id, {
      username: res.ChallengeParameters.USER_ID_FOR_SRP ?? '',
      clientId: req.ClientId ?? '',
      issuedAt: deps.clock.now(),
      rounds: [...rounds, { challengeName: 'PASSWORD_VERIFIER', challengeResult: false }],
      secret: {},
    });
    return { ...res, Session: id };
  };

  const respond: Route = async (ctx, req: Req) => {
    if (req.ChallengeName === 'PASSWORD_VERIFIER') return srp.respond(ctx, req);
    const [, session] = takeSession(req);
    const pool = await deps.poolFor(ctx, req.ClientId);
    const named = req.ChallengeResponses?.USERNAME;
    const user = named ? await pool.getUserByUsername(ctx, named) : null;
    if (!user || user.Username !== session.username) throw new NotAuthorizedError('Invalid session for the user.');
    deps.assertNotLocked(user.Username);
    if (!triggers) throw new InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    const verified = await run(ctx, pool, () =>
      triggers.verifyAuthChallengeResponse({
        ...eventBase(pool, user.Username, req.ClientId ?? '', 'VerifyAuthChallengeResponse_Authentication'),
        request: {
          userAttributes: attributesToRecord(user.Attributes),
          privateChallengeParameters: session.secret,
          challengeAnswer: req.ChallengeResponses?.ANSWER ?? '',
          clientMetadata: req.ClientMetadata ?? {},
          userNotFound: false,
        },
        response: {},
      }),
    );
    const last = session.rounds[session.rounds.length - 1];
    const rounds = [
      ...session.rounds.slice(0, -1),
      {
        challengeName: 'CUSTOM_CHALLENGE',
        challengeResult: verified.response.answerCorrect === true,
        challengeMetadata: last?.challengeMetadata,
      },
    ];
    // The verify trigger may have changed the user (a used code leaves the record): read it again.
    const fresh = await pool.getUserByUsername(ctx, user.Username);
    if (!fresh) throw new NotAuthorizedError(INCORRECT);
    return advance(ctx, req, pool, fresh, rounds);
  };

  return {
    initiate,
    owns: (req) =>
      req.ChallengeName === 'CUSTOM_CHALLENGE' || (req.ChallengeName === 'PASSWORD_VERIFIER' && !!req.Session && sessions.has(req.Session)),
    respond,
    reset() {
      sessions.clear();
      srp.reset();
    },
  };
}
