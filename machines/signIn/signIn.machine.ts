import { assign, fromCallback, setup } from 'xstate';
import type { AnyActorScope, AnyMachineSnapshot, EventObject, StateValue } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { errorOfEvent, flowError, isLockout } from '../shared/errors.js';
import type { FlowError } from '../shared/errors.js';
import { clockInput, countInput, durationInput, oneOf, textInput } from '../shared/input.js';
import { inputOf, persistable, rearm } from '../shared/persist.js';
import type { Restoring } from '../shared/persist.js';
import type { MfaMethod } from '../shared/types.js';
import { asText, checkAttributes, checkCode, checkEmail, checkIdentifier, checkPassword, codeDigits } from '../shared/validation.js';
import type { CodeDelivery } from '../shared/types.js';
import type {
  ConfirmResetPasswordActorInput,
  ConfirmSignInActorInput,
  ConfirmSignUpActorInput,
  LoginIdentifier,
  SignInActorInput,
  SignInContext,
  SignInEvent,
  SignInInput,
  SignInStep,
  SignInStepName,
  SignedInUser,
} from './signIn.types.js';

const isError = (event: unknown): boolean => typeof event === 'object' && event !== null && 'error' in event;
const outputOf = <T>(event: unknown) => (event as { output: T }).output;

/** The secrets of a sign-in attempt; every way out of one drops them. */
export const cleared = { password: '', code: '', totpSetup: null } as const;

/** The checked attributes of a new-password answer (the guard refused anything else before). */
const attributesOf = (raw: unknown) => {
  const checked = checkAttributes(raw);
  return checked.ok ? checked.value : undefined;
};

/** What a step Cognito answered puts in context. */
export const stepFields = (step: SignInStep) => ({
  // Only the step's name stays in `step`: the TOTP secret goes where its state can drop it.
  step: step.signInStep,
  error: null,
  codeDelivery: 'codeDelivery' in step ? step.codeDelivery : null,
  allowedMethods: 'allowedMethods' in step ? step.allowedMethods : [],
  missingAttributes: 'missingAttributes' in step ? step.missingAttributes : [],
  totpSetup: step.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' ? { ...step.totpSetup, qrDataUrl: null } : null,
  unsupportedStep: step.signInStep === 'UNSUPPORTED' ? step.original : null,
});

const METHODS: readonly MfaMethod[] = ['SMS', 'TOTP', 'EMAIL'];
const IDENTIFIERS: readonly LoginIdentifier[] = ['email', 'phone', 'username'];

const answerWithCode = ({ context }: { context: SignInContext }): ConfirmSignInActorInput => ({
  flowId: context.config.flowId,
  challengeResponse: codeDigits(context.code),
  username: context.username,
  totpIssuer: context.config.totpIssuer,
});

/** Every call may hang: after callTimeout the flow gives up on it with a retryable TIMEOUT. */
export const timeout = <T extends string>(target: T) => ({ after: { callTimeout: { target, actions: 'timedOut' } } }) as const;
/** The same, where the password typed for the call must not outlive it. */
export const timeoutForgetting = <T extends string>(target: T) =>
  ({ after: { callTimeout: { target, actions: ['timedOut', 'forgetPassword'] } } }) as const;

/** What every wrong answer to a code challenge can lead to. */
const codeAnswerErrors = [
  { guard: 'isLockout', target: '#signIn.locked' },
  { guard: 'isSessionExpired', target: '#signIn.expired' },
  { guard: 'isLastAttempt', target: '#signIn.locked', actions: 'countWrongCode' },
  { guard: 'isWrongCode', target: 'awaitingCode', actions: 'countWrongCode' },
  { target: 'awaitingCode', actions: 'storeError' },
] as const;

const submitCode = [{ guard: 'codeWellFormed', target: 'verifyingCode', actions: 'storeCode' }, { actions: 'rejectCode' }] as const;

