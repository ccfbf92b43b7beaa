// The sign-in statechart with no UI and no Cognito: fake actors answer as a
// user pool would for a user with an authenticator app.
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectSignIn, signInMachine } from 'amplify-mfa-flow/machines';

const cognitoError = (name, message) => Object.assign(new Error(message), { name });
let session = null;

const machine = signInMachine.provide({
  actors: {
    fetchUser: fromPromise(async () => {
      if (!session) throw cognitoError('UserUnAuthenticatedException', 'User needs to be authenticated to call this API.');
      return session;
    }),
    signIn: fromPromise(async ({ input }) => {
      if (input.password !== 'Correct-h0rse!') throw cognitoError('NotAuthorizedException', 'Incorrect username or password.');
      return { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' };
    }),
    confirmSignIn: fromPromise(async ({ input }) => {
      if (input.challengeResponse !== '123456') throw cognitoError('CodeMismatchException', 'Invalid code received for user');
      session = { userId: 'user-1', username: 'ada@example.com', email: 'ada@example.com' };
      return { signInStep: 'DONE' };
    }),
  },
});

const actor = createActor(machine, { input: { authFlowType: 'USER_PASSWORD_AUTH' } });
const view = () => connectSignIn(actor.getSnapshot(), actor.send);
const atRest = () => waitFor(actor, (snapshot) => !snapshot.hasTag('busy'));
const print = (v) =>
  console.log(
    [`step: ${v.step}`, v.error && `error: ${v.error.code}`, v.step === 'totpCode' && `attempts left: ${v.attemptsLeft}`]
      .filter(Boolean)
      .join(', '),
  );

actor.start();
await atRest();
print(view());

view().submitCredentials('ada@example.com', 'Correct-h0rse!');
await atRest();
print(view());

view().submitCode('000000');
await atRest();
print(view());

view().submitCode('123456');
await atRest();
print(view());
console.log(`signed in as ${view().user?.email}`);
actor.stop();
