/** Traversal models of the three MFA management machines (see model.ts). */
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import type { PhoneVerificationInput } from '../../machines/phoneVerification/phoneVerification.types.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import type { TotpEnrollmentInput } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import { defineModel } from './model.js';
import { SAMPLE } from './signIn.model.js';

const fail = (name: string, message: string, label: string) => ({ value: { name, message }, label });
const CALL_TIMEOUT = 'the call does not answer in time';

export const MFA_ERRORS = {
  network: fail('NetworkError', 'A network error has occurred.', 'the network fails'),
  wrongCode: fail('CodeMismatchException', 'Invalid code received for user', 'Cognito says the code is wrong'),
  expiredCode: fail('ExpiredCodeException', 'Invalid code provided, please request a code again.', 'Cognito says the code has expired'),
  limitExceeded: fail(
    'LimitExceededException',
    'Attempt limit exceeded, please try after some time.',
    'Cognito says the attempt limit is reached',
  ),
  aliasExists: fail(
    'AliasExistsException',
    'An account with the given phone_number already exists.',
    'Cognito says another account has this number',
  ),
  deliveryFailed: fail('CodeDeliveryFailureException', 'Unable to deliver message.', 'Cognito cannot text the number'),
  qrFailed: fail('Error', 'QR encoding failed', 'the QR code cannot be drawn'),
} as const;

export const TOTP_INPUT: TotpEnrollmentInput = { totpIssuer: 'amplify-mfa-flow', accountName: SAMPLE.username, preference: 'PREFERRED' };

export const totpEnrollment = defineModel<TotpEnrollmentInput>({
  machine: totpEnrollmentMachine,
  input: TOTP_INPUT,
  userEvents: [
    { event: { type: 'CODE.SUBMIT', code: SAMPLE.code }, label: `enter the 6-digit code ${SAMPLE.code} from the app and submit` },
    { event: { type: 'CODE.SUBMIT', code: '12345' }, label: 'enter a 5-digit code (12345) and submit' },
    { event: { type: 'FLOW.RETRY' }, label: 'try again' },
    { event: { type: 'FLOW.RESTART' }, label: 'start again with a new secret' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed' },
  ],
  outcomes: {
    setUpTotp: { done: [{ value: SAMPLE.totpSetup, label: 'Cognito issues a secret' }], errors: [MFA_ERRORS.network] },
    createQrCode: { done: [{ value: SAMPLE.qrDataUrl, label: 'the QR code is drawn' }], errors: [MFA_ERRORS.qrFailed] },
    verifyTotp: {
      done: [{ value: undefined, label: 'Cognito accepts the code' }],
      errors: [MFA_ERRORS.wrongCode, MFA_ERRORS.limitExceeded, MFA_ERRORS.network],
    },
    setTotpPreference: { done: [{ value: undefined, label: 'Cognito saves the preference' }], errors: [MFA_ERRORS.network] },
    // Hub events arrive as the user events above; the listener itself never ends.
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: CALL_TIMEOUT },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { attemptsLeft: number }).attemptsLeft]),
});

const PHONE_INPUT: PhoneVerificationInput = { enableSmsMfa: 'ENABLED', now: () => 0 };