/** What a failed answer to a non-code challenge leads to: back to where it was typed, unless the session is over. */
export const answerErrors = <T extends string>(back: T) =>
  [
    { guard: 'isLockout', target: '#signIn.locked' },
    { guard: 'isSessionExpired', target: '#signIn.expired' },
    { target: back, actions: 'storeError' },
  ] as const;

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
          'METHOD.SELECT': [{ guard: 'methodAllowed', target: 'submittingChoice', actions: 'storeChoice' }, { actions: 'rejectMethod' }],
        },
      },
      submittingChoice: {
        description: text.submitting,
        tags: ['busy'],
        invoke: {
          id: 'confirmSignIn',
          src: 'confirmSignIn',
          input: ({ context }: { context: SignInContext }): ConfirmSignInActorInput => ({
            flowId: context.config.flowId,
            challengeResponse: context.chosenMethod ?? '',
            username: context.username,
            totpIssuer: context.config.totpIssuer,
          }),
          onDone: { target: '#signIn.routing', actions: 'storeStep' },
          onError: answerErrors('awaitingChoice'),
        },
        ...timeout('awaitingChoice'),
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
        invoke: {
          id: 'confirmSignIn',
          src: 'confirmSignIn',
          input: answerWithCode,
          onDone: { target: '#signIn.routing', actions: 'storeStep' },
          onError: codeAnswerErrors,
        },
        ...timeout('awaitingCode'),
      },
    },
  }) as const;

/** SMS and email codes can be sent again (by signing in again) once the cooldown is over. */
const resendableCodeChallenge = (text: { description: string; waiting: string; verifying: string }) => {
  const base = codeChallenge(text);
  return {
    ...base,
    entry: 'blockResend',
    // Signing in again needs the password: after a TOTP answer (which drops it) Cognito may still text a code.
    after: { resendCooldown: { guard: 'passwordKept', actions: 'allowResend' } },
    states: {
      ...base.states,
      awaitingCode: {
        ...base.states.awaitingCode,
        on: { ...base.states.awaitingCode.on, 'CODE.RESEND': { guard: 'canResend', target: '#signIn.signingIn' } },
      },
    },
  } as const;
};

