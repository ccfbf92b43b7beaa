// Passwordless sign-in with another backend: the passkey ceremony is the `passkeySignIn` actor (here it fails
// as a browser does when the site may not use the passkey), and the way back to another method leads to an
// emailed one-time code. Fake actors answer as a user pool with USER_AUTH would.
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectPasswordlessSignIn, passwordlessSignInMachine } from 'amplify-mfa-flow/passwordless';

const noSession = Object.assign(new Error('no user'), { name: 'UserUnAuthenticatedException' });
const machine = passwordlessSignInMachine.provide({
  actors: {
    fetchUser: fromPromise(async () => {
      if (!signedIn) throw noSession;
      return { userId: 'user-1', username: 'ada@example.com', email: 'ada@example.com' };
    }),
    // USER_AUTH from the identifier alone: Cognito offers the first factors this user has.
    signIn: fromPromise(async () => ({
      signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
      availableChallenges: ['EMAIL_OTP', 'WEB_AUTHN'],
    })),
    // Your ceremony: the backend's options, navigator.credentials.get(), the signed answer back.
    passkeySignIn: fromPromise(async () => {
      throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });
    }),
    confirmSignIn: fromPromise(async ({ input }) => {
      if (input.challengeResponse === 'EMAIL_OTP')
        return { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: { deliveryMedium: 'EMAIL', destination: 'a***@e***' } };
      signedIn = true;
      return { signInStep: 'DONE' };
    }),
  },
});
let signedIn = false;

const actor = createActor(machine).start();
const atRest = () => waitFor(actor, (snapshot) => !snapshot.hasTag('busy'));
const view = () => connectPasswordlessSignIn(actor.getSnapshot(), actor.send);

await atRest();
view().startSignIn('ada@example.com');
await atRest();
console.log(`${view().step}: ${view().availableChallenges.join(', ')}`);
view().selectFactor('WEB_AUTHN');
await atRest();
console.log(`${view().step}: ${view().error.code}`);
view().changeMethod();
await atRest();
view().selectFactor('EMAIL_OTP');
await atRest();
console.log(`${view().step}: code sent to ${view().codeDelivery.destination}`);
view().submitCode('12345678');
await waitFor(actor, (snapshot) => snapshot.matches('signedIn'));
console.log(`${view().step} as ${view().user.email}`);
actor.stop();
