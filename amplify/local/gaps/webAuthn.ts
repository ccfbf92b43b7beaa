/**
 * Passkeys for the gap layer (cognito-local has none): StartWebAuthnRegistration,
 * CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential,
 * and the WEB_AUTHN sign-in challenge's options and check. Registration and
 * assertion are verified for real by @simplewebauthn/server against the pool's
 * relying party id (`WebAuthnRelyingPartyID` of the synthesized pool) and the
 * origins the backend serves pages from; each challenge is random, single-use
 * and expires with the sign-in session lifetime; a credential's public key and
 * sign counter are kept with its user, so a credential only ever signs its own
 * user in. Loaded through ../gaps.ts, the one entry, which refuses other cognito-local versions.
 */
import { randomBytes } from 'node:crypto';
import { CognitoError, InvalidParameterError, NotAuthorizedError, ResourceNotFoundError } from 'cognito-local/lib/errors.js';
import type { Route } from 'cognito-local/lib/server/Router.js';
import type { Context } from 'cognito-local/lib/services/context.js';
import type { User, UserPoolService } from 'cognito-local/lib/services/userPoolService.js';
import { attributeValue } from 'cognito-local/lib/services/userPoolService.js';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

/** Cognito keeps at most 20 passkeys per user. */
const MAX_CREDENTIALS = 20;

interface Clock {
  now(): number;
}

export interface RelyingParty {
  /** `WebAuthnRelyingPartyID`: the domain passkeys are bound to. */
  readonly id: string;
  /** `WebAuthnUserVerification`: `required` refuses a passkey used without a PIN or biometric. */
  readonly userVerification: 'preferred' | 'required';
  /** The page origins a ceremony may come from (`http://localhost:5173`, …), read at each check. */
  origins(): readonly string[];
}

/** A passkey as the local store keeps it, on its user's record. */
export interface StoredCredential {
  readonly CredentialId: string;
  /** The COSE public key, base64url. */
  readonly PublicKey: string;
  readonly SignCount: number;
  readonly Transports: readonly string[];
  readonly AuthenticatorAttachment?: string;
  readonly FriendlyCredentialName: string;
  readonly RelyingPartyId: string;
  /** Epoch seconds, as Cognito's API returns dates. */
  readonly CreatedAt: number;
}

type UserWithCredentials = User & { WebAuthnCredentials?: StoredCredential[] };

export const credentialsOf = (user: User): StoredCredential[] => (user as UserWithCredentials).WebAuthnCredentials ?? [];

const withCredentials = (user: User, list: StoredCredential[]): User => ({ ...user, WebAuthnCredentials: list }) as UserWithCredentials;

class WebAuthnNotEnabledError extends CognitoError {
  constructor() {
    super('WebAuthnNotEnabledException', 'Passkey (WebAuthn) sign-in is not enabled for this user pool.');
  }
}
class WebAuthnChallengeNotFoundError extends CognitoError {
  constructor() {
    super('WebAuthnChallengeNotFoundException', 'The passkey registration challenge was not found or has expired.');
  }
}
class WebAuthnOriginNotAllowedError extends CognitoError {
  constructor() {
    super('WebAuthnOriginNotAllowedException', 'The passkey was created on an origin this user pool does not allow.');
  }
}
class WebAuthnRelyingPartyMismatchError extends CognitoError {
  constructor() {
    super('WebAuthnRelyingPartyMismatchException', "The passkey's relying party does not match this user pool's.");
  }
}
class WebAuthnCredentialNotSupportedError extends CognitoError {
  constructor(message: string) {
    super('WebAuthnCredentialNotSupportedException', message);
  }
}
class LimitExceededError extends CognitoError {
  constructor() {
    super('LimitExceededException', `A user can register at most ${MAX_CREDENTIALS} passkeys.`);
  }
}

/** What a failed registration check was about, from @simplewebauthn/server's message. */
function registrationError(e: unknown): CognitoError {
  const message = e instanceof Error ? e.message : String(e);
  if (/challenge/i.test(message)) return new WebAuthnChallengeNotFoundError();
  if (/origin/i.test(message)) return new WebAuthnOriginNotAllowedError();
  if (/RP ID/i.test(message)) return new WebAuthnRelyingPartyMismatchError();
  return new WebAuthnCredentialNotSupportedError(message);
}

