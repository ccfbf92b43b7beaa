import { SimulatedClock, createActor, fromPromise } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput, MfaStatus, SignInTime } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';
import { stepUpContext, stepUpGuards } from '../../machines/shared/stepUp.js';

// The step-up beyond the generated paths: the sign-in machine itself as the re-authentication (its calls faked),
// the age at its edges on a simulated clock, what is stored while it runs, and what a restore does with it.

const T0 = 1_800_000_000_000;
const MINUTE = 60_000;
const PASSWORD = 'Correct-h0rse!';
const status: MfaStatus = { enabled: ['TOTP', 'SMS'], preferred: 'TOTP', phone: '+15550100101', phoneVerified: true };
const me: SignInTime = { userId: 'u-1', authTime: T0, loginId: 'pat@example.com' };

async function page(extra: Partial<MfaSettingsInput> = {}) {
  const clock = new SimulatedClock();
  clock.set(T0);
  const fakes = new FakeActors();
  const signIn = new FakeActors();
  const machine = mfaSettingsMachine.provide({
    actors: {
      ...fakes.actors(['loadMfaStatus', 'updateMfaPreference', 'readSignIn', 'adoptSession']),
      reauthenticate: signInMachine.provide({ actors: signIn.actors(['fetchUser', 'signIn', 'confirmSignIn']) as never }),
    } as never,
  });
  const input: MfaSettingsInput = {
    capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
    totpIssuer: 'App',
    accountName: 'pat@example.com',
    now: () => clock.now(),
    ...extra,
  };
  const actor = createActor(machine, { input, clock }).start();
  fakes.pending('loadMfaStatus').resolve(status);
  await settle();
  const view = () => connectMfaSettings(actor.getSnapshot(), actor.send);
  const child = () => actor.getSnapshot().children.reauthenticate as AnyActorRef;
  return { actor, fakes, signIn, clock, view, child, input, machine };
}

/** Asks to turn TOTP off, `age` after the sign-in. */
async function disableTotp(p: Awaited<ReturnType<typeof page>>, age: number) {
  p.clock.set(T0 + age);
  at(p.view(), 'ready').disable('TOTP');
  p.fakes.pending('readSignIn').resolve(me);
  await settle();
}

describe('step-up before a sensitive change, on the sign-in machine', () => {
  it('the age is measured on the machine clock: exactly maxAuthAgeMs goes ahead, a millisecond more asks to sign in again', async () => {
    const fresh = await page();
    await disableTotp(fresh, 5 * MINUTE);
    expect(fresh.view().step).toBe('saving');
    expect(fresh.fakes.pending('updateMfaPreference').input).toEqual({ totp: 'DISABLED' });
    const old = await page();
    await disableTotp(old, 5 * MINUTE + 1);
    expect(old.view().step).toBe('reauthenticating');
    expect(old.fakes.calls.map((c) => c.src)).toEqual(['loadMfaStatus', 'readSignIn']);
    const custom = await page({ maxAuthAgeMs: MINUTE });
    await disableTotp(custom, MINUTE + 1);
    expect(custom.view().step).toBe('reauthenticating');
  });

  it('a sign-in time that cannot be read changes nothing', async () => {
    const p = await page();
    at(p.view(), 'ready').prefer('SMS');
    p.fakes.pending('readSignIn').resolve({ userId: 'u-1' });
    await settle();
    expect(p.view().step, 'no auth_time: sign in again').toBe('reauthenticating');
    at(p.view(), 'reauthenticating').cancel();
    at(p.view(), 'ready').prefer('SMS');
    p.fakes.pending('readSignIn').reject(namedError({ name: 'UserUnAuthenticatedException', message: 'no session' }));
    await settle();
    expect(p.view().step).toBe('ready');
    expect(p.view().error?.code).toBe('SIGNED_OUT');
    expect(p.fakes.calls.some((c) => c.src === 'updateMfaPreference')).toBe(false);
  });

  it('the sign-in flow runs for this user with the username fixed; signed in again, the change is made without asking', async () => {
    const p = await page({ reauthentication: { authFlowType: 'USER_PASSWORD_AUTH', username: 'someone@else.com' } });
    await disableTotp(p, 10 * MINUTE);
    // The sign-in flow first looks for a session: on the one kept apart there is none.
    p.signIn.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: 'none' }));
    await settle();
    const reauth = at(p.view(), 'reauthenticating');
    expect(reauth.username, 'the input cannot name another account').toBe('pat@example.com');
    expect(reauth.pending).toEqual({ kind: 'save', change: { totp: 'DISABLED' } });
    reauth.submitPassword(PASSWORD);
    expect(p.signIn.pending('signIn').input).toMatchObject({
      username: 'pat@example.com',
      password: PASSWORD,
      authFlowType: 'USER_PASSWORD_AUTH',
    });
    // While the password is on its way, nothing stored holds it.
    expect(JSON.stringify(p.actor.getPersistedSnapshot())).not.toContain(PASSWORD);
    p.signIn.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    await settle();
    p.child().send({ type: 'CODE.SUBMIT', code: '123456' });
    expect(JSON.stringify(p.actor.getPersistedSnapshot())).not.toContain('123456');
    p.signIn.pending('confirmSignIn').resolve({ signInStep: 'DONE' });
    await settle();
    p.signIn.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', authTime: T0 + 10 * MINUTE });
    await settle();
    expect(p.view().step).toBe('reauthenticating');
    expect(p.view().busy).toBe(true);
    expect(p.fakes.pending('adoptSession').input).toEqual({ userId: 'u-1' });
    expect(
      p.fakes.calls.some((c) => c.src === 'updateMfaPreference'),
      'not before the session is adopted',
    ).toBe(false);
    p.fakes.pending('adoptSession').resolve(undefined);
    await settle();
    expect(p.view().step).toBe('saving');
    expect(p.fakes.pending('updateMfaPreference').input).toEqual({ totp: 'DISABLED' });
  });

  it('a session found instead of a new sign-in (an old auth_time) is refused, and nothing changes', async () => {
    const p = await page();
    await disableTotp(p, 10 * MINUTE);
    p.signIn.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', email: 'pat@example.com', authTime: T0 });
    await settle();
    expect(p.view().step).toBe('ready');
    expect(p.view().error?.code).toBe('REAUTH_FAILED');
    expect(p.fakes.calls.map((c) => c.src)).toEqual(['loadMfaStatus', 'readSignIn']);
    // Someone else's session found: refused too, never an offer to sign them out.
    await disableTotp(p, 10 * MINUTE);
    p.signIn.pending('fetchUser').resolve({ userId: 'u-2', username: 'u-2', email: 'sam@example.com', authTime: T0 + 10 * MINUTE });
    await settle();
    expect(p.view().step).toBe('ready');
    expect(p.view().error?.code).toBe('REAUTH_FAILED');
    expect(p.fakes.calls.some((c) => c.src === 'updateMfaPreference' || c.src === 'adoptSession')).toBe(false);
  });

  it('a restored page never resumes a re-authentication: it reads the settings again with nothing held', async () => {
    const p = await page();
    await disableTotp(p, 10 * MINUTE);
    const stored = JSON.parse(JSON.stringify(p.actor.getPersistedSnapshot()));
    expect(stored.value).toEqual({ reauthenticating: 'signingIn' });
    const fakes = new FakeActors();
    const restored = createActor(
      mfaSettingsMachine.provide({
        actors: { ...fakes.actors(['loadMfaStatus', 'readSignIn']), reauthenticate: fromPromise(() => new Promise(() => {})) } as never,
      }),
      { snapshot: stored, input: p.input },
    ).start();
    expect(restored.getSnapshot().value).toBe('loading');
    expect(restored.getSnapshot().context).toMatchObject({ pending: null, signIn: null, status: null });
    expect(restored.getSnapshot().children.reauthenticate).toBeUndefined();
  });
});

