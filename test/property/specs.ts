/**
 * One spec per machine: its events (good, malformed and non-string payloads),
 * valid answers for each of its calls (from each actor's output type), where
 * its secrets may be (from the machines' descriptions, the README and the
 * oracles), and what a call may be sent. Written apart from the machines, so
 * a machine that drifts from it fails.
 */
import { fc } from '@fast-check/vitest';
import type { AnyActorRef, AnyEventObject } from 'xstate';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsSnapshot } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationSnapshot } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { UpdatePhoneResult } from '../../machines/phoneVerification/phoneVerification.types.js';
import { DEFAULTS } from '../../machines/shared/delays.js';
import type { CodeDelivery, TotpSecret } from '../../machines/shared/types.js';
import { passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInSnapshot } from '../../machines/passwordless/passwordless.view.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type { SignInStep, SignedInUser } from '../../machines/signIn/signIn.types.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInSnapshot } from '../../machines/signIn/signIn.view.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentSnapshot } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { passkeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import type { PasskeysSnapshot } from '../../machines/passkeys/passkeys.view.js';
import type { Passkey } from '../../machines/passkeys/passkeys.types.js';
import { MODELS } from '../../src/diagram/models.js';
import type { CatalogueModel } from '../../src/diagram/models.js';
import type { AnyMachineSnapshot } from '../../src/diagram/paths.js';
import { event, field, goodCode, goodEmail, goodPassword, goodPhone, method, nonString, printed } from './arbitraries.js';
import type { AnyView, MachineSpec, SecretKind } from './harness.js';

// ---------------------------------------------------------------- answers

const TOTP_SECRETS: readonly TotpSecret[] = [
  'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  'KRUGS4ZANFZSAYJAORSXG5BAONSWG4TF',
].map((s) => ({ sharedSecret: s, setupUri: `otpauth://totp/amplify-mfa-flow:pat%40example.com?secret=${s}&issuer=amplify-mfa-flow` }));

const SMS: CodeDelivery = { deliveryMedium: 'SMS', destination: '+*******0101', attributeName: 'phone_number' };
const EMAIL: CodeDelivery = { deliveryMedium: 'EMAIL', destination: 'p***@e***', attributeName: 'email' };
const DELIVERIES: readonly CodeDelivery[] = [SMS, EMAIL, {}];
const QR = 'data:image/png;base64,iVBORw0KGgo=';

const USERS: readonly SignedInUser[] = [
  { userId: 'u-1', username: 'u-1', email: 'pat@example.com' },
  { userId: 'u-2', username: 'u-2', email: 'sam@example.com', groups: ['admins'] },
  { userId: 'u-3', username: '+15550100101', phoneNumber: '+15550100101', authTime: 1_000_000 },
];

