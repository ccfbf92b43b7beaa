import { signIn, signOut } from 'aws-amplify/auth';
import { describe, expect, it, vi } from 'vitest';
import { createActor, toPromise } from 'xstate';
import type { AnyActorLogic } from 'xstate';
import { amplifyPasskeyActors } from 'amplify-mfa-flow/passkeys';
import { amplifyPasswordlessSignInActors } from 'amplify-mfa-flow/passwordless';
import { PASSWORD } from '../support/backend.js';
import { passkeyRig, passwordlessUser } from '../support/passwordless.js';

// The aws-amplify adapters' ceremonies stopped with the prompt open (src/amplify/ceremonySignal.ts), with the real
// aws-amplify client against the local backend (passwordless variant) and the software authenticator standing in for
// navigator.credentials: aws-amplify passes no signal, the adapter's wrapper adds the actor's, stopping the actor aborts
// it, and the next ceremony works. Chromium does the same with its own prompt (test/browser/passkeys.browser.test.ts,
// test/browser/passwordless.browser.test.ts).

const rig = passkeyRig();

/** The authenticator's next `kind` ceremony waits, as a prompt nobody answers, until the signal the page gave it aborts (then rejects with its reason, as a browser does). Resolves with what it was given. */
function holdNext(kind: 'create' | 'get'): Promise<AbortSignal | undefined> {
  return new Promise((seen) => {
    const own = rig.device[kind];
    rig.device[kind] = ((options: CredentialCreationOptions & CredentialRequestOptions) => {
      rig.device[kind] = own;
      const signal = options.signal ?? undefined;
      seen(signal);
      return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }) as never;
  });
}

function run(logic: AnyActorLogic, input?: unknown): Promise<unknown> {
  return toPromise(createActor(logic, { input }).start());
}

/** Starts the actor, waits for its prompt to open, stops it: what the prompt was given, and what the actor reported. */
async function stopWithPromptOpen(logic: AnyActorLogic, kind: 'create' | 'get', input?: unknown) {
  const asBuilt = (globalThis.navigator as unknown as { credentials: Record<string, unknown> }).credentials[kind];
  const held = holdNext(kind);
  const reported: unknown[] = [];
  const actor = createActor(logic, { input });
  // (An observer's `complete` also runs on stop: a done snapshot is what an output would be.)
  actor.subscribe({ next: (s) => s.status === 'done' && reported.push(s.output), error: (e) => reported.push(e) });
  actor.start();
  const signal = await held;
  expect(signal).toBeInstanceOf(AbortSignal);
  expect(signal!.aborted).toBe(false);
  actor.stop();
  expect(signal!.aborted).toBe(true);
  // The call ends (aws-amplify rejects with the aborted ceremony) and the wrapper is gone.
  await vi.waitFor(() => expect(navigator.credentials[kind]).toBe(asBuilt));
  return { reported };
}

async function signedIn(tag: string): Promise<string> {
  const { email } = await passwordlessUser(rig.t, tag);
  const res = await signIn({ username: email, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });
  expect(res.isSignedIn).toBe(true);
  return email;
}

describe('stopping a passkey ceremony with the prompt open (real aws-amplify, local backend)', () => {
  it('registerPasskey stopped mid-prompt aborts it, reports nothing, registers nothing; the next one registers', async () => {
    rig.onDevice();
    await signedIn('pk-abort-register');
    const { reported } = await stopWithPromptOpen(amplifyPasskeyActors.registerPasskey, 'create');
    expect(reported).toEqual([]);
    expect(rig.device.held).toHaveLength(0);
    expect(await run(amplifyPasskeyActors.listPasskeys)).toEqual([]);

    await run(amplifyPasskeyActors.registerPasskey);
    expect(rig.device.held).toHaveLength(1);
    expect(await run(amplifyPasskeyActors.listPasskeys)).toHaveLength(1);
  });

  it.each([
    ['asked for up front (signIn with preferredChallenge WEB_AUTHN)', false],
    ['picked on the selection (confirmSignIn WEB_AUTHN)', true],
  ])('passkeySignIn %s stopped mid-prompt aborts it; the next one signs in', async (_, selected) => {
    rig.onDevice();
    const username = await signedIn(`pk-abort-signin-${selected}`);
    await run(amplifyPasskeyActors.registerPasskey);
    await signOut();

    const flowId = `flow-${selected}`;
    const input = { flowId, username, totpIssuer: 'test', selected };
    const toSelection = () =>
      run(amplifyPasswordlessSignInActors.signIn, { flowId, username, authFlowType: 'USER_AUTH', totpIssuer: 'test' });
    if (selected) expect(await toSelection()).toMatchObject({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION' });
    const { reported } = await stopWithPromptOpen(amplifyPasswordlessSignInActors.passkeySignIn, 'get', input);
    expect(reported).toEqual([]);

    // Tried again: the passkey step starts the ceremony anew (a new USER_AUTH sign-in, or the selection again).
    if (selected) await toSelection();
    expect(await run(amplifyPasswordlessSignInActors.passkeySignIn, input)).toEqual({ signInStep: 'DONE' });
    expect(rig.device.held[0]!.counter).toBeGreaterThan(0);
  });
});
