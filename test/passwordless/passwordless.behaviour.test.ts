import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInInput } from '../../machines/passwordless/passwordless.types.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// Behaviour of the passwordless sign-in on fakes, one rule a test; the generated paths walk the rest.

const USER = 'pat@example.com';
const email = { deliveryMedium: 'EMAIL', destination: 'p***@e***' } as const;

async function started(input: PasswordlessSignInInput = {}) {
  const fakes = new FakeActors();
  const machine = passwordlessSignInMachine.provide({
    actors: fakes.actors(Object.keys(passwordlessSignInMachine.implementations.actors)),
  });
  const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH', ...input } }).start();
  const view = () => connectPasswordlessSignIn(actor.getSnapshot(), actor.send);
  fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  return { actor, fakes, view };
}

async function atSelection(factors = ['EMAIL_OTP', 'PASSWORD', 'WEB_AUTHN'], input: PasswordlessSignInInput = {}) {
  const flow = await started(input);
  at(flow.view(), 'credentials').startSignIn(USER);
  flow.fakes.pending('signIn').resolve({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: factors });
  await settle();
  return flow;
}

const inputs = (fakes: FakeActors, src: string) => fakes.calls.filter((c) => c.src === src).map((c) => c.input);

/** A new emailed code: a USER_AUTH sign-in for that factor, with no password. */
const EMAILED_CODE_AGAIN = {
  flowId: expect.any(String),
  username: USER,
  password: '',
  authFlowType: 'USER_AUTH',
  preferredChallenge: 'EMAIL_OTP',
  totpIssuer: 'amplify-mfa-flow',
};