const STEPS: readonly SignInStep[] = [
  { signInStep: 'DONE' },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDelivery: SMS },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: EMAIL },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMethods: ['SMS', 'TOTP'] },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMethods: ['SMS', 'TOTP', 'EMAIL'] },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMethods: ['TOTP', 'EMAIL'] },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMethods: ['TOTP'] },
  ...TOTP_SECRETS.map((totpSetup) => ({ signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' as const, totpSetup })),
  { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: [] },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED', missingAttributes: ['email', 'phone_number'] },
  { signInStep: 'CONFIRM_SIGN_UP' },
  { signInStep: 'RESET_PASSWORD' },
  { signInStep: 'UNSUPPORTED', original: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE' },
];

const STATUSES: readonly MfaStatus[] = [
  { enabled: [], preferred: null, phone: null, phoneVerified: false },
  { enabled: ['TOTP'], preferred: 'TOTP', phone: null, phoneVerified: false },
  { enabled: ['TOTP'], preferred: null, phone: '+15550100101', phoneVerified: true },
  { enabled: ['SMS'], preferred: 'SMS', phone: '+15550100101', phoneVerified: true },
  { enabled: ['TOTP', 'SMS'], preferred: 'TOTP', phone: '+15550100101', phoneVerified: true },
  { enabled: ['TOTP', 'SMS', 'EMAIL'], preferred: null, phone: '+15550100101', phoneVerified: true },
  { enabled: ['EMAIL'], preferred: 'EMAIL', phone: '+15550100101', phoneVerified: false },
];

const UPDATES: readonly UpdatePhoneResult[] = [
  { codeSent: true, codeDelivery: SMS },
  { codeSent: false, codeDelivery: null },
];

// ---------------------------------------------------------------- what a call may be sent (written apart from validation.ts)

const SIX_DIGITS = /^[0-9]{6}$/;
const E164 = /^\+[1-9][0-9]{6,14}$/;
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

const sixDigits = (v: unknown) => (typeof v === 'string' && SIX_DIGITS.test(v) ? null : 'a code must be 6 ASCII digits');
const password = (v: unknown) =>
  typeof v === 'string' && v.length > 0 && v.length <= 256 ? null : 'a password must be a string of 1 to 256 characters';
const identifier = (v: unknown) =>
  typeof v === 'string' && v.length > 0 && v.length <= 128 && v === v.trim() && !/\s/.test(v) && !INVISIBLE.test(v)
    ? null
    : 'an identifier must be a trimmed string of 1 to 128 visible characters';
const email = (v: unknown) =>
  typeof v === 'string' && v.length <= 128 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) && !INVISIBLE.test(v) ? null : 'not an email address';
const oneOf = (v: unknown, allowed: readonly unknown[], what: string) =>
  allowed.includes(v) ? null : `${what} must be one of ${allowed.join(', ')}`;
const attributes = (v: unknown) =>
  v === undefined ||
  (v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.getPrototypeOf(v) === Object.prototype &&
    Object.values(v).every((x) => typeof x === 'string'))
    ? null
    : 'userAttributes must be absent or a record of strings';
const otpauth = (v: unknown) =>
  typeof v === 'string' && v.startsWith('otpauth://totp/') ? null : 'the QR code is drawn from an otpauth:// URI';

const inputOf = (input: unknown) => (input ?? {}) as Record<string, unknown>;
const valueText = (s: AnyMachineSnapshot) => JSON.stringify(s.value);

// ---------------------------------------------------------------- signIn

const signInEvents = fc.oneof(
  {
    weight: 6,
    arbitrary: event('CREDENTIALS.SUBMIT', {
      username: field(fc.oneof(goodEmail, goodPhone, fc.constant('pat_smith'))),
      password: field(goodPassword),
    }),
  },
  { weight: 1, arbitrary: fc.oneof(event('PASSWORD.FORGOT'), event('PASSWORD.FORGOT', { username: field(goodEmail) })) },
  { weight: 1, arbitrary: event('USERNAME.SUBMIT', { username: field(goodEmail) }) },
  { weight: 6, arbitrary: event('CODE.SUBMIT', { code: field(goodCode) }) },
  { weight: 2, arbitrary: event('CODE.RESEND') },
  { weight: 2, arbitrary: event('METHOD.SELECT', { method }) },
  { weight: 2, arbitrary: event('EMAIL.SUBMIT', { email: field(goodEmail) }) },
  {
    weight: 2,
    arbitrary: fc.oneof(
      event('NEW_PASSWORD.SUBMIT', { password: field(goodPassword) }),
      event('NEW_PASSWORD.SUBMIT', {
        password: field(goodPassword),
        attributes: fc.oneof(fc.constant({ email: 'pat@example.com' }), nonString),
      }),
    ),
  },
  { weight: 2, arbitrary: event('RESET.SUBMIT', { code: field(goodCode), password: field(goodPassword) }) },
  { weight: 2, arbitrary: event('FLOW.CANCEL') },
  { weight: 1, arbitrary: event('FLOW.RESTART') },
  { weight: 1, arbitrary: fc.oneof(event('SIGN_OUT'), event('SIGN_OUT', { global: field(fc.boolean()) })) },
  { weight: 1, arbitrary: fc.oneof(event('AUTH.SIGNED_IN'), event('AUTH.SIGNED_OUT'), event('AUTH.SESSION_LOST')) },
  { weight: 1, arbitrary: fc.oneof(event('FLOW.RETRY'), event('PHONE.SUBMIT', { phone: goodPhone }), event('NOT.AN.EVENT')) },
);

const signInInput = fc.record(
  {
    authFlowType: fc.constantFrom('USER_SRP_AUTH', 'USER_PASSWORD_AUTH'),
    loginWith: fc.constantFrom(['email'], ['phone'], ['username'], ['email', 'phone'], ['email', 'phone', 'username']),
    maxAttempts: fc.integer({ min: 1, max: 5 }),
    challengeTimeoutMs: fc.constantFrom(DEFAULTS.challengeTimeoutMs, 60_000),
    callTimeoutMs: fc.constantFrom(DEFAULTS.callTimeoutMs, 5_000),
    resendCooldownMs: fc.constantFrom(DEFAULTS.resendCooldownMs, 0, 1_000),
    username: fc.constantFrom('pat@example.com', '+15550100101'),
  },
  { requiredKeys: ['authFlowType'] },
);

const signInActors = [
  'fetchUser',
  'signIn',
  'confirmSignIn',
  'confirmSignUp',
  'resendSignUpCode',
  'resetPassword',
  'confirmResetPassword',
  'createQrCode',
  'signOut',
];

export const signInSpec: MachineSpec = {
  name: 'signIn',
  // The Hub listener (authEvents) stays the machine's own no-op: its events are sent by the sequence.
  build: (fakes) => signInMachine.provide({ actors: fakes.actors(signInActors) as never }),
  input: (generated, now) => ({ ...generated, now }),
  answers: {
    fetchUser: USERS,
    signIn: STEPS,
    // An unconfirmed account and a required reset are answers to signIn only (UserNotConfirmed/PasswordResetRequired).
    confirmSignIn: STEPS.filter((s) => s.signInStep !== 'CONFIRM_SIGN_UP' && s.signInStep !== 'RESET_PASSWORD'),
    confirmSignUp: [undefined],
    resendSignUpCode: DELIVERIES,
    resetPassword: DELIVERIES,
    confirmResetPassword: [undefined],
    createQrCode: [QR],
    signOut: [undefined],
  },
  connect: (snapshot, send) => connectSignIn(snapshot as SignInSnapshot, send as never) as unknown as AnyView,
  secretFields: (e) => {
    if (e.type === 'CREDENTIALS.SUBMIT' || e.type === 'NEW_PASSWORD.SUBMIT') return [['password', 'password']];
    if (e.type === 'RESET.SUBMIT')
      return [
        ['password', 'password'],
        ['code', 'code'],
      ];
    if (e.type === 'CODE.SUBMIT') return [['code', 'code']];
    return [];
  },
  answerSecrets: (src, output) => {
    const step = output as SignInStep | undefined;
    if ((src === 'signIn' || src === 'confirmSignIn') && step?.signInStep === 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP') {
      return [
        ['totpSecret', step.totpSetup.sharedSecret],
        ['totpSecret', step.totpSetup.setupUri],
      ];
    }
    return [];
  },
  allowedSecrets: (s) => {
    const allowed = new Set<SecretKind>();
    // The password: while signing in may need it again (an SMS or email resend signs in again; a confirmed
    // sign-up or a reset signs in). Never on TOTP, TOTP setup or a new-password step (no resend there).
    if (
      s.matches('signingIn') ||
      ['smsCode', 'emailCode', 'mfaSelection', 'mfaSetupSelection', 'emailSetup'].some((c) => s.matches({ challenge: c })) ||
      s.matches({ challenge: { newPassword: 'submittingPassword' } }) ||
      s.matches('confirmSignUp') ||
      s.matches('resetPassword')
    ) {
      allowed.add('password');
    }
    // Codes while their step is on screen or being checked.
    if (
      ['totpCode', 'smsCode', 'emailCode', 'totpSetup'].some((c) => s.matches({ challenge: c })) ||
      s.matches('confirmSignUp') ||
      s.matches('resetPassword')
    ) {
      allowed.add('code');
    }
    // The TOTP secret only while it is being set up.
    if (s.matches({ challenge: 'totpSetup' })) allowed.add('totpSecret');
    return allowed;
  },
  attempts: (s) => {
    const c = s.context as { attemptsLeft: unknown; config: { maxAttempts: number } };
    return [{ name: 'context.attemptsLeft', left: c.attemptsLeft, max: c.config.maxAttempts }];
  },
  checkCall: (call, s) => {
    const i = inputOf(call.input);
    const at = valueText(s);
    switch (call.src) {
      case 'signIn':
        return identifier(i.username) ?? password(i.password);
      case 'confirmSignIn': {
        const r = i.challengeResponse;
        if (at.includes('verifyingCode')) return sixDigits(r);
        if (at.includes('submittingChoice')) {
          const allowed = (s.context as { allowedMethods: readonly string[] }).allowedMethods;
          return oneOf(r, allowed, 'the method');
        }
        if (at.includes('submittingEmail')) return email(r);
        if (at.includes('submittingPassword')) return password(r) ?? attributes(i.userAttributes);
        return `confirmSignIn called in ${at}`;
      }
      case 'confirmSignUp':
        return identifier(i.username) ?? sixDigits(i.code);
      case 'confirmResetPassword':
        return identifier(i.username) ?? sixDigits(i.code) ?? password(i.newPassword);
      case 'resetPassword':
      case 'resendSignUpCode':
        return identifier(i.username);
      case 'signOut':
        return typeof i.global === 'boolean' ? null : 'global must be a boolean';
      case 'createQrCode':
        return otpauth(i.uri);
      default:
        return null;
    }
  },
  callTimeoutMs: (input) => (input.callTimeoutMs as number | undefined) ?? DEFAULTS.callTimeoutMs,
};

// ---------------------------------------------------------------- passwordlessSignIn

const FACTORS = ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] as const;
const PASSWORDLESS_STEPS: readonly SignInStep[] = [
  ...STEPS.filter((s) => s.signInStep !== 'UNSUPPORTED'),
  { signInStep: 'UNSUPPORTED', original: 'SOMETHING_NEW' },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP', 'PASSWORD', 'WEB_AUTHN'] },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['SMS_OTP', 'PASSWORD_SRP'] },
  { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: [] },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { question: 'What is 2 + 2?' } },
  { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: {} },
];
const goodAnswer = fc.oneof(fc.constantFrom('4', 'blue', '  spaced  '), fc.string({ minLength: 1, maxLength: 40 }));

