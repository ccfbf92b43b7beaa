import { fetchDevices, forgetDevice, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { Actor } from 'xstate';
import { connectSignIn, createAmplifySignInMachine } from 'amplify-mfa-flow';
import type { SignInMachine } from 'amplify-mfa-flow';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { at } from '../support/views.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

// "Remember this device" through the sign-in machine, with the real aws-amplify
// actors against the local backend (which checks the device's SRP proof for
// real, amplify/local/gaps/devices.ts): remember, sign out, sign in without a
// code, forget, sign in with a code again.

let t: TestBackend;
const actors: Actor<SignInMachine>[] = [];
beforeAll(async () => {
  t = await startTestBackend();
});
afterEach(async () => {
  for (const a of actors.splice(0)) a.stop();
  await signOut();
  vi.unstubAllGlobals();
});
afterAll(() => t.backend.close());

/** aws-amplify names the device it confirms from `navigator`, which Node 20 lacks; a browser has it. */
const likeABrowser = () => vi.stubGlobal('navigator', { userAgent: 'vitest on Node' });

async function flow(): Promise<Actor<SignInMachine>> {
  const actor = createActor(createAmplifySignInMachine(), { input: { authFlowType: t.connection.authFlowType } });
  actors.push(actor);
  actor.start();
  await idle(actor);
  return actor;
}
const view = (a: Actor<SignInMachine>) => connectSignIn(a.getSnapshot(), a.send);
const idle = (a: Actor<SignInMachine>) => waitFor(a, (s) => !s.hasTag('busy'), { timeout: 10_000 });

async function totpUser(tag: string) {
  const email = await signUpConfirmed(t, tag);
  const totp = await enrollTotp(t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOut();
  return { email, totp };
}

/** Signs in through the machine; answers the TOTP code (ticking "Remember this device" if asked) when it is asked for. */
async function signInThroughMachine(user: { email: string; totp: { generate(): string } }, remember: boolean) {
  const actor = await flow();
  at(view(actor), 'credentials').submitCredentials(user.email, PASSWORD);
  await idle(actor);
  const asked = view(actor).step;
  if (asked === 'totpCode') {
    at(view(actor), 'totpCode').submitCode(user.totp.generate(), { rememberDevice: remember });
    await idle(actor);
  }
  return { actor, asked };
}

describe('remembered devices through the sign-in machine (real aws-amplify, local backend)', () => {
  it('remember, sign out, sign in without a code, forget, sign in with a code again', async () => {
    likeABrowser();
    const user = await totpUser('machine-remember');
    const first = await signInThroughMachine(user, true);
    expect(first.asked).toBe('totpCode');
    const signedIn = at(view(first.actor), 'signedIn');
    expect(signedIn.error).toBeNull();
    expect(signedIn.user?.email).toBe(user.email);
    expect((await fetchDevices()).map((d) => d.attributes['dev:device_remembered_status'])).toEqual(['remembered']);
    // Nothing of the device is in the machine: its keys stay in aws-amplify's token store.
    expect(JSON.stringify(first.actor.getPersistedSnapshot())).not.toMatch(/_[0-9a-f]{8}-[0-9a-f]{4}-/);
    at(view(first.actor), 'signedIn').signOut();
    await idle(first.actor);

    const again = await signInThroughMachine(user, false);
    expect(again.asked, 'the remembered device answers for the code').toBe('signedIn');
    await forgetDevice();
    at(view(again.actor), 'signedIn').signOut();
    await idle(again.actor);

    const forgotten = await signInThroughMachine(user, false);
    expect(forgotten.asked, 'a forgotten device is asked for the code again').toBe('totpCode');
    expect(view(forgotten.actor).step).toBe('signedIn');
  });

  it('without the tick, the device is not remembered and the next sign-in asks for the code', async () => {
    likeABrowser();
    const user = await totpUser('machine-no-remember');
    const first = await signInThroughMachine(user, false);
    expect(at(view(first.actor), 'signedIn').error).toBeNull();
    expect((await fetchDevices()).map((d) => d.attributes['dev:device_remembered_status'])).toEqual(['not_remembered']);
    at(view(first.actor), 'signedIn').signOut();
    await idle(first.actor);
    expect((await signInThroughMachine(user, false)).asked).toBe('totpCode');
  });

  it('when the device cannot be remembered the user is still signed in, and told (DEVICE_NOT_REMEMBERED)', async () => {
    // No navigator: aws-amplify skips confirming the device, so it holds no keys to remember.
    const user = await totpUser('machine-remember-fails');
    const first = await signInThroughMachine(user, true);
    const signedIn = at(view(first.actor), 'signedIn');
    expect(signedIn.user?.email).toBe(user.email);
    expect(signedIn.error).toMatchObject({ code: 'DEVICE_NOT_REMEMBERED', name: 'DeviceMetadataNotFoundException' });
  });
});
