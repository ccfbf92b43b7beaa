import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';

// Behaviour the generated paths do not spell out on their own.
async function atTotpChallenge() {
  const fakes = new FakeActors();
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH' } }).start();
  const view = () => connectSignIn(actor.getSnapshot(), actor.send);
  fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  view().submitCredentials('pat@example.com', 'Correct-h0rse!');
  fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
  await settle();
  return { actor, fakes, view };
}

describe('sign-in behaviour', () => {
  it('ignores a second submit while the first is in flight', async () => {
    const { fakes, view } = await atTotpChallenge();
    view().submitCode('123456');
    view().submitCode('654321');
    view().submitCredentials('other@example.com', 'x');
    expect(fakes.calls.filter((c) => c.src === 'confirmSignIn').map((c) => c.input)).toEqual([
      { flowId: expect.any(String), challengeResponse: '123456', username: 'pat@example.com', totpIssuer: 'amplify-mfa-flow' },
    ]);
    expect(view().busy).toBe(true);
  });

  it('keeps a 10 kB paste out of the network and in the field', async () => {
    const { fakes, view } = await atTotpChallenge();
    const paste = '1'.repeat(10_000);
    view().submitCode(paste);
    expect(fakes.calls.filter((c) => c.src === 'confirmSignIn')).toEqual([]);
    expect(view().error?.code).toBe('CODE_FORMAT');
    expect(view().values.code).toBe(paste);
  });

  it('never puts the password in the view or anything it renders', async () => {
    const { view } = await atTotpChallenge();
    expect(JSON.stringify(view())).not.toContain('Correct-h0rse!');
  });
});
