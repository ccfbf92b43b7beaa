import { fetchAuthSession, fetchMFAPreference, getCurrentUser, setUpTOTP, signIn, signOut, verifyTOTPSetup } from 'aws-amplify/auth';
import { createActor, waitFor } from 'xstate';
import type { Actor } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAmplifyMfaPolicyMachine, createAmplifySignInMachine, readSignedInUser } from 'amplify-mfa-flow/amplify';
import { connectSignIn } from 'amplify-mfa-flow/machines';
import type { SignedInUser } from 'amplify-mfa-flow/machines';
import { connectMfaPolicy } from 'amplify-mfa-flow/policy';
import { authenticator, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend, uniqueEmail } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { at } from '../support/views.js';

// Real level: the gate with the real aws-amplify actors against the local backend, after a real
// sign-in whose ID token carries the user's Cognito groups.
let t: TestBackend;
const actors: Actor<never>[] = [];
beforeAll(async () => {
  t = await startTestBackend();
});
afterEach(async () => {
  for (const a of actors.splice(0)) a.stop();
  await signOut();
});
afterAll(() => t.backend.close());

/** A new member of `admins` without MFA, signed in through the sign-in machine; its user, from the ID token. */
async function signedInAdmin(): Promise<{ email: string; user: SignedInUser }> {
  const email = uniqueEmail('admin');
  await t.backend.createUser({ email, password: PASSWORD, groups: ['admins'] });
  const signInActor = createActor(createAmplifySignInMachine(), { input: { authFlowType: t.connection.authFlowType } }).start();
  actors.push(signInActor as never);
  await waitFor(signInActor, (s) => !s.hasTag('busy'));
  at(connectSignIn(signInActor.getSnapshot(), signInActor.send), 'credentials').submitCredentials(email, PASSWORD);
  const signedIn = await waitFor(signInActor, (s) => s.matches('signedIn'), { timeout: 10_000 });
  return { email, user: signedIn.context.user! };
}

function gate(user: SignedInUser) {
  const actor = createActor(createAmplifyMfaPolicyMachine(), {
    input: { requireMfaForGroups: ['admins'], user, capabilities: t.connection.capabilities, totpIssuer: 'amplify-mfa-flow' },
  }).start();
  actors.push(actor as never);
  return { actor, view: () => connectMfaPolicy(actor.getSnapshot(), actor.send) };
}

const settled = (actor: ReturnType<typeof gate>['actor']) =>
  waitFor(actor, (s) => s.status === 'done' || !s.hasTag('busy'), { timeout: 10_000 });

