// Step-up before a sensitive change: the MFA settings with your own actors (fakes here, answering as a user pool
// would). The last sign-in was 10 minutes ago, so turning TOTP off first asks the user to sign in again: the
// sign-in machine runs as the re-authentication, for this user only. Cancelled, nothing changes; signed in again,
// the change is made without asking again.
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectSignIn, signInMachine } from 'amplify-mfa-flow/machines';
import { connectMfaSettings, mfaSettingsMachine } from 'amplify-mfa-flow/mfa';

const now = Date.parse('2026-01-01T12:00:00Z');
let authTime = now - 10 * 60 * 1000;
let enabled = ['TOTP'];
const sent = [];
const noSession = () =>
  Object.assign(new Error('User needs to be authenticated to call this API.'), { name: 'UserUnAuthenticatedException' });

const reauthenticate = signInMachine.provide({
  actors: {
    // The re-authentication runs on a session of its own: nobody is signed in there until it signs in.
    fetchUser: fromPromise(async () => {
      if (authTime !== now) throw noSession();
      return { userId: 'user-1', username: 'ada@example.com', email: 'ada@example.com', authTime };
    }),
    signIn: fromPromise(async () => ({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' })),
    confirmSignIn: fromPromise(async () => {
      authTime = now;
      return { signInStep: 'DONE' };
    }),
  },
});
const settings = mfaSettingsMachine.provide({
  actors: {
    loadMfaStatus: fromPromise(async () => ({ enabled, preferred: enabled[0] ?? null, phone: null, phoneVerified: false })),
    updateMfaPreference: fromPromise(async ({ input }) => {
      sent.push(input);
      enabled = [];
    }),
    readSignIn: fromPromise(async () => ({ userId: 'user-1', authTime, loginId: 'ada@example.com' })),
    reauthenticate,
    adoptSession: fromPromise(async () => undefined),
  },
});

const actor = createActor(settings, {
  input: {
    capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] },
    totpIssuer: 'My App',
    accountName: 'ada@example.com',
    now: () => now,
  },
}).start();
const view = () => connectMfaSettings(actor.getSnapshot(), actor.send);
const at = (step) => waitFor(actor, (s) => !s.hasTag('busy') && view().step === step);

await at('ready');
view().disable('TOTP');
await at('reauthenticating');
console.log(`${view().step} as ${view().username}, holding ${JSON.stringify(view().pending)}`);
view().cancel();
console.log(`cancelled: ${view().step}, ${view().error.code}, sent ${JSON.stringify(sent)}`);

view().disable('TOTP');
await at('reauthenticating');
const flow = view().reauthentication;
await waitFor(flow, (s) => s.matches('credentials'));
view().submitPassword('Correct-h0rse!');
await waitFor(flow, (s) => s.hasTag('input'));
connectSignIn(flow.getSnapshot(), flow.send).submitCode('123456');
await waitFor(actor, (s) => s.matches('ready') && s.context.status?.enabled.length === 0);
console.log(`signed in again: ${view().step}, sent ${JSON.stringify(sent)}, TOTP on: ${view().enabled.includes('TOTP')}`);
actor.stop();
