import { and, assign, fromCallback, setup } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { durationInput, poolCapabilitiesInput, textInput } from '../shared/input.js';
import { DEFAULTS } from '../shared/delays.js';
import { childSignedOut, phoneVerificationInput, totpEnrollmentInput } from '../shared/children.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { persistable } from '../shared/persist.js';
import type { MfaMethod } from '../shared/types.js';
import { phoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { totpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import type { MfaPreferenceChange, MfaSettingsContext, MfaSettingsEvent, MfaSettingsInput, MfaStatus } from './mfaSettings.types.js';

const KEY: Readonly<Record<MfaMethod, 'sms' | 'totp' | 'email'>> = { SMS: 'sms', TOTP: 'totp', EMAIL: 'email' };

export function poolAllows(context: MfaSettingsContext, method: MfaMethod): boolean {
  return context.capabilities.mfaMode !== 'OFF' && context.capabilities.mfaMethods.includes(method);
}

export function isEnabled(context: MfaSettingsContext, method: MfaMethod): boolean {
  return context.status?.enabled.includes(method) ?? false;
}

/** In a REQUIRED pool the last enabled method must stay. */
export function canDisable(context: MfaSettingsContext, method: MfaMethod): boolean {
  if (!isEnabled(context, method)) return false;
  return !(context.capabilities.mfaMode === 'REQUIRED' && (context.status?.enabled.length ?? 0) <= 1);
}

/** The updateMFAPreference call an event asks for. */
function changeFor(event: MfaSettingsEvent): MfaPreferenceChange {
  if (event.type === 'PREFERRED.SET') return { [KEY[event.method]]: 'PREFERRED' };
  if (event.type === 'METHOD.DISABLE') return { [KEY[event.method]]: 'DISABLED' };
  if (event.type === 'ENROLL.SMS') return { sms: 'ENABLED' };
  return {};
}

const mfaSettingsChart = setup({
  types: {
    context: {} as MfaSettingsContext,
    events: {} as MfaSettingsEvent,
    input: {} as MfaSettingsInput,
  },
  actors: {
    loadMfaStatus: notProvided<MfaStatus, void>('mfaSettings', 'loadMfaStatus'),
    updateMfaPreference: notProvided<void, MfaPreferenceChange>('mfaSettings', 'updateMfaPreference'),
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
    status: null,
    error: null,
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
      on: {
        'ENROLL.TOTP': [{ guard: 'totpOffered', target: 'enrollingTotp', actions: 'clearError' }, { actions: 'refuseNotAllowed' }],
        'ENROLL.SMS': [
          // A phone already verified only needs SMS MFA turned on.
          { guard: and(['smsOffered', 'phoneVerified']), target: 'saving', actions: 'clearError' },
          { guard: 'smsOffered', target: 'verifyingPhone', actions: 'clearError' },
          { actions: 'refuseNotAllowed' },
        ],
        'PREFERRED.SET': [
          { guard: 'unknownMethod', actions: 'refuseUnknownMethod' },
          { guard: 'preferable', target: 'saving', actions: 'clearError' },
        ],
        'METHOD.DISABLE': [
          { guard: 'unknownMethod', actions: 'refuseUnknownMethod' },
          { guard: 'disableAllowed', target: 'saving', actions: 'clearError' },
          { guard: 'isLastRequired', actions: 'refuseLastRequired' },
        ],
        'SETTINGS.RELOAD': { target: 'loading', actions: 'clearError' },
      },
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
        input: ({ event }) => changeFor(event),
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
  restore: ({ value, context }) => (value === 'ready' ? { value: 'loading', context: { ...context, status: null } } : { value, context }),
});

export type MfaSettingsMachine = typeof mfaSettingsMachine;