export const phoneVerification = defineModel<PhoneVerificationInput>({
  machine: phoneVerificationMachine,
  input: PHONE_INPUT,
  userEvents: [
    { event: { type: 'PHONE.SUBMIT', phone: '+1 (555) 010-0101' }, label: 'enter +1 (555) 010-0101 and submit' },
    { event: { type: 'PHONE.SUBMIT', phone: '555 0101' }, label: 'enter 555 0101 (no country code) and submit' },
    { event: { type: 'PHONE.CHANGE' }, label: 'change the number' },
    { event: { type: 'CODE.SUBMIT', code: SAMPLE.code }, label: `enter the texted code ${SAMPLE.code} and submit` },
    { event: { type: 'CODE.SUBMIT', code: '12345' }, label: 'enter a 5-digit code (12345) and submit' },
    { event: { type: 'CODE.RESEND' }, label: 'ask for a new code' },
    { event: { type: 'FLOW.RETRY' }, label: 'try again' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed' },
  ],
  outcomes: {
    updatePhone: {
      done: [
        { value: { codeSent: true, codeDelivery: SAMPLE.smsDelivery }, label: 'Cognito saves the number and texts a code' },
        { value: { codeSent: false, codeDelivery: null }, label: 'Cognito saves the number without sending a code' },
      ],
      errors: [MFA_ERRORS.aliasExists, MFA_ERRORS.deliveryFailed, MFA_ERRORS.limitExceeded, MFA_ERRORS.network],
    },
    sendPhoneCode: { done: [{ value: SAMPLE.smsDelivery, label: 'Cognito texts a code' }], errors: [MFA_ERRORS.limitExceeded] },
    confirmPhone: {
      done: [{ value: undefined, label: 'Cognito verifies the number' }],
      errors: [MFA_ERRORS.wrongCode, MFA_ERRORS.expiredCode],
    },
    enableSmsMfa: { done: [{ value: undefined, label: 'Cognito turns SMS MFA on' }], errors: [MFA_ERRORS.network] },
    authEvents: { done: [], errors: [] },
  },
  delays: { resendCooldown: 'wait until a new code may be sent (30 s)', callTimeout: CALL_TIMEOUT },
  firstDelay: 'callTimeout',
  variants: [
    { name: 'SMS MFA is turned on once the number is verified (enableSmsMfa: ENABLED)', input: PHONE_INPUT },
    { name: 'only the number is verified (enableSmsMfa: false)', input: { ...PHONE_INPUT, enableSmsMfa: false } },
  ],
});

const statusOf = (enabled: MfaStatus['enabled'], preferred: MfaStatus['preferred'], phoneVerified: boolean): MfaStatus => ({
  enabled,
  preferred,
  phone: phoneVerified ? '+15550100101' : null,
  phoneVerified,
});

export const SETTINGS_INPUT: MfaSettingsInput = {
  capabilities: { mfaMode: 'REQUIRED', mfaMethods: ['SMS', 'TOTP'] },
  totpIssuer: 'amplify-mfa-flow',
  accountName: SAMPLE.username,
};

const SETTINGS_STATUSES = {
  none: statusOf([], null, false),
  totpOnly: statusOf(['TOTP'], 'TOTP', false),
  bothTotpPreferred: statusOf(['TOTP', 'SMS'], 'TOTP', true),
  phoneNoSms: statusOf(['TOTP'], 'TOTP', true),
} as const;

export const mfaSettings = defineModel<MfaSettingsInput>({
  machine: mfaSettingsMachine,
  input: SETTINGS_INPUT,
  userEvents: [
    { event: { type: 'ENROLL.TOTP' }, label: 'choose to set up an authenticator app' },
    { event: { type: 'ENROLL.SMS' }, label: 'choose to set up SMS' },
    { event: { type: 'PREFERRED.SET', method: 'SMS' }, label: 'make SMS the preferred method' },
    { event: { type: 'PREFERRED.SET', method: 'TOTP' }, label: 'make the authenticator app the preferred method' },
    { event: { type: 'METHOD.DISABLE', method: 'TOTP' }, label: 'turn the authenticator app off' },
    { event: { type: 'METHOD.DISABLE', method: 'SMS' }, label: 'turn SMS off' },
    // What a plain-JavaScript page can send: refused with a typed error, never silently ignored.
    { event: { type: 'PREFERRED.SET', method: 'FAX' as never }, label: 'ask to prefer an unknown method (FAX)' },
    { event: { type: 'METHOD.DISABLE', method: 'FAX' as never }, label: 'ask to turn off an unknown method (FAX)' },
    { event: { type: 'SETTINGS.RELOAD' }, label: 'reload' },
    { event: { type: 'FLOW.CANCEL' }, label: 'stop waiting' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed' },
  ],
  outcomes: {
    loadMfaStatus: {
      done: [
        { value: SETTINGS_STATUSES.none, label: 'Cognito reports no method' },
        { value: SETTINGS_STATUSES.totpOnly, label: 'Cognito reports TOTP only (preferred), no phone' },
        { value: SETTINGS_STATUSES.phoneNoSms, label: 'Cognito reports TOTP (preferred) and a verified phone without SMS MFA' },
        { value: SETTINGS_STATUSES.bothTotpPreferred, label: 'Cognito reports TOTP (preferred) and SMS' },
      ],
      errors: [MFA_ERRORS.network],
    },
    updateMfaPreference: { done: [{ value: undefined, label: 'Cognito saves the change' }], errors: [MFA_ERRORS.network] },
    totpEnrollment: {
      done: [
        { value: { status: 'enrolled' }, label: 'the enrollment flow ends enrolled' },
        { value: { status: 'cancelled' }, label: 'the enrollment flow is cancelled' },
        { value: { status: 'signedOut' }, label: 'the enrollment flow ends signed out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the enrollment flow fails')],
    },
    phoneVerification: {
      done: [
        { value: { status: 'verified', phone: '+15550100101' }, label: 'the phone flow ends verified' },
        { value: { status: 'cancelled', phone: '' }, label: 'the phone flow is cancelled' },
        { value: { status: 'signedOut', phone: '' }, label: 'the phone flow ends signed out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the phone flow fails')],
    },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: CALL_TIMEOUT },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { status: unknown }).status]),
  variants: [
    { name: 'a REQUIRED pool with SMS and TOTP', input: SETTINGS_INPUT },
    {
      name: 'an OPTIONAL pool with SMS and TOTP',
      input: { ...SETTINGS_INPUT, capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] } },
    },
  ],
});
