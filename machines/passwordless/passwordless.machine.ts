/**
 * The passwordless sign-in: the sign-in statechart of `amplify-mfa-flow/machines`
 * (its config and implementations, as they are) with the states Cognito's
 * `USER_AUTH` flow adds — the first-factor selection, the password as a step
 * of its own, email and SMS one-time codes as the first factor, the passkey
 * ceremony — and a custom challenge. The MFA states, the sign-up and reset
 * states and every rule they keep are the sign-in machine's own, not copies:
 * an OTP first factor is the sign-in machine's `emailCode`/`smsCode` state,
 * with its attempts, expiry and resend (a resend starts the sign-in again,
 * here with the same first factor).
 *
 * Every step inside Cognito's challenge, and the passkey step, has a way back
 * to another method (`FACTOR.CHANGE`: a new sign-in from the identifier, which
 * offers the first factors again) and to the start (`FLOW.CANCEL`).
 */
import { assign, setup } from 'xstate';
import type { AnyActorLogic, AnyActorScope, AnyMachineSnapshot, StateValue } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { durationInput, oneOf } from '../shared/input.js';
import { persistable } from '../shared/persist.js';
import type { Restoring } from '../shared/persist.js';
import { asText, checkCode, checkIdentifier, checkPassword, codeDigits } from '../shared/validation.js';
import type { Checked } from '../shared/validation.js';
import {
  answerErrors,
  cleared,
  restoreSignIn,
  resumeSignIn,
  signInMachine,
  stepFields,
  timeout,
  timeoutForgetting,
} from '../signIn/signIn.machine.js';
import type { ConfirmSignInActorInput, FirstFactor, SignInActorInput, SignInContext, SignInStep } from '../signIn/signIn.types.js';
import { passkeyCodeOf, passwordlessError, toPasskeyError } from './passwordless.errors.js';
import type {
  PasskeySignInActorInput,
  PasswordlessSignInContext,
  PasswordlessSignInEvent,
  PasswordlessSignInInput,
  PreferredFirstFactor,
} from './passwordless.types.js';

/** The machine's id; the sign-in chart's `#signIn.…` targets are renamed to it. */
const ID = 'passwordlessSignIn';

export const FIRST_FACTORS: readonly FirstFactor[] = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const PREFERRED: readonly PreferredFirstFactor[] = ['EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'];
const OTP: readonly (FirstFactor | null)[] = ['EMAIL_OTP', 'SMS_OTP'];

/**
 * A sign-in code sent as the first factor (EMAIL_OTP, SMS_OTP) has 8 digits in Cognito, an MFA code 6: the
 * code the user types is checked against the one its step asks for. Spaces and dashes are dropped as for any code.
 */
function checkStepCode(factor: FirstFactor | null, raw: unknown): Checked<string> {
  if (!OTP.includes(factor)) return checkCode(raw);
  const value = typeof raw === 'string' && raw.length <= 32 ? codeDigits(raw) : '';
  return /^[0-9]{8}$/.test(value)
    ? { ok: true, value }
    : { ok: false, error: flowError('CODE_FORMAT', { field: 'code', message: 'Enter the 8-digit code.' }) };
}

/** Cognito takes challenge answers up to 2048 characters. */
export const ANSWER_LIMIT = 2048;

/** A custom challenge's answer: free text as typed (spaces count), not empty, not longer than Cognito takes. */
export function checkAnswer(raw: unknown): Checked<string> {
  if (typeof raw !== 'string' || raw.trim().length === 0) return { ok: false, error: passwordlessError('ANSWER_REQUIRED') };
  if (raw.length > ANSWER_LIMIT)
    return {
      ok: false,
      error: flowError('INPUT_TOO_LONG', { field: 'answer', message: `That is too long: at most ${ANSWER_LIMIT} characters.` }),
    };
  return { ok: true, value: raw };
}

