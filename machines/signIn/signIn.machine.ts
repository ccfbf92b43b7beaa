import { assign, setup } from 'xstate';
import { errorOfEvent, flowError, isLockout } from '../shared/errors.js';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { checkCode, checkEmail, checkPassword, checkUsername, codeDigits } from '../shared/validation.js';
import type { MfaMethod } from '../shared/types.js';
import type {
  ConfirmResetPasswordActorInput,
  ConfirmSignInActorInput,
  ConfirmSignUpActorInput,
  SignInActorInput,
  SignInContext,
  SignInEvent,
  SignInInput,
  SignInStep,
  SignInStepName,
  SignedInUser,
} from './signIn.types.js';
import type { CodeDelivery } from '../shared/types.js';

const isError = (event: unknown): boolean => typeof event === 'object' && event !== null && 'error' in event;

const cleared = { password: '', code: '', totpSetup: null } as const;


const answerWithCode = ({ context }: { context: SignInContext }): ConfirmSignInActorInput => ({
  challengeResponse: codeDigits(context.code),
  username: context.username,
  totpIssuer: context.totpIssuer,
});

/** What every wrong answer to a code challenge can lead to. */
const codeAnswerErrors = [
  { guard: 'isLockout', target: '#signIn.locked' },
  { guard: 'isSessionExpired', target: '#signIn.expired' },
  { guard: 'isLastAttempt', target: '#signIn.locked', actions: 'countWrongCode' },
  { guard: 'isWrongCode', target: 'awaitingCode', actions: 'countWrongCode' },
  { target: 'awaitingCode', actions: 'storeError' },
] as const;

const submitCode = [
  { guard: 'codeWellFormed', target: 'verifyingCode', actions: 'storeCode' },
  { actions: 'rejectCode' },
] as const;

/** What a failed answer to a non-code challenge leads to: back to where it was typed, unless the session is over. */
const answerErrors = <T extends string>(back: T) =>
  [
    { guard: 'isLockout', target: '#signIn.locked' },
    { guard: 'isSessionExpired', target: '#signIn.expired' },
    { target: back, actions: 'storeError' },
  ] as const;

const answerWithMethod = ({ context, event }: { context: SignInContext; event: SignInEvent }): ConfirmSignInActorInput => ({
  challengeResponse: event.type === 'METHOD.SELECT' ? event.method : '',
  username: context.username,
  totpIssuer: context.totpIssuer,
});

/** A choice among the methods Cognito offers (to use, or to set up). */
const methodChoice = (text: { description: string; offering: string; submitting: string }) =>
  ({
    description: text.description,
    initial: 'awaitingChoice',
    states: {
      awaitingChoice: {
        description: text.offering,
        tags: ['input'],
        on: {
          'METHOD.SELECT': [
            { guard: 'methodAllowed', target: 'submittingChoice', actions: 'clearError' },
            { actions: 'rejectMethod' },
          ],
        },
      },
      submittingChoice: {
        description: text.submitting,
        tags: ['busy'],
        invoke: {
          id: 'confirmSignIn',
          src: 'confirmSignIn',
          input: answerWithMethod,
          onDone: { target: '#signIn.routing', actions: 'storeStep' },
          onError: answerErrors('awaitingChoice'),
        },
      },
    },
  }) as const;

/** A challenge answered with a 6-digit code: the same in every kind, so built once. */
const codeChallenge = (text: { description: string; waiting: string; verifying: string }) =>
  ({
    description: text.description,
    initial: 'awaitingCode',
    states: {
      awaitingCode: { description: text.waiting, tags: ['input'], on: { 'CODE.SUBMIT': submitCode } },
      verifyingCode: {
        description: text.verifying,
        tags: ['busy'],
        invoke: { id: 'confirmSignIn', src: 'confirmSignIn', input: answerWithCode, onDone: { target: '#signIn.routing', actions: 'storeStep' }, onError: codeAnswerErrors },
      },
    },
  }) as const;

