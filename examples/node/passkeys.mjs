// The passkeys panel without a browser: the machine with fake actors standing in for
// aws-amplify and the browser's prompt (createAmplifyPasskeysMachine() is the real one).
import { createActor, fromPromise, waitFor } from 'xstate';
import { connectPasskeys, passkeysMachine } from 'amplify-mfa-flow/passkeys';

const account = [];
let promptClosed = false;
const machine = passkeysMachine.provide({
  actors: {
    listPasskeys: fromPromise(async () => [...account]),
    registerPasskey: fromPromise(async () => {
      // What aws-amplify throws when the user closes the browser's prompt.
      if (promptClosed) throw Object.assign(new Error('The user closed the prompt.'), { name: 'PasskeyRegistrationCanceled' });
      account.push({ id: 'cred-1', name: 'This device', relyingPartyId: 'example.com', createdAt: null, attachment: 'platform' });
    }),
    deletePasskey: fromPromise(async ({ input }) => {
      account.splice(
        account.findIndex((p) => p.id === input.id),
        1,
      );
    }),
    // The ID token's sub and auth_time: signed in just now, so the delete needs no second sign-in.
    readSignIn: fromPromise(async () => ({ userId: 'u-1', loginId: 'pat@example.com', authTime: Date.now() })),
  },
});

const actor = createActor(machine, { input: { supported: true } }).start();
const view = async () => {
  await waitFor(actor, (s) => !s.hasTag('busy'));
  return connectPasskeys(actor.getSnapshot(), actor.send);
};
const names = (v) => v.passkeys.map((p) => p.name).join(', ') || 'none';

let v = await view();
console.log(`${v.step}: ${names(v)}`);
v.addPasskey();
v = await view();
console.log(`added: ${names(v)}`);

promptClosed = true;
v.addPasskey();
v = await view();
console.log(`prompt closed: ${v.error.code}, still ${names(v)}`);

v.items[0].remove();
v = await view();
console.log(`${v.step}: delete "${v.passkey.name}"?`);
v.confirmDelete();
v = await view();
console.log(`deleted: ${names(v)}`);
