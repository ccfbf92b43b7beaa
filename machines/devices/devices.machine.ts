import { assign, fromCallback, setup } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { durationInput } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import type { DevicesContext, DevicesEvent, DevicesInput, RememberedDevice } from './devices.types.js';

const devicesChart = setup({
  types: {
    context: {} as DevicesContext,
    events: {} as DevicesEvent,
    input: {} as DevicesInput | undefined,
  },
  actors: {
    fetchDevices: notProvided<readonly RememberedDevice[], void>('devices', 'fetchDevices'),
    forgetDevice: notProvided<void, { deviceId: string }>('devices', 'forgetDevice'),
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    /** Only a device the list shows can be forgotten; anything else is refused with a typed error, not sent. */
    listed: ({ context, event }) =>
      event.type === 'DEVICE.FORGET' && typeof event.deviceId === 'string' && context.devices.some((d) => d.id === event.deviceId),
  },
  actions: {
    storeDevices: assign({ devices: ({ event }) => (event as unknown as { output: readonly RememberedDevice[] }).output }),
    startForgetting: assign({ forgetting: ({ event }) => (event.type === 'DEVICE.FORGET' ? event.deviceId : null), error: null }),
    doneForgetting: assign({ forgetting: null }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    clearError: assign({ error: null }),
    refuseUnknownDevice: assign({ error: () => flowError('INVALID_EVENT') }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ devices: [], forgetting: null, error: () => flowError('SIGNED_OUT') }),
  },
}).createMachine({
  id: 'devices',
  description: "Lists the signed-in user's remembered devices and forgets one, so it is asked for the MFA code again.",
  context: ({ input }) => ({
    callTimeoutMs: durationInput('devices', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    devices: [],
    forgetting: null,
    error: null,
  }),
  initial: 'loading',
  // A sign-out or a lost session anywhere on the page ends the list.
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    loading: {
      description: "Reads the user's devices from Cognito (fetchDevices).",
      tags: ['busy'],
      invoke: {
        id: 'fetchDevices',
        src: 'fetchDevices',
        onDone: { target: 'ready', actions: 'storeDevices' },
        onError: { target: 'loadFailed', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'loadFailed', actions: 'timedOut' } },
      on: { 'FLOW.CANCEL': { target: 'loadFailed' } },
    },
    loadFailed: {
      description: 'The devices could not be read: the user may try again.',
      tags: ['error'],
      on: { 'DEVICES.RELOAD': { target: 'loading', actions: 'clearError' } },
    },
    ready: {
      description: 'Shows each device (its name, whether it is remembered, when it last signed in) with a way to forget it.',
      on: {
        'DEVICE.FORGET': [{ guard: 'listed', target: 'forgetting', actions: 'startForgetting' }, { actions: 'refuseUnknownDevice' }],
        'DEVICES.RELOAD': { target: 'loading', actions: 'clearError' },
      },
    },
    forgetting: {
      description:
        'Forgets the device (forgetDevice): its next sign-in is asked for the MFA code again. The list is then read again, whatever happened.',
      tags: ['busy'],
      exit: 'doneForgetting',
      invoke: {
        id: 'forgetDevice',
        src: 'forgetDevice',
        input: ({ context }) => ({ deviceId: context.forgetting ?? '' }),
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
 * The remembered devices of the signed-in user, and forgetting one. Its stored
 * snapshot holds no device: the list and the device being forgotten are
 * dropped, and a restore reads the list from Cognito again (it may have changed,
 * or be another user's, meanwhile); a forget in flight restores as that read.
 */
export const devicesMachine = persistable(devicesChart, {
  scrub: (context) => ({ ...context, devices: [], forgetting: null }),
  restore: ({ value, context }) =>
    value === 'ready' || value === 'forgetting'
      ? { value: 'loading', context: { ...context, devices: [], forgetting: null } }
      : { value, context },
});

export type DevicesMachine = typeof devicesMachine;
