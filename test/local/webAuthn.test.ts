import {
  AuthError,
  associateWebAuthnCredential,
  confirmSignIn,
  deleteWebAuthnCredential,
  listWebAuthnCredentials,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import { inject } from 'vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalClock, startLocalBackend } from '../../amplify/local/server.js';
import { SoftwareAuthenticator, domException } from '../support/authenticator.js';
import { PASSWORD } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { passwordlessUser, startPasswordlessBackend } from '../support/passwordless.js';
import { cognitoCall } from './amplifySrp.js';

// Passkeys on the local backend provisioned from the passwordless variant:
// the real aws-amplify client registers, lists, deletes and signs in with them
// through a software authenticator (real P-256 keys) standing in for the
// browser's navigator.credentials, and the backend verifies every ceremony with
// @simplewebauthn/server against relying party `localhost` and its origins.
let t: TestBackend;
let device: SoftwareAuthenticator;
let uninstall: () => void;
beforeAll(async () => {
  t = await startPasswordlessBackend();
  device = new SoftwareAuthenticator('http://localhost:5173');
  uninstall = device.install();
}, 120_000);
afterAll(async () => {
  uninstall?.();
  await t?.backend.close();
});
afterEach(async () => {
  device.origin = 'http://localhost:5173';
  device.rpIdOverride = undefined;
  device.failNext = undefined;
  device.reuseNext = undefined;
  await signOut();
});

async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => new Error('expected the call to fail'),
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Error);
  expect((e as Error).message).not.toBe('expected the call to fail');
  return e as Error;
}

const DONE = { isSignedIn: true, nextStep: { signInStep: 'DONE' } };
const signInWithPassword = (email: string) =>
  signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });
const signInWithPasskey = (email: string) =>
  signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });

/** A user with a passkey on `authenticator`, registered through aws-amplify; signed out after. Returns the email and credential id. */
async function userWithPasskey(tag: string, authenticator = device) {
  const { email } = await passwordlessUser(t, tag);
  expect(await signInWithPassword(email)).toEqual(DONE);
  const restore = authenticator === device ? undefined : authenticator.install();
  try {
    await associateWebAuthnCredential();
  } finally {
    if (restore) {
      restore();
      device.install();
    }
  }
  const [credential] = (await listWebAuthnCredentials()).credentials;
  await signOut();
  return { email, credentialId: credential!.credentialId! };
}

// The protocol by hand, to forge, replay and age what a browser would send.
const call = (target: string, body: object) => cognitoCall(t.backend.endpoint, target, { ClientId: t.backend.clientId, ...body });

async function accessToken(email: string): Promise<string> {
  const res = await call('InitiateAuth', {
    AuthFlow: 'USER_AUTH',
    AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
  });
  return (res.body.AuthenticationResult as { AccessToken: string }).AccessToken;
}

