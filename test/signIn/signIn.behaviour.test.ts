import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// Behaviour the generated paths do not spell out on their own.
async function atTotpChallenge(input: Record<string, unknown> = {}) {
  const fakes = new FakeActors();
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH', ...input } }).start();
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

  it('offers no resend of a texted code that follows a TOTP answer: the password is gone, and signing in again needs it', async () => {
    // Found by the property tests: with a 0 ms cooldown, CODE.RESEND signed in again with an empty password.
    const { fakes, view, actor } = await atTotpChallenge({ resendCooldownMs: 0 });
    at(view(), 'totpCode').submitCode('123456');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDelivery: { deliveryMedium: 'SMS' } });
    await settle();
    const sms = at(view(), 'smsCode');
    expect(sms.resendNeedsPassword).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0));
    actor.send({ type: 'CODE.RESEND' });
    expect(fakes.calls.filter((c) => c.src === 'signIn')).toHaveLength(1);
    expect(at(view(), 'smsCode').canResend).toBe(false);
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

describe('sign-in details the generated paths do not reach', () => {
  async function started(input: Record<string, unknown> = {}) {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH', ...input } }).start();
    return { actor, fakes, view: () => connectSignIn(actor.getSnapshot(), actor.send), context: () => actor.getSnapshot().context };
  }
  async function answered(step: Record<string, unknown>) {
    const flow = await started();
    flow.fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    at(flow.view(), 'credentials').submitCredentials('pat@example.com', 'Correct-h0rse!');
    flow.fakes.pending('signIn').resolve(step);
    await settle();
    return flow;
  }

  it('a session held for the same person, typed in another case or with spaces, is theirs', async () => {
    const flow = await started({ username: ' PAT@Example.com ' });
    flow.fakes.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', email: 'pat@example.com' });
    await settle();
    expect(flow.view().step).toBe('signedIn');
  });

  it('an email for codes is sent without the spaces around it', async () => {
    const flow = await answered({ signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' });
    at(flow.view(), 'emailSetup').submitEmail('  pat@example.com ');
    expect(flow.fakes.pending('confirmSignIn').input).toMatchObject({ challengeResponse: 'pat@example.com' });
    expect(flow.view().error).toBeNull();
  });

  it('an email Cognito refuses stays in the field, as typed, with the error', async () => {
    const flow = await answered({ signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' });
    at(flow.view(), 'emailSetup').submitEmail('pat@example.com');
    flow.fakes.pending('confirmSignIn').reject(namedError({ name: 'InvalidParameterException', message: 'Invalid email address format.' }));
    await settle();
    const step = at(flow.view(), 'emailSetup');
    expect(step.values.email).toBe('pat@example.com');
    expect(step.error).not.toBeNull();
  });

  it('a new password goes with the attributes Cognito asked for, and only then', async () => {
    const flow = await answered({ signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: ['name'] });
    const step = at(flow.view(), 'newPassword');
    expect(step.missingAttributes).toEqual(['name']);
    step.submitNewPassword('', { name: 'Pat' });
    expect(flow.view().error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'newPassword' });
    at(flow.view(), 'newPassword').submitNewPassword('New-passw0rd!', { name: 'Pat' });
    expect(flow.view().error).toBeNull();
    expect(flow.fakes.pending('confirmSignIn').input).toEqual({
      flowId: expect.any(String),
      challengeResponse: 'New-passw0rd!',
      userAttributes: { name: 'Pat' },
      username: 'pat@example.com',
      totpIssuer: 'amplify-mfa-flow',
    });
    const other = await answered({ signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] });
    at(other.view(), 'newPassword').submitNewPassword('New-passw0rd!');
    expect(other.fakes.pending('confirmSignIn').input).toMatchObject({ userAttributes: undefined });
  });

  it('keeps the methods and attributes of the step Cognito asked for, and nothing of the steps before', async () => {
    const flow = await answered({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMethods: ['SMS', 'TOTP'] });
    expect(flow.context()).toMatchObject({ allowedMethods: ['SMS', 'TOTP'], missingAttributes: [], unsupportedStep: null });
    at(flow.view(), 'mfaSelection').selectMethod('TOTP');
    flow.fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    await settle();
    expect(flow.context()).toMatchObject({ allowedMethods: [], missingAttributes: [], chosenMethod: 'TOTP', codeDelivery: null });
  });

  it('a method Cognito did not offer is MFA_METHOD_NOT_FOUND; one nobody knows is INVALID_EVENT', async () => {
    const flow = await answered({ signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMethods: ['SMS', 'TOTP'] });
    at(flow.view(), 'mfaSelection').selectMethod('EMAIL');
    expect(flow.view().error).toEqual({
      code: 'MFA_METHOD_NOT_FOUND',
      message: 'That verification method is not set up for this account.',
      retryable: false,
    });
    flow.actor.send({ type: 'METHOD.SELECT', method: 'FAX' as never });
    expect(flow.view().error?.code).toBe('INVALID_EVENT');
    expect(flow.fakes.calls.filter((c) => c.src === 'confirmSignIn')).toEqual([]);
  });

  it('names a step it does not run in its error, and goes back to the credentials', async () => {
    const flow = await answered({ signInStep: 'UNSUPPORTED', original: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    expect(flow.view().step).toBe('credentials');
    expect(flow.view().error).toEqual({
      code: 'UNSUPPORTED_STEP',
      message: 'This sign-in step is not supported here: CONFIRM_SIGN_IN_WITH_PASSWORD.',
      retryable: false,
    });
    expect(flow.context()).toMatchObject({ unsupportedStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD', password: '' });
  });

  it('a reset asked for by the user says so until it ends; its code and password are checked in that order', async () => {
    const flow = await started();
    flow.fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    expect(flow.context().resetRequested).toBe(false);
    at(flow.view(), 'credentials').forgotPassword();
    expect(flow.context().resetRequested).toBe(true);
    at(flow.view(), 'forgotPassword').submitUsername('pat@example.com');
    expect(flow.context()).toMatchObject({ resetRequested: true, username: 'pat@example.com' });
    flow.fakes.pending('resetPassword').resolve({ deliveryMedium: 'EMAIL', destination: 'p***@e***' });
    await settle();
    const reset = at(flow.view(), 'resetPassword');
    expect(reset.codeDelivery).toEqual({ deliveryMedium: 'EMAIL', destination: 'p***@e***' });
    expect(reset.canResend, 'no new code before the cooldown').toBe(false);
    reset.submitPasswordReset('12', '');
    expect(flow.view().error).toMatchObject({ code: 'CODE_FORMAT', field: 'code' });
    at(flow.view(), 'resetPassword').submitPasswordReset('123456', '');
    expect(flow.view().error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'newPassword' });
    at(flow.view(), 'resetPassword').cancel();
    expect(flow.context()).toMatchObject({ resetRequested: false, error: null });
  });

  it('a sign-up code sent again shows where it went', async () => {
    const flow = await answered({ signInStep: 'CONFIRM_SIGN_UP' });
    at(flow.view(), 'confirmSignUp').resendCode();
    flow.fakes.pending('resendSignUpCode').resolve({ deliveryMedium: 'EMAIL', destination: 'p***@e***' });
    await settle();
    expect(at(flow.view(), 'confirmSignUp').codeDelivery).toEqual({ deliveryMedium: 'EMAIL', destination: 'p***@e***' });
    expect(flow.view().error).toBeNull();
  });

  it('signs out of every device only when asked to', async () => {
    for (const global of [true, false]) {
      const flow = await started();
      flow.fakes.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', email: 'pat@example.com' });
      await settle();
      at(flow.view(), 'signedIn').signOut(global ? { global } : undefined);
      expect(flow.fakes.pending('signOut').input).toEqual({ global });
    }
    const other = await started({ username: 'sam@example.com' });
    other.fakes.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', email: 'pat@example.com' });
    await settle();
    at(other.view(), 'otherUserSignedIn').signOut({ global: true });
    expect(other.fakes.pending('signOut').input).toEqual({ global: true });
  });
});
