import { confirmSignUp, signOut, signUp } from 'aws-amplify/auth';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { configureAmplify, connectSignIn, createAmplifySignInMachine } from 'amplify-mfa-flow';
import type { AmplifyConnection } from 'amplify-mfa-flow';
import { LocalClock, startLocalBackend } from '../../amplify/local/server.js';
import type { LocalBackend } from '../../amplify/local/server.js';
import { removeSynthOutput, synthesizeBackend } from '../../amplify/local/synth.js';
import type { PoolDefinition } from '../../amplify/local/synth.js';
import { at } from '../support/views.js';
import { PASSWORD } from '../support/backend.js';

// A pool that signs in with a phone number, synthesized from its own Gen 2
// definition (amplify/variants/phoneLogin/amplify: Amplify insists on the auth/resource.ts path) and served by the local backend.
let backend: LocalBackend;
let connection: AmplifyConnection;
let pool: PoolDefinition;

beforeAll(async () => {
  const synth = await synthesizeBackend({ backendFile: join(process.cwd(), 'amplify/variants/phoneLogin/amplify/backend.ts') });
  pool = synth.pool;
  await removeSynthOutput(synth);
  backend = await startLocalBackend({ pool, seed: false, clock: new LocalClock() });
  connection = configureAmplify(backend.outputs);
}, 120_000);
afterAll(() => backend?.close());

describe('a pool that signs in with a phone number (real aws-amplify, local backend)', () => {
  it('is synthesized with the phone number as the username attribute', () => {
    expect(pool.usernameAttributes).toEqual(['phone_number']);
    expect(connection.loginWith).toEqual(['phone']);
  });

  it('signs a user in with the number typed any common way, and refuses an email before any call', async () => {
    const phone = `+1555${String(process.pid % 1000).padStart(3, '0')}7788`;
    await signUp({ username: phone, password: PASSWORD, options: { userAttributes: { phone_number: phone } } });
    const code = backend.inbox.latest({ purpose: 'SignUp' }).code;
    await confirmSignUp({ username: phone, confirmationCode: code });

    const actor = createActor(createAmplifySignInMachine(), {
      input: { authFlowType: connection.authFlowType, loginWith: connection.loginWith },
    });
    actor.start();
    const view = () => connectSignIn(actor.getSnapshot(), actor.send);
    await waitFor(actor, (s) => s.matches('credentials'));
    at(view(), 'credentials').submitCredentials('pat@example.com', PASSWORD);
    expect(view().error?.code).toBe('USERNAME_INVALID');
    expect(view().step).toBe('credentials');
    const typed = `+1 (555) ${phone.slice(5, 8)}-${phone.slice(8)}`;
    at(view(), 'credentials').submitCredentials(typed, PASSWORD);
    await waitFor(actor, (s) => s.matches('signedIn'), { timeout: 10_000 });
    expect(at(view(), 'signedIn').user?.phoneNumber).toBe(phone);
    actor.stop();
    await signOut();
  });
});
