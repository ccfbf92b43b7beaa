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
      { flowId: expect.any(String), challengeResponse: '123456', username: 'pat@example.com', totpIssuer: 'amplify-mfa-flow' },
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

describe('sign-in input and payloads', () => {
  async function atCredentials(input: Record<string, unknown> = {}) {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH', ...input } }).start();
    fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    return { actor, fakes, view: () => connectSignIn(actor.getSnapshot(), actor.send) };
  }

  it('refuses a wrong machine input at start, naming the option and what it got', () => {
    for (const [input, words] of [
      [{ maxAttempts: -1 }, 'input.maxAttempts'],
      [{ challengeTimeoutMs: Number.NaN }, 'input.challengeTimeoutMs'],
      [{ callTimeoutMs: 0 }, 'input.callTimeoutMs'],
      [{ authFlowType: 'CUSTOM' }, 'input.authFlowType'],
      [{ loginWith: ['fax'] }, 'input.loginWith'],
      [{ totpIssuer: '' }, 'input.totpIssuer'],
    ] as const) {
      const actor = createActor(signInMachine, { input: input as never });
      const errors: unknown[] = [];
      actor.subscribe({ error: (e) => errors.push(e) });
      actor.start();
      expect(actor.getSnapshot().status, JSON.stringify(input)).toBe('error');
      expect(String(errors[0]), JSON.stringify(input)).toContain(words);
    }
  });

  it('any payload type gets a typed field error, no call, and an active actor', async () => {
    const { actor, fakes, view } = await atCredentials();
    for (const [username, password] of [
      [null, null],
      [{}, 'x'],
      ['pat@example.com', 123456],
      ['pat@example.com', {}],
      [42, true],
    ] as const) {
      actor.send({ type: 'CREDENTIALS.SUBMIT', username, password } as never);
      expect(actor.getSnapshot().status).toBe('active');
      expect(view().step).toBe('credentials');
      expect(view().error?.field).toMatch(/username|password/);
      expect(actor.getSnapshot().context.password, 'a refused password is not kept').toBe('');
    }
    expect(fakes.calls.filter((c) => c.src !== 'authEvents' && c.src !== 'fetchUser')).toEqual([]);
    at(view(), 'credentials').submitCredentials('pat@example.com', 'Correct-h0rse!');
    fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    await settle();
    for (const code of [null, 123456, {}, ['123456'], '１２３４５６']) {
      actor.send({ type: 'CODE.SUBMIT', code } as never);
      expect(actor.getSnapshot().status).toBe('active');
      expect(view().error?.code).toBe('CODE_FORMAT');
      expect(at(view(), 'totpCode').values.code).toBe(typeof code === 'string' ? code : '');
    }
    actor.send({ type: 'METHOD.SELECT', method: 'FAX' } as never);
    expect(actor.getSnapshot().status).toBe('active');
    expect(fakes.calls.filter((c) => c.src === 'confirmSignIn')).toEqual([]);
  });

  it('signs in with a phone number or a username where the pool allows them', async () => {
    const phone = await atCredentials({ loginWith: ['phone'] });
    at(phone.view(), 'credentials').submitCredentials('pat@example.com', 'Correct-h0rse!');
    expect(phone.view().error).toMatchObject({ code: 'USERNAME_INVALID', field: 'username' });
    at(phone.view(), 'credentials').submitCredentials('+1 (555) 010-1234', 'Correct-h0rse!');
    expect(phone.fakes.pending('signIn').input).toMatchObject({ username: '+15550101234' });

    const named = await atCredentials({ loginWith: ['username', 'email'] });
    at(named.view(), 'credentials').submitCredentials('pat smith', 'Correct-h0rse!');
    expect(named.view().error?.code).toBe('USERNAME_INVALID');
    at(named.view(), 'credentials').submitCredentials('pat_smith', 'Correct-h0rse!');
    expect(named.fakes.pending('signIn').input).toMatchObject({ username: 'pat_smith' });
  });
});