describe('passwordless sign-in', () => {
  it('starts from the identifier alone with USER_AUTH and no password', async () => {
    const { fakes, view } = await started();
    at(view(), 'credentials').startSignIn(`  ${USER} `);
    expect(inputs(fakes, 'signIn')).toEqual([
      { flowId: expect.any(String), username: USER, password: '', authFlowType: 'USER_AUTH', totpIssuer: 'amplify-mfa-flow' },
    ]);
  });

  it('offers only the first factors Cognito lists, and refuses any other before a call', async () => {
    const { fakes, view } = await atSelection(['EMAIL_OTP', 'PASSWORD']);
    const selection = at(view(), 'factorSelection');
    expect(selection.availableChallenges).toEqual(['EMAIL_OTP', 'PASSWORD']);
    selection.selectFactor('WEB_AUTHN');
    selection.selectFactor('SMS_OTP');
    expect(inputs(fakes, 'confirmSignIn')).toEqual([]);
    expect(inputs(fakes, 'passkeySignIn')).toEqual([]);
    expect(at(view(), 'factorSelection').error?.code).toBe('METHOD_NOT_ALLOWED');
    actorSendRaw(view, { type: 'FACTOR.SELECT', factor: 'TOTP' });
    expect(view().error?.code).toBe('INVALID_EVENT');
  });

  it('an emailed code as first factor: attempts, then a resend starts a USER_AUTH sign-in for the same factor, without a password', async () => {
    const { fakes, view, actor } = await atSelection(['EMAIL_OTP', 'PASSWORD'], { resendCooldownMs: 0, maxAttempts: 3 });
    at(view(), 'factorSelection').selectFactor('EMAIL_OTP');
    expect(inputs(fakes, 'confirmSignIn').at(-1)).toMatchObject({ challengeResponse: 'EMAIL_OTP' });
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: email });
    await settle();
    // A sign-in code has 8 digits (an MFA code 6): a 6-digit one is refused here, kept as typed, and calls nothing.
    const calls = fakes.calls.length;
    at(view(), 'emailCode').submitCode('111111');
    expect(at(view(), 'emailCode').error?.code).toBe('CODE_FORMAT');
    expect(at(view(), 'emailCode').values.code).toBe('111111');
    expect(fakes.calls.length).toBe(calls);
    at(view(), 'emailCode').submitCode('1111 1111');
    expect(inputs(fakes, 'confirmSignIn').at(-1)).toMatchObject({ challengeResponse: '11111111' });
    fakes.pending('confirmSignIn').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    expect(at(view(), 'emailCode').attemptsLeft).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(at(view(), 'emailCode').canResend).toBe(true);
    at(view(), 'emailCode').resendCode();
    expect(inputs(fakes, 'signIn').at(-1)).toEqual(EMAILED_CODE_AGAIN);
    expect(actor.getSnapshot().context.password).toBe('');
  });

  it('a choice of first factor after a sign-in with the password is USER_AUTH: a new code is asked for by USER_AUTH, never with the forgotten password', async () => {
    // Found by the property test (seed 294043244): the resend started a password sign-in with an empty password.
    const { fakes, view } = await started({ resendCooldownMs: 0 });
    at(view(), 'credentials').submitCredentials(USER, 'Correct-h0rse!');
    fakes.pending('signIn').resolve({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP'] });
    await settle();
    at(view(), 'factorSelection').selectFactor('EMAIL_OTP');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: email });
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    at(view(), 'emailCode').resendCode();
    expect(inputs(fakes, 'signIn').at(-1)).toEqual(EMAILED_CODE_AGAIN);
  });

  it('the password as a second step may lead to MFA, whose texted code is resent with the password factor', async () => {
    const { fakes, view } = await atSelection(['PASSWORD_SRP', 'EMAIL_OTP'], { resendCooldownMs: 0 });
    at(view(), 'factorSelection').selectFactor('PASSWORD_SRP');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    await settle();
    at(view(), 'password').submitPassword('');
    expect(view().error?.code).toBe('PASSWORD_REQUIRED');
    at(view(), 'password').submitPassword('Correct-h0rse!');
    expect(inputs(fakes, 'confirmSignIn').at(-1)).toMatchObject({ challengeResponse: 'Correct-h0rse!' });
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDelivery: { deliveryMedium: 'SMS' } });
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 5));
    at(view(), 'smsCode').resendCode();
    expect(inputs(fakes, 'signIn').at(-1)).toMatchObject({
      authFlowType: 'USER_AUTH',
      preferredChallenge: 'PASSWORD_SRP',
      password: 'Correct-h0rse!',
    });
  });

  it('a refused password is dropped and the sign-in starts over (Cognito has ended that session), the identifier kept', async () => {
    const { fakes, view, actor } = await atSelection(['PASSWORD']);
    at(view(), 'factorSelection').selectFactor('PASSWORD');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    await settle();
    at(view(), 'password').submitPassword('wrong');
    fakes.pending('confirmSignIn').reject(namedError({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' }));
    await settle();
    expect(at(view(), 'credentials').error?.code).toBe('WRONG_CREDENTIALS');
    expect(actor.getSnapshot().context).toMatchObject({ username: USER, password: '' });
  });

  it('a password that could not be sent (network) is dropped and asked for again in the same session', async () => {
    const { fakes, view, actor } = await atSelection(['PASSWORD']);
    at(view(), 'factorSelection').selectFactor('PASSWORD');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    await settle();
    at(view(), 'password').submitPassword('Some-passw0rd');
    fakes.pending('confirmSignIn').reject(namedError({ name: 'NetworkError', message: 'A network error has occurred.' }));
    await settle();
    expect(at(view(), 'password').error?.code).toBe('NETWORK');
    expect(actor.getSnapshot().context.password).toBe('');
  });

  it('every step has a way back to another method: a new USER_AUTH sign-in without a preference', async () => {
    const { fakes, view } = await atSelection(['EMAIL_OTP', 'PASSWORD']);
    at(view(), 'factorSelection').selectFactor('PASSWORD');
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' });
    await settle();
    at(view(), 'password').changeMethod();
    expect(inputs(fakes, 'signIn').at(-1)).toEqual({
      flowId: expect.any(String),
      username: USER,
      password: '',
      authFlowType: 'USER_AUTH',
      totpIssuer: 'amplify-mfa-flow',
    });
    fakes
      .pending('signIn')
      .resolve({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP', 'PASSWORD'] });
    await settle();
    at(view(), 'factorSelection').cancel();
    expect(view().step).toBe('credentials');
  });

  it('a passkey picked on the selection answers the open selection; a cancelled ceremony says so and offers a retry as a new sign-in', async () => {
    const { fakes, view } = await atSelection(['EMAIL_OTP', 'WEB_AUTHN']);
    at(view(), 'factorSelection').selectFactor('WEB_AUTHN');
    expect(at(view(), 'passkey').busy).toBe(true);
    expect(inputs(fakes, 'passkeySignIn')).toEqual([
      { flowId: expect.any(String), username: USER, totpIssuer: 'amplify-mfa-flow', selected: true },
    ]);
    fakes.pending('passkeySignIn').reject(namedError({ name: 'PasskeyAuthenticationCanceled', message: 'cancelled' }));
    await settle();
    const failed = at(view(), 'passkeyFailed');
    expect(failed.error).toMatchObject({ code: 'PASSKEY_CANCELLED', retryable: true, name: 'PasskeyAuthenticationCanceled' });
    failed.retry();
    expect(inputs(fakes, 'passkeySignIn').at(-1)).toMatchObject({ selected: false });
    fakes.pending('passkeySignIn').resolve({ signInStep: 'DONE' });
    await settle();
    expect(view().step).toBe('loadingUser');
  });

  it.each([
    ['PasskeyNotSupported', 'PASSKEY_UNSUPPORTED'],
    ['NotSupportedError', 'PASSKEY_UNSUPPORTED'],
    ['RelyingPartyMismatch', 'PASSKEY_WRONG_SITE'],
    ['NotAllowedError', 'PASSKEY_CANCELLED'],
    ['SecurityError', 'PASSKEY_WRONG_SITE'],
    // Only a registration meets this one; at sign-in it is a passkey that failed.
    ['InvalidStateError', 'PASSKEY_FAILED'],
    ['TimeoutError', 'PASSKEY_TIMEOUT'],
    ['AbortError', 'PASSKEY_CANCELLED'],
    ['PasskeyOperationAborted', 'PASSKEY_CANCELLED'],
    ['PasskeyRetrievalFailed', 'PASSKEY_FAILED'],
    ['OperationError', 'PASSKEY_FAILED'],
    ['NetworkError', 'NETWORK'],
  ])('a ceremony that fails with %s is %s', async (name, code) => {
    const { fakes, view } = await started();
    at(view(), 'credentials').startSignIn(USER, 'WEB_AUTHN');
    expect(inputs(fakes, 'signIn')).toEqual([]);
    fakes.pending('passkeySignIn').reject(namedError({ name, message: '' }));
    await settle();
    expect(at(view(), 'passkeyFailed').error?.code).toBe(code);
  });

  it("a browser error aws-amplify has no name for (PasskeyError 'Unknown') is typed by the browser's own name", async () => {
    const { fakes, view } = await started();
    at(view(), 'credentials').startSignIn(USER, 'WEB_AUTHN');
    // Chromium's answer to a second prompt while one is open, as aws-amplify passes it on.
    const pending = namedError({ name: 'OperationError', message: 'A request is already pending.' });
    fakes
      .pending('passkeySignIn')
      .reject(Object.assign(namedError({ name: 'Unknown', message: 'An unknown error has occurred.' }), { underlyingError: pending }));
    await settle();
    expect(at(view(), 'passkeyFailed').error?.code).toBe('PASSKEY_FAILED');
  });

  it('a passkey dialog left open past passkeyTimeout fails with PASSKEY_TIMEOUT, and another method is one step away', async () => {
    const { fakes, view } = await started({ passkeyTimeoutMs: 1 });
    at(view(), 'credentials').startSignIn(USER, 'WEB_AUTHN');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(at(view(), 'passkeyFailed').error?.code).toBe('PASSKEY_TIMEOUT');
    at(view(), 'passkeyFailed').changeMethod();
    expect(inputs(fakes, 'signIn').at(-1)).toMatchObject({ authFlowType: 'USER_AUTH', password: '' });
    expect(inputs(fakes, 'signIn').at(-1)).not.toHaveProperty('preferredChallenge');
  });

  it('a custom challenge shows its parameters, checks the answer before sending it, and may ask again', async () => {
    const { fakes, view, actor } = await started({ identifierFlow: 'CUSTOM_WITHOUT_SRP' });
    at(view(), 'credentials').startSignIn(USER);
    expect(inputs(fakes, 'signIn').at(-1)).toMatchObject({ authFlowType: 'CUSTOM_WITHOUT_SRP' });
    fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { question: '2 + 2?' } });
    await settle();
    const custom = at(view(), 'customChallenge');
    expect(custom.parameters).toEqual({ question: '2 + 2?' });
    custom.submitAnswer('   ');
    expect(view().error?.code).toBe('ANSWER_REQUIRED');
    const paste = 'x'.repeat(10_000);
    at(view(), 'customChallenge').submitAnswer(paste);
    expect(view().error).toMatchObject({ code: 'INPUT_TOO_LONG', field: 'answer' });
    expect(inputs(fakes, 'confirmSignIn')).toEqual([]);
    at(view(), 'customChallenge').submitAnswer('4');
    expect(inputs(fakes, 'confirmSignIn')).toEqual([expect.objectContaining({ challengeResponse: '4' })]);
    fakes.pending('confirmSignIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { question: '3 + 3?' } });
    await settle();
    expect(at(view(), 'customChallenge').parameters).toEqual({ question: '3 + 3?' });
    expect(actor.getSnapshot().context.answer).toBe('');
    at(view(), 'customChallenge').submitAnswer('5');
    fakes.pending('confirmSignIn').reject(namedError({ name: 'NotAuthorizedException', message: 'Incorrect username or password.' }));
    await settle();
    expect(at(view(), 'credentials').error?.code).toBe('WRONG_CREDENTIALS');
  });

  it("CUSTOM_WITH_SRP: the password sign-in goes by the custom flow, its triggers' challenge is the custom challenge step", async () => {
    const { fakes, view, actor } = await started({ authFlowType: 'CUSTOM_WITH_SRP' });
    expect(actor.getSnapshot().context.config.authFlowType).toBe('CUSTOM_WITH_SRP');
    at(view(), 'credentials').submitCredentials(USER, 'Correct-h0rse!');
    expect(inputs(fakes, 'signIn').at(-1)).toMatchObject({ authFlowType: 'CUSTOM_WITH_SRP', password: 'Correct-h0rse!' });
    fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { step: 'RECOVERY_CODE' } });
    await settle();
    expect(at(view(), 'customChallenge').parameters).toEqual({ step: 'RECOVERY_CODE' });
    // The password is not kept through the custom challenge.
    expect(actor.getSnapshot().context.password).toBe('');
    at(view(), 'customChallenge').cancel();
    expect(at(view(), 'credentials').values.username).toBe(USER);
    // Starting from the identifier alone is still USER_AUTH: the custom flow is the password's.
    at(view(), 'credentials').startSignIn(USER);
    expect(inputs(fakes, 'signIn').at(-1)).toMatchObject({ authFlowType: 'USER_AUTH', password: '' });
  });

  it("refuses a password flow it cannot run, naming it (CUSTOM_WITHOUT_SRP is the identifier's, CUSTOM_AUTH no aws-amplify flow)", () => {
    for (const authFlowType of ['CUSTOM_WITHOUT_SRP', 'CUSTOM_AUTH', 'USER_AUTH']) {
      const actor = createActor(passwordlessSignInMachine, { input: { authFlowType } as never });
      let error: unknown;
      actor.subscribe({ error: (e) => (error = e) });
      actor.start();
      expect(actor.getSnapshot().status).toBe('error');
      expect((error as Error).message).toBe(
        `passwordlessSignIn: input.authFlowType must be one of "USER_SRP_AUTH", "USER_PASSWORD_AUTH", "CUSTOM_WITH_SRP" (got "${authFlowType}")`,
      );
    }
  });

  it('the sign-in of ./machines still sends the passwordless steps to UNSUPPORTED_STEP', async () => {
    const { signInMachine } = await import('../../machines/signIn/signIn.machine.js');
    const fakes = new FakeActors();
    const actor = createActor(signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) }), {
      input: { authFlowType: 'USER_PASSWORD_AUTH' },
    }).start();
    fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: USER, password: 'Correct-h0rse!' });
    fakes.pending('signIn').resolve({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['WEB_AUTHN'] });
    await settle();
    expect(actor.getSnapshot().value).toBe('credentials');
    expect(actor.getSnapshot().context.error).toMatchObject({
      code: 'UNSUPPORTED_STEP',
      message: 'This sign-in step is not supported here: CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION.',
    });
  });
});

/** Sends what a UI written in plain JavaScript could send (a value outside the types). */
function actorSendRaw(view: () => { step: string }, event: Record<string, unknown>) {
  const v = view() as unknown as { selectFactor(f: unknown): void };
  v.selectFactor(event.factor);
}
