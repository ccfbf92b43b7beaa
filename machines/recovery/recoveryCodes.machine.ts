import { assign, fromCallback, setup } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { durationInput } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import { asText, checkPassword } from '../shared/validation.js';
import type { RecoveryCodesContext, RecoveryCodesEvent, RecoveryCodesInput, RecoveryCodesOutput, StartedCodes } from './recovery.types.js';

const recoveryCodesChart = setup({
  types: {
    context: {} as RecoveryCodesContext,
    events: {} as RecoveryCodesEvent,
    input: {} as RecoveryCodesInput | undefined,
    output: {} as RecoveryCodesOutput,
  },
  actors: {
    /** Proves the password and the session again; the pool's triggers make ten codes and send them once (nothing stored yet). */
    startCodes: notProvided<StartedCodes, { password: string }>('recoveryCodes', 'startCodes'),
    /** Stores the shown set's hashes: the old set stops working. */
    saveCodes: notProvided<void, void>('recoveryCodes', 'saveCodes'),
    /** Drops the shown set without storing it. */
    discardCodes: notProvided<void, void>('recoveryCodes', 'discardCodes'),
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    hasCodes: ({ context }) => context.hasCodes,
    passwordWellFormed: ({ event }) => event.type === 'PASSWORD.SUBMIT' && checkPassword(event.password).ok,
  },
  actions: {
    storePassword: assign(({ event }) => (event.type === 'PASSWORD.SUBMIT' ? { password: asText(event.password), error: null } : {})),
    rejectPassword: assign(({ event }) => {
      if (event.type !== 'PASSWORD.SUBMIT') return {};
      const checked = checkPassword(event.password);
      return { password: '', error: checked.ok ? null : checked.error };
    }),
    forgetPassword: assign({ password: '' }),
    storeCodes: assign({ codes: ({ event }) => [...(event as unknown as { output: StartedCodes }).output.codes], error: null }),
    forgetCodes: assign({ codes: [] as readonly string[] }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    clearError: assign({ error: null }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ error: () => flowError('SIGNED_OUT') }),
    markSaved: assign({ status: 'saved' as const, hasCodes: true }),
    markCancelled: assign({ status: 'cancelled' as const }),
    markSignedOut: assign({ status: 'signedOut' as const }),
  },
}).createMachine({
  id: 'recoveryCodes',
  description: 'Makes a new set of ten single-use recovery codes, shows it once, and stores it when the user has saved it.',
  context: ({ input }) => ({
    callTimeoutMs: durationInput('recoveryCodes', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    hasCodes: input?.hasCodes === true,
    password: '',
    codes: [],
    error: null,
    status: 'working',
  }),
  initial: 'idle',
  output: ({ context }) => ({ status: context.status === 'working' ? 'cancelled' : context.status, hasCodes: context.hasCodes }),
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    idle: {
      description: 'Says what recovery codes are for and offers to make a set.',
      on: {
        'CODES.START': [{ guard: 'hasCodes', target: 'warning' }, { target: 'enteringPassword' }],
        'FLOW.CANCEL': { target: 'cancelled' },
      },
    },
    warning: {
      description: 'The user has a set: a new one voids every old code, used or not. They confirm or go back.',
      on: {
        'CODES.REPLACE': { target: 'enteringPassword' },
        'FLOW.CANCEL': { target: 'cancelled' },
      },
    },
    enteringPassword: {
      description: 'The password again: with the current session, it is what the triggers ask before making codes.',
      tags: ['input'],
      on: {
        'PASSWORD.SUBMIT': [{ guard: 'passwordWellFormed', target: 'generating', actions: 'storePassword' }, { actions: 'rejectPassword' }],
        'FLOW.CANCEL': { target: 'cancelled' },
      },
    },
    generating: {
      description: 'CUSTOM_WITH_SRP: the password, then the access token, then the triggers make ten codes and send them once.',
      tags: ['busy'],
      exit: 'forgetPassword',
      invoke: {
        id: 'startCodes',
        src: 'startCodes',
        input: ({ context }) => ({ password: context.password }),
        onDone: { target: 'showing', actions: 'storeCodes' },
        onError: { target: 'enteringPassword', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'enteringPassword', actions: 'timedOut' } },
    },
    showing: {
      description: 'The ten codes, shown once: they leave the context when this state ends, whatever ends it.',
      initial: 'viewing',
      exit: 'forgetCodes',
      states: {
        viewing: {
          description: 'The user copies or prints the codes and says they have saved them; until then nothing is stored.',
          on: {
            'CODES.SAVED': { target: 'saving', actions: 'clearError' },
            'FLOW.CANCEL': { target: '#recoveryCodes.discarding' },
          },
        },
        saving: {
          description: 'Answers SAVED: the triggers store the hashes of this set, and every older code stops working.',
          tags: ['busy'],
          invoke: {
            id: 'saveCodes',
            src: 'saveCodes',
            onDone: { target: '#recoveryCodes.saved' },
            onError: { target: 'viewing', actions: 'storeError' },
          },
          after: { callTimeout: { target: 'viewing', actions: 'timedOut' } },
        },
      },
    },
    discarding: {
      description: 'Drops the shown set; the old codes, if any, still work.',
      tags: ['busy'],
      invoke: {
        id: 'discardCodes',
        src: 'discardCodes',
        onDone: { target: 'cancelled' },
        // Nothing was stored either way; the error is shown where the user can start again or leave.
        onError: { target: 'idle', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'idle', actions: 'timedOut' } },
    },
    saved: {
      description: 'The new set is stored; only its hashes are kept by the user pool.',
      type: 'final',
      entry: 'markSaved',
    },
    cancelled: {
      description: 'The user stopped; nothing changed.',
      type: 'final',
      entry: 'markCancelled',
    },
    signedOut: {
      description: 'The session ended elsewhere on the page (a sign-out, or tokens that could not be refreshed).',
      type: 'final',
      entry: 'markSignedOut',
    },
  },
});

/**
 * Recovery codes in the settings: (a warning when a set exists) → the password
 * → ten codes shown once → "I saved them" → stored. Its persisted snapshot never
 * holds the password or a code: a restored flow that was showing codes shows
 * none (the set was never stored, so the old one still works).
 */
export const recoveryCodesMachine = persistable(recoveryCodesChart, {
  scrub: (context) => ({ ...context, password: '', codes: [] }),
  restore: ({ value, context }) =>
    // Codes are never stored, so a flow that was showing them has nothing left to show.
    typeof value === 'object' && 'showing' in value ? { value: 'idle', context } : { value, context },
});

export type RecoveryCodesMachine = typeof recoveryCodesMachine;
