/**
 * The traversal model of the passwordless sign-in: the sign-in model's user
 * events and answers (the chart is the sign-in's, extended), with the
 * passwordless steps, the events that answer them and the passkey ceremony's
 * outcomes, each in the words the path catalogue prints.
 */
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import type { PasswordlessSignInEvent, PasswordlessSignInInput } from '../../machines/passwordless/passwordless.types.js';
import type { SignInStep } from '../../machines/signIn/signIn.types.js';
import { defineModel } from './model.js';
import type { Named } from './model.js';
import { ERRORS, SAMPLE, SIGN_IN_OUTCOMES, STEP_OUTCOMES, USER_EVENTS, serializeSignIn } from './signIn.model.js';

const err = (name: string, message: string) => ({ name, message });

/** The steps only USER_AUTH and custom challenges answer with. */
const PASSWORDLESS_STEPS: readonly (Named & { readonly step: SignInStep })[] = [
  {
    step: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP', 'PASSWORD_SRP', 'WEB_AUTHN'] },
    label: 'Cognito offers an emailed code, the password or a passkey',
    slug: 'factors',
  },
  { step: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' }, label: 'Cognito asks for the password', slug: 'ask-password' },
  {
    step: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { question: 'What is 2 + 2?' } },
    label: 'Cognito asks a custom challenge ("What is 2 + 2?")',
    slug: 'custom',
  },
];

/** The sign-in's answers, but a custom challenge is one this machine runs (UNSUPPORTED stays for a step nobody knows). */
const STEPS = [
  ...STEP_OUTCOMES.filter((o) => o.slug !== 'custom-challenge'),
  {
    step: { signInStep: 'UNSUPPORTED', original: 'SOMETHING_NEW' } as SignInStep,
    label: 'Cognito answers with a step nobody knows',
    slug: 'unknown-step',
  },
  ...PASSWORDLESS_STEPS,
].map((o) => ({ value: o.step, label: o.label, slug: o.slug }));

const PASSKEY_ERRORS = {
  cancelled: {
    error: err('PasskeyAuthenticationCanceled', 'Passkey authentication ceremony has been canceled.'),
    label: 'the user closes the passkey dialog',
    slug: 'passkey-cancelled',
  },
  unsupported: {
    error: err('PasskeyNotSupported', 'Passkeys may not be supported on this device.'),
    label: 'the browser cannot use passkeys',
    slug: 'passkey-unsupported',
  },
} as const;

type ErrorKey = keyof typeof ERRORS;
const errors = (...keys: ErrorKey[]) => keys.map((k) => ({ ...ERRORS[k], value: ERRORS[k].error }));
const passkeyErrors = (...keys: (keyof typeof PASSKEY_ERRORS)[]) =>
  keys.map((k) => ({ ...PASSKEY_ERRORS[k], value: PASSKEY_ERRORS[k].error }));

const PASSWORDLESS_EVENTS: readonly (Named & { readonly event: PasswordlessSignInEvent })[] = [
  {
    event: { type: 'IDENTIFIER.SUBMIT', username: SAMPLE.username },
    label: `enter ${SAMPLE.username} and continue without a password`,
    slug: 'identifier',
  },
  {
    event: { type: 'IDENTIFIER.SUBMIT', username: SAMPLE.username, preferredChallenge: 'WEB_AUTHN' },
    label: `enter ${SAMPLE.username} and choose "Sign in with a passkey"`,
    slug: 'identifier-passkey',
  },
  { event: { type: 'IDENTIFIER.SUBMIT', username: '' }, label: 'continue with the identifier left empty', slug: 'empty-identifier' },
  { event: { type: 'FACTOR.SELECT', factor: 'EMAIL_OTP' }, label: 'choose a code by email', slug: 'choose-email-otp' },
  { event: { type: 'FACTOR.SELECT', factor: 'PASSWORD_SRP' }, label: 'choose the password', slug: 'choose-password' },
  { event: { type: 'FACTOR.SELECT', factor: 'WEB_AUTHN' }, label: 'choose a passkey', slug: 'choose-passkey' },
  { event: { type: 'FACTOR.SELECT', factor: 'SMS_OTP' }, label: 'choose a code by SMS (not offered)', slug: 'choose-sms-otp' },
  { event: { type: 'FACTOR.CHANGE' }, label: 'choose another way to sign in', slug: 'another-way' },
  { event: { type: 'PASSWORD.SUBMIT', password: SAMPLE.password }, label: 'enter the password and submit', slug: 'password-step' },
  { event: { type: 'PASSWORD.SUBMIT', password: '' }, label: 'submit with the password left empty', slug: 'empty-password-step' },
  { event: { type: 'PASSKEY.RETRY' }, label: 'try the passkey again', slug: 'retry-passkey' },
  { event: { type: 'ANSWER.SUBMIT', answer: '4' }, label: 'answer "4" and submit', slug: 'answer' },
  { event: { type: 'ANSWER.SUBMIT', answer: '' }, label: 'submit with the answer left empty', slug: 'empty-answer' },
  { event: { type: 'CODE.SUBMIT', code: '12345678' }, label: 'enter the 8-digit code 12345678 and submit', slug: 'otp-code' },
];

/** A fixed clock so traversal is deterministic. */
// Two attempts: the last-attempt rule is the same rule after one wrong code as after four, and the graph is much smaller.
const MODEL_INPUT: PasswordlessSignInInput = { authFlowType: 'USER_PASSWORD_AUTH', maxAttempts: 2, now: () => 0 };

const built = defineModel<PasswordlessSignInInput>({
  machine: passwordlessSignInMachine,
  input: MODEL_INPUT,
  userEvents: [...USER_EVENTS, ...PASSWORDLESS_EVENTS],
  // The sign-in's answers, with the passwordless steps among what signIn and confirmSignIn answer, and the ceremony's.
  outcomes: {
    ...SIGN_IN_OUTCOMES,
    signIn: {
      done: STEPS,
      errors: [...errors('wrongCredentials', 'lockedOut', 'alreadySignedIn', 'network'), ...passkeyErrors('cancelled')],
    },
    confirmSignIn: { done: STEPS, errors: errors('wrongCode', 'wrongCredentials', 'sessionExpired', 'limitExceeded', 'network') },
    passkeySignIn: {
      done: [{ value: { signInStep: 'DONE' } satisfies SignInStep, label: 'the passkey signs the user in', slug: 'passkey-signed-in' }],
      errors: [...passkeyErrors('cancelled', 'unsupported'), ...errors('sessionExpired', 'limitExceeded')],
    },
  },
  delays: {
    challengeExpiry: { label: 'wait until the challenge expires (3 minutes)', slug: 'challenge-expires' },
    callTimeout: { label: 'the call does not answer in time', slug: 'timeout' },
    resendCooldown: { label: 'wait until a new code may be sent (30 s)', slug: 'cooldown' },
    passkeyTimeout: { label: 'the passkey dialog gets no answer (2 minutes)', slug: 'passkey-timeout' },
  },
  firstDelay: 'callTimeout',
  // The sign-in model's vertices: the first factor held changes what a resend sends (the oracle checks it), not
  // which transitions there are, and keeping it apart made the graph about twelve times larger.
  serialize: serializeSignIn,
});

export const passwordlessSignInModel = built.model;
/** Plain words for any event of the model. */
export const labelOf = built.label;
