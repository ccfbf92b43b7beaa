import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { AnyActor, Snapshot } from 'xstate';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { recordRequests } from '../support/requests.js';
import { at } from '../support/views.js';

// Surviving a reload with the real aws-amplify client and the local backend:
// a TOTP challenge is stored mid-way, the page "reloads", and the restored flow
// answers the same Cognito session. A reload here is what a browser does to
// memory and keeps of sessionStorage: our modules (and the sign-in owner they
// keep in memory) are loaded afresh, and Amplify's sign-in store is read back
// from its storage by the code that runs when Amplify loads (SET_INITIAL_STATE).
// The Chromium test in test/browser/reload.browser.test.ts reloads a real page.

let t: TestBackend;
const actors: AnyActor[] = [];
beforeAll(async () => {
  t = await startTestBackend();
});
afterEach(async () => {
  for (const a of actors.splice(0)) a.stop();
  await signOut();
});
afterAll(() => t.backend.close());

/** Amplify's own sign-in store: the module aws-amplify/auth loaded (not part of its public surface). */
async function amplifySignInStore(): Promise<{ dispatch(action: { type: string }): void; getState(): { challengeName?: string } }> {
  const auth = dirname(realpathSync(createRequire(import.meta.url).resolve('@aws-amplify/auth')));
  const file = join(auth, '..', 'esm', 'client', 'utils', 'store', 'signInStore.mjs');
  return (await import(/* @vite-ignore */ pathToFileURL(realpathSync(file)).href)).signInStore;
}

/** A fresh copy of our aws-amplify machine, as a reloaded page gets it (its module memory empty). */
async function freshMachine() {
  vi.resetModules();
  return (await import('../../src/amplify/signIn.actors.js')).createAmplifySignInMachine();
}

async function totpUser(tag: string) {
  const email = await signUpConfirmed(t, tag);
  const totp = await enrollTotp(t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();
  return { email, totp };
}

const idle = (a: AnyActor) => waitFor(a, (s) => !s.hasTag('busy'), { timeout: 10_000 });
const viewOf = (a: AnyActor) => connectSignIn(a.getSnapshot(), a.send);

/** Signs in to the TOTP challenge; returns what the page stores (the persisted snapshot, as JSON). */
async function toTotpChallenge(email: string, input: object) {
  const actor = createActor(await freshMachine(), { input });
  actors.push(actor);
  actor.start();
  await idle(actor);
  at(viewOf(actor), 'credentials').submitCredentials(email, PASSWORD);
  await idle(actor);
  const view = at(viewOf(actor), 'totpCode');
  const stored = JSON.stringify(actor.getPersistedSnapshot());
  actor.stop();
  return { stored, expiresAt: view.expiresAt };
}

/** Counts the requests aws-amplify makes while `run` runs. */
const requests = async (run: () => Promise<void>): Promise<number> => (await recordRequests(run)).count;

describe('surviving a reload (real aws-amplify, local backend)', () => {
  it('a TOTP challenge stored, reloaded and answered signs the user in', async () => {
    const user = await totpUser('reload');
    const input = { authFlowType: t.connection.authFlowType };
    const { stored, expiresAt } = await toTotpChallenge(user.email, input);
    expect(stored).not.toContain(PASSWORD);

    // The reload: Amplify reads its sign-in back from storage; our modules start empty.
    const store = await amplifySignInStore();
    store.dispatch({ type: 'SET_INITIAL_STATE' });
    expect(store.getState().challengeName).toBe('SOFTWARE_TOKEN_MFA');
    const restored = createActor(await freshMachine(), { snapshot: JSON.parse(stored) as Snapshot<unknown>, input });
    actors.push(restored);
    restored.start();
    const view = at(viewOf(restored), 'totpCode');
    expect(view.expiresAt).toBe(expiresAt);
    view.submitCode(user.totp.generate());
    await waitFor(restored, (s) => s.matches('signedIn'), { timeout: 10_000 });
    expect(at(viewOf(restored), 'signedIn').user?.email).toBe(user.email);
  });

  it('restored after expiresAt: expired with SESSION_EXPIRED, and no request is made', async () => {
    const user = await totpUser('reload-expired');
    const input = { authFlowType: t.connection.authFlowType };
    const { stored, expiresAt } = await toTotpChallenge(user.email, input);
    const machine = await freshMachine();
    let restored: AnyActor | undefined;
    const made = await requests(async () => {
      restored = createActor(machine, { snapshot: JSON.parse(stored) as Snapshot<unknown>, input: { ...input, now: () => expiresAt } });
      actors.push(restored);
      restored.start();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(made).toBe(0);
    const view = viewOf(restored as AnyActor);
    expect(view.step).toBe('expired');
    expect(view.error?.code).toBe('SESSION_EXPIRED');
  });

  it('restored while Amplify holds no sign-in (its storage is gone): the answer ends as an expired session, not an unknown error', async () => {
    const user = await totpUser('reload-no-store');
    const input = { authFlowType: t.connection.authFlowType };
    const { stored } = await toTotpChallenge(user.email, input);
    const store = await amplifySignInStore();
    store.dispatch({ type: 'RESET_STATE' });
    const restored = createActor(await freshMachine(), { snapshot: JSON.parse(stored) as Snapshot<unknown>, input });
    actors.push(restored);
    restored.start();
    at(viewOf(restored), 'totpCode').submitCode(user.totp.generate());
    await idle(restored);
    expect(viewOf(restored).step).toBe('expired');
    expect(viewOf(restored).error?.code).toBe('SESSION_EXPIRED');
  });
});
