import { fetchAuthSession, listWebAuthnCredentials, signIn, signOut } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { createActor, waitFor } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { connectPasskeys, createAmplifyPasskeysMachine, isPasskeySupported } from 'amplify-mfa-flow/passkeys';
import type { PasskeysView } from 'amplify-mfa-flow/passkeys';
import { domException } from '../support/authenticator.js';
import { PASSWORD } from '../support/backend.js';
import { passkeyRig, passwordlessUser } from '../support/passwordless.js';

// The passkeys machine with the real aws-amplify client against the local backend (passwordless
// variant), the browser's prompt played by a software authenticator: list, add, delete, and a closed prompt.
const rig = passkeyRig();

async function signedIn(tag: string): Promise<void> {
  const { email } = await passwordlessUser(rig.t, tag);
  const res = await signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });
  expect(res.isSignedIn).toBe(true);
}

function panel() {
  const actor = createActor(createAmplifyPasskeysMachine(), {
    input: {
      supported: isPasskeySupported(),
      // The sign-in age is measured on the backend's clock, which a test moves on (no waiting).
      now: () => rig.t.clock.now(),
      reauthentication: { authFlowType: rig.t.connection.authFlowType },
    },
  });
  actor.start();
  const view = () => connectPasskeys(actor.getSnapshot(), actor.send);
  /** Waits until nothing is in flight, and gives the view. */
  const settled = async () => {
    await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 20_000 });
    return view();
  };
  return { actor, view, settled };
}

const ready = (v: PasskeysView): PasskeysView<'ready'> => {
  if (v.step !== 'ready') throw new Error(`expected ready, got ${v.step} (${v.error?.code ?? 'no error'})`);
  return v;
};

