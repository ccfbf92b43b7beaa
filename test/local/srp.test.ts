import { confirmSignIn, fetchUserAttributes, getCurrentUser, signIn, signOut, signUp, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { authFailure as failure } from '../support/failure.js';
import { N } from '../../amplify/local/srp.js';
import { configureAmplify } from '../../src/amplify/configure.js';
import { enrollTotp, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend, uniqueEmail } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { cognitoCall, loadAmplifySrp, passwordClaim } from './amplifySrp.js';
import type { AmplifySrpClient } from './amplifySrp.js';

// USER_SRP_AUTH against the local backend: the real aws-amplify client's
// `signIn` (SRP is its default), and the protocol driven by hand with
// aws-amplify's own SRP helpers to forge, replay and age a claim.
let t: TestBackend;
let amplify: AmplifySrpClient;
beforeAll(async () => {
  t = await startTestBackend();
  amplify = await loadAmplifySrp();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

/** Amplify's own default: no authFlowType given. */
const srpSignIn = (username: string, password: string) => signIn({ username, password });

/** InitiateAuth with USER_SRP_AUTH by hand; returns the challenge and the client helper that made SRP_A. */
async function initiate(username: string, srpA?: string) {
  const helper = await amplify.getAuthenticationHelper(t.backend.userPoolId.split('_')[1] ?? '');
  const res = await cognitoCall(t.backend.endpoint, 'InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: t.backend.clientId,
    AuthParameters: { USERNAME: username, SRP_A: srpA ?? helper.A.toString(16) },
  });
  return { helper, ...res, params: (res.body.ChallengeParameters ?? {}) as Record<string, string> };
}

const respond = (ChallengeResponses: Record<string, string>) =>
  cognitoCall(t.backend.endpoint, 'RespondToAuthChallenge', {
    ChallengeName: 'PASSWORD_VERIFIER',
    ClientId: t.backend.clientId,
    ChallengeResponses,
  });

/** A claim aws-amplify would send for this password, with the TIMESTAMP its clock would write at `at`. */
async function claimFor(started: Awaited<ReturnType<typeof initiate>>, password: string, at?: Date) {
  let timestamp: string | undefined;
  if (at) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at);
    timestamp = amplify.getNowString();
    vi.useRealTimers();
  }
  return passwordClaim(amplify, {
    helper: started.helper,
    userPoolId: t.backend.userPoolId,
    challengeParameters: started.params,
    password,
    ...(timestamp ? { timestamp } : {}),
  });
}

