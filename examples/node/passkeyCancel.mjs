// Cancel closes the passkey prompt: leaving the passkey step stops its actor, and the `signal` xstate gives the actor
// aborts. With aws-amplify the adapter hands that signal to navigator.credentials.get for you; with a ceremony of your
// own, pass it yourself, as here. `prompt` stands in for the browser's dialog: nobody answers it, only its signal ends it.
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectPasswordlessSignIn, passwordlessSignInMachine } from 'amplify-mfa-flow/passwordless';

const prompt = ({ signal }) =>
  new Promise((_, reject) =>
    signal.addEventListener('abort', () => {
      console.log(`prompt closed: ${signal.reason.name}`);
      reject(signal.reason);
    }),
  );

const machine = passwordlessSignInMachine.provide({
  actors: {
    fetchUser: fromPromise(async () => {
      throw Object.assign(new Error('no user'), { name: 'UserUnAuthenticatedException' });
    }),
    signIn: fromPromise(async () => ({ signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['WEB_AUTHN'] })),
    // Your ceremony: the backend's options, then navigator.credentials.get({ publicKey, signal }).
    passkeySignIn: fromPromise(async ({ signal }) => {
      await prompt({ publicKey: { challenge: new Uint8Array(32) }, signal });
      return { signInStep: 'DONE' };
    }),
  },
});

const actor = createActor(machine).start();
const atRest = () => waitFor(actor, (snapshot) => !snapshot.hasTag('busy'));
const view = () => connectPasswordlessSignIn(actor.getSnapshot(), actor.send);

await atRest();
view().startSignIn('ada@example.com');
await atRest();
view().selectFactor('WEB_AUTHN');
console.log(`${view().step}: the prompt is open`);
view().cancel();
await atRest();
console.log(`${view().step}: ${view().error ?? 'no error'}`);
actor.stop();