async function webAuthnChallenge(email: string) {
  const res = await call('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: 'WEB_AUTHN' } });
  expect(res.body.ChallengeName).toBe('WEB_AUTHN');
  const params = res.body.ChallengeParameters as { CREDENTIAL_REQUEST_OPTIONS: string; USERNAME: string };
  const options = JSON.parse(params.CREDENTIAL_REQUEST_OPTIONS) as { challenge: string; rpId: string; allowCredentials: { id: string }[] };
  return {
    session: res.body.Session as string,
    username: params.USERNAME,
    options,
    challenge: Buffer.from(options.challenge, 'base64url'),
  };
}

const answerWebAuthn = (session: string, username: string, credential: string) =>
  call('RespondToAuthChallenge', {
    ChallengeName: 'WEB_AUTHN',
    Session: session,
    ChallengeResponses: { USERNAME: username, CREDENTIAL: credential },
  });

describe('passkey registration (StartWebAuthnRegistration / CompleteWebAuthnRegistration)', () => {
  it('associateWebAuthnCredential registers a passkey for relying party localhost, and the list shows it', async () => {
    const { email } = await passwordlessUser(t, 'pk-register');
    await signInWithPassword(email);
    await associateWebAuthnCredential();
    const asked = device.requests.at(-1)!;
    expect(asked.kind).toBe('create');
    const options = asked.options as PublicKeyCredentialCreationOptions;
    expect(options.rp.id).toBe('localhost');
    expect(options.user.name).toBe(email);
    expect(options.pubKeyCredParams).toContainEqual({ type: 'public-key', alg: -7 });
    const { credentials } = await listWebAuthnCredentials();
    expect(credentials).toEqual([
      {
        credentialId: device.held.at(-1)!.id,
        friendlyCredentialName: 'This device',
        relyingPartyId: 'localhost',
        authenticatorAttachment: 'platform',
        authenticatorTransports: ['internal'],
        createdAt: expect.any(Date),
      },
    ]);
  });

  it('a second registration excludes the passkeys the user has, so the same authenticator cannot register twice', async () => {
    const { email, credentialId } = await userWithPasskey('pk-exclude');
    await signInWithPassword(email);
    const e = await failure(associateWebAuthnCredential());
    expect(e.name).toBe('PasskeyAlreadyExists');
    const options = device.requests.at(-1)!.options as PublicKeyCredentialCreationOptions;
    expect((options.excludeCredentials ?? []).map((c) => Buffer.from(c.id as ArrayBuffer).toString('base64url'))).toEqual([credentialId]);
    expect((await listWebAuthnCredentials()).credentials).toHaveLength(1);
  });

  it('a registration from an origin the relying party does not serve is WebAuthnOriginNotAllowedException, and nothing is stored', async () => {
    const { email } = await passwordlessUser(t, 'pk-origin');
    await signInWithPassword(email);
    device.origin = 'http://127.0.0.1:5173';
    const e = await failure(associateWebAuthnCredential());
    expect(e).toBeInstanceOf(AuthError);
    expect(e.name).toBe('WebAuthnOriginNotAllowedException');
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
  });

  it('a passkey made for another relying party is WebAuthnRelyingPartyMismatchException', async () => {
    const { email } = await passwordlessUser(t, 'pk-rp');
    await signInWithPassword(email);
    device.rpIdOverride = 'example.com';
    const e = await failure(associateWebAuthnCredential());
    expect(e.name).toBe('WebAuthnRelyingPartyMismatchException');
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
  });

  it('a passkey already registered to another user cannot be registered again (InvalidParameterException)', async () => {
    const owner = await userWithPasskey('pk-dup-owner');
    const { email } = await passwordlessUser(t, 'pk-dup-other');
    await signInWithPassword(email);
    device.reuseNext = owner.credentialId;
    const e = await failure(associateWebAuthnCredential());
    expect(e.name).toBe('InvalidParameterException');
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
  });

  it('a registration challenge is single-use: completing twice is WebAuthnChallengeNotFoundException', async () => {
    const { email } = await passwordlessUser(t, 'pk-reg-once');
    const token = await accessToken(email);
    const started = await call('StartWebAuthnRegistration', { AccessToken: token });
    const created = await device.create({ publicKey: creationOptions(started.body.CredentialCreationOptions) });
    const credential = SoftwareAuthenticator.registrationJSON(created);
    expect((await call('CompleteWebAuthnRegistration', { AccessToken: token, Credential: credential })).status).toBe(200);
    const again = await call('CompleteWebAuthnRegistration', { AccessToken: token, Credential: credential });
    expect(again.body.__type).toBe('WebAuthnChallengeNotFoundException');
  });

  it('a registration challenge expires with the sign-in session lifetime (3 minutes)', async () => {
    const { email } = await passwordlessUser(t, 'pk-reg-expired');
    const token = await accessToken(email);
    const started = await call('StartWebAuthnRegistration', { AccessToken: token });
    const created = await device.create({ publicKey: creationOptions(started.body.CredentialCreationOptions) });
    t.clock.advance(3 * 60 * 1000 + 1);
    const late = await call('CompleteWebAuthnRegistration', {
      AccessToken: token,
      Credential: SoftwareAuthenticator.registrationJSON(created),
    });
    expect(late.body.__type).toBe('WebAuthnChallengeNotFoundException');
  });

  it('cancelling the browser prompt is PasskeyRegistrationCanceled and registers nothing', async () => {
    const { email } = await passwordlessUser(t, 'pk-reg-cancel');
    await signInWithPassword(email);
    device.failNext = domException('NotAllowedError');
    expect((await failure(associateWebAuthnCredential())).name).toBe('PasskeyRegistrationCanceled');
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
  });
});

describe('signing in with a passkey (the WEB_AUTHN challenge)', () => {
  it('a user with a passkey is offered WEB_AUTHN at the selection, and choosing it signs in', async () => {
    const { email } = await userWithPasskey('pk-select');
    const res = await signIn({ username: email, options: { authFlowType: 'USER_AUTH' } });
    expect(res.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'],
    });
    expect(await confirmSignIn({ challengeResponse: 'WEB_AUTHN' })).toEqual(DONE);
  });

  it('WEB_AUTHN as the preferred challenge signs in with the passkey, asking only for this user’s passkeys of localhost', async () => {
    const { email, credentialId } = await userWithPasskey('pk-preferred');
    expect(await signInWithPasskey(email)).toEqual(DONE);
    const options = device.requests.at(-1)!.options as PublicKeyCredentialRequestOptions;
    expect(options.rpId).toBe('localhost');
    expect((options.allowCredentials ?? []).map((c) => Buffer.from(c.id as ArrayBuffer).toString('base64url'))).toEqual([credentialId]);
  });

  it('the sign counter is stored: an assertion whose counter went back (a cloned passkey) is refused', async () => {
    const { email, credentialId } = await userWithPasskey('pk-counter');
    expect(await signInWithPasskey(email)).toEqual(DONE);
    await signOut();
    device.rewind(credentialId, 0);
    const e = await failure(signInWithPasskey(email));
    expect(e.name).toBe('NotAuthorizedException');
  });

  it('an assertion from an origin the relying party does not serve is refused', async () => {
    const { email } = await userWithPasskey('pk-signin-origin');
    device.origin = 'https://evil.example';
    expect((await failure(signInWithPasskey(email))).name).toBe('NotAuthorizedException');
  });

  it('another user’s passkey is refused, even signed over this sign-in’s challenge', async () => {
    const mine = await userWithPasskey('pk-mine');
    const theirs = await userWithPasskey('pk-theirs');
    const { session, username, challenge } = await webAuthnChallenge(mine.email);
    const forged = SoftwareAuthenticator.toJSON(device.assert(theirs.credentialId, challenge));
    const res = await answerWebAuthn(session, username, forged);
    expect(res.body.__type).toBe('NotAuthorizedException');
  });

  it('a replayed assertion is refused: its challenge was for a sign-in that is over', async () => {
    const { email, credentialId } = await userWithPasskey('pk-replay');
    const first = await webAuthnChallenge(email);
    const assertion = SoftwareAuthenticator.toJSON(device.assert(credentialId, first.challenge));
    expect((await answerWebAuthn(first.session, first.username, assertion)).body.AuthenticationResult).toBeDefined();
    expect((await answerWebAuthn(first.session, first.username, assertion)).body.__type).toBe('NotAuthorizedException');
    const second = await webAuthnChallenge(email);
    expect((await answerWebAuthn(second.session, second.username, assertion)).body.__type).toBe('NotAuthorizedException');
  });

  it('a WEB_AUTHN challenge is single-use: after a failed answer, even a good one needs a new challenge', async () => {
    const { email, credentialId } = await userWithPasskey('pk-once');
    const { session, username, challenge } = await webAuthnChallenge(email);
    const wrongChallenge = SoftwareAuthenticator.toJSON(device.assert(credentialId, Buffer.alloc(32)));
    expect((await answerWebAuthn(session, username, wrongChallenge)).body.__type).toBe('NotAuthorizedException');
    const good = SoftwareAuthenticator.toJSON(device.assert(credentialId, challenge));
    expect((await answerWebAuthn(session, username, good)).body.__type).toBe('NotAuthorizedException');
  });

  it('a WEB_AUTHN challenge expires with the session (3 minutes)', async () => {
    const { email, credentialId } = await userWithPasskey('pk-expired');
    const { session, username, challenge } = await webAuthnChallenge(email);
    const assertion = SoftwareAuthenticator.toJSON(device.assert(credentialId, challenge));
    t.clock.advance(3 * 60 * 1000 + 1);
    const res = await answerWebAuthn(session, username, assertion);
    expect(res.body).toMatchObject({ __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
  });

  it('a cancelled passkey prompt is not a dead end: the same sign-in goes on with an email code', async () => {
    const { email } = await userWithPasskey('pk-cancel');
    device.failNext = domException('NotAllowedError');
    expect((await failure(signInWithPasskey(email))).name).toBe('PasskeyAuthenticationCanceled');
    const res = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    expect(res.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
    const code = t.backend.inbox.latest({ email, purpose: 'Authentication' }).code;
    expect(await confirmSignIn({ challengeResponse: code })).toEqual(DONE);
  });

  it('after a cancelled prompt, choosing WEB_AUTHN again asks the authenticator again and signs in', async () => {
    const { email } = await userWithPasskey('pk-retry');
    device.failNext = domException('NotAllowedError');
    await failure(signInWithPasskey(email));
    expect(await confirmSignIn({ challengeResponse: 'WEB_AUTHN' })).toEqual(DONE);
  });
});

describe('passkey management (ListWebAuthnCredentials / DeleteWebAuthnCredential)', () => {
  it('deleting a passkey removes it from the list; with none left, WEB_AUTHN is no longer offered', async () => {
    const { email, credentialId } = await userWithPasskey('pk-delete');
    await signInWithPassword(email);
    await deleteWebAuthnCredential({ credentialId });
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
    await signOut();
    const res = await signInWithPasskey(email);
    expect(res.nextStep).toEqual({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP'],
    });
  });

  it('a deleted passkey cannot sign in, while the user’s other passkey still can', async () => {
    const laptop = new SoftwareAuthenticator('http://localhost:5173');
    const { email, credentialId: onDevice } = await userWithPasskey('pk-two');
    await signInWithPassword(email);
    const restore = laptop.install();
    await associateWebAuthnCredential();
    restore();
    device.install();
    const onLaptop = laptop.held[0]!.id;
    await deleteWebAuthnCredential({ credentialId: onDevice });
    expect((await listWebAuthnCredentials()).credentials.map((c) => c.credentialId)).toEqual([onLaptop]);
    await signOut();
    const { session, username, challenge, options } = await webAuthnChallenge(email);
    expect(options.allowCredentials.map((c) => c.id)).toEqual([onLaptop]);
    const deleted = SoftwareAuthenticator.toJSON(device.assert(onDevice, challenge));
    expect((await answerWebAuthn(session, username, deleted)).body.__type).toBe('NotAuthorizedException');
    const again = await webAuthnChallenge(email);
    const kept = SoftwareAuthenticator.toJSON(laptop.assert(onLaptop, again.challenge));
    expect((await answerWebAuthn(again.session, again.username, kept)).body.AuthenticationResult).toBeDefined();
  });

  it('nobody deletes another user’s passkey: ResourceNotFoundException, and it still signs its owner in', async () => {
    const owner = await userWithPasskey('pk-owner');
    const { email: other } = await passwordlessUser(t, 'pk-other');
    const res = await call('DeleteWebAuthnCredential', { AccessToken: await accessToken(other), CredentialId: owner.credentialId });
    expect(res.body.__type).toBe('ResourceNotFoundException');
    expect(await signInWithPasskey(owner.email)).toEqual(DONE);
  });

  it('listing pages with MaxResults and NextToken', async () => {
    const laptop = new SoftwareAuthenticator('http://localhost:5173');
    const { email } = await userWithPasskey('pk-pages');
    const token = await accessToken(email);
    const started = await call('StartWebAuthnRegistration', { AccessToken: token });
    const created = await laptop.create({ publicKey: creationOptions(started.body.CredentialCreationOptions) });
    await call('CompleteWebAuthnRegistration', { AccessToken: token, Credential: SoftwareAuthenticator.registrationJSON(created) });
    const first = await call('ListWebAuthnCredentials', { AccessToken: token, MaxResults: 1 });
    expect(first.body.Credentials).toHaveLength(1);
    const second = await call('ListWebAuthnCredentials', { AccessToken: token, MaxResults: 1, NextToken: first.body.NextToken });
    expect(second.body.Credentials).toHaveLength(1);
    expect(second.body.NextToken).toBeUndefined();
    expect((second.body.Credentials as { CredentialId: string }[])[0]!.CredentialId).not.toBe(
      (first.body.Credentials as { CredentialId: string }[])[0]!.CredentialId,
    );
  });
});

describe('a pool without passkeys or USER_AUTH (the main definition)', () => {
  it('refuses USER_AUTH with InvalidParameterException and passkey registration with WebAuthnNotEnabledException', async () => {
    const main = await startLocalBackend({ pool: inject('pool'), seed: false, clock: new LocalClock() });
    try {
      const c = (target: string, body: object) => cognitoCall(main.endpoint, target, { ClientId: main.clientId, ...body });
      await main.createUser({ email: 'main-pk@example.com', password: PASSWORD });
      const userAuth = await c('InitiateAuth', { AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'main-pk@example.com' } });
      expect(userAuth.body.__type).toBe('InvalidParameterException');
      const signedIn = await c('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'main-pk@example.com', PASSWORD },
      });
      const token = (signedIn.body.AuthenticationResult as { AccessToken: string }).AccessToken;
      expect((await c('StartWebAuthnRegistration', { AccessToken: token })).body.__type).toBe('WebAuthnNotEnabledException');
      expect(main.outputs.auth.passwordless).toBeUndefined();
    } finally {
      await main.close();
    }
  });
});

/** What aws-amplify's deserializer makes of CredentialCreationOptions (base64url → bytes) before calling navigator.credentials.create. */
function creationOptions(json: unknown): PublicKeyCredentialCreationOptions {
  const o = json as {
    challenge: string;
    user: { id: string; name: string; displayName: string };
    excludeCredentials?: { id: string }[];
  } & Record<string, unknown>;
  return {
    ...o,
    challenge: Buffer.from(o.challenge, 'base64url'),
    user: { ...o.user, id: Buffer.from(o.user.id, 'base64url') },
    excludeCredentials: (o.excludeCredentials ?? []).map((c) => ({ ...c, id: Buffer.from(c.id, 'base64url') })),
  } as unknown as PublicKeyCredentialCreationOptions;
}
