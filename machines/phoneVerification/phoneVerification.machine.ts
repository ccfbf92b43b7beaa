import { assign, fromCallback, setup, stateIn } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import type { CodeDelivery } from '../shared/types.js';
import { asText, checkCode, checkPhone, codeDigits } from '../shared/validation.js';
import { clockInput, durationInput, oneOf } from '../shared/input.js';
import { inputOf, persistable, rearm } from '../shared/persist.js';
import type {
  PhoneVerificationContext,
  PhoneVerificationEvent,
  PhoneVerificationInput,
  PhoneVerificationOutput,
  UpdatePhoneResult,
} from './phoneVerification.types.js';

const outputOf = <T>(event: unknown) => (event as { output: T }).output;

const phoneVerificationChart = setup({
  types: {
    context: {} as PhoneVerificationContext,
    events: {} as PhoneVerificationEvent,
    input: {} as PhoneVerificationInput | undefined,
    output: {} as PhoneVerificationOutput,
  },
  actors: {
    updatePhone: notProvided<UpdatePhoneResult, { phone: string }>('phoneVerification', 'updatePhone'),
    sendPhoneCode: notProvided<CodeDelivery, void>('phoneVerification', 'sendPhoneCode'),
    confirmPhone: notProvided<void, { code: string }>('phoneVerification', 'confirmPhone'),
    enableSmsMfa: notProvided<void, { preference: 'PREFERRED' | 'ENABLED' }>('phoneVerification', 'enableSmsMfa'),
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    resendCooldown: ({ context }) => context.resendCooldownMs,
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    phoneWellFormed: ({ event }) => event.type === 'PHONE.SUBMIT' && checkPhone(event.phone).ok,
    codeWellFormed: ({ event }) => event.type === 'CODE.SUBMIT' && checkCode(event.code).ok,
    codeWasSent: ({ event }) => outputOf<UpdatePhoneResult>(event).codeSent,
    notConfirming: stateIn('#phoneVerification.awaitingCode.code.typing'),
    isCodeExpired: ({ event }) => errorOfEvent(event).code === 'CODE_EXPIRED',
    enablesSmsMfa: ({ context }) => context.enableSmsMfa !== false,
  },
  actions: {
    storePhone: assign(({ event }) => {
      if (event.type !== 'PHONE.SUBMIT') return {};
      const checked = checkPhone(event.phone);
      return { phoneInput: asText(event.phone), phone: checked.ok ? checked.value : '', error: null };
    }),
    rejectPhone: assign(({ event }) => {
      if (event.type !== 'PHONE.SUBMIT') return {};
      const checked = checkPhone(event.phone);
      return { phoneInput: asText(event.phone), error: checked.ok ? null : checked.error };
    }),
    storeUpdate: assign({ codeDelivery: ({ event }) => outputOf<UpdatePhoneResult>(event).codeDelivery }),
    storeCodeDelivery: assign({ codeDelivery: ({ event }) => outputOf<CodeDelivery>(event), error: null }),
    storeCode: assign(({ event }) => (event.type === 'CODE.SUBMIT' ? { code: asText(event.code), error: null } : {})),
    rejectCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkCode(event.code);
      return { code: asText(event.code), error: checked.ok ? null : checked.error };
    }),
    startCooldown: assign({ resendAt: ({ context }) => context.now() + context.resendCooldownMs }),
    allowResend: assign({ resendAt: null }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    wrongCode: assign({ error: ({ event }) => errorOfEvent(event), code: '' }),
    forgetCode: assign({ code: '', codeDelivery: null, resendAt: null }),
    clearError: assign({ error: null }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ code: '', error: () => flowError('SIGNED_OUT') }),
    markVerified: assign({ status: 'verified' as const }),
    markCancelled: assign({ status: 'cancelled' as const }),
    markSignedOut: assign({ status: 'signedOut' as const }),
  },
}).createMachine({
  id: 'phoneVerification',
  description: 'Adds and verifies a phone number for SMS MFA.',
  context: ({ input }) => ({
    enableSmsMfa: oneOf('phoneVerification', 'enableSmsMfa', input?.enableSmsMfa, ['PREFERRED', 'ENABLED', false] as const, 'ENABLED'),
    resendCooldownMs: durationInput('phoneVerification', 'resendCooldownMs', input?.resendCooldownMs, DEFAULTS.resendCooldownMs),
    callTimeoutMs: durationInput('phoneVerification', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    now: clockInput('phoneVerification', input?.now),
    phoneInput: asText(input?.phone),
    phone: '',
    code: '',
    codeDelivery: null,
    resendAt: null,
    error: null,
    status: 'verifying',
  }),
  initial: 'enteringPhone',
  output: ({ context }) => ({ status: context.status === 'verifying' ? 'cancelled' : context.status, phone: context.phone }),
  // A sign-out or a lost session anywhere on the page ends the flow.
  invoke: { src: 'authEvents' },
  on: {
    'FLOW.CANCEL': { target: '.cancelled' },
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    enteringPhone: {
      description: 'The user types the number with its country code; spaces, dashes and brackets are accepted and dropped.',
      tags: ['input'],
      on: {
        'PHONE.SUBMIT': [{ guard: 'phoneWellFormed', target: 'updatingPhone', actions: 'storePhone' }, { actions: 'rejectPhone' }],
      },
    },
    updatingPhone: {
      description: 'Saves the number (updateUserAttributes); Cognito then texts a code, or one is asked for.',
      tags: ['busy'],
      invoke: {
        id: 'updatePhone',
        src: 'updatePhone',
        input: ({ context }) => ({ phone: context.phone }),
        onDone: [
          { guard: 'codeWasSent', target: 'awaitingCode', actions: 'storeUpdate' },
          { target: 'sendingCode', actions: 'storeUpdate' },
        ],
        // AliasExists (the number belongs to another account), CodeDeliveryFailure (cannot text it),
        // LimitExceeded: each is shown on the number, which the user can change or submit again.
        onError: { target: 'enteringPhone', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'enteringPhone', actions: 'timedOut' } },
    },
    sendingCode: {
      description: 'Asks Cognito to text a code to the number (sendUserAttributeVerificationCode).',
      tags: ['busy'],
      invoke: {
        id: 'sendPhoneCode',
        src: 'sendPhoneCode',
        onDone: { target: 'awaitingCode', actions: 'storeCodeDelivery' },
        // The texted code may still arrive; the error is shown and a new one can be asked for.
        onError: { target: ['awaitingCode.code.typing', 'awaitingCode.resend.resendable'], actions: 'storeError' },
      },
      after: { callTimeout: { target: ['awaitingCode.code.typing', 'awaitingCode.resend.resendable'], actions: 'timedOut' } },
    },
    awaitingCode: {
      description: 'Waits for the texted code. Typing it and the resend countdown run side by side; the number can be changed.',
      type: 'parallel',
      exit: 'forgetCode',
      on: {
        'PHONE.CHANGE': { target: 'enteringPhone', actions: 'clearError' },
      },
      states: {
        code: {
          description: 'The code the user types, and its check.',
          initial: 'typing',
          states: {
            typing: {
              description: 'Waits for the 6-digit code.',
              tags: ['input'],
              on: {
                'CODE.SUBMIT': [{ guard: 'codeWellFormed', target: 'confirming', actions: 'storeCode' }, { actions: 'rejectCode' }],
              },
            },
            confirming: {
              description: 'Checks the code with Cognito (confirmUserAttribute); the number is then verified.',
              tags: ['busy'],
              invoke: {
                id: 'confirmPhone',
                src: 'confirmPhone',
                input: ({ context }) => ({ code: codeDigits(context.code) }),
                onDone: [{ guard: 'enablesSmsMfa', target: '#phoneVerification.enablingSms' }, { target: '#phoneVerification.verified' }],
                onError: [
                  // An expired code offers a new one straight away.
                  { guard: 'isCodeExpired', target: ['typing', '#phoneVerification.awaitingCode.resend.resendable'], actions: 'wrongCode' },
                  { target: 'typing', actions: 'wrongCode' },
                ],
              },
              // The code stays typed: the user may send it again.
              after: { callTimeout: { target: 'typing', actions: 'timedOut' } },
            },
          },
        },
        resend: {
          description: 'When a new code may be asked for.',
          initial: 'coolingDown',
          states: {
            coolingDown: {
              description: 'A code was just sent: a new one is offered after the resend cooldown (resendAt).',
              entry: 'startCooldown',
              after: { resendCooldown: { target: 'resendable' } },
            },
            resendable: {
              description: 'A new code may be asked for.',
              entry: 'allowResend',
              on: {
                'CODE.RESEND': { guard: 'notConfirming', target: '#phoneVerification.sendingCode', actions: 'clearError' },
              },
            },
          },
        },
      },
    },
    enablingSms: {
      description: 'Turns SMS MFA on for the account (updateMFAPreference({ sms })).',
      tags: ['busy'],
      invoke: {
        id: 'enableSmsMfa',
        src: 'enableSmsMfa',
        input: ({ context }) => ({ preference: context.enableSmsMfa === 'PREFERRED' ? 'PREFERRED' : 'ENABLED' }),
        onDone: { target: 'verified' },
        onError: { target: 'enableFailed', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'enableFailed', actions: 'timedOut' } },
    },
    enableFailed: {
      description: 'The number is verified but SMS MFA was not turned on: the user may try again.',
      tags: ['error'],
      on: { 'FLOW.RETRY': { target: 'enablingSms', actions: 'clearError' } },
    },
    verified: {
      description: 'The number is verified (and SMS MFA on, if asked).',
      type: 'final',
      entry: 'markVerified',
    },
    cancelled: {
      description: 'The user stopped.',
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
 * Adds and verifies a phone number for SMS MFA: E.164 number →
 * updateUserAttributes → the texted code → confirmUserAttribute → (optionally)
 * updateMFAPreference({ sms }). Its persisted snapshot never holds a code;
 * restored, the resend countdown ends at the same `resendAt`.
 */
export const phoneVerificationMachine = persistable(phoneVerificationChart, {
  scrub: (context) => ({ ...context, code: '' }),
  // Functions are not stored: the clock comes from the restoring input.
  restore: ({ value, context }, scope) => ({
    value,
    context: { ...context, now: clockInput('phoneVerification', (inputOf(scope) as PhoneVerificationInput | undefined)?.now) },
  }),
  resume: (snapshot, scope) => {
    const context = snapshot.context as PhoneVerificationContext;
    if (snapshot.matches({ awaitingCode: { resend: 'coolingDown' } }) && context.resendAt !== null)
      rearm(scope, 'resendCooldown', 'phoneVerification.awaitingCode.resend.coolingDown', context.resendAt, context.now());
  },
});

export type PhoneVerificationMachine = typeof phoneVerificationMachine;