describe('USER_SRP_AUTH on the local backend', () => {
  it('configureAmplify chooses SRP for the local backend, USER_PASSWORD_AUTH only when asked, and nothing else', () => {
    expect(t.connection.authFlowType).toBe('USER_SRP_AUTH');
    expect(configureAmplify(t.backend.outputs, { authFlowType: 'USER_PASSWORD_AUTH' }).authFlowType).toBe('USER_PASSWORD_AUTH');
    expect(() => configureAmplify(t.backend.outputs, { authFlowType: 'CUSTOM_AUTH' as never })).toThrow(TypeError);
    expect(configureAmplify(t.backend.outputs).authFlowType).toBe('USER_SRP_AUTH');
  });

  it('the right password signs in with SRP', async () => {
    const email = await signUpConfirmed(t, 'srp-plain');
    expect(await srpSignIn(email, PASSWORD)).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await getCurrentUser()).signInDetails).toEqual({ loginId: email, authFlowType: 'USER_SRP_AUTH' });
    expect((await fetchUserAttributes()).email).toBe(email);
  });

  it('the right password reaches the MFA challenge, and the code signs in', async () => {
    const email = await signUpConfirmed(t, 'srp-totp');
    const totp = await enrollTotp(t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();
    const res = await srpSignIn(email, PASSWORD);
    expect(res.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await failure(confirmSignIn({ challengeResponse: wrongCode(totp) }))).name).toBe('CodeMismatchException');
    expect(await confirmSignIn({ challengeResponse: totp.generate() })).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
  });

  it('a wrong password is NotAuthorizedException and counts toward the lockout', async () => {
    const email = await signUpConfirmed(t, 'srp-wrong');
    for (let i = 0; i < 5; i += 1) {
      const e = await failure(srpSignIn(email, 'Wrong-h0rse!'));
      expect(e.name).toBe('NotAuthorizedException');
      expect(e.message).toBe('Incorrect username or password.');
    }
    // Five failures lock the user out: even the right password is refused until the lockout passes.
    const locked = await failure(srpSignIn(email, PASSWORD));
    expect(locked).toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    t.clock.advance(1_001);
    expect((await srpSignIn(email, PASSWORD)).isSignedIn).toBe(true);
  });

  it('an unknown user is "Incorrect username or password." under both flows, and SRP still answers with a challenge', async () => {
    const nobody = uniqueEmail('nobody');
    for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      const e = await failure(signIn({ username: nobody, password: PASSWORD, options: { authFlowType } }));
      expect({ flow: authFlowType, name: e.name, message: e.message }).toEqual({
        flow: authFlowType,
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
    // Like Cognito with PreventUserExistenceErrors: a simulated challenge, with the same salt and id each time.
    const first = await initiate(nobody);
    const again = await initiate(nobody);
    expect(first.body.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(first.params.USER_ID_FOR_SRP).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect({ salt: again.params.SALT, id: again.params.USER_ID_FOR_SRP }).toEqual({
      salt: first.params.SALT,
      id: first.params.USER_ID_FOR_SRP,
    });
    expect(again.params.SRP_B).not.toBe(first.params.SRP_B);
    const refused = await respond(await claimFor(first, PASSWORD));
    expect(refused).toEqual({ status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } });
  });

  it('an unconfirmed user with the right password is asked to confirm sign-up; with a wrong one, refused', async () => {
    const email = uniqueEmail('srp-unconfirmed');
    await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
    expect((await srpSignIn(email, PASSWORD)).nextStep.signInStep).toBe('CONFIRM_SIGN_UP');
    expect((await failure(srpSignIn(email, 'Wrong-h0rse!'))).name).toBe('NotAuthorizedException');
  });

  it('accepts a claim made by the client helpers, and only once', async () => {
    const email = await signUpConfirmed(t, 'srp-replay');
    const started = await initiate(email);
    expect(started.status).toBe(200);
    expect(Object.keys(started.params).sort()).toEqual(['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
    const claim = await claimFor(started, PASSWORD);
    const accepted = await respond(claim);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toHaveProperty('AuthenticationResult.AccessToken');
    expect(await respond(claim)).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
  });

  it('refuses a forged signature, a signature for another secret block, and a stale or future TIMESTAMP', async () => {
    const email = await signUpConfirmed(t, 'srp-forged');
    const refused = { status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } };

    const forged = await claimFor(await initiate(email), PASSWORD);
    const sig = Buffer.from(forged.PASSWORD_CLAIM_SIGNATURE ?? '', 'base64');
    sig[0] = (sig[0] ?? 0) ^ 1;
    expect(await respond({ ...forged, PASSWORD_CLAIM_SIGNATURE: sig.toString('base64') })).toEqual(refused);

    const other = await initiate(email);
    const moved = await claimFor(await initiate(email), PASSWORD);
    expect(await respond({ ...moved, PASSWORD_CLAIM_SECRET_BLOCK: other.params.SECRET_BLOCK ?? '' })).toEqual(refused);

    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const aged = await claimFor(await initiate(email), PASSWORD, new Date(Date.now() + offset));
      expect(await respond(aged), `TIMESTAMP ${aged.TIMESTAMP}`).toEqual(refused);
    }
    const slightlyOff = await claimFor(await initiate(email), PASSWORD, new Date(Date.now() - 60_000));
    expect((await respond(slightlyOff)).status).toBe(200);
  });

  it('refuses a claim after the challenge session expires', async () => {
    const email = await signUpConfirmed(t, 'srp-expired');
    const started = await initiate(email);
    t.clock.advance(3 * 60 * 1000 + 1000);
    expect(await respond(await claimFor(started, PASSWORD))).toEqual({
      status: 400,
      body: { __type: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' },
    });
  });

  it('refuses an SRP_A with A mod N = 0, or none, before any challenge', async () => {
    const email = await signUpConfirmed(t, 'srp-bad-a');
    for (const A of ['0', N.toString(16), (2n * N).toString(16), 'not-hex', '']) {
      const res = await initiate(email, A);
      expect({ A: A.slice(0, 12), status: res.status, type: res.body.__type }).toEqual({
        A: A.slice(0, 12),
        status: 400,
        type: 'InvalidParameterException',
      });
    }
  });
});