export interface WebAuthnDeps {
  readonly clock: Clock;
  /** How long a registration or sign-in challenge lives (the sign-in session lifetime). */
  readonly ttlMs: number;
  /** The pool's passkey settings; undefined when the pool does not allow WEB_AUTHN. */
  readonly relyingParty: RelyingParty | undefined;
  userForToken(ctx: Context, req: { AccessToken?: string }): Promise<[UserPoolService, User]>;
}

interface Pending {
  readonly challenge: string;
  readonly issuedAt: number;
}

/** A WEB_AUTHN sign-in challenge: its options (sent to the client) and the challenge to check the answer against. */
interface AssertionChallenge {
  readonly options: string;
  readonly challenge: string;
}

export interface WebAuthnGap {
  readonly routes: Record<
    'StartWebAuthnRegistration' | 'CompleteWebAuthnRegistration' | 'ListWebAuthnCredentials' | 'DeleteWebAuthnCredential',
    Route
  >;
  /** The CREDENTIAL_REQUEST_OPTIONS of a WEB_AUTHN challenge for this user (who has at least one passkey). */
  assertionChallenge(user: User): Promise<AssertionChallenge>;
  /**
   * Checks a WEB_AUTHN answer against the challenge it was issued with and the
   * user's own passkeys, and stores the new sign counter. Throws NotAuthorizedException when it fails.
   */
  verifyAssertion(ctx: Context, pool: UserPoolService, user: User, credential: string | undefined, challenge: string): Promise<void>;
  reset(): void;
}