const isError = (event: unknown): boolean => typeof event === 'object' && event !== null && 'error' in event;
const outputOf = <T>(event: unknown) => (event as { output: T }).output;
type Ctx = { context: PasswordlessSignInContext };

/** The sign-in chart's config, `#signIn.…` targets renamed to this machine's id (the rest is the same objects). */
function renamed<T>(node: T): T {
  if (typeof node === 'string') return (node.startsWith('#signIn.') ? `#${ID}.${node.slice(8)}` : node) as T;
  if (Array.isArray(node)) return node.map(renamed) as T;
  if (node && typeof node === 'object' && Object.getPrototypeOf(node) === Object.prototype)
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, renamed(v)])) as T;
  return node;
}

// biome-ignore lint/suspicious/noExplicitAny: the sign-in chart's config is extended as plain data; `setup` types the result.
type Node = any;
const base: Node = renamed(signInMachine.config);
const baseStates = base.states;

const confirmWith =
  (answer: (context: PasswordlessSignInContext) => string) =>
  ({ context }: Ctx): ConfirmSignInActorInput => ({
    flowId: context.config.flowId,
    challengeResponse: answer(context),
    username: context.username,
    totpIssuer: context.config.totpIssuer,
  });

/** A sign-in from the identifier alone goes by USER_AUTH (or a custom challenge), with the first factor known so far. */
const signInInput = ({ context }: Ctx): SignInActorInput => {
  const { config, factor, userAuth } = context;
  // A password factor goes along with its password (a resend of an MFA code after it); a passkey never comes here.
  const preferred = factor === 'PASSWORD' || factor === 'PASSWORD_SRP' ? (context.password ? factor : null) : factor;
  return {
    flowId: config.flowId,
    username: context.username,
    password: context.password,
    authFlowType: userAuth ? config.identifierFlow : config.authFlowType,
    totpIssuer: config.totpIssuer,
    ...(userAuth && preferred && config.identifierFlow === 'USER_AUTH' ? { preferredChallenge: preferred } : {}),
  };
};

const changeFactor = { 'FACTOR.CHANGE': { target: `#${ID}.signingIn`, actions: 'changeFactor' } } as const;