const signInChart = setup({
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
    rememberDevice: notProvided<void, void>('signIn', 'rememberDevice'),
    // What happens to the session elsewhere on the page (Amplify's Hub); nothing by default.
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    challengeExpiry: ({ context }) => context.config.challengeTimeoutMs,
    resendCooldown: ({ context }) => context.config.resendCooldownMs,
    callTimeout: ({ context }) => context.config.callTimeoutMs,
  },
  guards: {
    credentialsWellFormed: ({ context, event }) =>
      event.type === 'CREDENTIALS.SUBMIT' &&
      checkIdentifier(event.username, context.config.loginWith).ok &&
      checkPassword(event.password).ok,
    usernameWellFormed: ({ context, event }) =>
      event.type === 'USERNAME.SUBMIT' && checkIdentifier(event.username, context.config.loginWith).ok,
    knowsUsername: ({ context, event }) =>
      event.type === 'PASSWORD.FORGOT' && checkIdentifier(event.username ?? context.username, context.config.loginWith).ok,
    codeWellFormed: ({ event }) => event.type === 'CODE.SUBMIT' && checkCode(event.code).ok,
    emailWellFormed: ({ event }) => event.type === 'EMAIL.SUBMIT' && checkEmail(event.email).ok,
    newPasswordWellFormed: ({ event }) =>
      event.type === 'NEW_PASSWORD.SUBMIT' && checkPassword(event.password, 'newPassword').ok && checkAttributes(event.attributes).ok,
    /** The password is still kept (see `SignInContext.password`), so signing in again needs nothing typed. */
    hasPassword: ({ context }) => context.password !== '',
    /** No session at all is the usual start; anything else (network, a broken token store) is worth showing. */
    isNoSession: ({ event }) => errorOfEvent(event).code === 'SIGNED_OUT',
    resetWellFormed: ({ event }) =>
      event.type === 'RESET.SUBMIT' && checkCode(event.code).ok && checkPassword(event.password, 'newPassword').ok,
    methodAllowed: ({ context, event }) =>
      event.type === 'METHOD.SELECT' && METHODS.includes(event.method) && context.allowedMethods.includes(event.method),
    isStep: ({ context }, params: { step: SignInStepName }) => context.step === params.step,
    /** A resend signed in again and Cognito asks for the method once more: the one chosen before is answered by itself. */
    reselects: ({ context }) =>
      context.step === 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION' &&
      context.chosenMethod !== null &&
      context.allowedMethods.includes(context.chosenMethod),
    canResend: ({ context }) => context.canResend,
    remembersDevice: ({ context }) => context.rememberDevice,
    passwordKept: ({ context }) => context.password !== '',
    isLockout: ({ event }) => isError(event) && isLockout(errorOfEvent(event)),
    isSessionExpired: ({ event }) => isError(event) && errorOfEvent(event).code === 'SESSION_EXPIRED',
    isAlreadySignedIn: ({ event }) => isError(event) && errorOfEvent(event).code === 'ALREADY_SIGNED_IN',
    isWrongCode: ({ event }) => isError(event) && errorOfEvent(event).code === 'WRONG_CODE',
    isLastAttempt: ({ context, event }) => isError(event) && errorOfEvent(event).code === 'WRONG_CODE' && context.attemptsLeft <= 1,
    /** The session Amplify holds belongs to the user this flow is for (anyone, while nobody has been named yet). */
    isSameUser: ({ context, event }) => {
      const user = outputOf<SignedInUser>(event);
      const typed = context.username.trim().toLowerCase();
      return (
        typed === '' || [user.username, user.email, user.phoneNumber].some((id) => typeof id === 'string' && id.toLowerCase() === typed)
      );
    },
  },
  actions: {
    storeCredentials: assign(({ context, event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      const username = checkIdentifier(event.username, context.config.loginWith);
      return {
        username: username.ok ? username.value : asText(event.username),
        password: asText(event.password),
        error: null,
        chosenMethod: null,
        resetRequested: false,
      };
    }),
    rejectCredentials: assign(({ context, event }) => {
      if (event.type !== 'CREDENTIALS.SUBMIT') return {};
      const username = checkIdentifier(event.username, context.config.loginWith);
      const password = checkPassword(event.password);
      const error = !username.ok ? username.error : !password.ok ? password.error : null;
      // What was typed stays in the field; a refused password is never kept.
      return { username: asText(event.username), password: '', error };
    }),
    storeUsername: assign(({ context, event }) => {
      if (event.type !== 'USERNAME.SUBMIT' && event.type !== 'PASSWORD.FORGOT') return {};
      const raw = event.type === 'PASSWORD.FORGOT' ? (event.username ?? context.username) : event.username;
      const checked = checkIdentifier(raw, context.config.loginWith);
      return { username: checked.ok ? checked.value : asText(raw), error: checked.ok ? null : checked.error };
    }),
    startReset: assign({ ...cleared, resetRequested: true, error: null }),
    storeCode: assign(({ event }) =>
      event.type === 'CODE.SUBMIT' || event.type === 'RESET.SUBMIT'
        ? // Each answer says again whether to remember the device; a new sign-in forgets it (newSession).
          { code: asText(event.code), error: null, rememberDevice: event.type === 'CODE.SUBMIT' && event.rememberDevice === true }
        : {},
    ),
    rejectCode: assign(({ event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkCode(event.code);
      return { code: asText(event.code), error: checked.ok ? null : checked.error };
    }),
    storeEmail: assign(({ event }) => (event.type === 'EMAIL.SUBMIT' ? { email: asText(event.email), error: null } : {})),
    rejectEmail: assign(({ event }) => {
      if (event.type !== 'EMAIL.SUBMIT') return {};
      const checked = checkEmail(event.email);
      return { email: asText(event.email), error: checked.ok ? null : checked.error };
    }),
    rejectNewPassword: assign(({ event }) => {
      if (event.type !== 'NEW_PASSWORD.SUBMIT') return {};
      const checked = checkPassword(event.password, 'newPassword');
      const attributes = checkAttributes(event.attributes);
      return { error: !checked.ok ? checked.error : !attributes.ok ? attributes.error : null };
    }),
    rejectReset: assign(({ event }) => {
      if (event.type !== 'RESET.SUBMIT') return {};
      const code = checkCode(event.code);
      const password = checkPassword(event.password, 'newPassword');
      return { code: asText(event.code), error: !code.ok ? code.error : !password.ok ? password.error : null };
    }),
    rejectMethod: assign({
      error: ({ event }) =>
        event.type === 'METHOD.SELECT' && METHODS.includes(event.method) ? flowError('MFA_METHOD_NOT_FOUND') : flowError('INVALID_EVENT'),
    }),
    storeChoice: assign(({ event }) => (event.type === 'METHOD.SELECT' ? { chosenMethod: event.method, error: null } : {})),
    storeNewPassword: assign(({ event }) => (event.type === 'RESET.SUBMIT' ? { password: asText(event.password) } : {})),
    clearError: assign({ error: null }),
    storeStep: assign(({ event }) => stepFields(outputOf<SignInStep>(event))),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    failSignIn: assign({ ...cleared, error: ({ event }) => errorOfEvent(event) }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    unsupportedStep: assign({
      ...cleared,
      error: ({ context }) =>
        flowError('UNSUPPORTED_STEP', { message: `This sign-in step is not supported here: ${context.unsupportedStep ?? context.step}.` }),
    }),
    countWrongCode: assign({
      attemptsLeft: ({ context }) => Math.max(context.attemptsLeft - 1, 0),
      code: '',
      error: ({ event }) => errorOfEvent(event),
    }),
    /** A new sign-in session: Cognito counts wrong codes per session, so the count starts again. */
    newSession: assign({ attemptsLeft: ({ context }) => context.config.maxAttempts, rememberDevice: false }),
    startChallenge: assign({ expiresAt: ({ context }) => context.config.now() + context.config.challengeTimeoutMs }),
    endChallenge: assign({ expiresAt: null, code: '', totpSetup: null }),
    /** TOTP answers cannot be resent, so the password is no longer needed. */
    forgetPassword: assign({ password: '' }),
    blockResend: assign({ canResend: false }),
    allowResend: assign({ canResend: true }),
    storeQrCode: assign({
      totpSetup: ({ context, event }) => (context.totpSetup ? { ...context.totpSetup, qrDataUrl: outputOf<string>(event) } : null),
    }),
    storeCodeDelivery: assign({ codeDelivery: ({ event }) => outputOf<CodeDelivery>(event), error: null }),
    clearSecrets: assign({ ...cleared, error: null, resetRequested: false }),
    expire: assign({ ...cleared, expiresAt: null, error: () => flowError('SESSION_EXPIRED') }),
    lockOut: assign({
      ...cleared,
      expiresAt: null,
      // Always a lockout or throttling code (never the wrong code that led here); Cognito gives no time to wait.
      error: ({ event }) => {
        const error = isError(event) ? errorOfEvent(event) : null;
        return error && isLockout(error) ? error : flowError('LOCKED_OUT');
      },
    }),
    storeUser: assign({ user: ({ event }) => outputOf<SignedInUser>(event), error: null }),
    signedIn: assign({ ...cleared, step: null, expiresAt: null, chosenMethod: null, resetRequested: false }),
    // Whose session it is stays out of this flow: it only learns it is not this user's.
    otherUser: assign({ ...cleared, user: null, error: () => flowError('OTHER_USER_SIGNED_IN') }),
    forgetUser: assign({ user: null, error: null, step: null }),
    sessionLost: assign({ user: null, step: null, error: () => flowError('SIGNED_OUT') }),
  },
}).createMachine({
  id: 'signIn',
  description: 'Signs a user in through every step aws-amplify v6 can return, then out again.',
  context: ({ input, self }) => {
    const maxAttempts = countInput('signIn', 'maxAttempts', input?.maxAttempts, DEFAULTS.maxAttempts);
    const loginWith = input?.loginWith ?? ['email'];
    if (!Array.isArray(loginWith) || loginWith.length === 0)
      throw new TypeError('signIn: input.loginWith must list at least one of email, phone, username');
    for (const kind of loginWith) oneOf('signIn', 'loginWith[]', kind, IDENTIFIERS, 'email');
    return {
      // The settings sit in one object: a context with more top-level keys leaves V8's fast properties on each copy
      // XState makes (Object.assign into {}), which made every assign about 20 times slower (see docs/bench.md).
      config: {
        authFlowType: oneOf(
          'signIn',
          'authFlowType',
          input?.authFlowType,
          ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const,
          'USER_SRP_AUTH',
        ),
        totpIssuer: textInput('signIn', 'totpIssuer', input?.totpIssuer, 'amplify-mfa-flow'),
        // Cognito lets a pool keep a challenge open 3 to 15 minutes; tests and demos may shorten it.
        challengeTimeoutMs: durationInput('signIn', 'challengeTimeoutMs', input?.challengeTimeoutMs, DEFAULTS.challengeTimeoutMs, 1),
        maxAttempts,
        resendCooldownMs: durationInput('signIn', 'resendCooldownMs', input?.resendCooldownMs, DEFAULTS.resendCooldownMs),
        callTimeoutMs: durationInput('signIn', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
        loginWith,
        now: clockInput('signIn', input?.now),
        flowId: self.sessionId,
      },
      username: input?.username === undefined ? '' : textInput('signIn', 'username', input.username),
      password: '',
      code: '',
      step: null,
      error: null,
      attemptsLeft: maxAttempts,
      expiresAt: null,
      canResend: false,
      chosenMethod: null,
      resetRequested: false,
      codeDelivery: null,
      allowedMethods: [],
      missingAttributes: [],
      email: '',
      totpSetup: null,
      unsupportedStep: null,
      rememberDevice: false,
      user: null,
    };
  },
  invoke: { src: 'authEvents' },
  initial: 'checkingSession',
  states: {
    checkingSession: {
      description:
        "Looks for a session left from before (a reload, another tab) or just made elsewhere on the page; another user's is not shown as this one's.",
      tags: ['busy'],
      invoke: {
        id: 'fetchUser',
        src: 'fetchUser',
        onDone: [
          { guard: 'isSameUser', target: 'signedIn', actions: 'storeUser' },
          { target: 'otherUserSignedIn', actions: 'otherUser' },
        ],
        onError: [
          { guard: 'isNoSession', target: 'credentials' },
          { target: 'credentials', actions: 'storeError' },
        ],
      },
      on: { 'FLOW.CANCEL': { target: 'credentials' } },
      ...timeout('credentials'),
    },
    credentials: {
      description:
        'The user types their identifier (email, phone or username, as the pool allows) and password; both are checked locally before any call.',
      tags: ['input'],
      on: {
        'CREDENTIALS.SUBMIT': [
          { guard: 'credentialsWellFormed', target: 'signingIn', actions: 'storeCredentials' },
          { actions: 'rejectCredentials' },
        ],
        'PASSWORD.FORGOT': [
          { guard: 'knowsUsername', target: 'resetPassword.sendingCode', actions: ['storeUsername', 'startReset'] },
          { target: 'resetPassword.enteringUsername', actions: 'startReset' },
        ],
        'AUTH.SIGNED_IN': { target: 'checkingSession' },
      },
    },
    signingIn: {
      description: 'Sends the identifier and password to Cognito (SRP by default); each sign-in is a new session with its own attempts.',
      tags: ['busy'],
      entry: 'newSession',
      invoke: {
        id: 'signIn',
        src: 'signIn',
        input: ({ context }) => ({
          flowId: context.config.flowId,
          username: context.username,
          password: context.password,
          authFlowType: context.config.authFlowType,
          totpIssuer: context.config.totpIssuer,
        }),
        onDone: { target: 'routing', actions: 'storeStep' },
        onError: [
          { guard: 'isLockout', target: 'locked' },
          { guard: 'isAlreadySignedIn', target: 'checkingSignedInUser' },
          { target: 'credentials', actions: 'failSignIn' },
        ],
      },
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      ...timeoutForgetting('credentials'),
    },
    routing: {
      description: 'Picks the state for the step Cognito asked for next.',
      always: [
        { guard: { type: 'isStep', params: { step: 'DONE' } }, target: 'loadingUser' },
        {
          guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } },
          target: 'challenge.totpCode',
          actions: 'forgetPassword',
        },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_SMS_CODE' } }, target: 'challenge.smsCode' },
        { guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } }, target: 'challenge.emailCode' },
        { guard: 'reselects', target: 'challenge.mfaSelection.submittingChoice' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION' } }, target: 'challenge.mfaSelection' },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION' } }, target: 'challenge.mfaSetupSelection' },
        {
          guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } },
          target: 'challenge.totpSetup',
          actions: 'forgetPassword',
        },
        { guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } }, target: 'challenge.emailSetup' },
        {
          guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } },
          target: 'challenge.newPassword',
          actions: 'forgetPassword',
        },
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
          submitting: 'Tells Cognito which method to use (by itself after a resend, the one picked before).',
        }),
        mfaSetupSelection: methodChoice({
          description: 'MFA is required and not set up: the user picks which method to set up (TOTP or email; never SMS).',
          offering: 'Offers only the methods that can be set up during sign-in.',
          submitting: 'Tells Cognito which method to set up.',
        }),
        totpSetup: {
          description:
            'MFA is required: the user adds this account to an authenticator app (QR or the secret typed by hand), then enters a code.',
          initial: 'preparingQrCode',
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
              ...timeout('awaitingCode'),
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
              ...timeout('awaitingCode'),
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
                  { guard: 'emailWellFormed', target: 'submittingEmail', actions: 'storeEmail' },
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
                  flowId: context.config.flowId,
                  challengeResponse: event.type === 'EMAIL.SUBMIT' ? asText(event.email).trim() : '',
                  username: context.username,
                  totpIssuer: context.config.totpIssuer,
                }),
                onDone: { target: '#signIn.routing', actions: 'storeStep' },
                onError: answerErrors('awaitingEmail'),
              },
              ...timeout('awaitingEmail'),
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
                  flowId: context.config.flowId,
                  challengeResponse: event.type === 'NEW_PASSWORD.SUBMIT' ? asText(event.password) : '',
                  userAttributes: event.type === 'NEW_PASSWORD.SUBMIT' ? attributesOf(event.attributes) : undefined,
                  username: context.username,
                  totpIssuer: context.config.totpIssuer,
                }),
                onDone: { target: '#signIn.routing', actions: 'storeStep' },
                onError: answerErrors('awaitingPassword'),
              },
              ...timeout('awaitingPassword'),
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
            'CODE.SUBMIT': [{ guard: 'codeWellFormed', target: 'confirming', actions: 'storeCode' }, { actions: 'rejectCode' }],
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
          ...timeout('awaitingCode'),
        },
        confirming: {
          description:
            'Confirms the account; sign-in then starts again with the password given, or asks for it when it was already dropped (after a challenge that cannot resend).',
          tags: ['busy'],
          invoke: {
            id: 'confirmSignUp',
            src: 'confirmSignUp',
            input: ({ context }) => ({ username: context.username, code: codeDigits(context.code) }),
            onDone: [
              { guard: 'hasPassword', target: '#signIn.signingIn' },
              { target: '#signIn.credentials', actions: 'clearSecrets' },
            ],
            onError: [
              { guard: 'isLockout', target: '#signIn.locked' },
              { target: 'awaitingCode', actions: 'storeError' },
            ],
          },
          ...timeout('awaitingCode'),
        },
      },
    },
    resetPassword: {
      description:
        'A new password, set with a code: asked for by the user ("Forgot password?") or required by Cognito. It signs in with the new password when done.',
      initial: 'sendingCode',
      exit: 'endChallenge',
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      states: {
        enteringUsername: {
          description: 'The user asked to reset their password: they say which account (the identifier they sign in with).',
          tags: ['input'],
          on: {
            'USERNAME.SUBMIT': [
              { guard: 'usernameWellFormed', target: 'sendingCode', actions: 'storeUsername' },
              { actions: 'storeUsername' },
            ],
          },
        },
        sendingCode: {
          description: 'Asks Cognito to send a password reset code (resetPassword).',
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
          ...timeout('awaitingCode'),
        },
        awaitingCode: {
          description: 'Waits for the reset code and the new password; a new code may be asked for after the cooldown.',
          tags: ['input'],
          entry: 'blockResend',
          after: { resendCooldown: { actions: 'allowResend' } },
          on: {
            'RESET.SUBMIT': [
              { guard: 'resetWellFormed', target: 'confirming', actions: ['storeCode', 'storeNewPassword'] },
              { actions: 'rejectReset' },
            ],
            'CODE.RESEND': { guard: 'canResend', target: 'sendingCode' },
          },
        },
        confirming: {
          description: 'Sets the new password (confirmResetPassword); sign-in then starts again with it.',
          tags: ['busy'],
          invoke: {
            id: 'confirmResetPassword',
            src: 'confirmResetPassword',
            input: ({ context }) => ({ username: context.username, code: codeDigits(context.code), newPassword: context.password }),
            onDone: { target: '#signIn.signingIn' },
            onError: [
              { guard: 'isLockout', target: '#signIn.locked' },
              { target: 'awaitingCode', actions: ['storeError', 'forgetPassword'] },
            ],
          },
          ...timeoutForgetting('awaitingCode'),
        },
      },
    },
    locked: {
      description:
        'Too many failed attempts or requests: Cognito locks the user out for a while it does not say; the user may try again later.',
      tags: ['error'],
      entry: 'lockOut',
      on: {
        'FLOW.RESTART': { target: 'credentials', actions: 'clearError' },
        'FLOW.CANCEL': { target: 'credentials', actions: 'clearError' },
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
    checkingSignedInUser: {
      description: 'Amplify already holds a session on this page: checks whose it is before showing it.',
      tags: ['busy'],
      entry: 'forgetPassword',
      invoke: {
        id: 'fetchUser',
        src: 'fetchUser',
        onDone: [
          { guard: 'isSameUser', target: 'signedIn', actions: ['signedIn', 'storeUser'] },
          { target: 'otherUserSignedIn', actions: 'otherUser' },
        ],
        onError: { target: 'credentials', actions: 'storeError' },
      },
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      ...timeout('credentials'),
    },
    otherUserSignedIn: {
      description: 'Someone else is signed in on this page (Amplify keeps one session): they must sign out before this user can sign in.',
      tags: ['error'],
      initial: 'askingToSignOut',
      on: { 'FLOW.CANCEL': { target: 'credentials', actions: 'forgetUser' } },
      states: {
        askingToSignOut: {
          description: "Says who is signed in and offers to sign them out; nothing of theirs is shown as this user's.",
          on: { SIGN_OUT: { target: 'signingOutOther' } },
        },
        signingOutOther: {
          description: 'Signs the other user out of this device; this user then signs in again.',
          tags: ['busy'],
          invoke: {
            id: 'signOut',
            src: 'signOut',
            input: ({ event }) => ({ global: event.type === 'SIGN_OUT' && event.global === true }),
            onDone: { target: '#signIn.credentials', actions: 'forgetUser' },
            onError: { target: 'askingToSignOut', actions: 'storeError' },
          },
          ...timeout('askingToSignOut'),
        },
      },
    },
    loadingUser: {
      description:
        'Signed in: the password leaves memory and the user is read from the tokens on the device; stopping the wait leaves the user signed in without those details.',
      tags: ['busy'],
      entry: 'signedIn',
      invoke: {
        id: 'fetchUser',
        src: 'fetchUser',
        onDone: [
          { guard: 'remembersDevice', target: 'rememberingDevice', actions: 'storeUser' },
          { target: 'signedIn', actions: 'storeUser' },
        ],
        onError: { target: 'signedIn', actions: 'storeError' },
      },
      on: { 'FLOW.CANCEL': { target: 'signedIn' } },
      ...timeout('signedIn'),
    },
    rememberingDevice: {
      description:
        'The user ticked "Remember this device" with the code: aws-amplify marks this device remembered (rememberDevice), so the next sign-in here skips the code. A failure is shown on the signed-in page and leaves the user signed in.',
      tags: ['busy'],
      invoke: {
        id: 'rememberDevice',
        src: 'rememberDevice',
        onDone: { target: 'signedIn' },
        onError: { target: 'signedIn', actions: 'storeError' },
      },
      on: { 'FLOW.CANCEL': { target: 'signedIn' } },
      ...timeout('signedIn'),
    },
    signedIn: {
      description: 'The user is signed in; a sign-out or lost session elsewhere on the page ends it here too.',
      on: {
        SIGN_OUT: { target: 'signingOut' },
        'AUTH.SIGNED_OUT': { target: 'signedOut', actions: 'sessionLost' },
        'AUTH.SESSION_LOST': { target: 'signedOut', actions: 'sessionLost' },
        'AUTH.SIGNED_IN': { target: 'checkingSession' },
      },
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
      on: { 'FLOW.CANCEL': { target: 'signedIn' } },
      ...timeout('signedIn'),
    },
    signedOut: {
      description: 'Signed out; the user may sign in again.',
      on: {
        'FLOW.RESTART': { target: 'credentials', actions: 'clearError' },
        'AUTH.SIGNED_IN': { target: 'checkingSession' },
      },
    },
  },
});