// The shared step-up checks on their own (machines/shared/stepUp.ts), at the edges the flows' paths never reach:
// no input at all, a snapshot without a user, a sign-in time that is not a number, a child that shows no state.
describe('the step-up checks at their edges', () => {
  const context = { maxAuthAgeMs: 5 * MINUTE, now: () => T0, reauthentication: {}, signIn: me };
  const child = (value: unknown, user?: SignInTime | null) => ({ snapshot: { value, context: user === undefined ? undefined : { user } } });

  it('a flow started with no input gets the defaults: 5 minutes, the real clock, an empty re-authentication input', () => {
    const made = stepUpContext('flow', undefined);
    expect(made.maxAuthAgeMs).toBe(5 * MINUTE);
    expect(made.now).toBe(Date.now);
    expect(made.reauthentication).toEqual({});
    expect(made.signIn).toBeNull();
  });

  it('a sign-in time that is missing or not a number is never recent', () => {
    expect(stepUpGuards.signInRecent({ context, event: { output: me } })).toBe(true);
    expect(stepUpGuards.signInRecent({ context, event: {} })).toBe(false);
    expect(stepUpGuards.signInRecent({ context, event: { output: { ...me, authTime: String(T0) } } })).toBe(false);
  });

  it('only a signed-in child, as the same user, just now, counts as the re-authentication', () => {
    expect(stepUpGuards.reauthenticated({ context, event: child('signedIn', me) })).toBe(true);
    expect(stepUpGuards.reauthenticated({ context, event: child('credentials', me) })).toBe(false);
    expect(stepUpGuards.reauthenticated({ context, event: child('signedIn', null) })).toBe(false);
    expect(stepUpGuards.reauthenticated({ context, event: child('signedIn') })).toBe(false);
    expect(stepUpGuards.reauthenticated({ context: { ...context, signIn: null }, event: child('signedIn', me) })).toBe(false);
    // No sign-in read yet and no user shown: nobody to compare, and no time to check.
    expect(stepUpGuards.reauthenticated({ context: { ...context, signIn: null }, event: child('signedIn', null) })).toBe(false);
    expect(stepUpGuards.reauthenticated({ context: { ...context, signIn: null }, event: child('signedIn') })).toBe(false);
    expect(stepUpGuards.reauthenticated({ context, event: child('signedIn', { ...me, userId: 'someone-else' }) })).toBe(false);
  });

  it('a child that shows no state yet is not a wrong re-authentication', () => {
    expect(stepUpGuards.reauthenticatedWrongly({ context, event: child(null) })).toBe(false);
    expect(stepUpGuards.reauthenticatedWrongly({ context, event: child({ otherUserSignedIn: 'asking' }) })).toBe(true);
    expect(stepUpGuards.reauthenticatedWrongly({ context, event: child('signedIn', me) })).toBe(true);
  });
});
