import { fetchAuthSession, getCurrentUser, signOut } from 'aws-amplify/auth';
import { assign, createActor, setup, waitFor } from 'xstate';
import type { AnyActor } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  connectRecoveryCodes,
  connectRecoverySignIn,
  createAmplifyRecoveryCodesMachine,
  createAmplifyRecoverySignInMachine,
} from 'amplify-mfa-flow/recovery';
import { hubAuthEvents } from '../../src/amplify/hub.js';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// Real level: the two recovery machines with their aws-amplify actors against the local backend,
// which runs the pool's custom-auth triggers. The journey the issue asks for, step by step on the views.
let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const idle = (actor: AnyActor) => waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 30_000 });

async function makeCodes(hasCodes: boolean): Promise<string[]> {
  const actor = createActor(createAmplifyRecoveryCodesMachine(), { input: { hasCodes } }).start();
  const view = () => connectRecoveryCodes(actor.getSnapshot(), actor.send);
  let v = view();
  if (v.step !== 'idle') throw new Error(v.step);
  v.start();
  v = view();
  if (hasCodes) {
    if (v.step !== 'warning') throw new Error(`expected the warning, got ${v.step}`);
    v.replace();
    v = view();
  }
  if (v.step !== 'enteringPassword') throw new Error(v.step);
  v.submitPassword(PASSWORD);
  await idle(actor);
  v = view();
  if (v.step !== 'showing') throw new Error(`expected the codes, got ${v.step}: ${JSON.stringify(v.error)}`);
  const codes = [...v.codes];
  v.confirmSaved();
  await waitFor(actor, (s) => s.status === 'done', { timeout: 30_000 });
  expect(actor.getSnapshot().output).toEqual({ status: 'saved', hasCodes: true });
  expect(actor.getSnapshot().context.codes).toEqual([]);
  return codes;
}

async function signInWithCode(email: string, code: string) {
  const actor = createActor(createAmplifyRecoverySignInMachine(), { input: { username: email } }).start();
  const view = () => connectRecoverySignIn(actor.getSnapshot(), actor.send);
  const first = view();
  if (first.step !== 'enteringCredentials') throw new Error(first.step);
  first.submitCredentials(email, PASSWORD);
  await idle(actor);
  const asked = view();
  if (asked.step !== 'awaitingCode') throw new Error(`expected the code step, got ${asked.step}: ${JSON.stringify(asked.error)}`);
  asked.submitCode(code);
  await idle(actor);
  return { actor, view: view() };
}

describe('recovery codes: the machines with aws-amplify against the local backend', () => {
  it('settings make 10 codes shown once; signed out, the password and one code sign in; the code is then refused', async () => {
    const email = await signUpConfirmed(t, 'rc-real');
    await enrollTotp(t, email);
    const codes = await makeCodes(false);
    expect(codes).toHaveLength(10);
    await signOut();

    const done = await signInWithCode(email, codes[2]!.toUpperCase().replace('-', ' '));
    expect(done.view.step).toBe('signedIn');
    expect(done.actor.getSnapshot().output).toEqual({ status: 'signedIn', username: email });
    expect((await fetchAuthSession()).tokens?.accessToken).toBeDefined();
    await signOut();

    const reused = await signInWithCode(email, codes[2]!);
    expect([reused.view.step, reused.view.error?.code]).toEqual(['awaitingCode', 'RECOVERY_CODE_USED']);
    expect(reused.view.step === 'awaitingCode' && reused.view.attemptsLeft).toBe(4);
  });

  it('a new set from the settings, after the warning, voids the old one', async () => {
    const email = await signUpConfirmed(t, 'rc-real-again');
    await enrollTotp(t, email);
    const old = await makeCodes(false);
    const fresh = await makeCodes(true);
    await signOut();
    const refused = await signInWithCode(email, old[0]!);
    expect([refused.view.step, refused.view.error?.code]).toEqual(['awaitingCode', 'RECOVERY_CODE_WRONG']);
    if (refused.view.step !== 'awaitingCode') return;
    refused.view.submitCode(fresh[0]!);
    await idle(refused.actor);
    expect(connectRecoverySignIn(refused.actor.getSnapshot(), refused.actor.send).step).toBe('signedIn');
    expect((await getCurrentUser()).signInDetails?.loginId).toBe(email);
  });

  it("making a set is not the page's sign-in: no flow hears signedIn for it; a sign-in with a code is heard", async () => {
    const email = await signUpConfirmed(t, 'rc-real-hub');
    await enrollTotp(t, email);
    // What every flow on the page listens to (the sign-in flow re-reads the session on AUTH.SIGNED_IN, and an app
    // rebuilds what hangs under it: the demo's settings, with the codes being shown).
    const listener = createActor(
      setup({
        types: { context: {} as { heard: string[] } },
        actors: { authEvents: hubAuthEvents },
      }).createMachine({
        context: { heard: [] },
        invoke: { src: 'authEvents' },
        on: { '*': { actions: assign({ heard: ({ context, event }) => [...context.heard, event.type] }) } },
      }),
    ).start();
    try {
      const codes = await makeCodes(false);
      expect(listener.getSnapshot().context.heard).toEqual([]);
      await signOut();
      const done = await signInWithCode(email, codes[0]!);
      expect(done.view.step).toBe('signedIn');
      expect(listener.getSnapshot().context.heard).toEqual(['AUTH.SIGNED_OUT', 'AUTH.SIGNED_IN']);
    } finally {
      listener.stop();
    }
  });

  it('wrong codes: each takes an attempt, the one before the last says so, the fifth is the lockout', async () => {
    const email = await signUpConfirmed(t, 'rc-real-lockout');
    await enrollTotp(t, email);
    await makeCodes(false);
    await signOut();
    const { actor, view: first } = await signInWithCode(email, '22222-22222');
    expect([first.step, first.error?.code, first.step === 'awaitingCode' && first.attemptsLeft]).toEqual([
      'awaitingCode',
      'RECOVERY_CODE_WRONG',
      4,
    ]);
    const view = () => connectRecoverySignIn(actor.getSnapshot(), actor.send);
    const seen: [string, string | undefined, number | false][] = [];
    for (let i = 0; i < 4; i++) {
      const v = view();
      if (v.step !== 'awaitingCode') throw new Error(v.step);
      v.submitCode('33333-33333');
      await idle(actor);
      const after = view();
      seen.push([after.step, after.error?.code, after.step === 'awaitingCode' && after.attemptsLeft]);
    }
    expect(seen).toEqual([
      ['awaitingCode', 'RECOVERY_CODE_WRONG', 3],
      ['awaitingCode', 'RECOVERY_CODE_WRONG', 2],
      ['awaitingCode', 'RECOVERY_LAST_ATTEMPT', 1],
      // The pool locks the user out and ends this sign-in: back to the password, with a lockout of its own words.
      ['enteringCredentials', 'RECOVERY_LOCKED_OUT', false],
    ]);
  });
});