/** Where a stored snapshot of a challenge restores to: the same step, unless it cannot go on. */
export function restoreSignIn({ value, context }: Restoring<SignInContext>, scope: AnyActorScope): Restoring<SignInContext> {
  const input = inputOf(scope) as SignInInput | undefined;
  // Functions are not stored; the flow is named anew, as a flow of this page (see `flowId`).
  const restored = { ...context, config: { ...context.config, now: clockInput('signIn', input?.now), flowId: scope.self.sessionId } };
  const at = typeof value === 'string' ? value : Object.keys(value)[0];
  const sub = typeof value === 'object' ? (value as Record<string, StateValue>)[at ?? ''] : undefined;
  const expired = (error: FlowError): Restoring<SignInContext> => ({ value: 'expired', context: { ...restored, expiresAt: null, error } });
  if (at === 'challenge') {
    if (restored.expiresAt === null || restored.config.now() >= restored.expiresAt) return expired(flowError('SESSION_EXPIRED'));
    const step = typeof sub === 'string' ? sub : Object.keys(sub ?? {})[0];
    if (step === 'totpSetup')
      return expired(
        flowError('SESSION_EXPIRED', {
          message: 'The authenticator set-up cannot go on after a reload (its secret is never stored). Sign in again.',
        }),
      );
    // A texted or emailed code is sent again by signing in again, with the password that was not stored.
    if (step === 'smsCode' || step === 'emailCode') return { value, context: { ...restored, canResend: false } };
    return { value, context: restored };
  }
  // A session restored as signed in is checked again, never taken on trust: it may have ended meanwhile.
  if (['signedIn', 'loadingUser', 'rememberingDevice', 'signingOut'].includes(at ?? ''))
    return { value: 'checkingSession', context: { ...restored, user: null } };
  return { value, context: restored };
}