const passwordlessEvents = fc.oneof(
  { weight: 4, arbitrary: signInEvents },
  {
    weight: 4,
    arbitrary: fc.oneof(
      event('IDENTIFIER.SUBMIT', { username: field(fc.oneof(goodEmail, goodPhone)) }),
      event('IDENTIFIER.SUBMIT', {
        username: field(goodEmail),
        preferredChallenge: field(fc.constantFrom('EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'PASSWORD', 'TOTP')),
      }),
    ),
  },
  { weight: 3, arbitrary: event('FACTOR.SELECT', { factor: field(fc.constantFrom(...FACTORS, 'TOTP')) }) },
  { weight: 2, arbitrary: event('FACTOR.CHANGE') },
  { weight: 3, arbitrary: event('PASSWORD.SUBMIT', { password: field(goodPassword) }) },
  { weight: 1, arbitrary: event('PASSKEY.RETRY') },
  { weight: 3, arbitrary: event('ANSWER.SUBMIT', { answer: field(goodAnswer) }) },
);

const passwordlessInput = fc.record(
  {
    authFlowType: fc.constantFrom('USER_SRP_AUTH', 'USER_PASSWORD_AUTH'),
    identifierFlow: fc.constantFrom('USER_AUTH', 'CUSTOM_WITHOUT_SRP'),
    loginWith: fc.constantFrom(['email'], ['email', 'phone']),
    maxAttempts: fc.integer({ min: 1, max: 5 }),
    callTimeoutMs: fc.constantFrom(DEFAULTS.callTimeoutMs, 5_000),
    resendCooldownMs: fc.constantFrom(DEFAULTS.resendCooldownMs, 0, 1_000),
    passkeyTimeoutMs: fc.constantFrom(120_000, 1_000),
  },
  { requiredKeys: ['authFlowType'] },
);

const answerText = (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' && v.length <= 2048 ? null : 'the answer is non-empty text of at most 2048 characters';

export const passwordlessSpec: MachineSpec = {
  ...signInSpec,
  name: 'passwordlessSignIn',
  build: (fakes) => passwordlessSignInMachine.provide({ actors: fakes.actors([...signInActors, 'passkeySignIn']) as never }),
  answers: {
    ...signInSpec.answers,
    signIn: PASSWORDLESS_STEPS,
    confirmSignIn: PASSWORDLESS_STEPS.filter((s) => s.signInStep !== 'CONFIRM_SIGN_UP' && s.signInStep !== 'RESET_PASSWORD'),
    passkeySignIn: [{ signInStep: 'DONE' }, { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }],
  },
  connect: (snapshot, send) => connectPasswordlessSignIn(snapshot as PasswordlessSignInSnapshot, send as never) as unknown as AnyView,
  secretFields: (e) => {
    if (e.type === 'PASSWORD.SUBMIT') return [['password', 'password']];
    if (e.type === 'ANSWER.SUBMIT') return [['answer', 'answer']];
    return signInSpec.secretFields(e);
  },
  allowedSecrets: (s) => {
    const allowed = new Set(signInSpec.allowedSecrets(s));
    // The password typed on its own step, while it is checked (then kept only where a code may be sent again).
    if (s.matches({ challenge: { password: 'verifyingPassword' } })) allowed.add('password');
    // The answer while its challenge is on screen or being sent, as a code is.
    if (s.matches({ challenge: 'customChallenge' })) allowed.add('answer');
    return allowed;
  },
  checkCall: (call, s) => {
    const i = inputOf(call.input);
    const at = valueText(s);
    switch (call.src) {
      case 'signIn':
        if (i.authFlowType === 'USER_AUTH' || i.authFlowType === 'CUSTOM_WITHOUT_SRP')
          return identifier(i.username) ?? (i.password === '' ? null : password(i.password));
        return signInSpec.checkCall(call, s);
      case 'passkeySignIn':
        return identifier(i.username) ?? (typeof i.selected === 'boolean' ? null : 'selected must be a boolean');
      case 'confirmSignIn':
        if (at.includes('verifyingPassword')) return password(i.challengeResponse);
        if (at.includes('sendingAnswer')) return answerText(i.challengeResponse);
        if (at.includes('factorSelection')) {
          const offered = (s.context as { factors: readonly string[] }).factors;
          return oneOf(i.challengeResponse, offered, 'the first factor');
        }
        return signInSpec.checkCall(call, s);
      default:
        return signInSpec.checkCall(call, s);
    }
  },
};

// ---------------------------------------------------------------- totpEnrollment

const totpEvents = fc.oneof(
  { weight: 6, arbitrary: event('CODE.SUBMIT', { code: field(goodCode) }) },
  { weight: 1, arbitrary: event('FLOW.RETRY') },
  { weight: 1, arbitrary: event('FLOW.RESTART') },
  { weight: 1, arbitrary: event('FLOW.CANCEL') },
  { weight: 1, arbitrary: fc.oneof(event('CODE.RESEND'), event('NOT.AN.EVENT')) },
);

const totpInput = fc.record(
  {
    totpIssuer: fc.constant('amplify-mfa-flow'),
    accountName: fc.constant('pat@example.com'),
    preference: fc.constantFrom('PREFERRED', 'ENABLED'),
    friendlyDeviceName: fc.constant('My phone'),
    maxAttempts: fc.integer({ min: 1, max: 5 }),
  },
  { requiredKeys: ['totpIssuer', 'accountName'] },
);

const totpActors = ['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference'];

const totpAllowed = (s: AnyMachineSnapshot): Set<SecretKind> => {
  const allowed = new Set<SecretKind>();
  // "The secret exists only inside this state": from setUpTOTP's answer to the end of the code check.
  if (['settingUp', 'preparingQrCode', 'awaitingCode', 'verifying'].some((c) => s.matches({ enrolling: c }))) allowed.add('totpSecret');
  if (['awaitingCode', 'verifying'].some((c) => s.matches({ enrolling: c }))) allowed.add('code');
  return allowed;
};

const totpCall = (call: { src: string; input: unknown }): string | null => {
  const i = inputOf(call.input);
  switch (call.src) {
    case 'verifyTotp':
      return sixDigits(i.code);
    case 'setTotpPreference':
      return oneOf(i.preference, ['PREFERRED', 'ENABLED'], 'preference');
    case 'createQrCode':
      return otpauth(i.uri);
    default:
      return null;
  }
};

const codeSecret = (e: AnyEventObject): readonly (readonly [SecretKind, string])[] => (e.type === 'CODE.SUBMIT' ? [['code', 'code']] : []);
const totpAnswerSecrets = (src: string, output: unknown): readonly (readonly [SecretKind, string])[] => {
  const secret = output as TotpSecret | undefined;
  return src === 'setUpTotp' && secret
    ? [
        ['totpSecret', secret.sharedSecret],
        ['totpSecret', secret.setupUri],
      ]
    : [];
};
const totpAnswers = { setUpTotp: TOTP_SECRETS, createQrCode: [QR], verifyTotp: [undefined], setTotpPreference: [undefined] };

export const totpSpec: MachineSpec = {
  name: 'totpEnrollment',
  build: (fakes) => totpEnrollmentMachine.provide({ actors: fakes.actors(totpActors) as never }),
  input: (generated) => generated,
  answers: totpAnswers,
  connect: (snapshot, send) => connectTotpEnrollment(snapshot as TotpEnrollmentSnapshot, send as never) as unknown as AnyView,
  secretFields: codeSecret,
  answerSecrets: totpAnswerSecrets,
  allowedSecrets: totpAllowed,
  attempts: (s) => {
    const c = s.context as { attemptsLeft: unknown; maxAttempts: number };
    return [{ name: 'context.attemptsLeft', left: c.attemptsLeft, max: c.maxAttempts }];
  },
  checkCall: totpCall,
  callTimeoutMs: () => DEFAULTS.callTimeoutMs,
};

// ---------------------------------------------------------------- phoneVerification

const phoneEvents = fc.oneof(
  { weight: 4, arbitrary: event('PHONE.SUBMIT', { phone: field(goodPhone) }) },
  { weight: 1, arbitrary: event('PHONE.CHANGE') },
  { weight: 5, arbitrary: event('CODE.SUBMIT', { code: field(goodCode) }) },
  { weight: 2, arbitrary: event('CODE.RESEND') },
  { weight: 1, arbitrary: event('FLOW.RETRY') },
  { weight: 1, arbitrary: event('FLOW.CANCEL') },
  { weight: 1, arbitrary: fc.oneof(event('FLOW.RESTART'), event('NOT.AN.EVENT')) },
);

const phoneInput = fc.record(
  {
    enableSmsMfa: fc.constantFrom('PREFERRED', 'ENABLED', false),
    resendCooldownMs: fc.constantFrom(DEFAULTS.resendCooldownMs, 0, 1_000),
    phone: fc.constant('+15550100101'),
  },
  { requiredKeys: [] },
);

const phoneActors = ['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa'];

const phoneAllowed = (s: AnyMachineSnapshot): Set<SecretKind> =>
  s.matches('awaitingCode') ? new Set<SecretKind>(['code']) : new Set<SecretKind>();

const phoneCall = (call: { src: string; input: unknown }): string | null => {
  const i = inputOf(call.input);
  switch (call.src) {
    case 'updatePhone':
      return typeof i.phone === 'string' && E164.test(i.phone) ? null : 'the number must be E.164';
    case 'confirmPhone':
      return sixDigits(i.code);
    case 'enableSmsMfa':
      return oneOf(i.preference, ['PREFERRED', 'ENABLED'], 'preference');
    default:
      return null;
  }
};
const phoneAnswers = { updatePhone: UPDATES, sendPhoneCode: [SMS], confirmPhone: [undefined], enableSmsMfa: [undefined] };

export const phoneSpec: MachineSpec = {
  name: 'phoneVerification',
  build: (fakes) => phoneVerificationMachine.provide({ actors: fakes.actors(phoneActors) as never }),
  input: (generated, now) => ({ ...generated, now }),
  answers: phoneAnswers,
  connect: (snapshot, send) => connectPhoneVerification(snapshot as PhoneVerificationSnapshot, send as never) as unknown as AnyView,
  secretFields: codeSecret,
  answerSecrets: () => [],
  allowedSecrets: phoneAllowed,
  attempts: () => [],
  checkCall: phoneCall,
  callTimeoutMs: () => DEFAULTS.callTimeoutMs,
};

// ---------------------------------------------------------------- mfaSettings (with both child flows)

const settingsEvents = fc.oneof(
  { weight: 2, arbitrary: event('ENROLL.TOTP') },
  { weight: 2, arbitrary: event('ENROLL.SMS') },
  { weight: 2, arbitrary: event('PREFERRED.SET', { method }) },
  { weight: 2, arbitrary: event('METHOD.DISABLE', { method }) },
  { weight: 1, arbitrary: event('SETTINGS.RELOAD') },
  { weight: 1, arbitrary: fc.oneof(event('FLOW.CANCEL'), event('NOT.AN.EVENT')) },
);

const settingsInput = fc.record(
  {
    capabilities: fc.record({
      mfaMode: fc.constantFrom('OFF', 'OPTIONAL', 'REQUIRED'),
      mfaMethods: fc.subarray(['SMS', 'TOTP', 'EMAIL']),
    }),
    totpIssuer: fc.constant('amplify-mfa-flow'),
    accountName: fc.constant('pat@example.com'),
    resendCooldownMs: fc.constantFrom(DEFAULTS.resendCooldownMs, 0),
  },
  { requiredKeys: ['capabilities', 'totpIssuer', 'accountName'] },
);

function childOf(s: AnyMachineSnapshot): { ref: AnyActorRef; kind: 'totp' | 'phone' } | null {
  const children = (s as MfaSettingsSnapshot).children as Record<string, AnyActorRef | undefined>;
  if (children.totpEnrollment) return { ref: children.totpEnrollment, kind: 'totp' };
  if (children.phoneVerification) return { ref: children.phoneVerification, kind: 'phone' };
  return null;
}

const TOTP_SRCS = new Set(totpActors);
const PHONE_SRCS = new Set(phoneActors);

export const settingsSpec: MachineSpec = {
  name: 'mfaSettings',
  build: (fakes) =>
    mfaSettingsMachine.provide({
      actors: {
        ...fakes.actors(['loadMfaStatus', 'updateMfaPreference']),
        totpEnrollment: totpSpec.build(fakes),
        phoneVerification: phoneSpec.build(fakes),
      } as never,
    }),
  input: (generated) => generated,
  answers: { loadMfaStatus: STATUSES, updateMfaPreference: [undefined], ...totpAnswers, ...phoneAnswers },
  connect: (snapshot, send) => connectMfaSettings(snapshot as MfaSettingsSnapshot, send as never) as unknown as AnyView,
  child: (s) => {
    const child = childOf(s);
    if (!child) return null;
    const { ref, kind } = child;
    return {
      ref,
      connect: (send) =>
        (kind === 'totp'
          ? connectTotpEnrollment(ref.getSnapshot() as TotpEnrollmentSnapshot, send as never)
          : connectPhoneVerification(ref.getSnapshot() as PhoneVerificationSnapshot, send as never)) as unknown as AnyView,
    };
  },
  secretFields: codeSecret,
  answerSecrets: totpAnswerSecrets,
  allowedSecrets: (s) => {
    const child = childOf(s);
    if (child?.ref.getSnapshot().status !== 'active') return new Set();
    const snapshot = child.ref.getSnapshot() as AnyMachineSnapshot;
    return child.kind === 'totp' ? totpAllowed(snapshot) : phoneAllowed(snapshot);
  },
  attempts: (s) => {
    const child = childOf(s);
    if (child?.kind !== 'totp') return [];
    const c = child.ref.getSnapshot().context as { attemptsLeft: unknown; maxAttempts: number };
    return [{ name: 'totpEnrollment context.attemptsLeft', left: c.attemptsLeft, max: c.maxAttempts }];
  },
  checkCall: (call) => {
    if (TOTP_SRCS.has(call.src)) return totpCall(call);
    if (PHONE_SRCS.has(call.src)) return phoneCall(call);
    if (call.src === 'updateMfaPreference') {
      const change = inputOf(call.input);
      const entries = Object.entries(change);
      if (entries.length === 0) return 'an empty change';
      for (const [k, v] of entries) {
        if (!['sms', 'totp', 'email'].includes(k)) return `unknown method key ${k}`;
        if (!['ENABLED', 'DISABLED', 'PREFERRED', 'NOT_PREFERRED'].includes(v as string)) return `${k}: ${String(v)} is not a preference`;
      }
    }
    return null;
  },
  callTimeoutMs: () => DEFAULTS.callTimeoutMs,
};

// ---------------------------------------------------------------- passkeys

const PASSKEY = (n: number): Passkey => ({
  id: `pk-${n}`,
  name: `Key ${n}`,
  relyingPartyId: 'localhost',
  createdAt: null,
  attachment: n % 2 ? 'platform' : 'cross-platform',
});
/** None, one, two, and the 20 Cognito keeps at most. */
const PASSKEY_LISTS: readonly Passkey[][] = [
  [],
  [PASSKEY(1)],
  [PASSKEY(1), PASSKEY(2)],
  Array.from({ length: 20 }, (_, i) => PASSKEY(i + 1)),
];

/** Issue 11's passkey error codes, as the README lists them. */
const PASSKEY_CODES: ReadonlySet<string> = new Set([
  'PASSKEY_CANCELLED',
  'PASSKEY_TIMEOUT',
  'PASSKEY_UNSUPPORTED',
  'PASSKEY_EXISTS',
  'PASSKEY_WRONG_SITE',
  'PASSKEY_NOT_ENABLED',
  'PASSKEY_EXPIRED',
  'PASSKEY_LIMIT',
  'PASSKEY_FAILED',
]);

const passkeysEvents = fc.oneof(
  { weight: 3, arbitrary: event('PASSKEY.ADD') },
  { weight: 3, arbitrary: event('PASSKEY.DELETE', { id: field(fc.constantFrom('pk-1', 'pk-2', 'pk-20')) }) },
  { weight: 3, arbitrary: event('PASSKEY.DELETE_CONFIRM') },
  { weight: 1, arbitrary: event('PASSKEYS.RELOAD') },
  { weight: 1, arbitrary: fc.oneof(event('FLOW.CANCEL'), event('NOT.AN.EVENT')) },
);

const passkeysInput = fc.record({ supported: fc.boolean() }, { requiredKeys: [] });

export const passkeysSpec: MachineSpec = {
  name: 'passkeys',
  build: (fakes) =>
    passkeysMachine.provide({
      actors: fakes.actors(['listPasskeys', 'registerPasskey', 'readSignIn', 'adoptSession', 'deletePasskey']) as never,
    }),
  input: (generated) => generated,
  answers: {
    listPasskeys: PASSKEY_LISTS,
    registerPasskey: [undefined],
    // Signed in just now (the delete goes ahead) or at the epoch (the user must sign in again; the sign-in flow is not provided here).
    readSignIn: [
      { userId: 'u-1', loginId: 'pat@example.com', authTime: 4_102_444_800_000 },
      { userId: 'u-1', loginId: 'pat@example.com', authTime: 0 },
    ],
    adoptSession: [undefined],
    deletePasskey: [undefined],
  },
  connect: (snapshot, send) => connectPasskeys(snapshot as PasskeysSnapshot, send as never) as unknown as AnyView,
  secretFields: () => [],
  answerSecrets: () => [],
  allowedSecrets: () => new Set(),
  attempts: () => [],
  checkCall: (call, snapshot) => {
    const i = inputOf(call.input);
    if (call.src === 'deletePasskey') {
      // Only a passkey Cognito listed is ever deleted.
      const listed = (snapshot.context as { passkeys: readonly Passkey[] | null }).passkeys ?? [];
      return listed.some((p) => p.id === i.id) ? null : `deletePasskey for ${String(i.id)}, which is not listed`;
    }
    return null;
  },
  callTimeoutMs: () => DEFAULTS.callTimeoutMs,
  ownError: (e) => {
    const { code, message, name, retryable } = (e ?? {}) as Record<string, unknown>;
    return (
      PASSKEY_CODES.has(code as string) &&
      typeof message === 'string' &&
      message !== '' &&
      typeof name === 'string' &&
      typeof retryable === 'boolean'
    );
  },
};

export interface MachineUnderTest {
  readonly spec: MachineSpec;
  /** The traversal model whose generated paths warm runs up (src/diagram/models.ts). */
  readonly model: CatalogueModel;
  readonly input: fc.Arbitrary<Record<string, unknown>>;
  readonly events: fc.Arbitrary<AnyEventObject>;
  readonly childEvents?: fc.Arbitrary<AnyEventObject>;
  readonly delays: readonly number[];
}

function modelNamed(name: string): CatalogueModel {
  const m = MODELS.find((x) => x.name === name);
  if (!m) throw new Error(`no traversal model for ${name}`);
  return m;
}

const printedInput = <T extends Record<string, unknown>>(arb: fc.Arbitrary<T>) =>
  arb.map((i) => printed({ ...i }, `input ${fc.stringify({ ...i })}`) as Record<string, unknown>);

const MACHINES: readonly MachineUnderTest[] = [
  {
    spec: signInSpec,
    model: modelNamed('signIn'),
    input: printedInput(signInInput),
    events: signInEvents,
    delays: [DEFAULTS.challengeTimeoutMs, DEFAULTS.callTimeoutMs, DEFAULTS.resendCooldownMs, 60_000, 5_000, 1_000],
  },
  {
    spec: passwordlessSpec,
    model: modelNamed('passwordlessSignIn'),
    input: printedInput(passwordlessInput),
    events: passwordlessEvents,
    delays: [DEFAULTS.challengeTimeoutMs, DEFAULTS.callTimeoutMs, DEFAULTS.resendCooldownMs, 120_000, 5_000, 1_000],
  },
  {
    spec: totpSpec,
    model: modelNamed('totpEnrollment'),
    input: printedInput(totpInput),
    events: totpEvents,
    delays: [DEFAULTS.callTimeoutMs],
  },
  {
    spec: phoneSpec,
    model: modelNamed('phoneVerification'),
    input: printedInput(phoneInput),
    events: phoneEvents,
    delays: [DEFAULTS.callTimeoutMs, DEFAULTS.resendCooldownMs, 1_000],
  },
  {
    spec: settingsSpec,
    model: modelNamed('mfaSettings'),
    input: printedInput(settingsInput),
    events: settingsEvents,
    childEvents: fc.oneof(totpEvents, phoneEvents),
    delays: [DEFAULTS.callTimeoutMs, DEFAULTS.resendCooldownMs],
  },
  {
    spec: passkeysSpec,
    model: modelNamed('passkeys'),
    input: printedInput(passkeysInput),
    events: passkeysEvents,
    delays: [DEFAULTS.callTimeoutMs],
  },
];

export function machineNamed(name: string): MachineUnderTest {
  const m = MACHINES.find((x) => x.spec.name === name);
  if (!m) throw new Error(`no property spec for ${name}`);
  return m;
}
