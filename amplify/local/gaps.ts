/**
 * The one layer that closes cognito-local's gaps (FACTS §4): MFA, sessions,
 * lockout, SRP (gaps/passwordVerifier.ts), token refresh (gaps/refreshToken.ts), remembered devices (gaps/devices.ts), choice-based
 * sign-in with one-time codes (gaps/userAuth.ts) and passkeys (gaps/webAuthn.ts), so the real aws-amplify client sees
 * what real Cognito would answer. It wraps the package's router target by
 * target and is pinned to the version it was written against: another version
 * may have moved the code it patches around. This file is the one entry.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import {
  CodeMismatchError,
  CognitoError,
  InvalidParameterError,
  InvalidPasswordError,
  NotAuthorizedError,
} from 'cognito-local/lib/errors.js';
import type { Route, Router } from 'cognito-local/lib/server/Router.js';
import type { Services } from 'cognito-local/lib/services/index.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { DeliveryDetails } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import type { Messages } from 'cognito-local/lib/services/messages.js';
import { generateSecret, verify as verifyTotp } from 'cognito-local/lib/services/totp.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { attributeValue } from 'cognito-local/lib/services/userPoolService.js';
import { Targets } from 'cognito-local/lib/targets/targets.js';
import { INCORRECT, SESSION_EXPIRED, passwordVerifier } from './gaps/passwordVerifier.js';
import { type DeviceClaim, deviceTracking, wrongDeviceProof } from './gaps/devices.js';
import { authTimeOf, withAuthTime, withStandardClaims } from './gaps/idToken.js';
import { getTokensFromRefreshToken } from './gaps/refreshToken.js';
import { maskEmail, userAuth } from './gaps/userAuth.js';
import { webAuthnGap } from './gaps/webAuthn.js';
import type { RelyingParty } from './gaps/webAuthn.js';
import type { FirstAuthFactor } from './synth.js';
import { assertCanWrite, canRead, readableIdToken } from './gaps/attributePermissions.js';
import { customAuth } from './gaps/customAuth.js';
import type { RecoveryPorts, RecoveryTriggers } from '../auth/recovery/triggers.js';

const PINNED_COGNITO_LOCAL = '5.3.0';

const installed = (createRequire(import.meta.url)('cognito-local/package.json') as { version: string }).version;
if (installed !== PINNED_COGNITO_LOCAL) {
  throw new Error(
    `amplify/local/gaps.ts patches cognito-local ${PINNED_COGNITO_LOCAL} but ${installed} is installed; re-check every patch before moving the pin`,
  );
}

interface GapClock {
  now(): number;
}

export interface GapOptions {
  readonly clock: GapClock;
  /** How long a sign-in challenge session lives; Cognito's default is 3 minutes. */
  readonly sessionTtlMs: number;
  /** What an SRP claim's TIMESTAMP is checked against: the client's clock never sees `clock`'s offsets. Real time by default. */
  readonly wallClock?: GapClock;
  /** The pool's `AllowedFirstAuthFactors`: USER_AUTH is refused without them, as by a client without ALLOW_USER_AUTH. */
  readonly allowedFirstAuthFactors?: readonly FirstAuthFactor[];
  /** The pool's passkey relying party, when it allows WEB_AUTHN. */
  readonly relyingParty?: RelyingParty;
  /** The pool's custom-auth triggers (gaps/customAuth.ts runs them in-process); CUSTOM_AUTH is refused without them. */
  readonly customAuthTriggers?: (ports: RecoveryPorts) => RecoveryTriggers;
}

type Mfa = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';
type Req = Record<string, unknown> & {
  ClientId?: string;
  AuthFlow?: string;
  AuthParameters?: Record<string, string>;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
  AccessToken?: string;
  UserCode?: string;
  FriendlyDeviceName?: string;
  AttributeName?: string;
  UserAttributes?: { Name: string; Value?: string }[];
  SMSMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
  SoftwareTokenMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
  EmailMfaSettings?: { Enabled?: boolean; PreferredMfa?: boolean };
  ClientMetadata?: Record<string, string>;
};
type Res = Record<string, unknown>;

interface ChallengeSession {
  readonly username: string;
  readonly challenge: string;
  readonly issuedAt: number;
  readonly clientId: string;
  readonly totpVerified?: boolean;
  /** The device the sign-in named (DEVICE_KEY), checked to be one of the user's. */
  readonly deviceKey?: string;
  /** A device proof under way (DEVICE_PASSWORD_VERIFIER). */
  readonly deviceClaim?: DeviceClaim;
  /** The code an EMAIL_OTP challenge sent. */
  readonly code?: string;
  /** The address MFA_SETUP was answered with: it becomes the user's email once its code is right. */
  readonly setupEmail?: string;
}

const LOCKED_OUT = 'Password attempts exceeded';
const MAX_FAILURES = 5;
const MAX_LOCK_SECONDS = 15 * 60;

