import { signOut } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import { createAmplifyPasswordlessSignInMachine } from '../../src/amplify/passwordless.actors.js';
import { arrange, factorsOf, realPlan, realRig, replayReal } from './realReplay.js';
import type { Scenario } from './realReplay.js';

// Real level: the passwordless sign-in machine with its real aws-amplify actors against the local backend
// provisioned from the passwordless variant (MFA optional, by TOTP or SMS), a software P-256 authenticator playing
// the browser's passkey dialog, and users with the MFA each path needs. Every catalogue path the local backend can
// produce is walked by its id (the pure level's), with the named scenarios (MFA after a USER_AUTH password
// among them) and generated paths for what the catalogue's leave out. The custom challenge is the variant's own: its
// custom-auth triggers ask for a recovery code after a password sent by CUSTOM_WITH_SRP, so those paths start the
// machine that way, for a user who made a set of codes through aws-amplify (as the product's settings do), and answer
// with an unused code of the set where the path signs in and a wrong one where the triggers ask again or lock the user
// out (the fifth wrong code in a row: those the path does not give, the user gave in a sign-in before it). The states
// are the path's; the challenge's real parameters (a recovery code, and that the one before was wrong) are checked
// apart from the model's made-up question ("What is 2 + 2?"), and so is the lockout's real error: the model's attempt
// limit there (LimitExceededException) is, from these triggers, Cognito's "Password attempts exceeded"
// (NotAuthorizedException), which the machine reads as the same lockout.
//
// A dropped connection, Cognito's attempt limit and a call that never answers are the local backend's faults on
// demand (amplify/local/faults.ts): the replay queues the one a path's next step needs, for the API that step's call
// makes, before the step that starts it. Paths with a fault are chosen only for what the plain ones leave out.
//
// What the rest of the catalogue needs, and the local backend cannot give (`catalogueLeftOut` counts them):
// - Amplify's "already signed in", a profile read that fails, a fault in the passkey ceremony (its first request is a
//   USER_AUTH sign-in or the selection's answer, by how the step was reached), a QR code or sign-out that fails or
//   hangs (no request decides them): walked on fakes (passwordless.paths.test.ts) and in the fault matrix (test/faults);
// - a lost session (a token refresh that fails), and another tab's sign-in before a sign-in the flow starts by
//   itself (a second flow on the page and another tab are walked: test/support/secondFlow.ts);
// - MFA set up during sign-in: the variant's MFA is optional; passwordless.real.required.test.ts walks the TOTP
//   setup on the variant varied to require MFA (after a password up front, a USER_AUTH password, a new password);
// - email MFA and its setup: the variant's MFA is by TOTP or SMS only; the sign-in real suites walk them;
// - a device remembered after a first-factor code, or a sign-in again on a remembered device: the variant remembers a
//   device after an MFA code (walked here); the sign-in's real suites walk a remembered device signing in again;
// - a custom-challenge answer refused with "Incorrect username or password": the recovery-code triggers ask again
//   after a wrong code and end the sign-in only at the lockout; a custom challenge after a USER_AUTH password or an
//   MFA setup: the triggers follow only a password sent by CUSTOM_WITH_SRP;
// - a password up front answered with a step only USER_AUTH gives (the selection, the password step): a password
//   sent with the identifier is USER_SRP_AUTH, which Cognito answers as any password;
// - a USER_AUTH from the identifier that Cognito answers with the ceremony itself, or another method that Cognito
//   answers with a code: the local backend answers a first factor not asked for with the selection, as Cognito does;
// - a passkey or a first-factor code for a user with MFA: Cognito offers such a user the password alone;
// - a resend of a code asked for up front: the model keeps no first factor at its vertices (serializeSignIn), so its
//   path does not say what the machine does with one; the pure level walks it against the oracle.
const plan = realPlan();

const rig = realRig();