export function webAuthnGap(deps: WebAuthnDeps): WebAuthnGap {
  const registrations = new Map<string, Pending>();

  const relyingParty = (): RelyingParty => {
    if (!deps.relyingParty) throw new WebAuthnNotEnabledError();
    return deps.relyingParty;
  };

  // One registration at a time per user: starting again replaces the challenge.
  const StartWebAuthnRegistration: Route = async (ctx, req: { AccessToken?: string }) => {
    const rp = relyingParty();
    const [, user] = await deps.userForToken(ctx, req);
    const existing = credentialsOf(user);
    if (existing.length >= MAX_CREDENTIALS) throw new LimitExceededError();
    const sub = attributeValue('sub', user.Attributes) ?? user.Username;
    const name = attributeValue('email', user.Attributes) ?? attributeValue('phone_number', user.Attributes) ?? user.Username;
    const options = await generateRegistrationOptions({
      rpName: rp.id,
      rpID: rp.id,
      userID: new TextEncoder().encode(sub),
      userName: name,
      userDisplayName: name,
      challenge: randomBytes(32),
      timeout: deps.ttlMs,
      attestationType: 'none',
      excludeCredentials: existing.map((c) => ({ id: c.CredentialId, transports: [...c.Transports] })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: rp.userVerification },
    });
    registrations.set(user.Username, { challenge: options.challenge, issuedAt: deps.clock.now() });
    return { CredentialCreationOptions: options };
  };

  const CompleteWebAuthnRegistration: Route = async (ctx, req: { AccessToken?: string; Credential?: unknown }) => {
    const rp = relyingParty();
    const [pool, user] = await deps.userForToken(ctx, req);
    const pending = registrations.get(user.Username);
    // Single use: whatever the outcome, this challenge cannot be answered again.
    registrations.delete(user.Username);
    if (!pending || deps.clock.now() - pending.issuedAt > deps.ttlMs) throw new WebAuthnChallengeNotFoundError();
    const response = req.Credential as RegistrationResponseJSON | undefined;
    if (!response || typeof response !== 'object') throw new InvalidParameterError('Missing required parameter Credential');
    let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: pending.challenge,
        expectedOrigin: [...rp.origins()],
        expectedRPID: rp.id,
        requireUserVerification: rp.userVerification === 'required',
      });
    } catch (e) {
      throw registrationError(e);
    }
    if (!verified.verified) throw new WebAuthnCredentialNotSupportedError('The passkey registration could not be verified.');
    const { credential } = verified.registrationInfo;
    // A credential id names one passkey: it cannot be registered twice, for this user or another.
    for (const other of await pool.listUsers(ctx)) {
      if (credentialsOf(other).some((c) => c.CredentialId === credential.id)) {
        throw new InvalidParameterError('This passkey is already registered.');
      }
    }
    const stored: StoredCredential = {
      CredentialId: credential.id,
      PublicKey: Buffer.from(credential.publicKey).toString('base64url'),
      SignCount: credential.counter,
      Transports: response.response.transports ?? [],
      ...(response.authenticatorAttachment ? { AuthenticatorAttachment: response.authenticatorAttachment } : {}),
      FriendlyCredentialName: response.authenticatorAttachment === 'platform' ? 'This device' : 'Security key',
      RelyingPartyId: rp.id,
      CreatedAt: Math.floor(deps.clock.now() / 1000),
    };
    const fresh = (await pool.getUserByUsername(ctx, user.Username)) ?? user;
    await pool.saveUser(ctx, withCredentials(fresh, [...credentialsOf(fresh), stored]));
    return {};
  };

  const ListWebAuthnCredentials: Route = async (ctx, req: { AccessToken?: string; MaxResults?: number; NextToken?: string }) => {
    const [, user] = await deps.userForToken(ctx, req);
    const max = req.MaxResults ?? MAX_CREDENTIALS;
    if (!Number.isInteger(max) || max < 1 || max > MAX_CREDENTIALS) {
      throw new InvalidParameterError(`MaxResults must be between 1 and ${MAX_CREDENTIALS}`);
    }
    const start = req.NextToken ? Number(req.NextToken) : 0;
    if (!Number.isInteger(start) || start < 0) throw new InvalidParameterError('Invalid NextToken');
    const all = credentialsOf(user);
    const page = all.slice(start, start + max).map((c) => ({
      CredentialId: c.CredentialId,
      FriendlyCredentialName: c.FriendlyCredentialName,
      RelyingPartyId: c.RelyingPartyId,
      AuthenticatorTransports: c.Transports,
      ...(c.AuthenticatorAttachment ? { AuthenticatorAttachment: c.AuthenticatorAttachment } : {}),
      CreatedAt: c.CreatedAt,
    }));
    return { Credentials: page, ...(start + max < all.length ? { NextToken: String(start + max) } : {}) };
  };

  const DeleteWebAuthnCredential: Route = async (ctx, req: { AccessToken?: string; CredentialId?: string }) => {
    const [pool, user] = await deps.userForToken(ctx, req);
    if (!req.CredentialId) throw new InvalidParameterError('Missing required parameter CredentialId');
    const list = credentialsOf(user);
    // Another user's credential is not found either: nobody deletes a passkey that is not theirs.
    if (!list.some((c) => c.CredentialId === req.CredentialId)) throw new ResourceNotFoundError('Credential not found');
    await pool.saveUser(
      ctx,
      withCredentials(
        user,
        list.filter((c) => c.CredentialId !== req.CredentialId),
      ),
    );
    return {};
  };

  const assertionChallenge = async (user: User): Promise<AssertionChallenge> => {
    const rp = relyingParty();
    const options = await generateAuthenticationOptions({
      rpID: rp.id,
      challenge: randomBytes(32),
      timeout: deps.ttlMs,
      userVerification: rp.userVerification,
      allowCredentials: credentialsOf(user).map((c) => ({ id: c.CredentialId, transports: [...c.Transports] as never[] })),
    });
    return { options: JSON.stringify(options), challenge: options.challenge };
  };

  const verifyAssertion: WebAuthnGap['verifyAssertion'] = async (ctx, pool, user, credential, challenge) => {
    const rp = relyingParty();
    let response: AuthenticationResponseJSON;
    try {
      response = JSON.parse(credential ?? '') as AuthenticationResponseJSON;
    } catch {
      throw new InvalidParameterError('CREDENTIAL must be the JSON of a PublicKeyCredential');
    }
    // Only this user's own passkeys are looked at: another user's credential is simply not theirs.
    const stored = credentialsOf(user).find((c) => c.CredentialId === response?.id);
    if (!stored) throw new NotAuthorizedError('The passkey is not registered for this user.');
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: [...rp.origins()],
        expectedRPID: rp.id,
        credential: {
          id: stored.CredentialId,
          publicKey: new Uint8Array(Buffer.from(stored.PublicKey, 'base64url')),
          counter: stored.SignCount,
          transports: [...stored.Transports],
        },
        requireUserVerification: rp.userVerification === 'required',
      });
      if (!result.verified) throw new Error('not verified');
      const fresh = (await pool.getUserByUsername(ctx, user.Username)) ?? user;
      await pool.saveUser(
        ctx,
        withCredentials(
          fresh,
          credentialsOf(fresh).map((c) =>
            c.CredentialId === stored.CredentialId ? { ...c, SignCount: result.authenticationInfo.newCounter } : c,
          ),
        ),
      );
    } catch (e) {
      throw new NotAuthorizedError(`The passkey could not be verified: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return {
    routes: { StartWebAuthnRegistration, CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential },
    assertionChallenge,
    verifyAssertion,
    reset: () => registrations.clear(),
  };
}