/** Polls: the parent's snapshot does not change while its child flow moves. */
async function until(ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
const awaitingCode = (view: () => ReturnType<typeof connectMfaPolicy>) => () => {
  const v = view();
  return v.step === 'enrollingTotp' && v.totpEnrollment.step === 'awaitingCode';
};

describe('MFA required for admins, with real Amplify on the local backend', () => {
  it('an admin without MFA sets up an authenticator app before the gate lets them through', async () => {
    const { email, user } = await signedInAdmin();
    expect(user.groups).toEqual(['admins']);
    const { actor, view } = gate(user);
    await settled(actor);
    const choosing = at(view(), 'choosing');
    expect(choosing.methods).toEqual(['TOTP', 'SMS']);
    expect(choosing.requiredBy).toEqual(['admins']);
    choosing.selectMethod('TOTP');
    await until(awaitingCode(view));
    const enrolling = at(view(), 'enrollingTotp');
    const awaiting = at(enrolling.totpEnrollment, 'awaitingCode');
    expect(decodeURIComponent(awaiting.totpSetup.uri)).toContain(`amplify-mfa-flow:${email}`);
    awaiting.submitCode(authenticator(awaiting.totpSetup.secret).generate());
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 10_000 });
    expect(done.output).toEqual({ status: 'satisfied', required: true });
    expect(done.context.status?.enabled).toEqual(['TOTP']);
    expect((await fetchMFAPreference()).enabled).toEqual(['TOTP']);
    // The next sign-in asks for the app's code.
    await signOut();
    const again = await signInWithPassword(t, email);
    expect(again.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  });

  it('an admin may choose text messages instead: the number is verified with the texted code, SMS MFA turns on, the gate opens', async () => {
    const { user } = await signedInAdmin();
    const { actor, view } = gate(user);
    await settled(actor);
    at(view(), 'choosing').selectMethod('SMS');
    const phone = `+1555${String(process.pid % 1000).padStart(3, '0')}7${String(Date.now() % 1000).padStart(3, '0')}`;
    const phoneStep = (step: string) => () => {
      const v = view();
      return v.step === 'verifyingPhone' && v.phoneVerification.step === step;
    };
    await until(phoneStep('enteringPhone'));
    const entering = at(view(), 'verifyingPhone').phoneVerification;
    if (entering.step !== 'enteringPhone') throw new Error(entering.step);
    entering.submitPhone(phone);
    await until(phoneStep('awaitingCode'));
    const awaiting = at(view(), 'verifyingPhone').phoneVerification;
    if (awaiting.step !== 'awaitingCode') throw new Error(awaiting.step);
    awaiting.submitCode(t.backend.inbox.latest({ destination: phone }).code);
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 10_000 });
    expect(done.output).toEqual({ status: 'satisfied', required: true });
    expect((await fetchMFAPreference()).enabled).toEqual(['SMS']);
  });

  it('a user in no listed group passes straight through, with no call', async () => {
    const email = await signUpConfirmed(t, 'member');
    await signInWithPassword(t, email);
    const user = await readSignedInUser();
    expect(user.groups).toBeUndefined();
    const { actor } = gate(user);
    expect(actor.getSnapshot().output).toEqual({ status: 'satisfied', required: false });
  });

  it('an admin who already has MFA is let through after one read', async () => {
    const { user } = await signedInAdmin();
    const { actor } = gate(user);
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ gate: 'choosing' });
    actor.stop();
    // With TOTP on (set up elsewhere), a new run of the gate lets the same session through.
    const setup = await setUpTOTP();
    await verifyTOTPSetup({ code: authenticator(setup.sharedSecret).generate() });
    const second = gate(user);
    const done = await waitFor(second.actor, (s) => s.status === 'done', { timeout: 10_000 });
    expect(done.output).toEqual({ status: 'satisfied', required: true });
  });

  it('signing out from the gate ends it signed out, and Amplify holds no session', async () => {
    const { user } = await signedInAdmin();
    const { actor, view } = gate(user);
    await settled(actor);
    at(view(), 'choosing').signOut();
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 10_000 });
    expect(done.output).toEqual({ status: 'signedOut', required: true });
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    expect((await fetchAuthSession()).tokens).toBeUndefined();
  });

  it('a sign-out elsewhere on the page, mid-enrollment, ends the gate (Hub) and drops the secret', async () => {
    const { user } = await signedInAdmin();
    const { actor, view } = gate(user);
    await settled(actor);
    at(view(), 'choosing').selectMethod('TOTP');
    await until(awaitingCode(view));
    await signOut();
    const done = await waitFor(actor, (s) => s.status === 'done', { timeout: 10_000 });
    expect(done.output).toEqual({ status: 'signedOut', required: true });
    expect(at(view(), 'signedOut').error?.code).toBe('SIGNED_OUT');
    expect(JSON.stringify(done.context)).not.toMatch(/secret/i);
  });

  it('Cognito signs the admin in again without MFA (it has no per-group MFA): only the gate holds them, every time', async () => {
    const { email, user } = await signedInAdmin();
    await signOut();
    const res = await signIn({ username: email, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });
    expect(res.nextStep.signInStep).toBe('DONE');
    const { actor } = gate(user);
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ gate: 'choosing' });
  });
});