describe('passwordless sign-in machine: catalogue paths with real Amplify, passkeys on a software authenticator', () => {
  it('walks every catalogue path the local backend can produce, and says why the others cannot be', () => {
    const leftOut = [...plan.catalogueLeftOut.values()].reduce((n, ids) => n + ids.length, 0);
    console.info(
      `passwordless real paths: ${plan.fromCatalogue.length}/${plan.catalogue} catalogue paths walked for real, ${plan.paths.length} paths in all; ` +
        `coverage ${plan.coverage.states.covered}/${plan.coverage.states.total} states, ${plan.coverage.transitions.covered}/${plan.coverage.transitions.total} transitions`,
    );
    for (const [reason, ids] of plan.catalogueLeftOut) console.info(`  ${ids.length} left out: ${reason}`);
    expect(plan.fromCatalogue.length + leftOut).toBe(plan.catalogue);
    expect(plan.fromCatalogue.length).toBeGreaterThanOrEqual(58);
    expect(plan.coverage.states.covered).toBeGreaterThanOrEqual(53);
    expect(plan.coverage.transitions.covered).toBeGreaterThanOrEqual(146);
    // The faults on demand: each kind, and only where the plain paths leave a transition out.
    const faulted = plan.paths.filter((p) => p.faults).map((p) => p.id);
    for (const kind of ['-network-error', '-limit-exceeded', '-timeout'])
      expect(
        faulted.some((id) => id.endsWith(kind)),
        kind,
      ).toBe(true);
    expect(plan.missing, 'named scenarios no walked path plays').toEqual([]);
    expect(plan.paths.every((p) => p.scenario)).toBe(true);
  });

  it('plays the selection, the password step, emailed and texted codes, a passkey that signs in, is closed, hangs or is unsupported, MFA after a password, a recovery code as the custom challenge', () => {
    const all = plan.paths.map((p) => p.id).join(' ');
    for (const slug of [
      'password-step-totp-code-wrong-code-signed-in',
      'password-step-sms-code-wrong-code-signed-in',
      'password-step-select-mfa-choose-totp',
      'password-step-new-password-required-new-password',
      'factors-choose-password',
      'passkey-signed-in',
      'passkey-cancelled',
      'passkey-timeout',
      'passkey-unsupported',
      'email',
      'sms',
      'password-custom-empty-answer',
      'password-custom-answer-session-expired',
      'password-custom-answer-limit-exceeded',
      'password-custom-answer-custom-answer-signed-in',
      'password-custom-cancel-password-custom-answer-signed-in',
      'password-custom-answer-custom-answer-limit-exceeded',
    ])
      expect(all).toContain(slug);
    // The custom paths, and only they, start by CUSTOM_WITH_SRP for a user with recovery codes.
    for (const p of plan.paths) expect(p.scenario.recoveryCodes === true, p.id).toBe(p.id.includes('-custom'));
    expect(plan.paths.some((p) => p.scenario.passkey)).toBe(true);
    expect(plan.paths.some((p) => !p.scenario.phone)).toBe(true);
    for (const mfa of ['totp', 'sms', 'both'] as const) expect(plan.paths.some((p) => p.scenario.mfa === mfa)).toBe(true);
  });

  for (const path of plan.paths) {
    it(`passwordlessSignIn ${path.id}: ${path.title}`, () => replayReal(rig.t, rig.device, path, path.scenario), 60_000);
  }
});

/** The machine's top-level state is this one (its chart is built at run time, so its state names are not typed). */
const at = (snapshot: { value: unknown }, state: string) => snapshot.value === state;

