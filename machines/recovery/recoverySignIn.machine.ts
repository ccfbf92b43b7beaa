import { assign, setup } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { countInput, durationInput } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import { asText, checkPassword, checkUsername } from '../shared/validation.js';
import type { RecoverySignInContext, RecoverySignInEvent, RecoverySignInInput, RecoverySignInOutput } from './recovery.types.js';
import { refusedCode, toRecoveryError } from './recovery.errors.js';
import { checkRecoveryCode } from './recovery.validation.js';

const recoverySignInChart = setup({
  types: {
    context: {} as RecoverySignInContext,
    events: {} as RecoverySignInEvent,
    input: {} as RecoverySignInInput | undefined,
    output: {} as RecoverySignInOutput,
  },
  actors: {
    /** signIn with CUSTOM_WITH_SRP: the password is checked, then the triggers ask for a recovery code. */
    startRecoverySignIn: notProvided<void, { username: string; password: string }>('recoverySignIn', 'startRecoverySignIn'),
    /** Answers the RECOVERY_CODE challenge (confirmSignIn). */
    confirmRecoveryCode: notProvided<void, { code: string }>('recoverySignIn', 'confirmRecoveryCode'),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    credentialsWellFormed: ({ event }) =>
      event.type === 'CREDENTIALS.SUBMIT' && checkUsername(event.username).ok && checkPassword(event.password).ok,
    codeWellFormed: ({ event }) => event.type === 'CODE.SUBMIT' && checkRecoveryCode(event.code).ok,
    /** A wrong or used code: the same sign-in can be answered again. Anything else (the lockout too) ended it. */
    isRefusedCode: ({ event }) => {
      const code = toRecoveryError((event as { error?: unknown }).error).code;
      return code === 'RECOVERY_CODE_WRONG' || code === 'RECOVERY_CODE_USED';
    },
  },
  actions: {
    storeCredentials: assign(({ context, event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      // A new sign-in: the lockout count starts again with it.
      return { username: asText(event.username).trim(), password: asText(event.password), error: null, attemptsLeft: context.maxAttempts };
    }),
    rejectCredentials: assign(({ event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      const user = checkUsername(event.username);
      const password = checkPassword(event.password);
      return { username: asText(event.username), password: '', error: !user.ok ? user.error : !password.ok ? password.error : null };
    }),
    forgetPassword: assign({ password: '' }),
    storeCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkRecoveryCode(event.code);
      return { code: checked.ok ? checked.value : '', error: null };
    }),
    rejectCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkRecoveryCode(event.code);
      return { code: asText(event.code), error: checked.ok ? null : checked.error };
    }),
    forgetCode: assign({ code: '' }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    /** What answering with a code failed with, in the recovery codes' words (a lockout is `RECOVERY_LOCKED_OUT`). */
    storeCodeError: assign({ error: ({ event }) => toRecoveryError((event as { error?: unknown }).error) }),
    /** A refused code takes one attempt; the last one before the lockout says so. */
    storeRefusal: assign(({ context, event }) => {
      const attemptsLeft = Math.max(context.attemptsLeft - 1, 0);
      return { attemptsLeft, error: refusedCode(toRecoveryError((event as { error?: unknown }).error), attemptsLeft) };
    }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    markSignedIn: assign({ status: 'signedIn' as const }),
    markCancelled: assign({ status: 'cancelled' as const }),
  },
}).createMachine({
  id: 'recoverySignIn',
  description: 'Signs in with the password and one recovery code, in place of the second factor (a lost phone).',
  context: ({ input }) => ({
    callTimeoutMs: durationInput('recoverySignIn', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
    maxAttempts: countInput('recoverySignIn', 'maxAttempts', input?.maxAttempts, DEFAULTS.maxAttempts),
    attemptsLeft: countInput('recoverySignIn', 'maxAttempts', input?.maxAttempts, DEFAULTS.maxAttempts),
    username: asText(input?.username),
    password: '',
    code: '',
    error: null,
    status: 'working',
  }),
  initial: 'enteringCredentials',
  output: ({ context }) => ({ status: context.status === 'signedIn' ? 'signedIn' : 'cancelled', username: context.username }),
  on: {
    'FLOW.CANCEL': { target: '.cancelled' },
  },
  states: {
    enteringCredentials: {
      description: 'The sign-in identifier and the password: a recovery code replaces the second factor, never the password.',
      tags: ['input'],
      on: {
        'CREDENTIALS.SUBMIT': [
          { guard: 'credentialsWellFormed', target: 'signingIn', actions: 'storeCredentials' },
          { actions: 'rejectCredentials' },
        ],
      },
    },
    signingIn: {
      description: 'signIn with CUSTOM_WITH_SRP: SRP proves the password, then the triggers ask for a recovery code.',
      tags: ['busy'],
      exit: 'forgetPassword',
      invoke: {
        id: 'startRecoverySignIn',
        src: 'startRecoverySignIn',
        input: ({ context }) => ({ username: context.username, password: context.password }),
        onDone: { target: 'awaitingCode' },
        onError: { target: 'enteringCredentials', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'enteringCredentials', actions: 'timedOut' } },
    },
    awaitingCode: {
      description: 'Waits for one unused recovery code; each works once.',
      tags: ['input'],
      on: {
        'CODE.SUBMIT': [{ guard: 'codeWellFormed', target: 'verifyingCode', actions: 'storeCode' }, { actions: 'rejectCode' }],
      },
    },
    verifyingCode: {
      description: 'confirmSignIn with the code: the verify trigger checks it against the stored hashes and strikes it off.',
      tags: ['busy'],
      exit: 'forgetCode',
      invoke: {
        id: 'confirmRecoveryCode',
        src: 'confirmRecoveryCode',
        input: ({ context }) => ({ code: context.code }),
        onDone: { target: 'signedIn' },
        onError: [
          // A wrong or used code counts toward the lockout; the same sign-in takes another.
          { guard: 'isRefusedCode', target: 'awaitingCode', actions: 'storeRefusal' },
          // Locked out, or the sign-in session ended: start again from the password.
          { target: 'enteringCredentials', actions: 'storeCodeError' },
        ],
      },
      after: { callTimeout: { target: 'awaitingCode', actions: 'timedOut' } },
    },
    signedIn: {
      description: 'Signed in; the code used is struck off.',
      type: 'final',
      entry: 'markSignedIn',
    },
    cancelled: {
      description: 'The user went back to the usual sign-in.',
      type: 'final',
      entry: 'markCancelled',
    },
  },
});

/**
 * "Use a recovery code": the password and one unused code, as a sign-in of its
 * own (CUSTOM_WITH_SRP) that the sign-in flow hands the user over to. Its
 * persisted snapshot never holds the password or the code.
 */
export const recoverySignInMachine = persistable(recoverySignInChart, {
  scrub: (context) => ({ ...context, password: '', code: '' }),
});

export type RecoverySignInMachine = typeof recoverySignInMachine;
