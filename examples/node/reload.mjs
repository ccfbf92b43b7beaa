// Surviving a reload: the sign-in flow's persisted snapshot is stored mid-way
// (here in a Map standing in for sessionStorage), and a new actor restored from
// it goes on from the same step. Fake actors answer as a user pool would.
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectSignIn, signInMachine } from 'amplify-mfa-flow/machines';

let session = null;
const machine = signInMachine.provide({
  actors: {
    fetchUser: fromPromise(async () => {
      if (!session)
        throw Object.assign(new Error('User needs to be authenticated to call this API.'), { name: 'UserUnAuthenticatedException' });
      return session;
    }),
    signIn: fromPromise(async () => ({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' })),
    confirmSignIn: fromPromise(async () => {
      session = { userId: 'user-1', username: 'ada@example.com', email: 'ada@example.com' };
      return { signInStep: 'DONE' };
    }),
  },
});
const input = { authFlowType: 'USER_PASSWORD_AUTH' };
const sessionStorage = new Map();
const atRest = (actor) => waitFor(actor, (snapshot) => !snapshot.hasTag('busy'));
const view = (actor) => connectSignIn(actor.getSnapshot(), actor.send);

const before = createActor(machine, { input }).start();
await atRest(before);
view(before).submitCredentials('ada@example.com', 'Correct-h0rse!');
await atRest(before);
// Safe to store at any step: no password, code or TOTP secret in it.
sessionStorage.set('signIn', JSON.stringify(before.getPersistedSnapshot()));
before.stop();
console.log(`stored on ${view(before).step}; password stored: ${sessionStorage.get('signIn').includes('Correct-h0rse!')}`);

// The page reloads: a new actor from what was stored, on the same step with the same expiresAt.
const after = createActor(machine, { snapshot: JSON.parse(sessionStorage.get('signIn')), input }).start();
const restored = view(after);
console.log(`restored on ${restored.step}; same expiresAt: ${restored.expiresAt === view(before).expiresAt}`);
restored.submitCode('123456');
await waitFor(after, (snapshot) => snapshot.matches('signedIn'));
console.log(`then: ${view(after).step} as ${view(after).user?.email}`);
after.stop();

// Restored once the challenge has expired: `expired`, with no call made.
const late = createActor(machine, {
  snapshot: JSON.parse(sessionStorage.get('signIn')),
  input: { ...input, now: () => Date.now() + 3 * 60_000 },
}).start();
console.log(`restored too late: ${view(late).step}, ${view(late).error?.code}`);
late.stop();
