import { assign, fromCallback, setup } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError, isLockout } from '../shared/errors.js';
import type { TotpSecret } from '../shared/types.js';
import { asText, checkCode, codeDigits } from '../shared/validation.js';
import { countInput, durationInput, oneOf, textInput } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import type {
  SetUpTotpActorInput,
  TotpEnrollmentContext,
  TotpEnrollmentEvent,
  TotpEnrollmentInput,
  TotpEnrollmentOutput,
  TotpPreference,
  VerifyTotpActorInput,
} from './totpEnrollment.types.js';

const totpEnrollmentChart = setup({
  types: {
    context: {} as TotpEnrollmentContext,
    events: {} as TotpEnrollmentEvent,
    input: {} as TotpEnrollmentInput,
    output: {} as TotpEnrollmentOutput,
  },
  actors: {
    setUpTotp: notProvided<TotpSecret, SetUpTotpActorInput>('totpEnrollment', 'setUpTotp'),
    createQrCode: notProvided<string, { uri: string }>('totpEnrollment', 'createQrCode'),
    verifyTotp: notProvided<void, VerifyTotpActorInput>('totpEnrollment', 'verifyTotp'),
    setTotpPreference: notProvided<void, { preference: TotpPreference }>('totpEnrollment', 'setTotpPreference'),
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    codeWellFormed: ({ event }) => event.type === 'CODE.SUBMIT' && checkCode(event.code).ok,
    isWrongCode: ({ event }) => errorOfEvent(event).code === 'WRONG_CODE',
    isLastAttempt: ({ context, event }) => errorOfEvent(event).code === 'WRONG_CODE' && context.attemptsLeft <= 1,
    isLockout: ({ event }) => isLockout(errorOfEvent(event)),
  },
  actions: {
    storeSecret: assign({
      secret: ({ event }) => ({ ...(event as unknown as { output: TotpSecret }).output, qrDataUrl: null }),
      error: null,
    }),
    storeQrCode: assign({
      secret: ({ context, event }) =>
        context.secret ? { ...context.secret, qrDataUrl: (event as unknown as { output: string }).output } : null,
    }),
    storeCode: assign(({ event }) => (event.type === 'CODE.SUBMIT' ? { code: asText(event.code), error: null } : {})),
    rejectCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkCode(event.code);
      return { code: asText(event.code), error: checked.ok ? null : checked.error };
    }),
    countWrongCode: assign({
      attemptsLeft: ({ context }) => Math.max(context.attemptsLeft - 1, 0),
      code: '',
      error: ({ event }) => errorOfEvent(event),
    }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    tooManyAttempts: assign({
      error: () => flowError('TOTP_SETUP_FAILED', { message: 'Too many wrong codes. Start again with a new secret.' }),
    }),
    forgetSecret: assign({ secret: null, code: '' }),
    startOver: assign({ attemptsLeft: ({ context }) => context.maxAttempts, error: null }),
    clearError: assign({ error: null }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ secret: null, code: '', error: () => flowError('SIGNED_OUT') }),
    markEnrolled: assign({ status: 'enrolled' as const }),
    markCancelled: assign({ status: 'cancelled' as const }),
    markSignedOut: assign({ status: 'signedOut' as const }),
  },
}).createMachine({
  id: 'totpEnrollment',
  description: 'Adds an authenticator app (TOTP) to a signed-in account.',
  context: ({ input }) => ({
    totpIssuer: textInput('totpEnrollment', 'totpIssuer', input?.totpIssuer),
    accountName: textInput('totpEnrollment', 'accountName', input?.accountName),
    preference: oneOf('totpEnrollment', 'preference', input?.preference, ['PREFERRED', 'ENABLED'] as const, 'PREFERRED'),
    friendlyDeviceName:
      input?.friendlyDeviceName === undefined ? undefined : textInput('totpEnrollment', 'friendlyDeviceName', input.friendlyDeviceName),
    maxAttempts: countInput('totpEnrollment', 'maxAttempts', input?.maxAttempts, DEFAULTS.maxAttempts),
    callTimeoutMs: durationInput('totpEnrollment', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    secret: null,
    code: '',
    attemptsLeft: countInput('totpEnrollment', 'maxAttempts', input?.maxAttempts, DEFAULTS.maxAttempts),
    error: null,
    status: 'enrolling',
  }),
  initial: 'enrolling',
  output: ({ context }) => ({ status: context.status === 'enrolling' ? 'cancelled' : context.status }),
  // A sign-out or a lost session anywhere on the page ends the flow: nothing it could still do would be allowed.
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    enrolling: {
      description: 'The secret exists only inside this state: it is dropped however the state is left.',
      initial: 'settingUp',
      exit: 'forgetSecret',
      on: { 'FLOW.CANCEL': { target: 'cancelled' } },
      states: {
        settingUp: {
          description: 'Asks Cognito for a new secret (setUpTOTP) and builds the otpauth:// URI with the issuer and account name.',
          tags: ['busy'],
          invoke: {
            id: 'setUpTotp',
            src: 'setUpTotp',
            input: ({ context }) => ({ totpIssuer: context.totpIssuer, accountName: context.accountName }),
            onDone: { target: 'preparingQrCode', actions: 'storeSecret' },
            onError: { target: 'setupFailed', actions: 'storeError' },
          },
          after: { callTimeout: { target: 'setupFailed', actions: 'timedOut' } },
        },
        setupFailed: {
          description: 'The secret could not be made (network, session): the user may try again.',
          tags: ['error'],
          on: { 'FLOW.RETRY': { target: 'settingUp', actions: 'clearError' } },
        },
        preparingQrCode: {
          description: 'Draws the URI as a QR code.',
          tags: ['busy'],
          invoke: {
            id: 'createQrCode',
            src: 'createQrCode',
            input: ({ context }) => ({ uri: context.secret?.setupUri ?? '' }),
            onDone: { target: 'awaitingCode', actions: 'storeQrCode' },
            onError: { target: 'awaitingCode', actions: 'storeError' },
          },
          // Without the picture the secret can still be typed in by hand.
          after: { callTimeout: { target: 'awaitingCode', actions: 'timedOut' } },
        },
        awaitingCode: {
          description: 'Shows the QR code and the secret in groups of four; waits for the first 6-digit code from the app.',
          tags: ['input'],
          on: {
            'CODE.SUBMIT': [{ guard: 'codeWellFormed', target: 'verifying', actions: 'storeCode' }, { actions: 'rejectCode' }],
          },
        },
        verifying: {
          description: 'Checks the code with Cognito (verifyTOTPSetup), which turns the authenticator on.',
          tags: ['busy'],
          invoke: {
            id: 'verifyTotp',
            src: 'verifyTotp',
            input: ({ context }) => ({ code: codeDigits(context.code), friendlyDeviceName: context.friendlyDeviceName }),
            onDone: { target: '#totpEnrollment.settingPreference' },
            onError: [
              { guard: 'isLockout', target: 'tooManyAttempts', actions: 'storeError' },
              { guard: 'isLastAttempt', target: 'tooManyAttempts', actions: ['countWrongCode', 'tooManyAttempts'] },
              { guard: 'isWrongCode', target: 'awaitingCode', actions: 'countWrongCode' },
              { target: 'awaitingCode', actions: 'storeError' },
            ],
          },
          // The code stays typed: the user may send it again.
          after: { callTimeout: { target: 'awaitingCode', actions: 'timedOut' } },
        },
        tooManyAttempts: {
          description: 'Too many wrong codes or requests: this secret is dropped; starting again makes a new one.',
          tags: ['error'],
          entry: 'forgetSecret',
          on: { 'FLOW.RESTART': { target: 'settingUp', actions: 'startOver' } },
        },
      },
    },
    settingPreference: {
      description: 'Makes TOTP the preferred method, or only enables it, as the input says (updateMFAPreference).',
      tags: ['busy'],
      invoke: {
        id: 'setTotpPreference',
        src: 'setTotpPreference',
        input: ({ context }) => ({ preference: context.preference }),
        onDone: { target: 'enrolled', actions: 'clearError' },
        onError: { target: 'preferenceFailed', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'preferenceFailed', actions: 'timedOut' } },
      // The authenticator is already on: stopping here keeps it on, without the preference.
      on: { 'FLOW.CANCEL': { target: 'enrolled', actions: 'clearError' } },
    },
    preferenceFailed: {
      description: 'The authenticator is on but the preference was not saved: the user may try again.',
      tags: ['error'],
      on: {
        'FLOW.RETRY': { target: 'settingPreference', actions: 'clearError' },
        'FLOW.CANCEL': { target: 'enrolled', actions: 'clearError' },
      },
    },
    enrolled: {
      description: 'The authenticator app is set up.',
      type: 'final',
      entry: 'markEnrolled',
    },
    cancelled: {
      description: 'The user stopped; nothing was turned on.',
      type: 'final',
      entry: 'markCancelled',
    },
    signedOut: {
      description: 'The session ended elsewhere on the page (a sign-out, or tokens that could not be refreshed); the secret is gone.',
      type: 'final',
      entry: 'markSignedOut',
    },
  },
});

/**
 * Adds an authenticator app after sign-in: setUpTOTP → the QR code and the
 * secret → verifyTOTPSetup → updateMFAPreference. Its persisted snapshot never
 * holds the secret or a code; restored where the secret was shown, it offers to
 * start again with a new secret (`setupFailed`, `TOTP_SETUP_FAILED`).
 */
export const totpEnrollmentMachine = persistable(totpEnrollmentChart, {
  scrub: (context) => ({ ...context, secret: null, code: '' }),
  restore: ({ value, context }) => {
    const step = typeof value === 'object' ? value.enrolling : undefined;
    if (step !== 'awaitingCode' && step !== 'setupFailed') return { value, context };
    const error =
      step === 'setupFailed' && context.error
        ? context.error
        : flowError('TOTP_SETUP_FAILED', {
            message: 'The set-up was interrupted and its secret is never stored. Start again for a new one.',
          });
    return { value: { enrolling: 'setupFailed' }, context: { ...context, error } };
  },
});

export type TotpEnrollmentMachine = typeof totpEnrollmentMachine;
