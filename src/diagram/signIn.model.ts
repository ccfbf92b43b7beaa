/**
 * The traversal model of the sign-in machine: every event a user can send and
 * every outcome each invoked actor can have, each with the plain words the
 * path catalogue uses. The path tests, `npm run paths` and the real-backend
 * replay all generate from this one model.
 */
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type { SignInEvent, SignInInput, SignInStep, SignedInUser } from '../../machines/signIn/signIn.types.js';
import type { CodeDelivery } from '../../machines/shared/types.js';
import { defineModel } from './model.js';
import type { Named } from './model.js';
import type { AnyMachineSnapshot } from './paths.js';

export const SAMPLE = {
  username: 'pat@example.com',
  password: 'Correct-h0rse!',
  code: '123456',
  smsDelivery: { deliveryMedium: 'SMS', destination: '+*******0101', attributeName: 'phone_number' } satisfies CodeDelivery,
  emailDelivery: { deliveryMedium: 'EMAIL', destination: 'p***@e***', attributeName: 'email' } satisfies CodeDelivery,
  totpSetup: {
    sharedSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
    setupUri: 'otpauth://totp/amplify-mfa-flow:pat%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=amplify-mfa-flow',
  },
  user: { userId: 'u-1', username: 'u-1', email: 'pat@example.com' } satisfies SignedInUser,
  otherUser: { userId: 'u-2', username: 'u-2', email: 'sam@example.com' } satisfies SignedInUser,
  qrDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
} as const;

/** Every `nextStep` Cognito can answer, with what a tester sees happen. */
export const STEP_OUTCOMES: readonly (Named & { readonly step: SignInStep })[] = [
  { step: { signInStep: 'DONE' }, label: 'Cognito signs the user in', slug: 'signed-in' },
  { step: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }, label: 'Cognito asks for the authenticator (TOTP) code', slug: 'totp' },
  {
    step: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDelivery: SAMPLE.smsDelivery },
    label: 'Cognito texts a code to +*******0101',
    slug: 'sms',
  },
  {
    step: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: SAMPLE.emailDelivery },
    label: 'Cognito emails a code to p***@e***',
    slug: 'email',
  },
  {
    step: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMethods: ['SMS', 'TOTP'] },
    label: 'Cognito asks which method to use (SMS or TOTP)',
    slug: 'select-mfa',
  },
  {
    step: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMethods: ['TOTP', 'EMAIL'] },
    label: 'Cognito asks which method to set up (TOTP or email)',
    slug: 'select-setup',
  },
  {
    step: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', totpSetup: SAMPLE.totpSetup },
    label: 'Cognito asks to set up an authenticator app',
    slug: 'totp-setup',
  },
  { step: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' }, label: 'Cognito asks for the email address for codes', slug: 'email-setup' },
  {
    step: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] },
    label: 'Cognito requires a new password',
    slug: 'new-password-required',
  },
  { step: { signInStep: 'CONFIRM_SIGN_UP' }, label: 'Cognito says the account is not confirmed yet', slug: 'unconfirmed' },
  { step: { signInStep: 'RESET_PASSWORD' }, label: 'Cognito requires a password reset', slug: 'reset-required' },
  {
    step: { signInStep: 'UNSUPPORTED', original: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE' },
    label: 'Cognito answers with a custom challenge',
    slug: 'custom-challenge',
  },
];

const err = (name: string, message: string) => ({ name, message });

