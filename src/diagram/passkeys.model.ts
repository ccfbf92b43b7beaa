/** Traversal model of the passkeys machine (see model.ts). */
import { passkeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import type { Passkey, PasskeysInput } from '../../machines/passkeys/passkeys.types.js';
import { MFA_ERRORS, STEP_UP_OUTCOMES } from './mfa.models.js';
import { defineModel } from './model.js';

const fail = (name: string, message: string, label: string, slug: string) => ({ value: { name, message }, label, slug });

const passkey = (n: number): Passkey => ({
  id: `cred-${n}`,
  name: n === 1 ? 'This device' : `Security key ${n}`,
  relyingPartyId: 'localhost',
  createdAt: '2026-01-01T00:00:00.000Z',
  attachment: n === 1 ? 'platform' : 'cross-platform',
});

const PASSKEY_LISTS = {
  none: [] as Passkey[],
  one: [passkey(1)],
  full: Array.from({ length: 20 }, (_, i) => passkey(i + 1)),
};

export const PASSKEYS_INPUT: PasskeysInput = { supported: true };

export const passkeys = defineModel<PasskeysInput>({
  machine: passkeysMachine,
  input: PASSKEYS_INPUT,
  userEvents: [
    { event: { type: 'PASSKEY.ADD' }, label: 'add a passkey', slug: 'add' },
    { event: { type: 'PASSKEY.DELETE', id: 'cred-1' }, label: 'delete "This device"', slug: 'delete' },
    // What a plain-JavaScript page can send: refused with a typed error, never silently ignored.
    { event: { type: 'PASSKEY.DELETE', id: 'cred-unknown' }, label: 'delete a passkey that is not listed', slug: 'delete-unlisted' },
    { event: { type: 'PASSKEY.DELETE_CONFIRM' }, label: 'confirm the delete', slug: 'confirm' },
    { event: { type: 'PASSKEYS.RELOAD' }, label: 'reload', slug: 'reload' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel', slug: 'cancel' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
  ],
  outcomes: {
    listPasskeys: {
      done: [
        { value: PASSKEY_LISTS.none, label: 'Cognito lists no passkey', slug: 'none' },
        { value: PASSKEY_LISTS.one, label: 'Cognito lists one passkey ("This device")', slug: 'one' },
        { value: PASSKEY_LISTS.full, label: 'Cognito lists 20 passkeys (the most it keeps)', slug: 'full' },
      ],
      errors: [MFA_ERRORS.network],
    },
    registerPasskey: {
      done: [{ value: undefined, label: 'the passkey is registered', slug: 'registered' }],
      errors: [
        fail('PasskeyRegistrationCanceled', 'The user closed the prompt.', 'the user closes the browser prompt', 'prompt-closed'),
        MFA_ERRORS.network,
      ],
    },
    ...STEP_UP_OUTCOMES,
    deletePasskey: {
      done: [{ value: undefined, label: 'Cognito deletes it', slug: 'deleted' }],
      errors: [MFA_ERRORS.network],
    },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: { label: 'the call does not answer in time', slug: 'timeout' } },
  firstDelay: 'callTimeout',
  serialize: (s) => {
    const c = s.context as { passkeys: readonly Passkey[] | null; error: { code: string } | null };
    return JSON.stringify([s.value, c.passkeys?.length ?? null, c.error?.code ?? null]);
  },
  variants: [
    { name: 'a browser that can use passkeys', input: PASSKEYS_INPUT, slug: '' },
    { name: 'a browser that cannot use passkeys here', input: { supported: false }, slug: 'unsupported' },
  ],
});
