import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// Behaviour the generated paths do not spell out on their own.
async function atTotpChallenge() {
  const fakes = new FakeActors();
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH' } }).start();
  const view = () => connectSignIn(actor.getSnapshot(), actor.send);
  fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  const credentials = at(view(), 'credentials');
  credentials.submitCredentials('pat@example.com', 'Correct-h0rse!');
  fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
  await settle();
  return { actor, fakes, view, credentials };
}


describe('sign-in behaviour', () => {
  it('ignores a second submit while the first is in flight', async () => {
    const { fakes, view, credentials } = await atTotpChallenge();
    at(view(), 'totpCode').submitCode('123456');
    at(view(), 'totpCode').submitCode('654321');
    // A stale view (a UI that has not re-rendered yet) can still send what its step offered.
    credentials.submitCredentials('other@example.com', 'x');
    expect(fakes.calls.filter((c) => c.src === 'confirmSignIn').map((c) => c.input)).toEqual([
      { challengeResponse: '123456', username: 'pat@example.com', totpIssuer: 'amplify-mfa-flow' },
    ]);
    expect(view().busy).toBe(true);
  });

  it('keeps a 10 kB paste out of the network and in the field', async () => {
    const { fakes, view } = await atTotpChallenge();
    const paste = '1'.repeat(10_000);
    at(view(), 'totpCode').submitCode(paste);
    expect(fakes.calls.filter((c) => c.src === 'confirmSignIn')).toEqual([]);
    expect(view().error?.code).toBe('CODE_FORMAT');
    expect(at(view(), 'totpCode').values.code).toBe(paste);
  });

  it('never puts the password in the view or anything it renders', async () => {
    const { view } = await atTotpChallenge();
    expect(JSON.stringify(view())).not.toContain('Correct-h0rse!');
  });
});