/** Cognito shows a phone as `+*******1234`. */
export function maskPhone(phone: string): string {
  return `+${'*'.repeat(Math.max(phone.length - 5, 0))}${phone.slice(-4)}`;
}

interface Claims {
  sub?: string;
  jti?: string;
  client_id?: string;
}

function tokenClaims(token: string | undefined): Claims {
  try {
    return JSON.parse(Buffer.from(token?.split('.')[1] ?? '', 'base64url').toString('utf8')) as Claims;
  } catch {
    throw new InvalidParameterError();
  }
}

function enabledMfas(user: User): Mfa[] {
  const list = new Set(user.UserMFASettingList ?? []);
  return (['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] as const).filter((m) => list.has(m));
}

/** Email MFA is on for the pool (set from the definition's `EnabledMfas` by server.ts; cognito-local has no such option). */
const emailMfaOn = (pool: UserPoolService) => (pool.options as { EmailMfaConfiguration?: unknown }).EmailMfaConfiguration !== undefined;
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface GapLayer {
  readonly router: Router;
  /** Forgets sessions, lockouts and revocations (the data store is reset separately). */
  reset(): void;
}

export function closeGaps(services: Services, options: GapOptions): GapLayer {
  const { clock } = options;
  const sessions = new Map<string, ChallengeSession>();
  const failures = new Map<string, { count: number; lockedUntil: number }>();
  const issuedJtis = new Map<string, Set<string>>();
  const revokedJtis = new Set<string>();
  /** When the sign-in each refresh token came from happened (`auth_time`, s): refreshed tokens keep it, as in Cognito. */
  const authTimes = new Map<string, number>();
  const devices = deviceTracking({ clock, wallClock: options.wallClock ?? { now: () => Date.now() } });

  // Remember which access tokens each user holds, so GlobalSignOut can revoke them.
  const tokenGenerator: Services['tokenGenerator'] = {
    async generate(...args) {
      const generated = await services.tokenGenerator.generate(...args);
      const tokens = { ...generated, IdToken: readableIdToken(withStandardClaims(generated.IdToken, args[1]), args[3]) };
      const authTime = authTimeOf(tokens.IdToken);
      if (args[5] !== 'RefreshTokens' && tokens.RefreshToken && authTime !== undefined) authTimes.set(tokens.RefreshToken, authTime);
      const { sub, jti } = tokenClaims(tokens.AccessToken);
      if (sub && jti) {
        const set = issuedJtis.get(sub) ?? new Set<string>();
        set.add(jti);
        issuedJtis.set(sub, set);
      }
      return tokens;
    },
  };
  const patched: Services = { ...services, tokenGenerator };
  const original = (target: keyof typeof Targets): Route => Targets[target](patched) as Route;

  const openSession = (user: User, challenge: string, clientId: string, extra: Partial<ChallengeSession> = {}) => {
    const id = randomUUID();
    sessions.set(id, { username: user.Username, challenge, issuedAt: clock.now(), clientId, ...extra });
    return id;
  };

  const takeSession = (req: Req, challenges: readonly string[]): [string, ChallengeSession] => {
    const id = req.Session;
    const session = id ? sessions.get(id) : undefined;
    if (!id || !session) throw new NotAuthorizedError('Invalid session for the user.');
    if (clock.now() - session.issuedAt > options.sessionTtlMs) {
      sessions.delete(id);
      throw new NotAuthorizedError(SESSION_EXPIRED);
    }
    if (!challenges.includes(session.challenge)) {
      throw new NotAuthorizedError('Invalid session for the user.');
    }
    return [id, session];
  };

  const assertNotLocked = (username: string) => {
    const f = failures.get(username);
    if (f && clock.now() < f.lockedUntil) throw new NotAuthorizedError(LOCKED_OUT);
  };
  // Cognito: after five failed attempts the user is locked out for one second,
  // doubling with each further failure up to about fifteen minutes.
  const recordFailure = (username: string) => {
    const count = (failures.get(username)?.count ?? 0) + 1;
    const lockSeconds = count >= MAX_FAILURES ? Math.min(2 ** (count - MAX_FAILURES), MAX_LOCK_SECONDS) : 0;
    failures.set(username, { count, lockedUntil: clock.now() + lockSeconds * 1000 });
  };

  const poolFor = (ctx: Context, clientId: string | undefined): Promise<UserPoolService> => {
    if (!clientId) throw new InvalidParameterError('Missing required parameter ClientId');
    return services.cognito.getUserPoolForClientId(ctx, clientId);
  };

  const userFor = async (ctx: Context, pool: UserPoolService, username: string | undefined): Promise<User> => {
    const user = username ? await pool.getUserByUsername(ctx, username) : null;
    if (!user) throw new NotAuthorizedError(INCORRECT);
    return user;
  };

  const userForToken = async (ctx: Context, req: Req): Promise<[UserPoolService, User]> => {
    const claims = tokenClaims(req.AccessToken);
    const pool = await poolFor(ctx, claims.client_id);
    const user = await pool.getUserByUsername(ctx, claims.sub ?? '');
    if (!user) throw new NotAuthorizedError();
    return [pool, user];
  };

  // cognito-local can only send SMS MFA through the legacy MFAOptions field,
  // which no API sets; Cognito sends it to the user's phone_number.
  const smsChallenge = async (ctx: Context, req: Req, pool: UserPoolService, user: User, deviceKey?: string): Promise<Res> => {
    const phone = attributeValue('phone_number', user.Attributes);
    if (!phone) throw new InvalidParameterError('User does not have delivery config set to turn on SMS_MFA');
    const code = services.otp();
    await services.messages.deliver(ctx, 'Authentication', req.ClientId ?? null, pool.options.Id, user, code, req.ClientMetadata, {
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
      Destination: phone,
    });
    await pool.saveUser(ctx, { ...user, MFACode: code });
    return {
      ChallengeName: 'SMS_MFA',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: maskPhone(phone),
        USER_ID_FOR_SRP: user.Username,
      },
      Session: openSession(user, 'SMS_MFA', req.ClientId ?? '', { deviceKey }),
    };
  };

  const totpChallenge = (req: Req, user: User, deviceKey?: string): Res => ({
    ChallengeName: 'SOFTWARE_TOKEN_MFA',
    ChallengeParameters: { USER_ID_FOR_SRP: user.Username },
    Session: openSession(user, 'SOFTWARE_TOKEN_MFA', req.ClientId ?? '', { deviceKey }),
  });

  // cognito-local has no email MFA: Cognito sends a code to the user's email (or, in MFA_SETUP, to the address
  // the user gave), and the sign-in answers EMAIL_OTP with EMAIL_OTP_CODE.
  const emailChallenge = async (
    ctx: Context,
    req: Req,
    pool: UserPoolService,
    user: User,
    extra: { deviceKey?: string; setupEmail?: string },
  ): Promise<Res> => {
    const email = extra.setupEmail ?? attributeValue('email', user.Attributes);
    if (!email) throw new InvalidParameterError('User does not have delivery config set to turn on EMAIL_OTP');
    const code = services.otp();
    await services.messages.deliver(ctx, 'Authentication', req.ClientId ?? null, pool.options.Id, user, code, req.ClientMetadata, {
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
      Destination: email,
    });
    return {
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: maskEmail(email),
        USER_ID_FOR_SRP: user.Username,
      },
      Session: openSession(user, 'EMAIL_OTP', req.ClientId ?? '', { ...extra, code }),
    };
  };

  // Which challenge follows a correct password: the preferred method if one
  // is set (cognito-local ignores it), MFA_SETUP in a REQUIRED pool for a user
  // with no method (cognito-local rejects them), else selection or the one method.
  const mfaChallenge = async (ctx: Context, req: Req, pool: UserPoolService, user: User, deviceKey?: string): Promise<Res | null> => {
    const methods = enabledMfas(user);
    const mode = pool.options.MfaConfiguration;
    if (methods.length === 0) {
      if (mode !== 'ON') return null;
      const canSetUp = [
        ...(pool.options.SmsAuthenticationMessage ? ['SMS_MFA'] : []),
        ...(pool.options.SoftwareTokenMfaConfiguration?.Enabled ? ['SOFTWARE_TOKEN_MFA'] : []),
        ...(emailMfaOn(pool) ? ['EMAIL_OTP'] : []),
      ];
      return {
        ChallengeName: 'MFA_SETUP',
        ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(canSetUp), USER_ID_FOR_SRP: user.Username },
        Session: openSession(user, 'MFA_SETUP', req.ClientId ?? '', { deviceKey }),
      };
    }
    if (mode === 'OFF') return null;
    const preferred = user.PreferredMfaSetting as Mfa | undefined;
    const choice = preferred && methods.includes(preferred) ? preferred : methods.length === 1 ? methods[0] : undefined;
    if (choice === 'SMS_MFA') return smsChallenge(ctx, req, pool, user, deviceKey);
    if (choice === 'SOFTWARE_TOKEN_MFA') return totpChallenge(req, user, deviceKey);
    if (choice === 'EMAIL_OTP') return emailChallenge(ctx, req, pool, user, { deviceKey });
    return {
      ChallengeName: 'SELECT_MFA_TYPE',
      ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(methods), USER_ID_FOR_SRP: user.Username },
      Session: openSession(user, 'SELECT_MFA_TYPE', req.ClientId ?? '', { deviceKey }),
    };
  };

  const tokensFor = async (ctx: Context, req: Req, pool: UserPoolService, user: User): Promise<Res> => {
    const client = await services.cognito.getAppClient(ctx, req.ClientId ?? '');
    if (!client) throw new NotAuthorizedError();
    const groups = await pool.listUserGroupMembership(ctx, user);
    const tokens = await tokenGenerator.generate(ctx, user, groups, client, req.ClientMetadata, 'Authentication');
    await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
    return { ChallengeParameters: {}, AuthenticationResult: tokens };
  };

  // Tokens for a sign-in: a device the sign-in named signed in; any other sign-in is given a new device to confirm.
  const withDevice = (pool: UserPoolService, user: User, res: Res, deviceKey: string | undefined): Res => {
    if (!res.AuthenticationResult || !devices.tracks(pool.options)) return res;
    if (deviceKey) {
      devices.authenticated(devices.known(pool.options.Id, user.Username, deviceKey));
      return res;
    }
    const metadata = devices.issue(pool.options, user.Username);
    return { ...res, AuthenticationResult: { ...(res.AuthenticationResult as Res), NewDeviceMetadata: metadata } };
  };

  // A remembered device answers for the MFA code with its own SRP proof; it never stands in for setting MFA up.
  const deviceChallenge = (req: Req, pool: UserPoolService, user: User, deviceKey: string): Res | null => {
    const device = devices.known(pool.options.Id, user.Username, deviceKey);
    const asksForCode = enabledMfas(user).length > 0 && pool.options.MfaConfiguration !== 'OFF';
    if (!asksForCode || !devices.replacesMfa(pool.options, device)) return null;
    return {
      ChallengeName: 'DEVICE_SRP_AUTH',
      ChallengeParameters: { USERNAME: user.Username, DEVICE_KEY: deviceKey },
      Session: openSession(user, 'DEVICE_SRP_AUTH', req.ClientId ?? '', { deviceKey }),
    };
  };

  const passwordSignIn = async (ctx: Context, req: Req): Promise<Res> => {
    const pool = await poolFor(ctx, req.ClientId);
    if (!req.AuthParameters?.USERNAME) throw new InvalidParameterError('Missing required parameter USERNAME');
    const user = await pool.getUserByUsername(ctx, req.AuthParameters.USERNAME);
    // cognito-local says "User not authorized"; Cognito (PreventUserExistenceErrors) says what it says to a wrong password.
    if (!user) throw new NotAuthorizedError(INCORRECT);
    assertNotLocked(user.Username);
    // A device key is only looked at once the password is right, so it tells nothing to whoever lacks the password.
    const deviceKey = devices.tracks(pool.options) ? req.AuthParameters?.DEVICE_KEY || undefined : undefined;
    if (user.UserStatus === 'CONFIRMED' && user.Password === req.AuthParameters?.PASSWORD) {
      const challenge =
        (deviceKey ? deviceChallenge(req, pool, user, deviceKey) : null) ?? (await mfaChallenge(ctx, req, pool, user, deviceKey));
      if (challenge) return challenge;
    }
    try {
      const res = (await original('InitiateAuth')(ctx, req)) as Res;
      if (res.AuthenticationResult) failures.delete(user.Username);
      if (typeof res.ChallengeName === 'string' && typeof res.Session === 'string') {
        sessions.set(res.Session, {
          username: user.Username,
          challenge: res.ChallengeName,
          issuedAt: clock.now(),
          clientId: req.ClientId ?? '',
          deviceKey,
        });
      }
      return withDevice(pool, user, res, deviceKey);
    } catch (e) {
      // cognito-local says InvalidPasswordException; Cognito says NotAuthorizedException.
      if (e instanceof InvalidPasswordError) {
        recordFailure(user.Username);
        throw new NotAuthorizedError(INCORRECT);
      }
      throw e;
    }
  };

  // USER_SRP_AUTH: once the claim is proven, the sign-in goes on as USER_PASSWORD_AUTH with the stored password.
  const srp = passwordVerifier({
    clock,
    wallClock: options.wallClock ?? { now: () => Date.now() },
    sessionTtlMs: options.sessionTtlMs,
    poolFor,
    assertNotLocked,
    recordFailure,
    afterPassword: (ctx, req, user) =>
      passwordSignIn(ctx, {
        ClientId: req.ClientId,
        ClientMetadata: req.ClientMetadata,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: user.Username,
          PASSWORD: user.Password ?? '',
          ...(req.ChallengeResponses?.DEVICE_KEY ? { DEVICE_KEY: req.ChallengeResponses.DEVICE_KEY } : {}),
        },
      }),
  });

  const webAuthn = webAuthnGap({
    clock,
    ttlMs: options.sessionTtlMs,
    relyingParty: options.allowedFirstAuthFactors?.includes('WEB_AUTHN') ? options.relyingParty : undefined,
    userForToken,
  });

  // USER_AUTH: a chosen password continues as USER_PASSWORD_AUTH / USER_SRP_AUTH; codes and passkeys sign in.
  const choice = userAuth({
    clock,
    sessionTtlMs: options.sessionTtlMs,
    allowedFirstAuthFactors: options.allowedFirstAuthFactors,
    webAuthn,
    poolFor,
    assertNotLocked,
    recordFailure,
    clearFailures: (username) => failures.delete(username),
    passwordSignIn: (ctx, req, user, password) =>
      passwordSignIn(ctx, {
        ClientId: req.ClientId,
        ClientMetadata: req.ClientMetadata,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: user.Username, PASSWORD: password },
      }),
    srpInitiate: (ctx, req, user, srpA) =>
      srp.initiate(ctx, {
        ClientId: req.ClientId,
        ClientMetadata: req.ClientMetadata,
        AuthParameters: { USERNAME: user.Username, SRP_A: srpA ?? '' },
      }),
    tokensFor,
    deliver: (ctx, req, pool, user, code, details) =>
      services.messages.deliver(ctx, 'Authentication', req.ClientId ?? null, pool.options.Id, user, code, req.ClientMetadata, details),
    maskPhone,
  });
  /** REFRESH_TOKEN_AUTH (and GetTokensFromRefreshToken, served by it): new tokens, with the auth_time of the sign-in. */
  const refresh = async (ctx: Context, req: Req): Promise<Res> => {
    const res = (await original('InitiateAuth')(ctx, req)) as { AuthenticationResult?: Record<string, unknown> };
    const authTime = authTimes.get(req.AuthParameters?.REFRESH_TOKEN ?? '');
    const result = res.AuthenticationResult;
    if (!result || authTime === undefined) return res;
    const keep = (token: unknown) => (typeof token === 'string' ? withAuthTime(token, authTime) : token);
    return { ...res, AuthenticationResult: { ...result, IdToken: keep(result.IdToken), AccessToken: keep(result.AccessToken) } };
  };

  // CUSTOM_AUTH (recovery codes): the pool's triggers, run in-process.
  const custom = customAuth({
    clock,
    wallClock: options.wallClock ?? { now: () => Date.now() },
    sessionTtlMs: options.sessionTtlMs,
    triggers: options.customAuthTriggers,
    poolFor,
    appClient: (ctx, clientId) => services.cognito.getAppClient(ctx, clientId),
    assertNotLocked,
    isLocked: (username) => clock.now() < (failures.get(username)?.lockedUntil ?? 0),
    recordFailure,
    clearFailures: (username) => failures.delete(username),
    isRevoked: (jti) => revokedJtis.has(jti),
    tokensFor,
  });

  const InitiateAuth: Route = async (ctx, req: Req) => {
    if (req.AuthFlow === 'USER_PASSWORD_AUTH') return passwordSignIn(ctx, req);
    if (req.AuthFlow === 'CUSTOM_AUTH') return custom.initiate(ctx, req);
    if (req.AuthFlow === 'USER_SRP_AUTH') return srp.initiate(ctx, req);
    if (req.AuthFlow === 'USER_AUTH') {
      // PASSWORD_SRP as the preferred challenge is USER_SRP_AUTH's start, with the same SRP_A.
      const params = req.AuthParameters ?? {};
      if (params.PREFERRED_CHALLENGE === 'PASSWORD_SRP' && options.allowedFirstAuthFactors?.includes('PASSWORD')) {
        return srp.initiate(ctx, { ...req, AuthParameters: { USERNAME: params.USERNAME ?? '', SRP_A: params.SRP_A ?? '' } });
      }
      return choice.initiate(ctx, req);
    }
    if (req.AuthFlow === 'REFRESH_TOKEN_AUTH' || req.AuthFlow === 'REFRESH_TOKEN') return refresh(ctx, req);
    return original('InitiateAuth')(ctx, req);
  };

  const RespondToAuthChallenge: Route = async (ctx, req: Req) => {
    const challenge = req.ChallengeName ?? '';
    if (custom.owns(req)) return custom.respond(ctx, req);
    if (challenge === 'PASSWORD_VERIFIER') return srp.respond(ctx, req);
    if (choice.owns(req.Session)) return choice.respond(ctx, req);
    const [sessionId, session] = takeSession(req, [challenge]);
    const pool = await poolFor(ctx, req.ClientId);
    const user = await userFor(ctx, pool, req.ChallengeResponses?.USERNAME);
    if (user.Username !== session.username) throw new NotAuthorizedError('Invalid session for the user.');
    assertNotLocked(user.Username);

    if (challenge === 'SELECT_MFA_TYPE') {
      const answer = req.ChallengeResponses?.ANSWER;
      if (answer !== 'SMS_MFA' && answer !== 'SOFTWARE_TOKEN_MFA' && answer !== 'EMAIL_OTP') {
        throw new InvalidParameterError('SELECT_MFA_TYPE requires ANSWER of SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP');
      }
      if (!enabledMfas(user).includes(answer)) throw new InvalidParameterError(`${answer} is not enabled for the user`);
      sessions.delete(sessionId);
      if (answer === 'EMAIL_OTP') return emailChallenge(ctx, req, pool, user, { deviceKey: session.deviceKey });
      return answer === 'SMS_MFA' ? smsChallenge(ctx, req, pool, user, session.deviceKey) : totpChallenge(req, user, session.deviceKey);
    }
    if (challenge === 'MFA_SETUP' && req.ChallengeResponses?.EMAIL !== undefined) {
      // Email MFA set up during sign-in: the code goes to the address given, which is the user's once the code is right.
      const email = req.ChallengeResponses.EMAIL.trim();
      if (!emailMfaOn(pool)) throw new InvalidParameterError('Email MFA is not enabled for this user pool');
      if (!EMAIL_ADDRESS.test(email)) throw new InvalidParameterError('Invalid email address format.');
      sessions.delete(sessionId);
      return emailChallenge(ctx, req, pool, user, { deviceKey: session.deviceKey, setupEmail: email });
    }
    if (challenge === 'EMAIL_OTP') {
      if (req.ChallengeResponses?.EMAIL_OTP_CODE !== session.code) {
        // A wrong code keeps the session (the same challenge can be answered again) and counts a failure.
        recordFailure(user.Username);
        throw new CodeMismatchError();
      }
      sessions.delete(sessionId);
      failures.delete(user.Username);
      let signedIn = user;
      if (session.setupEmail) {
        const attributes = (user.Attributes ?? []).filter((a) => a.Name !== 'email' && a.Name !== 'email_verified');
        signedIn = {
          ...user,
          Attributes: [...attributes, { Name: 'email', Value: session.setupEmail }, { Name: 'email_verified', Value: 'true' }],
          UserMFASettingList: [...new Set([...(user.UserMFASettingList ?? []), 'EMAIL_OTP'])],
        };
        await pool.saveUser(ctx, signedIn);
      }
      return withDevice(pool, signedIn, await tokensFor(ctx, req, pool, signedIn), session.deviceKey);
    }
    if (challenge === 'MFA_SETUP') {
      if (!session.totpVerified) throw new InvalidParameterError('MFA_SETUP needs a verified software token');
      sessions.delete(sessionId);
      failures.delete(user.Username);
      return withDevice(pool, user, await tokensFor(ctx, req, pool, await userFor(ctx, pool, user.Username)), session.deviceKey);
    }
    if (challenge === 'DEVICE_SRP_AUTH') {
      if (req.ChallengeResponses?.DEVICE_KEY !== session.deviceKey) throw new NotAuthorizedError('Invalid session for the user.');
      const device = devices.known(pool.options.Id, user.Username, session.deviceKey ?? '');
      if (!devices.replacesMfa(pool.options, device)) throw new NotAuthorizedError('Invalid session for the user.');
      const { claim, parameters } = devices.startProof(device, req.ChallengeResponses?.SRP_A);
      sessions.delete(sessionId);
      return {
        ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
        ChallengeParameters: parameters,
        Session: openSession(user, 'DEVICE_PASSWORD_VERIFIER', req.ClientId ?? '', { deviceKey: device.key, deviceClaim: claim }),
      };
    }
    if (challenge === 'DEVICE_PASSWORD_VERIFIER') {
      // One answer per proof: a wrong one ends the sign-in, which starts again with the password.
      sessions.delete(sessionId);
      const device = devices.known(pool.options.Id, user.Username, session.deviceKey ?? '');
      if (!session.deviceClaim || !devices.checkProof(device, session.deviceClaim, req.ChallengeResponses ?? {})) {
        recordFailure(user.Username);
        throw wrongDeviceProof();
      }
      failures.delete(user.Username);
      devices.authenticated(device);
      return tokensFor(ctx, req, pool, user);
    }
    try {
      const res = (await original('RespondToAuthChallenge')(ctx, req)) as Res;
      sessions.delete(sessionId);
      failures.delete(user.Username);
      // A new password is not the end of the sign-in: MFA follows it (MFA_SETUP where the pool requires it), as
      // after any password; cognito-local hands the tokens out straight away.
      if (challenge === 'NEW_PASSWORD_REQUIRED' && res.AuthenticationResult) {
        const next = await mfaChallenge(ctx, req, pool, await userFor(ctx, pool, user.Username), session.deviceKey);
        if (next) return next;
      }
      return withDevice(pool, user, res, session.deviceKey);
    } catch (e) {
      // A wrong code keeps the session (the same challenge can be answered again) and counts a failure.
      if (e instanceof CodeMismatchError) recordFailure(user.Username);
      throw e;
    }
  };

  // MFA_SETUP: during sign-in the token is associated and verified with the
  // challenge session instead of an access token.
  const AssociateSoftwareToken: Route = async (ctx, req: Req) => {
    if (req.AccessToken) return original('AssociateSoftwareToken')(ctx, req);
    const [sessionId, session] = takeSession(req, ['MFA_SETUP']);
    const pool = await poolFor(ctx, session.clientId);
    const user = await userFor(ctx, pool, session.username);
    const secret = generateSecret();
    await pool.saveUser(ctx, { ...user, SoftwareTokenMfaConfiguration: { Secret: secret, Verified: false } });
    return { SecretCode: secret, Session: sessionId };
  };

  const VerifySoftwareToken: Route = async (ctx, req: Req) => {
    if (req.AccessToken) return original('VerifySoftwareToken')(ctx, req);
    const [sessionId, session] = takeSession(req, ['MFA_SETUP']);
    const pool = await poolFor(ctx, session.clientId);
    const user = await userFor(ctx, pool, session.username);
    const secret = user.SoftwareTokenMfaConfiguration?.Secret;
    if (!secret) throw new InvalidParameterError('User has not associated a software token');
    if (!req.UserCode || !verifyTotp(secret, req.UserCode)) {
      recordFailure(user.Username);
      throw new CodeMismatchError();
    }
    const methods = new Set(user.UserMFASettingList ?? []);
    methods.add('SOFTWARE_TOKEN_MFA');
    await pool.saveUser(ctx, {
      ...user,
      SoftwareTokenMfaConfiguration: { Secret: secret, Verified: true, FriendlyDeviceName: req.FriendlyDeviceName },
      UserMFASettingList: [...methods],
    });
    sessions.set(sessionId, { ...session, totpVerified: true });
    return { Status: 'SUCCESS', Session: sessionId };
  };

  // cognito-local has no GlobalSignOut: revoke every refresh token and every access token issued so far.
  const GlobalSignOut: Route = async (ctx, req: Req) => {
    const [pool, user] = await userForToken(ctx, req);
    const sub = attributeValue('sub', user.Attributes) ?? user.Username;
    for (const jti of issuedJtis.get(sub) ?? []) revokedJtis.add(jti);
    issuedJtis.delete(sub);
    await pool.saveUser(ctx, { ...user, RefreshTokens: [] });
    return {};
  };

  // Cognito refuses to turn SMS MFA on for a user without a phone number, and
  // keeps the preferred method unless the request changes it; cognito-local
  // forgets it whenever a request does not name it again.
  // cognito-local ignores EmailMfaSettings: email MFA needs the pool's email MFA and the user's email address.
  const SetUserMFAPreference: Route = async (ctx, req: Req) => {
    const [pool, before] = await userForToken(ctx, req);
    if ((req.SMSMfaSettings?.Enabled || req.SMSMfaSettings?.PreferredMfa) && !attributeValue('phone_number', before.Attributes)) {
      throw new InvalidParameterError('User does not have delivery config set to turn on SMS_MFA');
    }
    const email = req.EmailMfaSettings;
    if (email?.Enabled || email?.PreferredMfa) {
      if (!emailMfaOn(pool)) throw new InvalidParameterError('Email MFA is not enabled for this user pool');
      if (!attributeValue('email', before.Attributes)) {
        throw new InvalidParameterError('User does not have delivery config set to turn on EMAIL_OTP');
      }
    }
    const res = await original('SetUserMFAPreference')(ctx, req);
    const after = await pool.getUserByUsername(ctx, before.Username);
    if (!after) return res;
    const methods = new Set(after.UserMFASettingList ?? []);
    if (email?.Enabled || email?.PreferredMfa) methods.add('EMAIL_OTP');
    else if (email?.Enabled === false) methods.delete('EMAIL_OTP');
    const kept = before.PreferredMfaSetting as Mfa | undefined;
    const settings = { SMS_MFA: req.SMSMfaSettings, SOFTWARE_TOKEN_MFA: req.SoftwareTokenMfaSettings, EMAIL_OTP: email };
    const namesPreferred = Object.values(settings).some((x) => x?.PreferredMfa === true);
    const keepsPreferred = kept && !namesPreferred && settings[kept]?.PreferredMfa !== false && methods.has(kept);
    await pool.saveUser(ctx, {
      ...after,
      // Cognito leaves the list out when no method is on; cognito-local keeps an empty one.
      UserMFASettingList: methods.size > 0 ? [...methods] : undefined,
      PreferredMfaSetting: email?.PreferredMfa ? 'EMAIL_OTP' : keepsPreferred ? kept : after.PreferredMfaSetting,
    });
    return res;
  };

  // cognito-local sends every attribute code to the pool's auto-verified
  // medium (email here); Cognito sends a phone_number code by SMS to that phone.
  const viaAttribute = (attributeName: string): Services => {
    const messages: Messages = {
      deliver(ctx, source, clientId, poolId, user, code, metadata, details) {
        const phone = attributeValue('phone_number', user.UnverifiedAttributeChanges) ?? attributeValue('phone_number', user.Attributes);
        const target: DeliveryDetails =
          attributeName === 'phone_number' && phone
            ? { DeliveryMedium: 'SMS', AttributeName: 'phone_number', Destination: phone }
            : details;
        return services.messages.deliver(ctx, source, clientId, poolId, user, code, metadata, target);
      },
    };
    return { ...patched, messages };
  };
  const maskDetails = (d: { AttributeName?: string; DeliveryMedium?: string; Destination?: string }) =>
    d.DeliveryMedium === 'SMS' && d.Destination ? { ...d, Destination: maskPhone(d.Destination) } : d;

  const UpdateUserAttributes: Route = async (ctx, req: Req) => {
    const client = await services.cognito.getAppClient(ctx, tokenClaims(req.AccessToken).client_id ?? '');
    assertCanWrite(
      client,
      (req.UserAttributes ?? []).map((a) => a.Name),
    );
    const changesPhone = (req.UserAttributes ?? []).some((a) => a.Name === 'phone_number');
    const changesEmail = (req.UserAttributes ?? []).some((a) => a.Name === 'email');
    if (!changesPhone || changesEmail) return original('UpdateUserAttributes')(ctx, req);
    const res = (await Targets.UpdateUserAttributes(viaAttribute('phone_number'))(ctx, req as never)) as {
      CodeDeliveryDetailsList?: { AttributeName?: string; DeliveryMedium?: string; Destination?: string }[];
    };
    const phone = (req.UserAttributes ?? []).find((a) => a.Name === 'phone_number')?.Value;
    return {
      CodeDeliveryDetailsList: (res.CodeDeliveryDetailsList ?? []).map(() =>
        maskDetails({ AttributeName: 'phone_number', DeliveryMedium: 'SMS', Destination: phone }),
      ),
    };
  };

  const GetUserAttributeVerificationCode: Route = async (ctx, req: Req) => {
    const attributeName = req.AttributeName ?? '';
    await Targets.GetUserAttributeVerificationCode(viaAttribute(attributeName))(ctx, req as never);
    const [, user] = await userForToken(ctx, req);
    const destination = attributeValue(attributeName, user.UnverifiedAttributeChanges) ?? attributeValue(attributeName, user.Attributes);
    return {
      CodeDeliveryDetails: maskDetails({
        AttributeName: attributeName,
        DeliveryMedium: attributeName === 'phone_number' ? 'SMS' : 'EMAIL',
        Destination: destination,
      }),
    };
  };

  // GetUser shows only what the client may read; DeleteUserAttributes deletes only what it may write.
  const GetUser: Route = async (ctx, req: Req) => {
    const res = (await original('GetUser')(ctx, req)) as { UserAttributes?: { Name: string }[] };
    const client = await services.cognito.getAppClient(ctx, tokenClaims(req.AccessToken).client_id ?? '');
    return { ...res, UserAttributes: (res.UserAttributes ?? []).filter((a) => a.Name === 'sub' || canRead(client, a.Name)) };
  };
  const DeleteUserAttributes: Route = async (ctx, req: Req & { UserAttributeNames?: string[] }) => {
    const client = await services.cognito.getAppClient(ctx, tokenClaims(req.AccessToken).client_id ?? '');
    assertCanWrite(client, req.UserAttributeNames ?? []);
    return original('DeleteUserAttributes')(ctx, req);
  };

  // cognito-local has no device routes; each acts on the signed-in user's own devices only.
  const ConfirmDevice: Route = async (ctx, req: Req) => {
    const [pool, user] = await userForToken(ctx, req);
    return devices.confirm(
      pool.options,
      user.Username,
      req.DeviceKey as string | undefined,
      req.DeviceSecretVerifierConfig,
      req.DeviceName as string | undefined,
    );
  };
  const UpdateDeviceStatus: Route = async (ctx, req: Req) => {
    const [pool, user] = await userForToken(ctx, req);
    devices.setStatus(pool.options.Id, user.Username, req.DeviceKey as string | undefined, req.DeviceRememberedStatus);
    return {};
  };
  const ListDevices: Route = async (ctx, req: Req) => {
    const [pool, user] = await userForToken(ctx, req);
    return { Devices: devices.list(pool.options.Id, user.Username, req.Limit) };
  };
  const ForgetDevice: Route = async (ctx, req: Req) => {
    const [pool, user] = await userForToken(ctx, req);
    devices.forget(pool.options.Id, user.Username, req.DeviceKey as string | undefined);
    return {};
  };

  const overrides: Record<string, Route> = {
    GetUser,
    DeleteUserAttributes,
    ConfirmDevice,
    UpdateDeviceStatus,
    ListDevices,
    ForgetDevice,
    InitiateAuth,
    RespondToAuthChallenge,
    AssociateSoftwareToken,
    VerifySoftwareToken,
    GlobalSignOut,
    SetUserMFAPreference,
    UpdateUserAttributes,
    GetUserAttributeVerificationCode,
    GetTokensFromRefreshToken: getTokensFromRefreshToken(InitiateAuth),
    ...webAuthn.routes,
  };

  const router: Router = (target) => {
    const route = overrides[target] ?? (target in Targets ? original(target as keyof typeof Targets) : undefined);
    if (!route) {
      return () => Promise.reject(new CognitoError('UnsupportedOperation', `cognito-local has no ${target}`));
    }
    return async (ctx, req: Req) => {
      // An access token revoked by GlobalSignOut is refused everywhere, as Cognito does.
      if (typeof req?.AccessToken === 'string') {
        const { jti } = tokenClaims(req.AccessToken);
        if (jti && revokedJtis.has(jti)) throw new NotAuthorizedError('Access Token has been revoked');
      }
      return route(ctx, req);
    };
  };

  return {
    router,
    reset() {
      sessions.clear();
      srp.reset();
      choice.reset();
      webAuthn.reset();
      custom.reset();
      devices.reset();
      failures.clear();
      issuedJtis.clear();
      revokedJtis.clear();
      authTimes.clear();
    },
  };
}
