import { SimulatedClock, createActor } from 'xstate';
import type { Snapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// Surviving a reload: a persisted snapshot goes through JSON (as sessionStorage
// keeps it) into a new actor on new fakes, as a reloaded page would.

const PASSWORD = 'Sentinel-Pw-7f3q!';
const CHALLENGE_MS = 180_000;

function start(snapshot?: Snapshot<unknown>) {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const input = { authFlowType: 'USER_PASSWORD_AUTH' as const, challengeTimeoutMs: CHALLENGE_MS, now: () => clock.now() };
  const actor = createActor(machine, { input, clock, ...(snapshot ? { snapshot } : {}) }).start();
  return { actor, fakes, clock, view: () => connectSignIn(actor.getSnapshot(), actor.send) };
}

async function atChallenge(step: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' | 'CONFIRM_SIGN_IN_WITH_SMS_CODE') {
  const flow = start();
  flow.fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
  await settle();
  at(flow.view(), 'credentials').submitCredentials('pat@example.com', PASSWORD);
  flow.fakes
    .pending('signIn')
    .resolve(
      step === 'CONFIRM_SIGN_IN_WITH_SMS_CODE'
        ? { signInStep: step, codeDelivery: { deliveryMedium: 'SMS', destination: '+*******1234' } }
        : { signInStep: step },
    );
  await settle();
  return flow;
}

/** What a page keeps across a reload: the persisted snapshot, through JSON. */
const stored = (flow: { actor: { getPersistedSnapshot(): unknown } }) =>
  JSON.parse(JSON.stringify(flow.actor.getPersistedSnapshot())) as Snapshot<unknown>;

/** A new page: new fakes, a clock at `now`, the actor restored from what was stored. */
function reload(snapshot: Snapshot<unknown>, now: number) {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(now);
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const input = { authFlowType: 'USER_PASSWORD_AUTH' as const, challengeTimeoutMs: CHALLENGE_MS, now: () => clock.now() };
  const actor = createActor(machine, { snapshot, input, clock }).start();
  return { actor, fakes, clock, view: () => connectSignIn(actor.getSnapshot(), actor.send) };
}

describe('sign-in: surviving a reload', () => {
  it('restores a TOTP challenge on the same step with the same expiresAt, and answers it', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const expiresAt = at(before.view(), 'totpCode').expiresAt;
    expect(expiresAt).toBe(1_000_000 + CHALLENGE_MS);
    const snapshot = stored(before);
    before.actor.stop();

    const after = reload(snapshot, 1_060_000);
    const view = at(after.view(), 'totpCode');
    expect(view.expiresAt).toBe(expiresAt);
    expect(view.attemptsLeft).toBe(5);
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    view.submitCode('864213');
    expect(after.fakes.pending('confirmSignIn').input).toMatchObject({ challengeResponse: '864213', flowId: after.actor.sessionId });
    after.fakes.pending('confirmSignIn').resolve({ signInStep: 'DONE' });
    await settle();
    after.fakes.pending('fetchUser').resolve({ userId: 'u1', username: 'u1', email: 'pat@example.com' });
    await settle();
    expect(after.view().step).toBe('signedIn');
  });

  it('keeps the challenge timer: the restored challenge still expires at expiresAt', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const after = reload(stored(before), 1_060_000);
    after.clock.increment(CHALLENGE_MS - 60_000 - 1);
    expect(after.view().step).toBe('totpCode');
    after.clock.increment(1);
    expect(after.view().step).toBe('expired');
    expect(after.view().error?.code).toBe('SESSION_EXPIRED');
  });

  it('lands on expired with SESSION_EXPIRED, and makes no call, when expiresAt has passed', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const after = reload(stored(before), 1_000_000 + CHALLENGE_MS);
    await settle();
    expect(after.view().step).toBe('expired');
    expect(after.view().error?.code).toBe('SESSION_EXPIRED');
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
  });

  it('a code in flight is stored as the code step (the code is not), and is not sent again on restore', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    at(before.view(), 'totpCode').submitCode('864213');
    expect(before.view().busy).toBe(true);
    const snapshot = stored(before);
    expect(JSON.stringify(snapshot)).not.toContain('864213');
    const after = reload(snapshot, 1_010_000);
    await settle();
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    expect(at(after.view(), 'totpCode').busy).toBe(false);
  });

  it('an SMS challenge restores without its resend, and says a resend needs the password', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_SMS_CODE');
    before.clock.increment(30_000);
    expect(at(before.view(), 'smsCode').canResend).toBe(true);
    const snapshot = stored(before);
    expect(JSON.stringify(snapshot)).not.toContain(PASSWORD);
    const after = reload(snapshot, 1_040_000);
    const view = at(after.view(), 'smsCode');
    expect(view.canResend).toBe(false);
    expect(view.resendNeedsPassword).toBe(true);
    view.resendCode();
    await settle();
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    expect(after.view().step).toBe('smsCode');
    // Signing in again is the way to a new code: cancel keeps the identifier.
    at(after.view(), 'smsCode').cancel();
    expect(at(after.view(), 'credentials').values.username).toBe('pat@example.com');
  });

  it('a signed-in flow is checked again on restore, never taken on trust', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    at(before.view(), 'totpCode').submitCode('864213');
    before.fakes.pending('confirmSignIn').resolve({ signInStep: 'DONE' });
    await settle();
    before.fakes.pending('fetchUser').resolve({ userId: 'u1', username: 'u1', email: 'pat@example.com' });
    await settle();
    expect(before.view().step).toBe('signedIn');
    const after = reload(stored(before), 1_100_000);
    expect(after.view().step).toBe('checkingSession');
    // The session ended meanwhile (signed out in another tab): back to the credentials.
    after.fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    expect(after.view().step).toBe('credentials');
  });

  it('a stored snapshot edited by hand cannot start a call with its own input, keep a secret, or skip the session check', async () => {
    const before = await atChallenge('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    const snapshot = stored(before) as unknown as { value: unknown; context: Record<string, unknown>; children: Record<string, unknown> };
    const forged = {
      ...snapshot,
      value: 'signingIn',
      context: { ...snapshot.context, password: PASSWORD, user: { userId: 'u-9', username: 'u-9', email: 'mallory@example.com' } },
      children: {
        ...snapshot.children,
        signIn: { src: 'signIn', snapshot: { status: 'active', input: { username: 'mallory@example.com', password: PASSWORD } } },
      },
    };
    const after = reload(forged as unknown as Snapshot<unknown>, 1_010_000);
    await settle();
    // A sign-in in flight comes back as the credentials, with no call and no password.
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    expect(after.view().step).toBe('credentials');
    expect(JSON.stringify(after.actor.getSnapshot().context)).not.toContain(PASSWORD);

    const signedIn = reload({ ...forged, value: 'signedIn', children: {} } as unknown as Snapshot<unknown>, 1_010_000);
    expect(signedIn.view().step).toBe('checkingSession');
    expect(signedIn.fakes.pending('fetchUser').input).toBeUndefined();
  });

  it('a TOTP set-up during sign-in is not restored with a secret it never stored: sign in again', async () => {
    const flow = start();
    flow.fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    at(flow.view(), 'credentials').submitCredentials('pat@example.com', PASSWORD);
    const secret = 'SENTINELSECRETQWERTYZXCVB234567A';
    flow.fakes.pending('signIn').resolve({
      signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP',
      totpSetup: { sharedSecret: secret, setupUri: `otpauth://totp/app:pat?secret=${secret}` },
    });
    await settle();
    flow.fakes.pending('createQrCode').resolve('data:image/png;base64,U0VOVElORUw=');
    await settle();
    expect(at(flow.view(), 'totpSetup').totpSetup.secret).toBe(secret);
    const snapshot = stored(flow);
    expect(JSON.stringify(snapshot)).not.toContain(secret);
    expect(JSON.stringify(snapshot)).not.toContain('U0VOVElORUw=');
    const after = reload(snapshot, 1_010_000);
    expect(after.view().step).toBe('expired');
    expect(after.view().error?.code).toBe('SESSION_EXPIRED');
    expect(after.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
  });
});
