import { confirmSignIn, signIn, signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActor, fromCallback, waitFor } from 'xstate';
import type { Actor } from 'xstate';
import { connectSignIn, createAmplifySignInMachine } from 'amplify-mfa-flow';
import type { SignInMachine } from 'amplify-mfa-flow';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { at } from '../support/views.js';
import { PASSWORD, startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { recordRequests } from '../support/requests.js';

// One Amplify session per page, at the real level: what two flows on one page
// do to each other, what a sign-out elsewhere does, and what the machine asks
// of Cognito compared with the same sign-in written by hand.

let t: TestBackend;
const actors: Actor<SignInMachine>[] = [];
beforeAll(async () => {
  t = await startTestBackend();
});
afterEach(async () => {
  for (const a of actors.splice(0)) a.stop();
  await signOut();
});
afterAll(() => t.backend.close());

async function flow(): Promise<Actor<SignInMachine>> {
  const actor = createActor(createAmplifySignInMachine(), { input: { authFlowType: t.connection.authFlowType } });
  actors.push(actor);
  actor.start();
  await waitFor(actor, (s) => !s.hasTag('busy'));
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

/** The Cognito API calls (X-Amz-Target) aws-amplify makes while `run` runs. */
const countRequests = async (run: () => Promise<void>): Promise<string[]> => (await recordRequests(run)).targets;

describe('one session, one user (real aws-amplify, local backend)', () => {
  it('a TOTP sign-in through the machine makes exactly the requests the hand-written calls make', async () => {
    const user = await totpUser('requests');
    const handUser = await totpUser('requests-by-hand');
    const byHand = await countRequests(async () => {
      const first = await signIn({ username: handUser.email, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });
      expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
      const done = await confirmSignIn({ challengeResponse: handUser.totp.generate() });
      expect(done.nextStep.signInStep).toBe('DONE');
    });
    await signOut();
    const machine = await countRequests(async () => {
      const a = await flow();
      at(view(a), 'credentials').submitCredentials(user.email, PASSWORD);
      await idle(a);
      expect(view(a).step).toBe('totpCode');
      at(view(a), 'totpCode').submitCode(user.totp.generate());
      await waitFor(a, (s) => s.matches('signedIn'), { timeout: 10_000 });
      expect(at(view(a), 'signedIn').user?.email, 'the user comes from the ID token').toBe(user.email);
    });
    expect(machine).toEqual(byHand);
  });

  it("a second flow's sign-in ends the first flow's challenge instead of answering it as the other user", async () => {
    const a = await totpUser('first');
    const b = await totpUser('second');
    const one = await flow();
    at(view(one), 'credentials').submitCredentials(a.email, PASSWORD);
    await idle(one);
    expect(view(one).step).toBe('totpCode');
    const two = await flow();
    at(view(two), 'credentials').submitCredentials(b.email, PASSWORD);
    await idle(two);
    expect(view(two).step).toBe('totpCode');
    // A's right code, typed into the first flow, must not reach B's challenge.
    at(view(one), 'totpCode').submitCode(a.totp.generate());
    await idle(one);
    expect(view(one).step).toBe('expired');
    expect(view(one).error?.code).toBe('SESSION_EXPIRED');
    // B is unaffected and signs in as B.
    at(view(two), 'totpCode').submitCode(b.totp.generate({ timestamp: Date.now() + 30_000 }));
    await waitFor(two, (s) => s.matches('signedIn'), { timeout: 10_000 });
    expect(at(view(two), 'signedIn').user?.email).toBe(b.email);
  });

  it("a flow that meets someone else's session says so, never shows their account, and signs them out on request", async () => {
    const other = await signUpConfirmed(t, 'other');
    const me = await signUpConfirmed(t, 'me');
    // A page (or tab) that does not hear Amplify's Hub: the session appears without this flow knowing.
    const deaf = createActor(createAmplifySignInMachine().provide({ actors: { authEvents: fromCallback(() => undefined) } }), {
      input: { authFlowType: t.connection.authFlowType },
    });
    actors.push(deaf);
    deaf.start();
    await idle(deaf);
    expect(view(deaf).step).toBe('credentials');
    await signIn({ username: other, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });
    // `me` types a wrong password: Amplify refuses to sign anyone in while `other` is, without checking it.
    at(view(deaf), 'credentials').submitCredentials(me, 'Wrong-passw0rd!');
    await idle(deaf);
    expect(view(deaf).step).toBe('otherUserSignedIn');
    expect(view(deaf).error?.code).toBe('OTHER_USER_SIGNED_IN');
    expect('user' in view(deaf), "the other user's account is not shown").toBe(false);
    expect(deaf.getSnapshot().context.user).toBeNull();
    expect(JSON.stringify(deaf.getSnapshot().context)).not.toContain(other);
    at(view(deaf), 'otherUserSignedIn').signOut();
    await idle(deaf);
    expect(view(deaf).step).toBe('credentials');
    at(view(deaf), 'credentials').submitCredentials(me, PASSWORD);
    await waitFor(deaf, (s) => s.matches('signedIn'), { timeout: 10_000 });
    expect(at(view(deaf), 'signedIn').user?.email).toBe(me);
  });

  it('a sign-out elsewhere on the page reaches a signed-in flow; a sign-in elsewhere is checked against what this flow typed', async () => {
    const me = await signUpConfirmed(t, 'hub-me');
    const other = await signUpConfirmed(t, 'hub-other');
    const a = await flow();
    at(view(a), 'credentials').submitCredentials(me, PASSWORD);
    await waitFor(a, (s) => s.matches('signedIn'), { timeout: 10_000 });
    await signOut();
    await waitFor(a, (s) => s.matches('signedOut'), { timeout: 5_000 });
    expect(view(a).error?.code).toBe('SIGNED_OUT');
    expect(a.getSnapshot().context.user).toBeNull();
    at(view(a), 'signedOut').restart();
    at(view(a), 'credentials').submitCredentials(me, 'Wrong-passw0rd!');
    await idle(a);
    expect(view(a).error?.code).toBe('WRONG_CREDENTIALS');
    // Someone else signs in on this page while `me` is on the credentials screen.
    await signIn({ username: other, password: PASSWORD, options: { authFlowType: t.connection.authFlowType } });
    await waitFor(a, (s) => s.matches('otherUserSignedIn'), { timeout: 10_000 });
    expect(a.getSnapshot().context.user).toBeNull();
  });
});