describe('passkeys machine (real aws-amplify, local backend)', () => {
  it('lists none, adds one (then lists it), deletes it after a confirmation naming it (then lists none)', async () => {
    const device = rig.onDevice();
    await signedIn('pkm-cycle');
    const p = panel();
    let v = ready(await p.settled());
    expect(v.passkeys).toEqual([]);
    expect(v.canAdd).toBe(true);
    v.addPasskey();
    expect(p.view().step).toBe('adding');
    v = ready(await p.settled());
    expect(v.error).toBeNull();
    expect(v.passkeys.map((k) => [k.id, k.name])).toEqual([[device.held[0]!.id, 'This device']]);
    v.items[0]!.remove();
    const confirm = p.view();
    if (confirm.step !== 'confirmingDelete') throw new Error(confirm.step);
    expect(confirm.passkey.name).toBe('This device');
    confirm.confirmDelete();
    v = ready(await p.settled());
    expect([v.passkeys, v.error]).toEqual([[], null]);
    p.actor.stop();
  });

  it('a closed prompt is PASSKEY_CANCELLED, back on the list as it was, nothing added', async () => {
    const device = rig.onDevice();
    await signedIn('pkm-closed');
    const p = panel();
    ready(await p.settled()).addPasskey();
    const first = ready(await p.settled());
    expect(first.passkeys).toHaveLength(1);
    device.failNext = domException('NotAllowedError');
    first.addPasskey();
    const after = ready(await p.settled());
    expect(after.error?.code).toBe('PASSKEY_CANCELLED');
    expect(after.passkeys).toEqual(first.passkeys);
    // What Cognito has agrees.
    after.reload();
    expect(ready(await p.settled()).passkeys).toEqual(first.passkeys);
    p.actor.stop();
  });

  it('a passkey already on this device is PASSKEY_EXISTS, nothing added', async () => {
    rig.onDevice();
    await signedIn('pkm-exists');
    const p = panel();
    ready(await p.settled()).addPasskey();
    const first = ready(await p.settled());
    first.addPasskey();
    const after = ready(await p.settled());
    expect(after.error?.code).toBe('PASSKEY_EXISTS');
    expect(after.passkeys).toEqual(first.passkeys);
    p.actor.stop();
  });

  it('faults on demand: a dropped list is retried by the user; a throttled add adds nothing; a dropped delete keeps the passkey, listed again', async () => {
    rig.onDevice();
    await signedIn('pkm-faults');
    const throttled = { name: 'TooManyRequestsException', message: 'Too many requests' };
    try {
      // The list: nothing listed while it cannot be read, then read again when the user asks.
      rig.t.backend.faults.next('network', 'ListWebAuthnCredentials');
      const p = panel();
      const failed = await p.settled();
      if (failed.step !== 'loadFailed') throw new Error(`expected loadFailed, got ${failed.step}`);
      expect([failed.error?.code, failed.passkeys]).toEqual(['NETWORK', []]);
      failed.reload();
      ready(await p.settled()).addPasskey();
      const one = ready(await p.settled());
      expect(one.passkeys).toHaveLength(1);

      // Adding, throttled at the first request: the error is shown on the list, which is read again and unchanged.
      rig.t.backend.faults.next(throttled, 'StartWebAuthnRegistration');
      one.addPasskey();
      const notAdded = ready(await p.settled());
      expect(notAdded.error?.code).toBe('TOO_MANY_REQUESTS');
      expect(notAdded.passkeys).toEqual(one.passkeys);

      // Deleting, the connection dropped: the passkey is still Cognito's, and still listed.
      rig.t.backend.faults.next('network', 'DeleteWebAuthnCredential');
      notAdded.items[0]!.remove();
      const confirm = p.view();
      if (confirm.step !== 'confirmingDelete') throw new Error(confirm.step);
      confirm.confirmDelete();
      const kept = ready(await p.settled());
      expect(kept.error?.code).toBe('NETWORK');
      expect(kept.passkeys).toEqual(one.passkeys);
      expect((await listWebAuthnCredentials()).credentials.map((c) => c.credentialId)).toEqual([one.passkeys[0]!.id]);
      expect(rig.t.backend.faults.pending, 'every fault was given').toBe(0);
      p.actor.stop();
    } finally {
      rig.t.backend.faults.clear();
    }
  });

  it('a sign-out elsewhere on the page ends the panel (Hub), listing nothing', async () => {
    rig.onDevice();
    await signedIn('pkm-hub');
    const p = panel();
    ready(await p.settled());
    await signOut();
    await waitFor(p.actor, (s) => s.status === 'done');
    const v = p.view();
    expect([v.step, v.error?.code, v.passkeys]).toEqual(['signedOut', 'SIGNED_OUT', []]);
  });

  it('an old sign-in: deleting asks to sign in again; a cancel deletes nothing, the password then deletes it without asking again', async () => {
    rig.onDevice();
    await signedIn('pkm-stepup');
    const p = panel();
    ready(await p.settled()).addPasskey();
    const listed = ready(await p.settled()).passkeys;
    expect(listed).toHaveLength(1);
    const authTimeOf = async () => (await fetchAuthSession()).tokens?.idToken?.payload.auth_time as number;
    const before = await authTimeOf();
    rig.t.clock.advance(10 * 60 * 1000);

    const askToDelete = async () => {
      ready(p.view()).items[0]!.remove();
      const confirm = p.view();
      if (confirm.step !== 'confirmingDelete') throw new Error(confirm.step);
      confirm.confirmDelete();
      await waitFor(p.actor, (s) => s.matches('reauthenticating'), { timeout: 20_000 });
      const v = p.view();
      if (v.step !== 'reauthenticating') throw new Error(v.step);
      // For the signed-in user only, and the passkey asked about is named.
      expect([v.username, v.passkey.id]).toEqual([(await fetchAuthSession()).tokens?.idToken?.payload.email, listed[0]!.id]);
      await waitFor(v.reauthentication as AnyActorRef, (s) => s.matches('credentials'), { timeout: 20_000 });
      return v;
    };

    (await askToDelete()).cancel();
    let v = ready(p.view());
    expect(v.error?.code).toBe('REAUTH_CANCELLED');
    // Cognito still has it, and the app's session is the old one.
    expect((await listWebAuthnCredentials()).credentials.map((c) => c.credentialId)).toEqual([listed[0]!.id]);
    expect(await authTimeOf()).toBe(before);

    (await askToDelete()).submitPassword(PASSWORD);
    await waitFor(p.actor, (s) => s.matches('ready'), { timeout: 20_000 });
    v = ready(await p.settled());
    expect([v.passkeys, v.error]).toEqual([[], null]);
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
    // The app's session is the new sign-in.
    expect(await authTimeOf()).toBeGreaterThan(before);
    p.actor.stop();
  });
});
