/**
 * Choice-based sign-in (`AuthFlow: USER_AUTH`) for the gap layer; cognito-local
 * has none. InitiateAuth starts with the PREFERRED_CHALLENGE when the user can
 * use it, and otherwise answers SELECT_CHALLENGE with the first factors this
 * user really has (`AvailableChallenges`): PASSWORD and PASSWORD_SRP, EMAIL_OTP
 * to a verified email, SMS_OTP to a verified phone, WEB_AUTHN only when a
 * passkey is registered, each only when the pool's
 * `Policies.SignInPolicy.AllowedFirstAuthFactors` allows it, and none of the
 * three to a user with MFA or in a pool that requires it (`availableFor`). A
 * password goes on exactly as USER_PASSWORD_AUTH / USER_SRP_AUTH do (MFA,
 * MFA_SETUP, a new password, lockout, tokens); a code or a passkey signs in
 * without MFA, since only users without MFA are offered them.
 * Codes go through the same message capture as MFA codes (the inbox) and share
 * their rules: they live as long as the session (3 minutes by default), a wrong
 * one keeps the session and counts toward the lockout after five. A session at
 * SELECT_CHALLENGE or WEB_AUTHN can choose again (a failed or cancelled passkey
 * is not a dead end). Loaded through ../gaps.ts, the one entry.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { CodeMismatchError, CognitoError, InvalidParameterError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { DeliveryDetails } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { attributeValue } from 'cognito-local/lib/services/userPoolService.js';
import type { FirstAuthFactor } from '../synth.js';
import { INCORRECT, SESSION_EXPIRED } from './passwordVerifier.js';
import { credentialsOf } from './webAuthn.js';
import type { WebAuthnGap } from './webAuthn.js';

/** What AvailableChallenges and SELECT_CHALLENGE's ANSWER name. */
type FirstChallenge = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/** Cognito's passwordless one-time codes have 8 digits (SMS MFA codes have 6). */
export const OTP_DIGITS = 8;

type Req = Record<string, unknown> & {
  ClientId?: string;
  AuthParameters?: Record<string, string>;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
  ClientMetadata?: Record<string, string>;
};
type Res = Record<string, unknown>;

interface Clock {
  now(): number;
}

interface FirstFactorSession {
  readonly username: string;
  readonly challenge: 'SELECT_CHALLENGE' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
  readonly issuedAt: number;
  readonly clientId: string;
  readonly available: readonly FirstChallenge[];
  /** The code sent for EMAIL_OTP / SMS_OTP. */
  readonly code?: string;
  /** The WebAuthn challenge of a WEB_AUTHN session; gone once answered (single use). */
  readonly webAuthnChallenge?: string;
}

export interface UserAuthDeps {
  readonly clock: Clock;
  readonly sessionTtlMs: number;
  /** The pool's AllowedFirstAuthFactors; undefined when the pool has no USER_AUTH. */
  readonly allowedFirstAuthFactors: readonly FirstAuthFactor[] | undefined;
  readonly webAuthn: WebAuthnGap;
  poolFor(ctx: Context, clientId: string | undefined): Promise<UserPoolService>;
  assertNotLocked(username: string): void;
  recordFailure(username: string): void;
  clearFailures(username: string): void;
  /** The USER_PASSWORD_AUTH path for this user and password (MFA, lockout, tokens). */
  passwordSignIn(ctx: Context, req: Req, user: User, password: string): Promise<Res>;
  /** The USER_SRP_AUTH start for this user and SRP_A (answers PASSWORD_VERIFIER). */
  srpInitiate(ctx: Context, req: Req, user: User, srpA: string | undefined): Promise<Res>;
  tokensFor(ctx: Context, req: Req, pool: UserPoolService, user: User): Promise<Res>;
  deliver(ctx: Context, req: Req, pool: UserPoolService, user: User, code: string, details: DeliveryDetails): Promise<void>;
  maskPhone(phone: string): string;
}

/** Cognito shows an email as `p***@e***`. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

const FIRST_CHALLENGES: readonly FirstChallenge[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const isFirstChallenge = (x: unknown): x is FirstChallenge => FIRST_CHALLENGES.includes(x as FirstChallenge);

export interface UserAuth {
  initiate(ctx: Context, req: Req): Promise<Res>;
  /** Whether a RespondToAuthChallenge session is one of USER_AUTH's first-factor sessions. */
  owns(session: string | undefined): boolean;
  respond(ctx: Context, req: Req): Promise<Res>;
  reset(): void;
}

