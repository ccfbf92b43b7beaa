import { signIn, signOut } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import type { AnyActorLogic } from 'xstate';
import { PasskeyCeremonyError, amplifyPasskeyActors, isPasskeySupported, toPasskeyError } from 'amplify-mfa-flow/passkeys';
import { domException } from '../support/authenticator.js';
import { PASSWORD } from '../support/backend.js';
import { passkeyRig, passwordlessUser } from '../support/passwordless.js';

// amplify-mfa-flow/passkeys' actors with the real aws-amplify client against
// the local backend (passwordless variant), the browser's ceremonies played by
// a software authenticator, and the failures a screen must tell apart.
const rig = passkeyRig();

function run(logic: AnyActorLogic, input?: unknown): Promise<unknown> {
  const actor = createActor(logic, { input });
  actor.start();
  return toPromise(actor);
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the actor to fail');
    },
    (e: unknown) => e,
  );
}

async function signedInUser(tag: string): Promise<string> {
  const { email } = await passwordlessUser(rig.t, tag);
  const res = await signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });
  expect(res.isSignedIn).toBe(true);
  return email;
}

async function passkeyFailure(p: Promise<unknown>) {
  const e = await rejection(p);
  expect(e).toBeInstanceOf(PasskeyCeremonyError);
  return (e as PasskeyCeremonyError).passkey;
}

describe('amplify-mfa-flow/passkeys actors (real aws-amplify, local backend)', () => {
  it('registerPasskey registers one and listPasskeys lists it', async () => {
    rig.onDevice();
    await signedInUser('pka-register');
    await run(amplifyPasskeyActors.registerPasskey);
    const list = await run(amplifyPasskeyActors.listPasskeys);
    expect(list).toEqual([
      {
        id: rig.device.held[0]!.id,
        name: 'This device',
        relyingPartyId: 'localhost',
        createdAt: expect.any(String),
        attachment: 'platform',
      },
    ]);
  });

  it('deletePasskey deletes it', async () => {
    rig.onDevice();
    await signedInUser('pka-delete');
    await run(amplifyPasskeyActors.registerPasskey);
    await run(amplifyPasskeyActors.deletePasskey, { id: rig.device.held[0]!.id });
    expect(await run(amplifyPasskeyActors.listPasskeys)).toEqual([]);
  });

  it('a prompt the user closed (or that timed out) is PASSKEY_CANCELLED, worth trying again', async () => {
    rig.onDevice().failNext = domException('NotAllowedError');
    await signedInUser('pka-cancel');
    expect(await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).toMatchObject({
      code: 'PASSKEY_CANCELLED',
      name: 'PasskeyRegistrationCanceled',
      retryable: true,
    });
  });

  it('an aborted ceremony is PASSKEY_CANCELLED too, as at sign-in', async () => {
    rig.onDevice().failNext = domException('AbortError');
    await signedInUser('pka-abort');
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_CANCELLED');
  });

  it('a browser without WebAuthn is PASSKEY_UNSUPPORTED, and isPasskeySupported says so first', async () => {
    await signedInUser('pka-unsupported');
    expect(isPasskeySupported()).toBe(false);
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_UNSUPPORTED');
    rig.onDevice();
    expect(isPasskeySupported()).toBe(true);
  });

  it('a second passkey on the same device is PASSKEY_EXISTS', async () => {
    rig.onDevice();
    await signedInUser('pka-exists');
    await run(amplifyPasskeyActors.registerPasskey);
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_EXISTS');
  });

  it('a page off the relying party is PASSKEY_WRONG_SITE, whether the browser or Cognito refuses it', async () => {
    rig.onDevice().failNext = domException('SecurityError');
    await signedInUser('pka-site');
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_WRONG_SITE');
    rig.device.origin = 'http://127.0.0.1:5173';
    expect(await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).toMatchObject({
      code: 'PASSKEY_WRONG_SITE',
      name: 'WebAuthnOriginNotAllowedException',
    });
  });

  it('a browser error aws-amplify does not know is PASSKEY_FAILED', async () => {
    rig.onDevice().failNext = domException('UnknownError');
    await signedInUser('pka-unknown');
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_FAILED');
  });

  it('the twenty-first passkey is PASSKEY_LIMIT', async () => {
    await signedInUser('pka-limit');
    for (let i = 0; i < 20; i += 1) {
      rig.onDevice();
      await run(amplifyPasskeyActors.registerPasskey);
    }
    expect((await run(amplifyPasskeyActors.listPasskeys)) as unknown[]).toHaveLength(20);
    rig.onDevice();
    expect((await passkeyFailure(run(amplifyPasskeyActors.registerPasskey))).code).toBe('PASSKEY_LIMIT');
  });

  it('a failure that is not about passkeys comes through as it was (deleting a passkey that is not there)', async () => {
    rig.onDevice();
    await signedInUser('pka-other');
    const e = await rejection(run(amplifyPasskeyActors.deletePasskey, { id: 'AAAA' }));
    expect(e).not.toBeInstanceOf(PasskeyCeremonyError);
    expect((e as Error).name).toBe('ResourceNotFoundException');
    expect(toPasskeyError(e)).toBeNull();
    expect(toPasskeyError(new TypeError('fetch failed'))).toBeNull();
  });

  it('toPasskeyError reads a passkey sign-in the user cancelled (the WEB_AUTHN step) as PASSKEY_CANCELLED, the code the passkey sign-in gives it', async () => {
    rig.onDevice();
    const email = await signedInUser('pka-signin');
    await run(amplifyPasskeyActors.registerPasskey);
    await signOut();
    rig.device.failNext = domException('NotAllowedError');
    const e = await rejection(signIn({ username: email, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }));
    expect(toPasskeyError(e)).toMatchObject({ code: 'PASSKEY_CANCELLED', name: 'PasskeyAuthenticationCanceled' });
  });
});