/** The timers of a restored flow that the context knows the end of: the challenge keeps its `expiresAt`. */
export function resumeSignIn(snapshot: AnyMachineSnapshot, scope: AnyActorScope): void {
  const context = snapshot.context as SignInContext;
  const now = context.config.now();
  // The machine's id names its timers' events (the passwordless sign-in is this chart under another id).
  const id = snapshot.machine.id;
  if (snapshot.matches('challenge') && context.expiresAt !== null)
    rearm(scope, 'challengeExpiry', `${id}.challenge`, context.expiresAt, now);
  if (snapshot.matches({ resetPassword: 'awaitingCode' }) && !context.canResend)
    rearm(scope, 'resendCooldown', `${id}.resetPassword.awaitingCode`, now + context.config.resendCooldownMs, now);
}

/**
 * The sign-in statechart. Its persisted snapshot (`actor.getPersistedSnapshot()`)
 * holds no password, code or TOTP secret at any step; restored with
 * `createActor(signInMachine, { snapshot, input })` it lands on the same step
 * with the same `expiresAt`, or on `expired` once that has passed.
 */
export const signInMachine = persistable(signInChart, {
  scrub: (context) => ({ ...context, ...cleared }),
  restore: restoreSignIn,
  resume: resumeSignIn,
});

export type SignInMachine = typeof signInMachine;