export function userAuth(deps: UserAuthDeps): UserAuth {
  const sessions = new Map<string, FirstFactorSession>();

  const open = (session: Omit<FirstFactorSession, 'issuedAt'>): string => {
    const id = randomUUID();
    sessions.set(id, { ...session, issuedAt: deps.clock.now() });
    return id;
  };

  /**
   * The first factors this user can use now, in the order Cognito lists them. MFA and the passwordless factors do
   * not go together: a user with MFA active, or any user of a pool that requires MFA, is offered the password
   * alone, and their MFA follows it as after USER_PASSWORD_AUTH / USER_SRP_AUTH (Amplify's "Passwordless" page,
   * https://docs.amplify.aws/react/build-a-backend/auth/concepts/passwordless/, after Cognito's MFA prerequisites,
   * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html#user-pool-settings-mfa-prerequisites).
   */
  const availableFor = (pool: UserPoolService, user: User): FirstChallenge[] => {
    const mode = pool.options.MfaConfiguration;
    const mfaBound = mode === 'ON' || (mode === 'OPTIONAL' && (user.UserMFASettingList ?? []).length > 0);
    const allowed = new Set((deps.allowedFirstAuthFactors ?? []).filter((f) => !mfaBound || f === 'PASSWORD'));
    const verified = (name: string) => attributeValue(`${name}_verified`, user.Attributes) === 'true';
    return [
      ...(allowed.has('PASSWORD') && user.Password ? (['PASSWORD', 'PASSWORD_SRP'] as const) : []),
      ...(allowed.has('EMAIL_OTP') && attributeValue('email', user.Attributes) && verified('email') ? (['EMAIL_OTP'] as const) : []),
      ...(allowed.has('SMS_OTP') && attributeValue('phone_number', user.Attributes) && verified('phone_number')
        ? (['SMS_OTP'] as const)
        : []),
      // Never offered without a passkey: nothing claims one exists when it does not.
      ...(allowed.has('WEB_AUTHN') && credentialsOf(user).length > 0 ? (['WEB_AUTHN'] as const) : []),
    ];
  };

  const selectChallenge = (req: Req, user: User, available: readonly FirstChallenge[]): Res => ({
    ChallengeName: 'SELECT_CHALLENGE',
    ChallengeParameters: { USERNAME: user.Username },
    AvailableChallenges: available,
    Session: open({ username: user.Username, challenge: 'SELECT_CHALLENGE', clientId: req.ClientId ?? '', available }),
  });

  const otpChallenge = async (
    ctx: Context,
    req: Req,
    pool: UserPoolService,
    user: User,
    challenge: 'EMAIL_OTP' | 'SMS_OTP',
    available: readonly FirstChallenge[],
  ): Promise<Res> => {
    const email = challenge === 'EMAIL_OTP';
    const destination = attributeValue(email ? 'email' : 'phone_number', user.Attributes) ?? '';
    const code = String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
    const details: DeliveryDetails = email
      ? { DeliveryMedium: 'EMAIL', AttributeName: 'email', Destination: destination }
      : { DeliveryMedium: 'SMS', AttributeName: 'phone_number', Destination: destination };
    await deps.deliver(ctx, req, pool, user, code, details);
    return {
      ChallengeName: challenge,
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: email ? 'EMAIL' : 'SMS',
        CODE_DELIVERY_DESTINATION: email ? maskEmail(destination) : deps.maskPhone(destination),
        USERNAME: user.Username,
      },
      Session: open({ username: user.Username, challenge, clientId: req.ClientId ?? '', available, code }),
    };
  };

  const webAuthnChallenge = async (req: Req, user: User, available: readonly FirstChallenge[]): Promise<Res> => {
    const { options, challenge } = await deps.webAuthn.assertionChallenge(user);
    return {
      ChallengeName: 'WEB_AUTHN',
      ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: options, USERNAME: user.Username },
      Session: open({
        username: user.Username,
        challenge: 'WEB_AUTHN',
        clientId: req.ClientId ?? '',
        available,
        webAuthnChallenge: challenge,
      }),
    };
  };

  /** Starts the chosen first factor; PASSWORD and PASSWORD_SRP need the password or SRP_A with the choice. */
  const start = async (
    ctx: Context,
    req: Req,
    pool: UserPoolService,
    user: User,
    choice: FirstChallenge,
    available: readonly FirstChallenge[],
    params: Record<string, string>,
  ): Promise<Res> => {
    if (choice === 'PASSWORD') {
      if (!params.PASSWORD) throw new InvalidParameterError('PASSWORD is required with the PASSWORD challenge');
      return deps.passwordSignIn(ctx, req, user, params.PASSWORD);
    }
    if (choice === 'PASSWORD_SRP') return deps.srpInitiate(ctx, req, user, params.SRP_A);
    if (choice === 'WEB_AUTHN') return webAuthnChallenge(req, user, available);
    return otpChallenge(ctx, req, pool, user, choice, available);
  };

  const userNamed = async (ctx: Context, pool: UserPoolService, name: string | undefined): Promise<User> => {
    const user = name ? await pool.getUserByUsername(ctx, name) : null;
    if (!user) throw new NotAuthorizedError(INCORRECT);
    return user;
  };

  const initiate: UserAuth['initiate'] = async (ctx, req) => {
    if (!deps.allowedFirstAuthFactors) {
      throw new InvalidParameterError('USER_AUTH flow not enabled for this client');
    }
    const pool = await deps.poolFor(ctx, req.ClientId);
    const params = req.AuthParameters ?? {};
    if (!params.USERNAME) throw new InvalidParameterError('Missing required parameter USERNAME');
    const preferred = params.PREFERRED_CHALLENGE;
    if (preferred !== undefined && !isFirstChallenge(preferred)) {
      throw new InvalidParameterError(`PREFERRED_CHALLENGE must be one of ${FIRST_CHALLENGES.join(', ')}`);
    }
    const user = await userNamed(ctx, pool, params.USERNAME);
    deps.assertNotLocked(user.Username);
    if (user.UserStatus === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
    if (user.UserStatus === 'RESET_REQUIRED')
      throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
    const available = availableFor(pool, user);
    // The preferred challenge when this user can use it; otherwise the choice, as Cognito does.
    if (preferred && available.includes(preferred)) return start(ctx, req, pool, user, preferred, available, params);
    return selectChallenge(req, user, available);
  };

  const take = (req: Req): [string, FirstFactorSession] => {
    const id = req.Session ?? '';
    const session = sessions.get(id);
    if (!session) throw new NotAuthorizedError('Invalid session for the user.');
    if (deps.clock.now() - session.issuedAt > deps.sessionTtlMs) {
      sessions.delete(id);
      throw new NotAuthorizedError(SESSION_EXPIRED);
    }
    if (session.clientId !== (req.ClientId ?? '')) throw new NotAuthorizedError('Invalid session for the user.');
    return [id, session];
  };

  const respond: UserAuth['respond'] = async (ctx, req) => {
    const [id, session] = take(req);
    const pool = await deps.poolFor(ctx, req.ClientId);
    const answer = req.ChallengeResponses ?? {};
    const user = await userNamed(ctx, pool, answer.USERNAME);
    if (user.Username !== session.username) throw new NotAuthorizedError('Invalid session for the user.');
    deps.assertNotLocked(user.Username);
    const challenge = req.ChallengeName ?? '';

    if (challenge === 'SELECT_CHALLENGE') {
      // From the choice itself, or back from a passkey that failed or was cancelled.
      if (session.challenge !== 'SELECT_CHALLENGE' && session.challenge !== 'WEB_AUTHN') {
        throw new NotAuthorizedError('Invalid session for the user.');
      }
      const choice = answer.ANSWER;
      if (!isFirstChallenge(choice) || !session.available.includes(choice)) {
        throw new InvalidParameterError(`ANSWER must be one of the available challenges: ${session.available.join(', ')}`);
      }
      // A wrong password keeps this session (the same choice can be answered again); anything else moves on.
      const res = await start(ctx, req, pool, user, choice, session.available, answer);
      sessions.delete(id);
      return res;
    }
    if (challenge !== session.challenge) throw new NotAuthorizedError('Invalid session for the user.');

    if (challenge === 'EMAIL_OTP' || challenge === 'SMS_OTP') {
      const code = answer[`${challenge}_CODE`];
      if (!code || code !== session.code) {
        deps.recordFailure(user.Username);
        throw new CodeMismatchError();
      }
    } else if (challenge === 'WEB_AUTHN') {
      const expected = session.webAuthnChallenge;
      // Single use: the challenge is spent by this answer whatever its outcome; choosing WEB_AUTHN again issues a new one.
      sessions.set(id, { ...session, webAuthnChallenge: undefined });
      if (!expected) throw new NotAuthorizedError('This passkey challenge was already answered; choose a method again.');
      try {
        await deps.webAuthn.verifyAssertion(ctx, pool, user, answer.CREDENTIAL, expected);
      } catch (e) {
        deps.recordFailure(user.Username);
        throw e;
      }
    }
    sessions.delete(id);
    deps.clearFailures(user.Username);
    return deps.tokensFor(ctx, req, pool, await userNamed(ctx, pool, user.Username));
  };

  return {
    initiate,
    owns: (session) => session !== undefined && sessions.has(session),
    respond,
    reset: () => sessions.clear(),
  };
}