describe('passwordless sign-in machine with real Amplify: what the paths do not say', () => {
  const signInFrom = async (scenario: Scenario) => {
    const user = await arrange(rig.t, rig.device, scenario);
    const actor = createActor(createAmplifyPasswordlessSignInMachine(), {
      input: { authFlowType: rig.t.connection.authFlowType, maxAttempts: 2 },
    }).start();
    await waitFor(actor, (s) => at(s, 'credentials'));
    const view = () => connectPasswordlessSignIn(actor.getSnapshot(), actor.send);
    const settled = async () => {
      await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 20_000 });
      return view();
    };
    return { user, actor, view, settled };
  };

  it.each([
    { status: 'CONFIRMED', phone: true, passkey: false, mfa: 'none' },
    { status: 'CONFIRMED', phone: false, passkey: false, mfa: 'none' },
    { status: 'CONFIRMED', phone: true, passkey: true, mfa: 'none' },
    { status: 'CONFIRMED', phone: false, passkey: true, mfa: 'none' },
    { status: 'CONFIRMED', phone: true, passkey: false, mfa: 'sms' },
    { status: 'CONFIRMED', phone: false, passkey: false, mfa: 'totp' },
  ] satisfies Scenario[])(
    'the selection offers only the factors this user has (phone $phone, passkey $passkey, MFA $mfa)',
    async (scenario) => {
      const { user, actor, settled } = await signInFrom(scenario);
      actor.send({ type: 'IDENTIFIER.SUBMIT', username: user.email });
      const v = await settled();
      if (v.step !== 'factorSelection') throw new Error(`expected the selection, got ${v.step}`);
      expect(v.availableChallenges).toEqual(factorsOf(scenario));
      // A factor not offered is refused before any call, and the selection stays as it was.
      if (!scenario.phone || scenario.mfa !== 'none') {
        actor.send({ type: 'FACTOR.SELECT', factor: 'SMS_OTP' });
        expect(actor.getSnapshot().context.error?.code).toBe('METHOD_NOT_ALLOWED');
      }
      actor.stop();
      await signOut();
    },
  );

  it('the custom challenge refuses a recovery code already used as used (not as wrong), and another of the set signs in', async () => {
    const user = await arrange(rig.t, rig.device, { status: 'CONFIRMED', phone: false, passkey: false, mfa: 'none', recoveryCodes: true });
    const codes = user.codes ?? [];
    expect(codes).toHaveLength(10);
    const actor = createActor(createAmplifyPasswordlessSignInMachine(), {
      input: { authFlowType: 'CUSTOM_WITH_SRP', maxAttempts: 2 },
    }).start();
    await waitFor(actor, (s) => at(s, 'credentials'));
    const settled = async () => {
      await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 20_000 });
      return connectPasswordlessSignIn(actor.getSnapshot(), actor.send);
    };
    const answerWith = async (code: string) => {
      const v = await settled();
      if (v.step !== 'customChallenge') throw new Error(`expected the custom challenge, got ${v.step}`);
      v.submitAnswer(code);
      return settled();
    };
    const challengeOf = (v: Awaited<ReturnType<typeof settled>>) => (v.step === 'customChallenge' ? v.parameters : null);
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: user.email, password: user.password });
    expect((await answerWith(codes[0]!)).step).toBe('signedIn');
    actor.send({ type: 'SIGN_OUT' });
    await waitFor(actor, (s) => at(s, 'signedOut'), { timeout: 20_000 });
    actor.send({ type: 'FLOW.RESTART' });
    actor.send({ type: 'CREDENTIALS.SUBMIT', username: user.email, password: user.password });
    // The same code again: the triggers ask again, and say it was one already used; the model has no such parameter.
    const v = await answerWith(codes[0]!);
    expect(challengeOf(v)).toMatchObject({ step: 'RECOVERY_CODE', previous: 'USED_CODE' });
    expect(actor.getSnapshot().context.error).toBeNull();
    expect((await answerWith(codes[1]!)).step).toBe('signedIn');
    actor.stop();
    await signOut();
  });

  it('a passkey the backend refuses (a cloned authenticator whose counter went back) fails the ceremony; another method still signs in', async () => {
    const { user, actor, settled } = await signInFrom({ status: 'CONFIRMED', phone: false, passkey: true, mfa: 'none' });
    const held = rig.device.held.at(-1)!;
    // Once signed in with it, the backend holds its counter; the clone answers with the counter as it was before.
    actor.send({ type: 'IDENTIFIER.SUBMIT', username: user.email, preferredChallenge: 'WEB_AUTHN' });
    await waitFor(actor, (s) => at(s, 'signedIn'), { timeout: 20_000 });
    actor.send({ type: 'SIGN_OUT' });
    await waitFor(actor, (s) => at(s, 'signedOut'), { timeout: 20_000 });
    actor.send({ type: 'FLOW.RESTART' });
    rig.device.rewind(held.id, 0);
    actor.send({ type: 'IDENTIFIER.SUBMIT', username: user.email, preferredChallenge: 'WEB_AUTHN' });
    let v = await settled();
    if (v.step !== 'passkeyFailed') throw new Error(`expected the passkey to fail, got ${v.step}`);
    expect(v.error).toMatchObject({ code: 'WRONG_CREDENTIALS', name: 'NotAuthorizedException' });
    expect(actor.getSnapshot().context.error?.retryable).toBe(false);
    v.changeMethod();
    v = await settled();
    if (v.step !== 'factorSelection') throw new Error(`expected the selection, got ${v.step}`);
    v.selectFactor('PASSWORD_SRP');
    v = await settled();
    if (v.step !== 'password') throw new Error(`expected the password step, got ${v.step}`);
    v.submitPassword(user.password);
    await waitFor(actor, (s) => at(s, 'signedIn'), { timeout: 20_000 });
    actor.stop();
    await signOut();
  });
});
