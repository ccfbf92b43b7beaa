import { and, assign, fromCallback, setup } from 'xstate';
import type { AnyActorLogic, EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { durationInput, oneOf, poolCapabilitiesInput, textInput } from '../shared/input.js';
import { signInOf, stepUpContext, stepUpGuards } from '../shared/stepUp.js';
import { DEFAULTS } from '../shared/delays.js';
import { childSignedOut, phoneVerificationInput, totpEnrollmentInput } from '../shared/children.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { persistable } from '../shared/persist.js';
import type { MfaMethod } from '../shared/types.js';
import { phoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { totpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import type {
  MfaPreferenceChange,
  MfaSettingsContext,
  MfaSettingsEvent,
  MfaSettingsInput,
  MfaStatus,
  PendingChange,
  SignInTime,
} from './mfaSettings.types.js';

const KEY: Readonly<Record<MfaMethod, 'sms' | 'totp' | 'email'>> = { SMS: 'sms', TOTP: 'totp', EMAIL: 'email' };

export function poolAllows(context: MfaSettingsContext, method: MfaMethod): boolean {
  return context.capabilities.mfaMode !== 'OFF' && context.capabilities.mfaMethods.includes(method);
}

export function isEnabled(context: MfaSettingsContext, method: MfaMethod): boolean {
  return context.status?.enabled.includes(method) ?? false;
}

/** MFA cannot be turned off altogether: the pool is REQUIRED, or the app requires it of this user (`requireMfa`). */
export const mfaRequired = (context: MfaSettingsContext) => context.capabilities.mfaMode === 'REQUIRED' || context.requireMfa;

/** Where MFA is required, the last enabled method must stay. */
export function canDisable(context: MfaSettingsContext, method: MfaMethod): boolean {
  if (!isEnabled(context, method)) return false;
  return !(mfaRequired(context) && (context.status?.enabled.length ?? 0) <= 1);
}

/** The change an event asks for, held until it is made. */
function changeFor(event: MfaSettingsEvent): PendingChange {
  if (event.type === 'ENROLL.TOTP') return { kind: 'enrollTotp' };
  if (event.type === 'PREFERRED.SET') return { kind: 'save', change: { [KEY[event.method]]: 'PREFERRED' } };
  if (event.type === 'METHOD.DISABLE') return { kind: 'save', change: { [KEY[event.method]]: 'DISABLED' } };
  // ENROLL.SMS with a verified phone only turns SMS MFA on (the phone flow is held by `holdPhoneFlow`).
  return { kind: 'save', change: { sms: 'ENABLED' } };
}

/** Who signs in again: the identifier the user signed in with, else the account name the page gave. */
export const loginIdOf = (context: MfaSettingsContext) => context.signIn?.loginId ?? context.accountName;

/** The sign-in age is checked before a sensitive change, and the user signs in again when it is too old. */
const stepUp = { target: 'checkingSignIn', actions: ['clearError', 'holdChange'] } as const;

const mfaSettingsChart = setup({
  types: {
    context: {} as MfaSettingsContext,
    events: {} as MfaSettingsEvent,
    input: {} as MfaSettingsInput,
  },
  actors: {
    loadMfaStatus: notProvided<MfaStatus, void>('mfaSettings', 'loadMfaStatus'),
    updateMfaPreference: notProvided<void, MfaPreferenceChange>('mfaSettings', 'updateMfaPreference'),
    /** Reads who is signed in and when they last signed in (the ID token's `sub` and `auth_time`). */
    readSignIn: notProvided<SignInTime, void>('mfaSettings', 'readSignIn'),
    /**
     * The sign-in flow run again for the signed-in user (src/amplify gives the sign-in machine, on a session kept apart
     * from the app's): the change goes on once it shows `signedIn` with this user, signed in within `maxAuthAgeMs`.
     */
    reauthenticate: notProvided<never, Readonly<Record<string, unknown>>>('mfaSettings', 'reauthenticate') as AnyActorLogic,
    /** Keeps the re-authentication's session apart while it runs, and discards it when it ends (nothing by default). */
    reauthenticationSession: fromCallback<EventObject, { username: string; userId: string }>(() => undefined),
    /** Makes the new sign-in the app's session (the fresh tokens replace the old ones). */
    adoptSession: notProvided<void, { userId: string }>('mfaSettings', 'adoptSession'),
    totpEnrollment: totpEnrollmentMachine,
    phoneVerification: phoneVerificationMachine,
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    totpOffered: ({ context }) => poolAllows(context, 'TOTP') && !isEnabled(context, 'TOTP'),
    smsOffered: ({ context }) => poolAllows(context, 'SMS') && !isEnabled(context, 'SMS'),
    phoneVerified: ({ context }) => context.status?.phoneVerified === true,
    preferable: ({ context, event }) =>
      event.type === 'PREFERRED.SET' && isEnabled(context, event.method) && context.status?.preferred !== event.method,
    /** A method this library knows (SMS, TOTP, EMAIL); anything else is refused with a typed error, not ignored. */
    unknownMethod: ({ event }) =>
      (event.type === 'PREFERRED.SET' || event.type === 'METHOD.DISABLE') &&
      !(typeof event.method === 'string' && Object.hasOwn(KEY, event.method)),
    disableAllowed: ({ context, event }) => event.type === 'METHOD.DISABLE' && canDisable(context, event.method),
    childSignedOut,
    isLastRequired: ({ context, event }) =>
      event.type === 'METHOD.DISABLE' && isEnabled(context, event.method) && !canDisable(context, event.method),
    /** A new TOTP becomes the preferred method: a change of the preferred one when there is one. */
    hasPreferred: ({ context }) => (context.status?.preferred ?? null) !== null,
    /** The phone flow may replace a number Cognito already has. */
    hasPhone: ({ context }) => (context.status?.phone ?? null) !== null,
    ...stepUpGuards,
    pendingIs: ({ context }, params: { kind: PendingChange['kind'] }) => context.pending?.kind === params.kind,
  },
  actions: {
    storeStatus: assign({ status: ({ event }) => (event as unknown as { output: MfaStatus }).output }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    clearError: assign({ error: null }),
    refuseNotAllowed: assign({ error: () => flowError('METHOD_NOT_ALLOWED') }),
    refuseUnknownMethod: assign({ error: () => flowError('INVALID_EVENT') }),
    refuseLastRequired: assign({ error: () => flowError('LAST_METHOD_REQUIRED') }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ error: () => flowError('SIGNED_OUT') }),
    holdChange: assign({ pending: ({ event }) => changeFor(event) }),
    holdPhoneFlow: assign({ pending: { kind: 'verifyPhone' } as PendingChange }),
    dropChange: assign({ pending: null }),
    storeSignIn: assign({ signIn: ({ event }) => signInOf(event) }),
    reauthCancelled: assign({ error: () => flowError('REAUTH_CANCELLED') }),
    reauthFailed: assign({ error: () => flowError('REAUTH_FAILED') }),
  },
}).createMachine({
  id: 'mfaSettings',
  description: "Shows and changes the signed-in user's MFA methods within the pool's rules.",
  context: ({ input }) => ({
    capabilities: poolCapabilitiesInput('mfaSettings', input?.capabilities),
    totpIssuer: textInput('mfaSettings', 'totpIssuer', input?.totpIssuer),
    accountName: textInput('mfaSettings', 'accountName', input?.accountName),
    resendCooldownMs:
      input?.resendCooldownMs === undefined ? undefined : durationInput('mfaSettings', 'resendCooldownMs', input.resendCooldownMs, 0),
    callTimeoutMs: durationInput('mfaSettings', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    requireMfa: oneOf('mfaSettings', 'requireMfa', input?.requireMfa, [true, false] as const, false),
    ...stepUpContext('mfaSettings', input),
    status: null,
    error: null,
    pending: null,
  }),
  initial: 'loading',
  // A sign-out or a lost session anywhere on the page ends the settings (and any enrollment running in them).
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    loading: {
      description: 'Reads the MFA preference and the phone number (and whether it is verified) from Cognito.',
      tags: ['busy'],
      entry: 'dropChange',
      invoke: {
        id: 'loadMfaStatus',
        src: 'loadMfaStatus',
        onDone: { target: 'ready', actions: 'storeStatus' },
        onError: { target: 'loadFailed', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'loadFailed', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'loadFailed' } },
    },
    loadFailed: {
      description: 'The settings could not be read: the user may try again.',
      tags: ['error'],
      on: { 'SETTINGS.RELOAD': { target: 'loading', actions: 'clearError' } },
    },
    ready: {
      description: 'Shows the enabled methods and the preferred one, and offers only what the pool allows.',
      entry: 'dropChange',
      on: {
        'ENROLL.TOTP': [
          // The new authenticator becomes the preferred method: replacing a preferred one is a sensitive change.
          { guard: and(['totpOffered', 'hasPreferred']), ...stepUp },
          { guard: 'totpOffered', target: 'enrollingTotp', actions: 'clearError' },
          { actions: 'refuseNotAllowed' },
        ],
        'ENROLL.SMS': [
          // A phone already verified only needs SMS MFA turned on.
          { guard: and(['smsOffered', 'phoneVerified']), target: 'saving', actions: ['clearError', 'holdChange'] },
          // The phone flow may replace the number Cognito has: a sensitive change.
          { guard: and(['smsOffered', 'hasPhone']), target: 'checkingSignIn', actions: ['clearError', 'holdPhoneFlow'] },
          { guard: 'smsOffered', target: 'verifyingPhone', actions: 'clearError' },
          { actions: 'refuseNotAllowed' },
        ],
        'PREFERRED.SET': [
          { guard: 'unknownMethod', actions: 'refuseUnknownMethod' },
          { guard: 'preferable', ...stepUp },
        ],
        'METHOD.DISABLE': [
          { guard: 'unknownMethod', actions: 'refuseUnknownMethod' },
          { guard: 'disableAllowed', ...stepUp },
          { guard: 'isLastRequired', actions: 'refuseLastRequired' },
        ],
        'SETTINGS.RELOAD': { target: 'loading', actions: 'clearError' },
      },
    },
    checkingSignIn: {
      description:
        "A sensitive change was asked for: reads when the user last signed in (the ID token's auth_time) and makes the change if that is within maxAuthAgeMs.",
      tags: ['busy'],
      invoke: {
        id: 'readSignIn',
        src: 'readSignIn',
        onDone: [
          { guard: 'signInRecent', target: 'applying', actions: 'storeSignIn' },
          { target: 'reauthenticating', actions: 'storeSignIn' },
        ],
        // Without a sign-in time nothing sensitive is changed.
        onError: { target: 'ready', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'ready', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'ready' } },
    },
    reauthenticating: {
      description:
        'The last sign-in is too old: the user signs in again (the sign-in flow, for this user only) before the change is made; cancelling changes nothing.',
      invoke: {
        src: 'reauthenticationSession',
        input: ({ context }) => ({ username: loginIdOf(context), userId: context.signIn?.userId ?? '' }),
      },
      initial: 'signingIn',
      on: { 'FLOW.CANCEL': { target: 'ready', actions: 'reauthCancelled' } },
      states: {
        signingIn: {
          description: 'Runs the sign-in flow with the username fixed; the change waits, held as asked.',
          invoke: {
            id: 'reauthenticate',
            src: 'reauthenticate',
            input: ({ context }: { context: MfaSettingsContext }) => ({ ...context.reauthentication, username: loginIdOf(context) }),
            onSnapshot: [
              { guard: 'reauthenticated', target: 'adopting' },
              { guard: 'reauthenticatedWrongly', target: '#mfaSettings.ready', actions: 'reauthFailed' },
            ],
            onError: { target: '#mfaSettings.ready', actions: 'reauthFailed' },
          },
        },
        adopting: {
          description: "Signed in again: the new session becomes the app's, then the change is made without asking again.",
          tags: ['busy'],
          invoke: {
            id: 'adoptSession',
            src: 'adoptSession',
            input: ({ context }) => ({ userId: context.signIn?.userId ?? '' }),
            onDone: { target: '#mfaSettings.applying' },
            onError: { target: '#mfaSettings.ready', actions: 'storeError' },
          },
          after: { callTimeout: { target: '#mfaSettings.ready', actions: 'timedOut' } },
        },
      },
    },
    applying: {
      description: 'Makes the change that was asked for: a save, or the flow it needs.',
      always: [
        { guard: { type: 'pendingIs', params: { kind: 'enrollTotp' } }, target: 'enrollingTotp' },
        { guard: { type: 'pendingIs', params: { kind: 'verifyPhone' } }, target: 'verifyingPhone' },
        { target: 'saving' },
      ],
    },
    enrollingTotp: {
      description: 'Runs the TOTP enrollment flow; whatever its ending, the settings are read again.',
      invoke: {
        id: 'totpEnrollment',
        src: 'totpEnrollment',
        input: ({ context }) => totpEnrollmentInput(context),
        onDone: [{ guard: 'childSignedOut', target: 'signedOut', actions: 'sessionLost' }, { target: 'loading' }],
        onError: { target: 'loading', actions: 'storeError' },
      },
    },
    verifyingPhone: {
      description: 'Runs the phone verification flow, which turns SMS MFA on; the settings are then read again.',
      invoke: {
        id: 'phoneVerification',
        src: 'phoneVerification',
        input: ({ context }) => phoneVerificationInput(context, 'ENABLED'),
        onDone: [{ guard: 'childSignedOut', target: 'signedOut', actions: 'sessionLost' }, { target: 'loading' }],
        onError: { target: 'loading', actions: 'storeError' },
      },
    },
    saving: {
      description: 'Sends the change (updateMFAPreference); the settings are then read again.',
      tags: ['busy'],
      invoke: {
        id: 'updateMfaPreference',
        src: 'updateMfaPreference',
        input: ({ context }) => (context.pending?.kind === 'save' ? context.pending.change : {}),
        onDone: { target: 'loading' },
        onError: { target: 'loading', actions: 'storeError' },
      },
      // Whether the change was made or not, reading the settings again shows what Cognito has.
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
 * The account's MFA settings: what is on, what is preferred, and the changes
 * the pool's rules allow. Every change reloads from Cognito, so the UI never
 * shows what it hoped happened. It keeps no secret itself; the flows it runs
 * store theirs as they do alone (none), and a save in flight is stored as a
 * reload of the settings. Restored settings are read from Cognito again, never
 * shown from storage: they may have changed (or be another user's) meanwhile.
 */
export const mfaSettingsMachine = persistable(mfaSettingsChart, {
  scrub: (context) => context,
  // A re-authentication does not outlive the page (its session is kept in memory only): a restored one is given up, unchanged.
  restore: ({ value, context }) =>
    value === 'ready' || typeof value === 'object'
      ? { value: 'loading', context: { ...context, status: null, pending: null, signIn: null } }
      : { value, context },
});

export type MfaSettingsMachine = typeof mfaSettingsMachine;
