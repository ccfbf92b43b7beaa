import { assign, fromCallback, setup } from 'xstate';
import type { AnyActorLogic, EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { flowError } from '../shared/errors.js';
import { durationInput, oneOf } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import { signInOf, stepUpContext, stepUpGuards } from '../shared/stepUp.js';
import type { SignInTime } from '../shared/stepUp.js';
import { isPasskeyError, passkeyError, toPasskeysError } from './passkeys.errors.js';
import type { Passkey, PasskeysContext, PasskeysEvent, PasskeysInput, PasskeysOutput } from './passkeys.types.js';

/** Cognito keeps at most 20 passkeys a user. */
export const PASSKEY_LIMIT = 20;

const errorOf = (event: unknown) => toPasskeysError((event as { error?: unknown }).error);

/** The listed passkey an event names, if any. */
function chosen(context: PasskeysContext, event: PasskeysEvent): Passkey | undefined {
  if (event.type !== 'PASSKEY.DELETE' || typeof event.id !== 'string') return undefined;
  return context.passkeys?.find((p) => p.id === event.id);
}

const passkeysChart = setup({
  types: {
    context: {} as PasskeysContext,
    events: {} as PasskeysEvent,
    input: {} as PasskeysInput | undefined,
    output: {} as PasskeysOutput,
  },
  actors: {
    listPasskeys: notProvided<Passkey[], void>('passkeys', 'listPasskeys'),
    registerPasskey: notProvided<void, void>('passkeys', 'registerPasskey'),
    deletePasskey: notProvided<void, { id: string }>('passkeys', 'deletePasskey'),
    /** Reads who is signed in and when they last signed in (the ID token's `sub` and `auth_time`): deleting a passkey needs a recent sign-in. */
    readSignIn: notProvided<SignInTime, void>('passkeys', 'readSignIn'),
    /**
     * The sign-in flow run again for the signed-in user (src/amplify gives the sign-in machine, on a session kept apart
     * from the app's): the delete goes on once it shows `signedIn` with this user, signed in within `maxAuthAgeMs`.
     */
    reauthenticate: notProvided<never, Readonly<Record<string, unknown>>>('passkeys', 'reauthenticate') as AnyActorLogic,
    /** Keeps the re-authentication's session apart while it runs, and discards it when it ends (nothing by default). */
    reauthenticationSession: fromCallback<EventObject, { username: string; userId: string }>(() => undefined),
    /** Makes the new sign-in the app's session (the fresh tokens replace the old ones). */
    adoptSession: notProvided<void, { userId: string }>('passkeys', 'adoptSession'),
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    unsupported: ({ context }) => !context.supported,
    atLimit: ({ context }) => (context.passkeys?.length ?? 0) >= PASSKEY_LIMIT,
    listed: ({ context, event }) => chosen(context, event) !== undefined,
    /** The ceremony or Cognito refused the passkey: nothing was registered, the list stands. */
    passkeyRefused: ({ event }) => isPasskeyError(errorOf(event)),
    ...stepUpGuards,
  },
  actions: {
    storeList: assign({ passkeys: ({ event }) => [...(event as unknown as { output: Passkey[] }).output] }),
    select: assign({ selected: ({ context, event }) => chosen(context, event) ?? null, error: null }),
    forgetSelected: assign({ selected: null }),
    /** A list about to be read again may be out of date: it is not shown meanwhile. */
    forgetList: assign({ passkeys: null }),
    storeError: assign({ error: ({ event }) => errorOf(event) }),
    clearError: assign({ error: null }),
    refuseUnsupported: assign({ error: () => passkeyError('PASSKEY_UNSUPPORTED') }),
    refuseLimit: assign({ error: () => passkeyError('PASSKEY_LIMIT') }),
    refuseUnknown: assign({ error: () => flowError('INVALID_EVENT') }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ passkeys: null, selected: null, error: () => flowError('SIGNED_OUT') }),
    storeSignIn: assign({ signIn: ({ event }) => signInOf(event) }),
    reauthCancelled: assign({ selected: null, error: () => flowError('REAUTH_CANCELLED') }),
    reauthFailed: assign({ selected: null, error: () => flowError('REAUTH_FAILED') }),
  },
}).createMachine({
  id: 'passkeys',
  description: "Lists, adds and deletes the signed-in user's passkeys; the list is always what Cognito last listed.",
  context: ({ input }) => ({
    supported: oneOf('passkeys', 'supported', input?.supported, [true, false] as const, false),
    callTimeoutMs: durationInput('passkeys', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    ...stepUpContext('passkeys', input),
    passkeys: null,
    selected: null,
    error: null,
  }),
  initial: 'loading',
  output: () => ({ status: 'signedOut' as const }),
  // A sign-out or a lost session anywhere on the page ends the flow.
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    loading: {
      description: "Reads the user's passkeys from Cognito (listWebAuthnCredentials, every page); the last list is not shown meanwhile.",
      tags: ['busy'],
      entry: 'forgetList',
      invoke: {
        id: 'listPasskeys',
        src: 'listPasskeys',
        onDone: { target: 'ready', actions: 'storeList' },
        onError: { target: 'loadFailed', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'loadFailed', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'loadFailed' } },
    },
    loadFailed: {
      description: 'The passkeys could not be read: nothing is listed, and the user may try again.',
      tags: ['error'],
      on: { 'PASSKEYS.RELOAD': { target: 'loading', actions: 'clearError' } },
    },
    ready: {
      description:
        'Lists the passkeys Cognito has. Adding is offered where this browser can run the ceremony and the account has room; each passkey can be deleted.',
      on: {
        'PASSKEY.ADD': [
          { guard: 'unsupported', actions: 'refuseUnsupported' },
          { guard: 'atLimit', actions: 'refuseLimit' },
          { target: 'adding', actions: 'clearError' },
        ],
        'PASSKEY.DELETE': [{ guard: 'listed', target: 'confirmingDelete', actions: 'select' }, { actions: 'refuseUnknown' }],
        'PASSKEYS.RELOAD': { target: 'loading', actions: 'clearError' },
      },
    },
    adding: {
      description:
        "Registers a passkey (associateWebAuthnCredential): Cognito's options, the browser's prompt, Cognito's check. The list is then read again.",
      tags: ['busy'],
      invoke: {
        id: 'registerPasskey',
        src: 'registerPasskey',
        onDone: { target: 'loading' },
        onError: [
          // A closed prompt, a passkey already on this device, a pool without passkeys: nothing was added.
          { guard: 'passkeyRefused', target: 'ready', actions: 'storeError' },
          // A network failure may come after Cognito kept the passkey: the list is read again to show what it has.
          { target: 'loading', actions: 'storeError' },
        ],
      },
      after: { callTimeout: { target: 'loading', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'loading' } },
    },
    confirmingDelete: {
      description: 'Asks the user to confirm deleting the chosen passkey, by its name; they may step back to the list.',
      on: {
        'PASSKEY.DELETE_CONFIRM': { target: 'checkingSignIn' },
        'FLOW.CANCEL': { target: 'ready', actions: 'forgetSelected' },
      },
    },
    checkingSignIn: {
      description:
        "Deleting a passkey is a sensitive change: reads when the user last signed in (the ID token's auth_time) and deletes it if that is within maxAuthAgeMs.",
      tags: ['busy'],
      invoke: {
        id: 'readSignIn',
        src: 'readSignIn',
        onDone: [
          { guard: 'signInRecent', target: 'deleting', actions: 'storeSignIn' },
          { target: 'reauthenticating', actions: 'storeSignIn' },
        ],
        // Without a sign-in time nothing is deleted.
        onError: { target: 'ready', actions: ['storeError', 'forgetSelected'] },
      },
      after: { callTimeout: { target: 'ready', actions: ['timedOut', 'forgetSelected'] } },
      on: { 'FLOW.CANCEL': { target: 'ready', actions: 'forgetSelected' } },
    },
    reauthenticating: {
      description:
        'The last sign-in is too old: the user signs in again (the sign-in flow, for this user only) before the passkey is deleted; cancelling deletes nothing.',
      invoke: {
        src: 'reauthenticationSession',
        input: ({ context }) => ({ username: context.signIn?.loginId ?? '', userId: context.signIn?.userId ?? '' }),
      },
      initial: 'signingIn',
      on: { 'FLOW.CANCEL': { target: 'ready', actions: 'reauthCancelled' } },
      states: {
        signingIn: {
          description: 'Runs the sign-in flow with the username fixed; the chosen passkey waits.',
          invoke: {
            id: 'reauthenticate',
            src: 'reauthenticate',
            input: ({ context }: { context: PasskeysContext }) => ({
              ...context.reauthentication,
              username: context.signIn?.loginId ?? '',
            }),
            onSnapshot: [
              { guard: 'reauthenticated', target: 'adopting' },
              { guard: 'reauthenticatedWrongly', target: '#passkeys.ready', actions: 'reauthFailed' },
            ],
            onError: { target: '#passkeys.ready', actions: 'reauthFailed' },
          },
        },
        adopting: {
          description: "Signed in again: the new session becomes the app's, then the passkey is deleted without asking again.",
          tags: ['busy'],
          invoke: {
            id: 'adoptSession',
            src: 'adoptSession',
            input: ({ context }) => ({ userId: context.signIn?.userId ?? '' }),
            onDone: { target: '#passkeys.deleting' },
            onError: { target: '#passkeys.ready', actions: ['storeError', 'forgetSelected'] },
          },
          after: { callTimeout: { target: '#passkeys.ready', actions: ['timedOut', 'forgetSelected'] } },
        },
      },
    },
    deleting: {
      description: 'Deletes the chosen passkey (deleteWebAuthnCredential); the list is then read again, whatever the answer.',
      tags: ['busy'],
      exit: 'forgetSelected',
      invoke: {
        id: 'deletePasskey',
        src: 'deletePasskey',
        input: ({ context }) => ({ id: context.selected?.id ?? '' }),
        onDone: { target: 'loading' },
        onError: { target: 'loading', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'loading', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'loading' } },
    },
    signedOut: {
      description: 'The session ended elsewhere on the page (a sign-out, or tokens that could not be refreshed): nothing can be changed.',
      type: 'final',
    },
  },
});

/**
 * The signed-in user's passkeys: list, add (the browser's prompt), delete
 * (after a confirmation naming the passkey, and a sign-in within
 * `maxAuthAgeMs`: older, the user signs in again first).
 * Every change reads the list again, so the UI never shows a passkey Cognito
 * does not have. Its persisted snapshot holds no list and no chosen passkey;
 * restored, the list is read from Cognito again.
 */
export const passkeysMachine = persistable(passkeysChart, {
  scrub: (context) => ({ ...context, passkeys: null, selected: null, signIn: null }),
  restore: ({ value, context }) => (value === 'loadFailed' || value === 'signedOut' ? { value, context } : { value: 'loading', context }),
});

export type PasskeysMachine = typeof passkeysMachine;
