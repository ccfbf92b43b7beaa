import { confirmSignIn, signIn, signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { failure } from '../support/failure.js';
import { enrollTotp, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend, useBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// The local backend's faults on demand (amplify/local/faults.ts), through the real aws-amplify client: what the
// real-level tests use to walk a dropped connection, Cognito's throttling and a call that never answers.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(async () => {
  t.backend.faults.clear();
  await signOut();
});

const signInAs = (email: string) => signIn({ username: email, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });

describe('faults on demand in the local backend', () => {
  it('a dropped connection is the NetworkError aws-amplify reports for a network failure, once', async () => {
    useBackend(t);
    const email = await signUpConfirmed(t, 'fault-network');
    t.backend.faults.next('network');
    expect(await failure(signInAs(email))).toMatchObject({ name: 'NetworkError', message: 'A network error has occurred.' });
    expect(t.backend.faults.pending).toBe(0);
    expect((await signInAs(email)).isSignedIn).toBe(true);
  });

  it("an exception is Cognito's error response, for the API named only; the sign-in session survives it", async () => {
    useBackend(t);
    const email = await signUpConfirmed(t, 'fault-throttle');
    const totp = await enrollTotp(t, email);
    await signOut();
    const limit = { name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
    t.backend.faults.next(limit, 'RespondToAuthChallenge');
    // SRP answers its password proof with RespondToAuthChallenge: the fault is used up there.
    expect(await failure(signInAs(email))).toMatchObject(limit);
    t.backend.faults.next({ name: 'TooManyRequestsException', message: 'Too many requests' }, 'GetUser');
    expect((await signInAs(email)).nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect(t.backend.faults.pending).toBe(1);
    t.backend.faults.next(limit, 'RespondToAuthChallenge');
    expect(await failure(confirmSignIn({ challengeResponse: wrongCode(totp) }))).toMatchObject(limit);
    expect((await confirmSignIn({ challengeResponse: totp.generate() })).isSignedIn).toBe(true);
    t.backend.faults.clear();
  });

  it('a hung call never answers while the backend runs', async () => {
    useBackend(t);
    const email = await signUpConfirmed(t, 'fault-hang');
    t.backend.faults.next('hang', 'InitiateAuth');
    const call = signInAs(email).then(
      () => 'answered',
      () => 'failed',
    );
    const settled = await Promise.race([call, new Promise((resolve) => setTimeout(() => resolve('pending'), 1_000))]);
    expect(settled).toBe('pending');
  });

  it("a hung call's retry hangs too, after the faults are cleared: it never answers once a test has moved on", async () => {
    // aws-amplify retries a call whose connection dropped under the same invocation id; sent here by hand.
    const call = (signal: AbortSignal) =>
      fetch(t.backend.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
          'amz-sdk-invocation-id': 'the-same-call',
        },
        body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'none', AuthParameters: {} }),
        signal,
      }).then(
        () => 'answered',
        (e: unknown) => ((e as Error).name === 'TimeoutError' ? 'pending' : 'failed'),
      );
    const within = (ms: number) => AbortSignal.timeout(ms);
    t.backend.faults.next('hang', 'InitiateAuth');
    expect(await call(within(300))).toBe('pending');
    t.backend.faults.clear();
    expect(await call(within(300)), 'the retry of the hung call').toBe('pending');
    // Another call of the same API is answered (here, refused: there is no such client).
    const other = await fetch(t.backend.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
      body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'none', AuthParameters: {} }),
    });
    expect(other.status).toBe(400);
  });
});