const config = {
  ...base,
  id: ID,
  description:
    'Signs a user in with a password, a one-time code, a passkey or a custom challenge (Cognito USER_AUTH), through every MFA step, then out again.',
  context: (args: { input: PasswordlessSignInInput | undefined }) => {
    const input = args.input;
    const context = base.context({
      ...args,
      input: input && { ...input, identifierFlow: undefined, authFlowType: undefined },
    }) as SignInContext;
    return {
      ...context,
      config: {
        ...context.config,
        authFlowType: oneOf(
          ID,
          'authFlowType',
          input?.authFlowType,
          ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_WITH_SRP'] as const,
          'USER_SRP_AUTH',
        ),
        identifierFlow: oneOf(ID, 'identifierFlow', input?.identifierFlow, ['USER_AUTH', 'CUSTOM_WITHOUT_SRP'] as const, 'USER_AUTH'),
        passkeyTimeoutMs: durationInput(ID, 'passkeyTimeoutMs', input?.passkeyTimeoutMs, 120_000, 1),
      },
      userAuth: false,
      factors: [],
      factor: null,
      customParameters: {},
      answer: '',
    } satisfies PasswordlessSignInContext;
  },
  states: {
    ...baseStates,
    credentials: {
      ...baseStates.credentials,
      description:
        'The user types their identifier, and their password or not: with no password the sign-in starts from the identifier alone (USER_AUTH), going straight to a one-time code or a passkey when one was asked for. Both are checked locally before any call.',
      on: {
        ...baseStates.credentials.on,
        'CREDENTIALS.SUBMIT': [
          { guard: 'credentialsWellFormed', target: 'signingIn', actions: ['storeCredentials', 'withPassword'] },
          { actions: 'rejectCredentials' },
        ],
        'IDENTIFIER.SUBMIT': [
          { guard: 'asksForPasskey', target: 'passkey', actions: 'storeIdentifier' },
          { guard: 'identifierWellFormed', target: 'signingIn', actions: 'storeIdentifier' },
          { actions: 'rejectIdentifier' },
        ],
      },
    },
    signingIn: {
      ...baseStates.signingIn,
      description:
        'Starts a sign-in: with the identifier and password (SRP by default), or from the identifier alone by USER_AUTH with the first factor known so far; each one is a new session with its own attempts.',
      invoke: {
        ...baseStates.signingIn.invoke,
        input: signInInput,
        // Cognito may answer a factor-less USER_AUTH with the passkey ceremony itself, which aws-amplify runs inside signIn.
        onError: [
          { guard: 'isPasskeyError', target: 'passkey.failed', actions: 'storePasskeyError' },
          ...baseStates.signingIn.invoke.onError,
        ],
      },
    },
    routing: {
      ...baseStates.routing,
      always: [
        ...baseStates.routing.always.slice(0, -1),
        // None of these steps sends a code again, so a password typed before is not kept through them.
        // A choice of first factor is USER_AUTH's, whatever started the sign-in: a new code after it is a new
        // USER_AUTH sign-in with the factor chosen, never one with the password just forgotten.
        {
          guard: { type: 'isStep', params: { step: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION' } },
          target: 'challenge.factorSelection',
          actions: ['forgetPassword', 'byUserAuth'],
        },
        {
          guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } },
          target: 'challenge.password',
          actions: 'forgetPassword',
        },
        {
          guard: { type: 'isStep', params: { step: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE' } },
          target: 'challenge.customChallenge',
          actions: 'forgetPassword',
        },
        ...baseStates.routing.always.slice(-1),
      ],
    },
    challenge: {
      ...baseStates.challenge,
      description:
        'Cognito has opened a challenge session: it expires after challengeExpiry (3 minutes by default). From every step the user may go back to another method or to the start.',
      on: { ...baseStates.challenge.on, ...changeFactor },
      states: {
        ...baseStates.challenge.states,
        factorSelection: {
          description:
            'USER_AUTH: the user picks how to sign in, among the first factors Cognito offers this user (availableChallenges) only.',
          initial: 'awaitingChoice',
          states: {
            awaitingChoice: {
              description: 'Offers only the first factors Cognito listed; a passkey only when it is one of them.',
              tags: ['input'],
              on: {
                'FACTOR.SELECT': [
                  { guard: 'picksPasskey', target: `#${ID}.passkey`, actions: 'storeFactor' },
                  { guard: 'factorOffered', target: 'submittingChoice', actions: 'storeFactor' },
                  { actions: 'rejectFactor' },
                ],
              },
            },
            submittingChoice: {
              description: 'Tells Cognito the first factor picked: it then sends a code, or asks for the password.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: confirmWith((context) => context.factor ?? ''),
                onDone: { target: `#${ID}.routing`, actions: 'storeStep' },
                onError: renamed(answerErrors('awaitingChoice')),
              },
              ...timeout('awaitingChoice'),
            },
          },
        },
        password: {
          description: 'USER_AUTH: the password factor was picked and Cognito asks for the password as a step of its own; MFA may follow.',
          initial: 'awaitingPassword',
          states: {
            awaitingPassword: {
              description: 'Waits for the password.',
              tags: ['input'],
              on: {
                'PASSWORD.SUBMIT': [
                  { guard: 'passwordWellFormed', target: 'verifyingPassword', actions: 'storePassword' },
                  { actions: 'rejectPassword' },
                ],
              },
            },
            verifyingPassword: {
              description:
                'Sends the password (kept while an SMS or email MFA code may need a new sign-in); a refused one ends the session, so the sign-in starts over with the identifier kept.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: confirmWith((context) => context.password),
                onDone: { target: `#${ID}.routing`, actions: 'storeStep' },
                onError: [
                  { guard: 'isLockout', target: `#${ID}.locked` },
                  { guard: 'isSessionExpired', target: `#${ID}.expired` },
                  // A refused password ends Cognito's session: asking again in it could only fail, so the user starts over.
                  { guard: 'isWrongCredentials', target: `#${ID}.credentials`, actions: ['failSignIn', 'forgetPassword'] },
                  { target: 'awaitingPassword', actions: ['storeError', 'forgetPassword'] },
                ],
              },
              ...timeoutForgetting('awaitingPassword'),
            },
          },
        },
        customChallenge: {
          description:
            'A custom challenge (Lambda-defined): shows its public parameters and sends the answer typed; Cognito may ask again (another custom challenge) or end the sign-in.',
          initial: 'awaitingAnswer',
          exit: 'forgetAnswer',
          states: {
            awaitingAnswer: {
              description: 'Shows the challenge parameters and waits for the answer.',
              tags: ['input'],
              on: {
                'ANSWER.SUBMIT': [
                  { guard: 'answerWellFormed', target: 'sendingAnswer', actions: 'storeAnswer' },
                  { actions: 'rejectAnswer' },
                ],
              },
            },
            sendingAnswer: {
              description: 'Sends the answer; a wrong one that ends the sign-in (the Lambda failed it) leads back to the start.',
              tags: ['busy'],
              invoke: {
                id: 'confirmSignIn',
                src: 'confirmSignIn',
                input: confirmWith((context) => context.answer),
                onDone: { target: `#${ID}.routing`, actions: 'storeStep' },
                onError: [
                  { guard: 'isLockout', target: `#${ID}.locked` },
                  { guard: 'isSessionExpired', target: `#${ID}.expired` },
                  { guard: 'isWrongCredentials', target: `#${ID}.credentials`, actions: ['failSignIn', 'forgetAnswer'] },
                  { target: 'awaitingAnswer', actions: 'storeError' },
                ],
              },
              ...timeout('awaitingAnswer'),
            },
          },
        },
      },
    },
    passkey: {
      description:
        "Signs in with a passkey: the browser's ceremony runs in the provided passkeySignIn actor (with aws-amplify, inside confirmSignIn or signIn); another method or the start stay one step away.",
      initial: 'verifying',
      on: { ...changeFactor, 'FLOW.CANCEL': { target: 'credentials', actions: 'clearSecrets' } },
      states: {
        verifying: {
          description: "Waits for the browser's passkey dialog and Cognito's answer; gives up after passkeyTimeout.",
          tags: ['busy'],
          invoke: {
            id: 'passkeySignIn',
            src: 'passkeySignIn',
            input: ({ context }: Ctx): PasskeySignInActorInput => ({
              flowId: context.config.flowId,
              username: context.username,
              totpIssuer: context.config.totpIssuer,
              selected: context.step === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION',
            }),
            onDone: { target: `#${ID}.routing`, actions: 'storeStep' },
            onError: [
              { guard: 'isLockout', target: `#${ID}.locked` },
              { guard: 'isSessionExpired', target: `#${ID}.expired` },
              { target: 'failed', actions: 'storePasskeyError' },
            ],
          },
          after: { passkeyTimeout: { target: 'failed', actions: 'passkeyTimedOut' } },
        },
        failed: {
          description:
            'The passkey did not sign the user in (cancelled, timed out, not allowed, not supported, none usable): the typed error says which; try again, pick another method, or start over.',
          tags: ['error'],
          on: { 'PASSKEY.RETRY': { target: 'verifying', actions: 'retryPasskey' } },
        },
      },
    },
  },
};

