import { fetchAuthSession, fetchMFAPreference, getCurrentUser, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { createActor, waitFor } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MfaSettingsInput } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { createAmplifyMfaSettingsMachine } from '../../src/amplify/mfa.actors.js';
import { createAmplifySignInMachine } from '../../src/amplify/signIn.actors.js';
import { enrollTotp, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { at } from '../support/views.js';

// Real level for the step-up before sensitive changes: the real aws-amplify client against the local backend,
// whose clock ages the session (no waiting). The re-authentication runs on a session kept apart from the app's;
// what the account holds afterwards is read back with fetchMFAPreference, not taken from the machine.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const TEN_MINUTES = 10 * 60 * 1000;

async function idClaims() {
  const payload = (await fetchAuthSession()).tokens?.idToken?.payload ?? {};
  return { sub: payload.sub, authTime: payload.auth_time as number, token: (await fetchAuthSession()).tokens?.idToken?.toString() };
}

/** A user with an authenticator app (preferred), signed in, and a settings page open on it. */
async function settingsPage(tag: string) {
  const email = await signUpConfirmed(t, tag);
  const totp = await enrollTotp(t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  const input: MfaSettingsInput = {
    capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
    totpIssuer: 'amplify-mfa-flow',
    accountName: email,
    // The age is measured on the backend's clock, which the test moves on.
    now: () => t.clock.now(),
    reauthentication: { authFlowType: t.connection.authFlowType },
  };
  const actor = createActor(createAmplifyMfaSettingsMachine(), { input }).start();
  const view = () => connectMfaSettings(actor.getSnapshot(), actor.send);
  await waitFor(actor, (s) => s.matches('ready'));
  return { email, totp, actor, view };
}

const child = (view: ReturnType<typeof connectMfaSettings>) => at(view, 'reauthenticating').reauthentication as AnyActorRef;

describe('step-up before a sensitive change, with the real client', () => {
  it('a sign-in just now: turning TOTP off goes ahead without signing in again', async () => {
    const { actor, view } = await settingsPage('stepup-fresh');
    at(view(), 'ready').disable('TOTP');
    await waitFor(actor, (s) => s.matches('ready') && s.context.status?.enabled.length === 0);
    expect((await fetchMFAPreference()).enabled ?? []).toEqual([]);
    actor.stop();
  });

  it('an old sign-in: cancelling the re-authentication changes nothing, and the session stays as it was', async () => {
    const { actor, view } = await settingsPage('stepup-cancel');
    const before = await idClaims();
    t.clock.advance(TEN_MINUTES);
    at(view(), 'ready').disable('TOTP');
    await waitFor(actor, (s) => s.matches('reauthenticating'));
    // The sign-in flow first looks for a session (none: it runs apart from the app's), then asks for the password.
    await waitFor(child(view()), (s) => s.matches('credentials'));
    const reauth = at(view(), 'reauthenticating');
    expect(reauth.username).toBe(actor.getSnapshot().context.accountName);
    expect(reauth.pending).toEqual({ kind: 'save', change: { totp: 'DISABLED' } });
    // A wrong password first: refused by Cognito, shown in the sign-in flow, and still nothing changes.
    reauth.submitPassword('Not-the-passw0rd');
    await waitFor(child(view()), (s) => s.matches('credentials') && s.context.error !== null);
    expect(connectSignIn(child(view()).getSnapshot(), child(view()).send).error?.code).toBe('WRONG_CREDENTIALS');
    at(view(), 'reauthenticating').cancel();
    expect(view().step).toBe('ready');
    expect(view().error?.code).toBe('REAUTH_CANCELLED');
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'], preferred: 'TOTP' });
    const after = await idClaims();
    expect(after.sub).toBe(before.sub);
    expect(after.authTime).toBe(before.authTime);
    actor.stop();
  });

  it('an old sign-in: the user signs in again with their TOTP, then TOTP is turned off without asking again', async () => {
    const { actor, view, totp } = await settingsPage('stepup-done');
    const before = await idClaims();
    // The app's own sign-in flow, signed in: the re-authentication's sign-in is not announced to it as a new one.
    const app = createActor(createAmplifySignInMachine(), { input: {} }).start();
    await waitFor(app, (s) => s.matches('signedIn'));
    const appStates: unknown[] = [];
    app.subscribe((s) => appStates.push(s.value));
    t.clock.advance(TEN_MINUTES);
    at(view(), 'ready').disable('TOTP');
    await waitFor(actor, (s) => s.matches('reauthenticating'));
    // The sign-in flow first looks for a session (none: it runs apart from the app's), then asks for the password.
    await waitFor(child(view()), (s) => s.matches('credentials'));
    // While it runs, the app's session is untouched: signIn did not throw UserAlreadyAuthenticatedException, and no sign-out.
    at(view(), 'reauthenticating').submitPassword(PASSWORD);
    const flow = child(view());
    await waitFor(flow, (s) => s.matches({ challenge: 'totpCode' }));
    expect((await getCurrentUser()).userId).toBe(before.sub);
    expect((await idClaims()).token).toBe(before.token);
    // A wrong code is the sign-in flow's business: the change still waits.
    flow.send({ type: 'CODE.SUBMIT', code: wrongCode(totp) });
    await waitFor(flow, (s) => s.matches({ challenge: { totpCode: 'awaitingCode' } }) && s.context.error !== null);
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'] });
    flow.send({ type: 'CODE.SUBMIT', code: totp.generate() });
    await waitFor(actor, (s) => s.matches('ready') && s.context.status?.enabled.length === 0, { timeout: 10_000 });
    expect(view().error).toBeNull();
    expect((await fetchMFAPreference()).enabled ?? []).toEqual([]);
    // The app is signed in with the new sign-in's tokens: the same user, a new auth_time.
    const after = await idClaims();
    expect(after.sub).toBe(before.sub);
    expect(after.authTime).toBeGreaterThanOrEqual(before.authTime + 600);
    expect((await getCurrentUser()).userId).toBe(before.sub);
    expect(
      appStates.filter((v) => v !== 'signedIn'),
      'the app never saw a sign-in or a sign-out',
    ).toEqual([]);
    app.stop();
    // And a second sensitive change within the age needs no new sign-in.
    actor.send({ type: 'ENROLL.SMS' });
    expect(view().step).toBe('verifyingPhone');
    actor.stop();
  });

  it('the re-authentication is for this user only: a sign-in as another account is refused and changes nothing', async () => {
    const { actor, view } = await settingsPage('stepup-other');
    // Another account, with the same password (signing up needs no sign-out).
    const other = await signUpConfirmed(t, 'stepup-someone-else');
    const email = actor.getSnapshot().context.accountName;
    t.clock.advance(TEN_MINUTES);
    at(view(), 'ready').disable('TOTP');
    await waitFor(actor, (s) => s.matches('reauthenticating'));
    await waitFor(child(view()), (s) => s.matches('credentials'));
    const flow = child(view());
    // Another account's own password: never sent for this account's step-up (nor could its tokens take this session's place).
    flow.send({ type: 'CREDENTIALS.SUBMIT', username: other, password: PASSWORD });
    await waitFor(flow, (s) => s.matches('credentials') && s.context.error !== null);
    expect(flow.getSnapshot().context.error?.code).toBe('WRONG_CREDENTIALS');
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
    expect(await fetchMFAPreference()).toMatchObject({ enabled: ['TOTP'] });
    actor.stop();
  });
});