/** SMS and email codes can be sent again (by signing in again) once the cooldown is over. */
const resendableCodeChallenge = (text: { description: string; waiting: string; verifying: string }) => {
  const base = codeChallenge(text);
  return {
    ...base,
    entry: 'blockResend',
    after: { resendCooldown: { actions: 'allowResend' } },
    states: {
      ...base.states,
      awaitingCode: { ...base.states.awaitingCode, on: { ...base.states.awaitingCode.on, 'CODE.RESEND': { guard: 'canResend', target: '#signIn.signingIn' } } },
    },
  } as const;
};

export const signInMachine = setup({
  types: {
    context: {} as SignInContext,
    events: {} as SignInEvent,
    input: {} as SignInInput | undefined,
  },
  actors: {
    fetchUser: notProvided<SignedInUser, void>('signIn', 'fetchUser'),
    signIn: notProvided<SignInStep, SignInActorInput>('signIn', 'signIn'),
    confirmSignIn: notProvided<SignInStep, ConfirmSignInActorInput>('signIn', 'confirmSignIn'),
    confirmSignUp: notProvided<void, ConfirmSignUpActorInput>('signIn', 'confirmSignUp'),
    resendSignUpCode: notProvided<CodeDelivery, { username: string }>('signIn', 'resendSignUpCode'),
    resetPassword: notProvided<CodeDelivery, { username: string }>('signIn', 'resetPassword'),
    confirmResetPassword: notProvided<void, ConfirmResetPasswordActorInput>('signIn', 'confirmResetPassword'),
    createQrCode: notProvided<string, { uri: string }>('signIn', 'createQrCode'),
    signOut: notProvided<void, { global: boolean }>('signIn', 'signOut'),
  },
  delays: {
    challengeExpiry: ({ context }) => context.challengeTimeoutMs,
    lockout: ({ context }) => context.lockoutMs,
    resendCooldown: ({ context }) => context.resendCooldownMs,
  },
  guards: {
    credentialsWellFormed: ({ event }) =>
      event.type === 'CREDENTIALS.SUBMIT' && checkUsername(event.username).ok && checkPassword(event.password).ok,
    codeWellFormed: ({ event }) => event.type === 'CODE.SUBMIT' && checkCode(event.code).ok,
    emailWellFormed: ({ event }) => event.type === 'EMAIL.SUBMIT' && checkEmail(event.email).ok,
    newPasswordWellFormed: ({ event }) => event.type === 'NEW_PASSWORD.SUBMIT' && checkPassword(event.password, 'newPassword').ok,
    resetWellFormed: ({ event }) =>
      event.type === 'RESET.SUBMIT' && checkCode(event.code).ok && checkPassword(event.password, 'newPassword').ok,
    methodAllowed: ({ context, event }) => event.type === 'METHOD.SELECT' && context.allowedMethods.includes(event.method),
    isStep: ({ context }, params: { step: SignInStepName }) => context.step?.signInStep === params.step,
    canResend: ({ context }) => context.canResend,
    isLockout: ({ event }) => isError(event) && isLockout(errorOfEvent(event)),
    isSessionExpired: ({ event }) => isError(event) && errorOfEvent(event).code === 'SESSION_EXPIRED',
    isAlreadySignedIn: ({ event }) => isError(event) && errorOfEvent(event).code === 'ALREADY_SIGNED_IN',
    isWrongCode: ({ event }) => isError(event) && errorOfEvent(event).code === 'WRONG_CODE',
    isLastAttempt: ({ context, event }) => isError(event) && errorOfEvent(event).code === 'WRONG_CODE' && context.attemptsLeft <= 1,
  },
  actions: {
    storeCredentials: assign(({ event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      const username = checkUsername(event.username);
      return { username: username.ok ? username.value : event.username, password: event.password, error: null };
    }),
    rejectCredentials: assign(({ event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      const username = checkUsername(event.username);
      const password = checkPassword(event.password);
      const error = !username.ok ? username.error : !password.ok ? password.error : null;
      return { username: event.username, password: event.password, error };
    }),
    storeCode: assign(({ event }) => (event.type === 'CODE.SUBMIT' || event.type === 'RESET.SUBMIT' ? { code: event.code, error: null } : {})),
    rejectCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkCode(event.code);
      return { code: event.code, error: checked.ok ? null : checked.error };
    }),
    rejectEmail: assign(({ event }) => {
      if (event.type !== 'EMAIL.SUBMIT') return {};
      const checked = checkEmail(event.email);
      return { error: checked.ok ? null : checked.error };
    }),
    rejectNewPassword: assign(({ event }) => {
      if (event.type !== 'NEW_PASSWORD.SUBMIT') return {};
      const checked = checkPassword(event.password, 'newPassword');
      return { error: checked.ok ? null : checked.error };
    }),
    rejectReset: assign(({ event }) => {
      if (event.type !== 'RESET.SUBMIT') return {};
      const code = checkCode(event.code);
      const password = checkPassword(event.password, 'newPassword');
      return { code: event.code, error: !code.ok ? code.error : !password.ok ? password.error : null };
    }),
    rejectMethod: assign({ error: () => flowError('MFA_METHOD_NOT_FOUND') }),
    storeNewPassword: assign(({ event }) => (event.type === 'RESET.SUBMIT' ? { password: event.password } : {})),
    clearError: assign({ error: null }),
    storeStep: assign(({ event }) => {
      const step = (event as unknown as { output: SignInStep }).output;
      return {
        step,
        error: null,
        codeDelivery: 'codeDelivery' in step ? step.codeDelivery : null,
        allowedMethods: 'allowedMethods' in step ? step.allowedMethods : [],
        missingAttributes: 'missingAttributes' in step ? step.missingAttributes : [],
      };
    }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    unsupportedStep: assign({
      ...cleared,
      error: ({ context }) =>
        flowError('UNSUPPORTED_STEP', {
          message: `This sign-in step is not supported here: ${context.step?.signInStep === 'UNSUPPORTED' ? context.step.original : context.step?.signInStep}.`,
        }),
    }),
    countWrongCode: assign({
      attemptsLeft: ({ context }) => Math.max(context.attemptsLeft - 1, 0),
      code: '',
      error: ({ event }) => errorOfEvent(event),
    }),
    startChallenge: assign({ expiresAt: ({ context }) => context.now() + context.challengeTimeoutMs }),
    endChallenge: assign({ expiresAt: null, code: '' }),
    blockResend: assign({ canResend: false }),
    allowResend: assign({ canResend: true }),
    storeTotpSetup: assign({
      totpSetup: ({ context }) =>
        context.step?.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' ? { ...context.step.totpSetup, qrDataUrl: null } : null,
    }),
    storeQrCode: assign({
      totpSetup: ({ context, event }) =>
        context.totpSetup ? { ...context.totpSetup, qrDataUrl: (event as unknown as { output: string }).output } : null,
    }),
    clearTotpSetup: assign({ totpSetup: null }),
    storeCodeDelivery: assign({ codeDelivery: ({ event }) => (event as unknown as { output: CodeDelivery }).output }),
    clearSecrets: assign({ ...cleared, error: null }),
    expire: assign({ ...cleared, expiresAt: null, error: () => flowError('SESSION_EXPIRED') }),
    lockOut: assign({
      ...cleared,
      expiresAt: null,
      retryAt: ({ context }) => context.now() + context.lockoutMs,
      error: ({ context, event }) => (isError(event) ? errorOfEvent(event) : context.error ?? flowError('LOCKED_OUT')),
    }),
    resetAttempts: assign({ attemptsLeft: ({ context }) => context.maxAttempts, retryAt: null, error: null }),
    storeUser: assign({ user: ({ event }) => (event as unknown as { output: SignedInUser }).output, error: null }),
    signedIn: assign({ ...cleared, attemptsLeft: ({ context }) => context.maxAttempts, step: null, expiresAt: null }),
    forgetUser: assign({ user: null, error: null, step: null }),
  },
}).createMachine({
  id: 'signIn',
  description: 'Signs a user in through every step aws-amplify v6 can return, then out again.',
  context: ({ input }) => ({
    authFlowType: input?.authFlowType ?? 'USER_SRP_AUTH',
    totpIssuer: input?.totpIssuer ?? 'amplify-mfa-flow',
    challengeTimeoutMs: input?.challengeTimeoutMs ?? DEFAULTS.challengeTimeoutMs,
    maxAttempts: input?.maxAttempts ?? DEFAULTS.maxAttempts,
    lockoutMs: input?.lockoutMs ?? DEFAULTS.lockoutMs,
    resendCooldownMs: input?.resendCooldownMs ?? DEFAULTS.resendCooldownMs,
    now: input?.now ?? Date.now,
    username: input?.username ?? '',
    password: '',
    code: '',
    step: null,
    error: null,
    attemptsLeft: input?.maxAttempts ?? DEFAULTS.maxAttempts,
    expiresAt: null,
    retryAt: null,
    canResend: false,
    codeDelivery: null,
    allowedMethods: [],
    missingAttributes: [],
    totpSetup: null,
    user: null,
  }),
  initial: 'checkingSession',
  states: {
    checkingSession: {
      description: 'Looks for a session left from before (a reload, another tab).',
      tags: ['busy'],
      invoke: {
        id: 'fetchUser',
        src: 'fetchUser',
        onDone: { target: 'signedIn', actions: 'storeUser' },
        onError: { target: 'credentials' },
      },
    },
    credentials: {
      description: 'The user types their email and password; both are checked locally before any call.',
      tags: ['input'],
      on: {
        'CREDENTIALS.SUBMIT': [
          { guard: 'credentialsWellFormed', target: 'signingIn', actions: 'storeCredentials' },
          { actions: 'rejectCredentials' },
        ],
      },
    },
    signingIn: {
      description: 'Sends the email and password to Cognito (SRP by default).',
      tags: ['busy'],
      invoke: {
        id: 'signIn',
        src: 'signIn',
        input: ({ context }) => ({
          username: context.username,
          password: context.password,
          authFlowType: context.authFlowType,
          totpIssuer: context.totpIssuer,
        }),
        onDone: { target: 'routing', actions: 'storeStep' },
        onError: [
          { guard: 'isLockout', target: 'locked' },
          { guard: 'isAlreadySignedIn', target: 'loadingUser' },
          { target: 'credentials', actions: 'storeError' },
        ],
      },
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
    },
    routing: {
      description: 'Picks the state for the step Cognito asked for next.',
      always: [
        { guard: { type: 'isStep', params: { step: 'DONE' } }, target: 'loadingUser' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } }, target: 'challenge.totpCode' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_SMS_CODE' } }, target: 'challenge.smsCode' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } }, target: 'challenge.emailCode' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION' } }, target: 'challenge.mfaSelection' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION' } }, target: 'challenge.mfaSetupSelection' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } }, target: 'challenge.totpSetup' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } }, target: 'challenge.emailSetup' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } }, target: 'challenge.newPassword' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_UP' } }, target: 'confirmSignUp' },
        { guard: { type: 'isStep', params: { step: 'RESET_PASSWORD' } }, target: 'resetPassword' },
        { target: 'credentials', actions: 'unsupportedStep' },
      ],
    },
    challenge: {
      description: 'Cognito has opened a challenge session: it expires after challengeExpiry (3 minutes by default).',
      // Always entered through `routing`, which names the child; XState still wants a default.
      initial: 'totpCode',
      entry: 'startChallenge',
      exit: 'endChallenge',
      after: { challengeExpiry: { target: 'expired' } },
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      states: {
        totpCode: codeChallenge({
          description: 'Asks for the 6-digit code from the authenticator app.',
          waiting: 'Waits for the authenticator code.',
          verifying: 'Sends the authenticator code to Cognito.',
        }),
        smsCode: resendableCodeChallenge({
          description: 'Asks for the 6-digit code texted to the masked phone number. Cognito cannot resend it: a resend signs in again.',
          waiting: 'Waits for the texted code.',
          verifying: 'Sends the texted code to Cognito.',
        }),
        emailCode: resendableCodeChallenge({
          description: 'Asks for the 6-digit code emailed to the masked address. A resend signs in again.',
          waiting: 'Waits for the emailed code.',
          verifying: 'Sends the emailed code to Cognito.',
        }),
        mfaSelection: methodChoice({
          description: 'Two methods are enabled and none is preferred: the user picks one of allowedMFATypes.',
          offering: 'Offers only the methods Cognito allows.',
          submitting: 'Tells Cognito which method to use.',
        }),
        mfaSetupSelection: methodChoice({
          description: 'MFA is required and not set up: the user picks which method to set up (TOTP or email; never SMS).',
          offering: 'Offers only the methods that can be set up during sign-in.',
          submitting: 'Tells Cognito which method to set up.',
        }),
        totpSetup: {
          description: 'MFA is required: the user adds this account to an authenticator app (QR or the secret typed by hand), then enters a code.',
          initial: 'preparingQrCode',
          entry: 'storeTotpSetup',
          exit: 'clearTotpSetup',
          states: {
            preparingQrCode: {
              description: 'Draws the otpauth:// URI as a QR code.',
              tags: ['busy'],
              invoke: {
                id: 'createQrCode',
                src: 'createQrCode',
                input: ({ context }) => ({ uri: context.totpSetup?.setupUri ?? '' }),
                onDone: { target: 'awaitingCode', actions: 'storeQrCode' },
                onError: { target: 'awaitingCode', actions: 'storeError' },
              },
            },
            awaitingCode: {
              description: 'Shows the QR code and the secret in groups of four, and waits for the first code.',
              tags: ['input'],
              on: {
                'CODE.SUBMIT': submitCode,
              },
            },
            verifyingCode: {
              description: 'Verifies the first code, which turns TOTP on, and finishes signing in.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: answerWithCode,
                onDone: { target: '#signIn.routing', actions: 'storeStep' },
                onError: codeAnswerErrors,
              },
            },
          },
        },
        emailSetup: {
          description: 'MFA is required and email was chosen: the user gives the address codes go to.',
          initial: 'awaitingEmail',
          states: {
            awaitingEmail: {
              description: 'Waits for the email address.',
              tags: ['input'],
              on: {
                'EMAIL.SUBMIT': [
                  { guard: 'emailWellFormed', target: 'submittingEmail', actions: 'clearError' },
                  { actions: 'rejectEmail' },
                ],
              },
            },
            submittingEmail: {
              description: 'Sends the address; Cognito then emails a code.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: ({ context, event }) => ({
                  challengeResponse: event.type === 'EMAIL.SUBMIT' ? event.email.trim() : '',
                  username: context.username,
                  totpIssuer: context.totpIssuer,
                }),
                onDone: { target: '#signIn.routing', actions: 'storeStep' },
                onError: answerErrors('awaitingEmail'),
              },
            },
          },
        },
        newPassword: {
          description: 'The account was created with a temporary password: the user sets a new one (and any missing attributes).',
          initial: 'awaitingPassword',
          states: {
            awaitingPassword: {
              description: 'Waits for the new password.',
              tags: ['input'],
              on: {
                'NEW_PASSWORD.SUBMIT': [
                  { guard: 'newPasswordWellFormed', target: 'submittingPassword', actions: 'clearError' },
                  { actions: 'rejectNewPassword' },
                ],
              },
            },
            submittingPassword: {
              description: 'Sends the new password to Cognito.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: ({ context, event }) => ({
                  challengeResponse: event.type === 'NEW_PASSWORD.SUBMIT' ? event.password : '',
                  userAttributes: event.type === 'NEW_PASSWORD.SUBMIT' ? event.attributes : undefined,
                  username: context.username,
                  totpIssuer: context.totpIssuer,
                }),
                onDone: { target: '#signIn.routing', actions: 'storeStep' },
                onError: answerErrors('awaitingPassword'),
              },
            },
          },
        },
      },
    },
    confirmSignUp: {
      description: 'The account is not confirmed yet: the user enters the code sent at sign-up, then sign-in resumes.',
      initial: 'awaitingCode',
      exit: 'endChallenge',
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      states: {
        awaitingCode: {
          description: 'Waits for the sign-up confirmation code.',
          tags: ['input'],
          on: {
            'CODE.SUBMIT': [
              { guard: 'codeWellFormed', target: 'confirming', actions: 'storeCode' },
              { actions: 'rejectCode' },
            ],
            'CODE.RESEND': { target: 'resendingCode' },
          },
        },
        resendingCode: {
          description: 'Asks Cognito to send the sign-up code again.',
          tags: ['busy'],
          invoke: {
            id: 'resendSignUpCode',
            src: 'resendSignUpCode',
            input: ({ context }) => ({ username: context.username }),
            onDone: { target: 'awaitingCode', actions: 'storeCodeDelivery' },
            onError: { target: 'awaitingCode', actions: 'storeError' },
          },
        },
        confirming: {
          description: 'Confirms the account; sign-in then starts again with the password given.',
          tags: ['busy'],
          invoke: {
            id: 'confirmSignUp',
            src: 'confirmSignUp',
            input: ({ context }) => ({ username: context.username, code: codeDigits(context.code) }),
            onDone: { target: '#signIn.signingIn' },
            onError: [
              { guard: 'isLockout', target: '#signIn.locked' },
              { target: 'awaitingCode', actions: 'storeError' },
            ],
          },
        },
      },
    },
    resetPassword: {
      description: 'Cognito requires a new password: a code is sent, the user enters it with a new password, then sign-in resumes.',
      initial: 'sendingCode',
      exit: 'endChallenge',
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      states: {
        sendingCode: {
          description: 'Asks Cognito to send a password reset code.',
          tags: ['busy'],
          invoke: {
            id: 'resetPassword',
            src: 'resetPassword',
            input: ({ context }) => ({ username: context.username }),
            onDone: { target: 'awaitingCode', actions: 'storeCodeDelivery' },
            onError: [
              { guard: 'isLockout', target: '#signIn.locked' },
              { target: 'awaitingCode', actions: 'storeError' },
            ],
          },
        },
        awaitingCode: {
          description: 'Waits for the reset code and the new password.',
          tags: ['input'],
          on: {
            'RESET.SUBMIT': [
              { guard: 'resetWellFormed', target: 'confirming', actions: ['storeCode', 'storeNewPassword'] },
              { actions: 'rejectReset' },
            ],
            'CODE.RESEND': { target: 'sendingCode' },
          },
        },
        confirming: {
          description: 'Sets the new password; sign-in then starts again with it.',
          tags: ['busy'],
          invoke: {
            id: 'confirmResetPassword',
            src: 'confirmResetPassword',
            input: ({ context }) => ({ username: context.username, code: codeDigits(context.code), newPassword: context.password }),
            onDone: { target: '#signIn.signingIn' },
            onError: [
              { guard: 'isLockout', target: '#signIn.locked' },
              { target: 'awaitingCode', actions: 'storeError' },
            ],
          },
        },
      },
    },
    locked: {
      description: 'Too many failed attempts or requests: the user waits (retryAt), then signs in again.',
      tags: ['error'],
      entry: 'lockOut',
      initial: 'coolingDown',
      states: {
        coolingDown: {
          description: 'Waits out the lockout before offering to sign in again.',
          after: { lockout: { target: 'ready' } },
        },
        ready: {
          description: 'The wait is over: the user may sign in again.',
          on: { 'FLOW.RESTART': { target: '#signIn.credentials', actions: 'resetAttempts' } },
        },
      },
    },
    expired: {
      description: 'The challenge session ran out (3 minutes by default): the user signs in again.',
      tags: ['error'],
      entry: 'expire',
      on: {
        'FLOW.RESTART': { target: 'credentials', actions: 'clearError' },
        'FLOW.CANCEL': { target: 'credentials', actions: 'clearError' },
      },
    },
    loadingUser: {
      description: 'Signed in: the password leaves memory and the user profile is read.',
      tags: ['busy'],
      entry: 'signedIn',
      invoke: {
        id: 'fetchUser',
        src: 'fetchUser',
        onDone: { target: 'signedIn', actions: 'storeUser' },
        onError: { target: 'signedIn', actions: 'storeError' },
      },
    },
    signedIn: {
      description: 'The user is signed in.',
      on: { SIGN_OUT: { target: 'signingOut' } },
    },
    signingOut: {
      description: 'Signs out of this device, or of every device with global sign-out.',
      tags: ['busy'],
      invoke: {
        id: 'signOut',
        src: 'signOut',
        input: ({ event }) => ({ global: event.type === 'SIGN_OUT' && event.global === true }),
        onDone: { target: 'signedOut', actions: 'forgetUser' },
        onError: { target: 'signedIn', actions: 'storeError' },
      },
    },
    signedOut: {
      description: 'Signed out; the user may sign in again.',
      on: { 'FLOW.RESTART': { target: 'credentials' } },
    },
  },
});

export type SignInMachine = typeof signInMachine;
export type { MfaMethod };