/** Failures, by the Cognito exception name aws-amplify reports. */
export const ERRORS = {
  wrongCredentials: {
    error: err('NotAuthorizedException', 'Incorrect username or password.'),
    label: 'Cognito refuses the email or password',
    slug: 'wrong-password',
  },
  lockedOut: {
    error: err('NotAuthorizedException', 'Password attempts exceeded'),
    label: 'Cognito says too many failed attempts',
    slug: 'locked-out',
  },
  alreadySignedIn: {
    error: err('UserAlreadyAuthenticatedException', 'There is already a signed in user.'),
    label: 'Amplify says a user is already signed in',
    slug: 'already-signed-in',
  },
  network: { error: err('NetworkError', 'A network error has occurred.'), label: 'the network fails', slug: 'network-error' },
  wrongCode: {
    error: err('CodeMismatchException', 'Invalid code received for user'),
    label: 'Cognito says the code is wrong',
    slug: 'wrong',
  },
  sessionExpired: {
    error: err('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
    label: 'Cognito says the session has expired',
    slug: 'session-expired',
  },
  limitExceeded: {
    error: err('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
    label: 'Cognito says the attempt limit is reached',
    slug: 'limit-exceeded',
  },
  noSession: {
    error: err('UserUnAuthenticatedException', 'User needs to be authenticated to call this API.'),
    label: 'there is no session from before',
    slug: 'no-session',
  },
  qrFailed: { error: err('Error', 'QR encoding failed'), label: 'the QR code cannot be drawn', slug: 'qr-failed' },
  noDeviceKeys: {
    error: err(
      'DeviceMetadataNotFoundException',
      'Either deviceKey, deviceGroupKey or secretPassword were not found during the sign-in process.',
    ),
    label: 'Amplify holds no keys for this device',
    slug: 'no-device-keys',
  },
} as const;

type ErrorKey = keyof typeof ERRORS;
const errors = (...keys: ErrorKey[]) => keys.map((k) => ({ ...ERRORS[k], value: ERRORS[k].error }));
const steps = STEP_OUTCOMES.map((o) => ({ value: o.step, label: o.label, slug: o.slug }));

export const USER_EVENTS: readonly (Named & { readonly event: SignInEvent })[] = [
  {
    event: { type: 'CREDENTIALS.SUBMIT', username: SAMPLE.username, password: SAMPLE.password },
    label: `enter ${SAMPLE.username} and the password, and submit`,
    slug: 'password',
  },
  {
    event: { type: 'CREDENTIALS.SUBMIT', username: '', password: '' },
    label: 'submit with the email and password left empty',
    slug: 'empty-password',
  },
  { event: { type: 'CODE.SUBMIT', code: SAMPLE.code }, label: `enter the 6-digit code ${SAMPLE.code} and submit`, slug: 'code' },
  {
    event: { type: 'CODE.SUBMIT', code: SAMPLE.code, rememberDevice: true },
    label: `enter the 6-digit code ${SAMPLE.code}, tick "Remember this device" and submit`,
    slug: 'code-remember',
  },
  { event: { type: 'CODE.SUBMIT', code: '12345' }, label: 'enter a 5-digit code (12345) and submit', slug: 'short-code' },
  { event: { type: 'CODE.RESEND' }, label: 'ask for a new code', slug: 'resend' },
  { event: { type: 'METHOD.SELECT', method: 'TOTP' }, label: 'choose the authenticator app (TOTP)', slug: 'choose-totp' },
  { event: { type: 'METHOD.SELECT', method: 'SMS' }, label: 'choose SMS', slug: 'choose-sms' },
  { event: { type: 'METHOD.SELECT', method: 'EMAIL' }, label: 'choose email', slug: 'choose-email' },
  {
    event: { type: 'EMAIL.SUBMIT', email: SAMPLE.username },
    label: `enter ${SAMPLE.username} for codes and submit`,
    slug: 'email-address',
  },
  { event: { type: 'EMAIL.SUBMIT', email: 'not-an-email' }, label: 'enter "not-an-email" and submit', slug: 'bad-email-address' },
  { event: { type: 'NEW_PASSWORD.SUBMIT', password: 'New-passw0rd!' }, label: 'enter a new password and submit', slug: 'new-password' },
  { event: { type: 'NEW_PASSWORD.SUBMIT', password: '' }, label: 'submit with the new password left empty', slug: 'empty-new-password' },
  {
    event: { type: 'RESET.SUBMIT', code: SAMPLE.code, password: 'New-passw0rd!' },
    label: `enter the reset code ${SAMPLE.code} and a new password, and submit`,
    slug: 'reset-code',
  },
  {
    event: { type: 'RESET.SUBMIT', code: 'abc', password: '' },
    label: 'enter a malformed reset code and no password, and submit',
    slug: 'bad-reset-code',
  },
  { event: { type: 'PASSWORD.FORGOT' }, label: 'choose "Forgot password?"', slug: 'forgot-password' },
  {
    event: { type: 'USERNAME.SUBMIT', username: SAMPLE.username },
    label: `enter ${SAMPLE.username} for the reset and submit`,
    slug: 'username',
  },
  {
    event: { type: 'USERNAME.SUBMIT', username: 'not an email' },
    label: 'enter "not an email" for the reset and submit',
    slug: 'bad-username',
  },
  { event: { type: 'FLOW.CANCEL' }, label: 'cancel', slug: 'cancel' },
  { event: { type: 'FLOW.RESTART' }, label: 'choose to sign in again', slug: 'restart' },
  { event: { type: 'SIGN_OUT' }, label: 'sign out of this device', slug: 'sign-out' },
  { event: { type: 'SIGN_OUT', global: true }, label: 'sign out of every device', slug: 'sign-out-everywhere' },
  { event: { type: 'AUTH.SIGNED_IN' }, label: 'someone signs in elsewhere on the page', slug: 'hub-signed-in' },
  { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
  { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
];

/** What each call of the sign-in can answer, in the catalogue's words (the passwordless model answers the same, and more). */
export const SIGN_IN_OUTCOMES = {
  fetchUser: {
    done: [
      { value: SAMPLE.user, label: `the session is ${SAMPLE.user.email}'s`, slug: 'session' },
      { value: SAMPLE.otherUser, label: `the session is ${SAMPLE.otherUser.email}'s`, slug: 'other-session' },
    ],
    errors: errors('noSession', 'network'),
  },
  signIn: { done: steps, errors: errors('wrongCredentials', 'lockedOut', 'alreadySignedIn', 'network') },
  confirmSignIn: { done: steps, errors: errors('wrongCode', 'sessionExpired', 'limitExceeded', 'network') },
  confirmSignUp: {
    done: [{ value: undefined, label: 'Cognito confirms the account', slug: 'confirmed' }],
    errors: errors('wrongCode', 'limitExceeded'),
  },
  resendSignUpCode: {
    done: [{ value: SAMPLE.emailDelivery, label: 'Cognito emails a new sign-up code', slug: 'code-resent' }],
    errors: errors('limitExceeded'),
  },
  resetPassword: {
    done: [{ value: SAMPLE.emailDelivery, label: 'Cognito emails a reset code', slug: 'reset-code-sent' }],
    errors: errors('limitExceeded', 'network'),
  },
  confirmResetPassword: {
    done: [{ value: undefined, label: 'Cognito sets the new password', slug: 'password-reset' }],
    errors: errors('wrongCode', 'limitExceeded'),
  },
  createQrCode: { done: [{ value: SAMPLE.qrDataUrl, label: 'the QR code is drawn', slug: 'qr' }], errors: errors('qrFailed') },
  signOut: { done: [{ value: undefined, label: 'Amplify signs out', slug: 'signed-out' }], errors: errors('network') },
  rememberDevice: {
    done: [{ value: undefined, label: 'Cognito remembers this device', slug: 'device-remembered' }],
    errors: errors('noDeviceKeys', 'network'),
  },
  // Hub events arrive as the user events above; the listener itself never ends.
  authEvents: { done: [], errors: [] },
};

/** The model's vertices: what tells two snapshots of the sign-in chart apart (the passwordless chart's too). */
export const serializeSignIn = (snapshot: AnyMachineSnapshot): string => {
  const c = snapshot.context as {
    attemptsLeft: number;
    canResend: boolean;
    chosenMethod: string | null;
    resetRequested: boolean;
    rememberDevice: boolean;
  };
  // The method picked matters only while a challenge may resend; who asked for a reset only during it.
  const inChallenge = snapshot.matches('challenge') || snapshot.matches('signingIn');
  return JSON.stringify([
    snapshot.value,
    c.attemptsLeft,
    c.canResend,
    inChallenge ? c.chosenMethod : null,
    snapshot.matches('resetPassword') && c.resetRequested,
    // "Remember this device" matters from the code that asked for it until the sign-in ends (a code typed again
    // says it again, so it is left out while a code is awaited).
    ((inChallenge && snapshot.hasTag('busy')) || snapshot.matches('loadingUser')) && c.rememberDevice,
  ]);
};

/** A fixed clock so traversal is deterministic. */
const MODEL_INPUT: SignInInput = { authFlowType: 'USER_PASSWORD_AUTH', now: () => 0 };

const built = defineModel<SignInInput>({
  machine: signInMachine,
  input: MODEL_INPUT,
  userEvents: USER_EVENTS,
  outcomes: SIGN_IN_OUTCOMES,
  delays: {
    challengeExpiry: { label: 'wait until the challenge expires (3 minutes)', slug: 'challenge-expires' },
    callTimeout: { label: 'the call does not answer in time', slug: 'timeout' },
    resendCooldown: { label: 'wait until a new code may be sent (30 s)', slug: 'cooldown' },
  },
  firstDelay: 'callTimeout',
  // The scenarios the real and browser levels walk by name (test/signIn/realPaths.ts), titled for what they show.
  titles: {
    'no-session-password-select-mfa-choose-totp-totp-code-wrong-code-signed-in': 'A wrong TOTP code, then the right one, signs the user in',
    'no-session-password-sms-code-signed-in': 'The code texted by SMS signs the user in',
    'no-session-password-select-mfa-choose-totp-totp-cancel':
      'Choosing the authenticator app when Cognito asks which method to use leads to the TOTP code',
    'no-session-forgot-password-username-reset-code-sent-reset-code-password-reset':
      'A password reset the user asked for sets the new password, then signs in with it',
  },
  serialize: serializeSignIn,
});

export const signInModel = built.model;
/** Plain words for any event of the model. */
export const labelOf = built.label;