const implementations = signInMachine.implementations;

const passwordlessSetup = setup({
  types: {
    context: {} as PasswordlessSignInContext,
    events: {} as PasswordlessSignInEvent,
    input: {} as PasswordlessSignInInput | undefined,
  },
  actors: {
    ...(implementations.actors as Record<string, AnyActorLogic>),
    passkeySignIn: notProvided<SignInStep, PasskeySignInActorInput>(ID, 'passkeySignIn'),
  },
  delays: {
    ...(implementations.delays as unknown as Record<string, (args: Ctx) => number>),
    passkeyTimeout: ({ context }) => context.config.passkeyTimeoutMs,
  },
  guards: {
    ...(implementations.guards as Record<string, () => boolean>),
    identifierWellFormed: ({ context, event }) =>
      event.type === 'IDENTIFIER.SUBMIT' &&
      checkIdentifier(event.username, context.config.loginWith).ok &&
      (event.preferredChallenge === undefined || PREFERRED.includes(event.preferredChallenge)),
    asksForPasskey: ({ context, event }) =>
      event.type === 'IDENTIFIER.SUBMIT' &&
      event.preferredChallenge === 'WEB_AUTHN' &&
      context.config.identifierFlow === 'USER_AUTH' &&
      checkIdentifier(event.username, context.config.loginWith).ok,
    picksPasskey: ({ context, event }) =>
      event.type === 'FACTOR.SELECT' && event.factor === 'WEB_AUTHN' && context.factors.includes('WEB_AUTHN'),
    factorOffered: ({ context, event }) =>
      event.type === 'FACTOR.SELECT' && FIRST_FACTORS.includes(event.factor) && context.factors.includes(event.factor),
    passwordWellFormed: ({ event }) => event.type === 'PASSWORD.SUBMIT' && checkPassword(event.password).ok,
    codeWellFormed: ({ context, event }) => event.type === 'CODE.SUBMIT' && checkStepCode(context.factor, event.code).ok,
    answerWellFormed: ({ event }) => event.type === 'ANSWER.SUBMIT' && checkAnswer(event.answer).ok,
    isPasskeyError: ({ event }) => isError(event) && passkeyCodeOf((event as { error?: unknown }).error) !== null,
    isWrongCredentials: ({ event }) => isError(event) && errorOfEvent(event).code === 'WRONG_CREDENTIALS',
    // A one-time code asked for by the identifier alone needs no password to be sent again.
    passwordKept: ({ context }) => context.password !== '' || OTP.includes(context.factor),
  },
  actions: {
    ...(implementations.actions as Record<string, never>),
    rejectCode: assign(({ context, event }) => {
      if (event.type !== 'CODE.SUBMIT') return {};
      const checked = checkStepCode(context.factor, event.code);
      return { code: asText(event.code), error: checked.ok ? null : checked.error };
    }),
    storeStep: assign(({ event }) => {
      const step = outputOf<SignInStep>(event);
      return {
        ...stepFields(step),
        factors:
          step.signInStep === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION'
            ? step.availableChallenges.filter((f) => FIRST_FACTORS.includes(f))
            : [],
        customParameters: step.signInStep === 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE' ? step.parameters : {},
      };
    }),
    withPassword: assign({ userAuth: false, factor: null }),
    byUserAuth: assign({ userAuth: true }),
    storeIdentifier: assign(({ context, event }) => {
      if (event.type !== 'IDENTIFIER.SUBMIT') return {};
      const username = checkIdentifier(event.username, context.config.loginWith);
      return {
        ...cleared,
        username: username.ok ? username.value : asText(event.username),
        error: null,
        step: null,
        chosenMethod: null,
        resetRequested: false,
        userAuth: true,
        factors: [],
        factor: event.preferredChallenge ?? null,
      };
    }),
    rejectIdentifier: assign(({ context, event }) => {
      if (event.type !== 'IDENTIFIER.SUBMIT') return {};
      const username = checkIdentifier(event.username, context.config.loginWith);
      return {
        username: asText(event.username),
        password: '',
        // A well-formed identifier with a first factor that cannot be asked for up front.
        error: username.ok ? flowError('INVALID_EVENT') : username.error,
      };
    }),
    storeFactor: assign(({ event }) => (event.type === 'FACTOR.SELECT' ? { factor: event.factor, error: null } : {})),
    rejectFactor: assign({
      error: ({ event }) =>
        event.type === 'FACTOR.SELECT' && FIRST_FACTORS.includes(event.factor)
          ? flowError('METHOD_NOT_ALLOWED')
          : flowError('INVALID_EVENT'),
    }),
    storePassword: assign(({ event }) => (event.type === 'PASSWORD.SUBMIT' ? { password: asText(event.password), error: null } : {})),
    rejectPassword: assign(({ event }) => {
      if (event.type !== 'PASSWORD.SUBMIT') return {};
      const checked = checkPassword(event.password);
      return { password: '', error: checked.ok ? null : checked.error };
    }),
    storeAnswer: assign(({ event }) => (event.type === 'ANSWER.SUBMIT' ? { answer: asText(event.answer), error: null } : {})),
    rejectAnswer: assign(({ event }) => {
      if (event.type !== 'ANSWER.SUBMIT') return {};
      const checked = checkAnswer(event.answer);
      // What was typed stays in the field, as a code does (only while this step is on screen: it leaves with it).
      return { answer: asText(event.answer), error: checked.ok ? null : checked.error };
    }),
    forgetAnswer: assign({ answer: '' }),
    changeFactor: assign({ ...cleared, answer: '', error: null, step: null, userAuth: true, factor: null, factors: [] }),
    storePasskeyError: assign({ ...cleared, step: null, error: ({ event }) => toPasskeyError((event as { error?: unknown }).error) }),
    passkeyTimedOut: assign({ step: null, error: () => passwordlessError('PASSKEY_TIMEOUT') }),
    retryPasskey: assign({ step: null, error: null, factor: 'WEB_AUTHN' as const }),
  },
});

// The config is the sign-in's, extended at run time, so its states are not spelled out to the compiler; a plain
// shape keeps the published declarations valid under every strictness (exactOptionalPropertyTypes included).
// `states` is required in that shape: an optional one gives the state schema `{ states?: {} | undefined }`, which
// apps with exactOptionalPropertyTypes reject (examples/react19's strict check).
type ChartConfig = Omit<Parameters<typeof passwordlessSetup.createMachine>[0], 'states'> & {
  readonly id: typeof ID;
  readonly states: Record<never, never>;
};
const passwordlessChart = passwordlessSetup.createMachine(config as unknown as ChartConfig);

/** A restored passkey ceremony is not run again by itself (it needs the user): the step says it did not finish. */
function restorePasswordless(stored: Restoring<PasswordlessSignInContext>, scope: AnyActorScope): Restoring<PasswordlessSignInContext> {
  const value: StateValue = stored.value;
  if (value === 'passkey' || (typeof value === 'object' && 'passkey' in value)) {
    const { value: _, context } = restoreSignIn(stored as unknown as Restoring<SignInContext>, scope);
    return {
      value: { passkey: 'failed' },
      context: { ...(context as unknown as PasswordlessSignInContext), error: passwordlessError('PASSKEY_CANCELLED') },
    };
  }
  return restoreSignIn(stored as unknown as Restoring<SignInContext>, scope) as unknown as Restoring<PasswordlessSignInContext>;
}

/**
 * The passwordless sign-in statechart (`amplify-mfa-flow/passwordless`). Its
 * persisted snapshot holds no password, code, answer or TOTP secret at any
 * step, as the sign-in machine's does; a passkey ceremony in flight restores
 * as not finished (`passkey.failed`), never run again by itself.
 */
export const passwordlessSignInMachine = persistable(passwordlessChart as typeof passwordlessChart, {
  scrub: (context: PasswordlessSignInContext) => ({ ...context, ...cleared, answer: '' }),
  restore: restorePasswordless,
  resume: (snapshot: AnyMachineSnapshot, scope: AnyActorScope) => resumeSignIn(snapshot, scope),
});

export type PasswordlessSignInMachine = typeof passwordlessSignInMachine;
