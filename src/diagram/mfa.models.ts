/** Traversal models of the three MFA management machines (see model.ts). */
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import type { PhoneVerificationInput } from '../../machines/phoneVerification/phoneVerification.types.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import type { TotpEnrollmentInput } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import { defineModel } from './model.js';
import { SAMPLE } from './signIn.model.js';

const fail = (name: string, message: string, label: string, slug: string) => ({ value: { name, message }, label, slug });
const CALL_TIMEOUT = { label: 'the call does not answer in time', slug: 'timeout' };
const HUB_EVENTS = [
  { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
  { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
] as const;
export const MFA_ERRORS = {
  network: fail('NetworkError', 'A network error has occurred.', 'the network fails', 'network-error'),
  wrongCode: fail('CodeMismatchException', 'Invalid code received for user', 'Cognito says the code is wrong', 'wrong'),
  expiredCode: fail(
    'ExpiredCodeException',
    'Invalid code provided, please request a code again.',
    'Cognito says the code has expired',
    'code-expired',
  ),
  limitExceeded: fail(
    'LimitExceededException',
    'Attempt limit exceeded, please try after some time.',
    'Cognito says the attempt limit is reached',
    'limit-exceeded',
  ),
  aliasExists: fail(
    'AliasExistsException',
    'An account with the given phone_number already exists.',
    'Cognito says another account has this number',
    'phone-taken',
  ),
  deliveryFailed: fail('CodeDeliveryFailureException', 'Unable to deliver message.', 'Cognito cannot text the number', 'not-delivered'),
  qrFailed: fail('Error', 'QR encoding failed', 'the QR code cannot be drawn', 'qr-failed'),
} as const;

export const TOTP_INPUT: TotpEnrollmentInput = { totpIssuer: 'amplify-mfa-flow', accountName: SAMPLE.username, preference: 'PREFERRED' };

export const totpEnrollment = defineModel<TotpEnrollmentInput>({
  machine: totpEnrollmentMachine,
  input: TOTP_INPUT,
  userEvents: [
    {
      event: { type: 'CODE.SUBMIT', code: SAMPLE.code },
      label: `enter the 6-digit code ${SAMPLE.code} from the app and submit`,
      slug: 'code',
    },
    { event: { type: 'CODE.SUBMIT', code: '12345' }, label: 'enter a 5-digit code (12345) and submit', slug: 'short-code' },
    { event: { type: 'FLOW.RETRY' }, label: 'try again', slug: 'retry' },
    { event: { type: 'FLOW.RESTART' }, label: 'start again with a new secret', slug: 'restart' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel', slug: 'cancel' },
    ...HUB_EVENTS,
  ],
  outcomes: {
    setUpTotp: { done: [{ value: SAMPLE.totpSetup, label: 'Cognito issues a secret', slug: 'secret' }], errors: [MFA_ERRORS.network] },
    createQrCode: { done: [{ value: SAMPLE.qrDataUrl, label: 'the QR code is drawn', slug: 'qr' }], errors: [MFA_ERRORS.qrFailed] },
    verifyTotp: {
      done: [{ value: undefined, label: 'Cognito accepts the code', slug: 'verified' }],
      errors: [MFA_ERRORS.wrongCode, MFA_ERRORS.limitExceeded, MFA_ERRORS.network],
    },
    setTotpPreference: { done: [{ value: undefined, label: 'Cognito saves the preference', slug: 'saved' }], errors: [MFA_ERRORS.network] },
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
    { event: { type: 'PHONE.SUBMIT', phone: '+1 (555) 010-0101' }, label: 'enter +1 (555) 010-0101 and submit', slug: 'phone' },
    { event: { type: 'PHONE.SUBMIT', phone: '555 0101' }, label: 'enter 555 0101 (no country code) and submit', slug: 'bad-phone' },
    { event: { type: 'PHONE.CHANGE' }, label: 'change the number', slug: 'change-phone' },
    { event: { type: 'CODE.SUBMIT', code: SAMPLE.code }, label: `enter the texted code ${SAMPLE.code} and submit`, slug: 'code' },
    { event: { type: 'CODE.SUBMIT', code: '12345' }, label: 'enter a 5-digit code (12345) and submit', slug: 'short-code' },
    { event: { type: 'CODE.RESEND' }, label: 'ask for a new code', slug: 'resend' },
    { event: { type: 'FLOW.RETRY' }, label: 'try again', slug: 'retry' },
    { event: { type: 'FLOW.CANCEL' }, label: 'cancel', slug: 'cancel' },
    ...HUB_EVENTS,
  ],
  outcomes: {
    updatePhone: {
      done: [
        {
          value: { codeSent: true, codeDelivery: SAMPLE.smsDelivery },
          label: 'Cognito saves the number and texts a code',
          slug: 'code-sent',
        },
        { value: { codeSent: false, codeDelivery: null }, label: 'Cognito saves the number without sending a code', slug: 'no-code-sent' },
      ],
      errors: [MFA_ERRORS.aliasExists, MFA_ERRORS.deliveryFailed, MFA_ERRORS.limitExceeded, MFA_ERRORS.network],
    },
    sendPhoneCode: {
      done: [{ value: SAMPLE.smsDelivery, label: 'Cognito texts a code', slug: 'code-resent' }],
      errors: [MFA_ERRORS.limitExceeded],
    },
    confirmPhone: {
      done: [{ value: undefined, label: 'Cognito verifies the number', slug: 'verified' }],
      errors: [MFA_ERRORS.wrongCode, MFA_ERRORS.expiredCode],
    },
    enableSmsMfa: { done: [{ value: undefined, label: 'Cognito turns SMS MFA on', slug: 'sms-on' }], errors: [MFA_ERRORS.network] },
    authEvents: { done: [], errors: [] },
  },
  delays: { resendCooldown: { label: 'wait until a new code may be sent (30 s)', slug: 'cooldown' }, callTimeout: CALL_TIMEOUT },
  firstDelay: 'callTimeout',
  variants: [
    { name: 'SMS MFA is turned on once the number is verified (enableSmsMfa: ENABLED)', input: PHONE_INPUT, slug: '' },
    { name: 'only the number is verified (enableSmsMfa: false)', input: { ...PHONE_INPUT, enableSmsMfa: false }, slug: 'number-only' },
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
  smsOnly: statusOf(['SMS'], 'SMS', true),
  phoneUnverified: { ...statusOf(['TOTP'], 'TOTP', false), phone: '+15550100101' },
} as const;

/**
 * When the ID token says the user signed in, as instants that are recent or old by any clock a path is replayed
 * with (the walks' simulated one, or the real one): far ahead of it, and at the epoch.
 */
export const SIGN_IN_TIMES = { justNow: 4_102_444_800_000, longAgo: 0 } as const;
const signedInAt = (userId: string, authTime: number) => ({ userId, authTime, loginId: SAMPLE.username });
/** The re-authentication flow (the sign-in machine) as its parent sees it once signed in: its state and user. */
const reauthenticatedAs = (userId: string, authTime: number) => ({
  value: 'signedIn',
  context: { user: { userId, username: userId, email: SAMPLE.username, authTime } },
});

/** What the step-up's calls answer (readSignIn, the re-authentication flow, the session kept apart, the adoption), for every flow that
 * makes a sensitive change (the MFA settings, the passkeys). */
export const STEP_UP_OUTCOMES = {
  readSignIn: {
    done: [
      {
        value: signedInAt(SAMPLE.user.userId, SIGN_IN_TIMES.justNow),
        label: 'the ID token says the user signed in just now',
        slug: 'recent',
      },
      {
        value: signedInAt(SAMPLE.user.userId, SIGN_IN_TIMES.longAgo),
        label: 'the ID token says the user signed in long ago',
        slug: 'old-sign-in',
      },
    ],
    errors: [
      fail('UserUnAuthenticatedException', 'User needs to be authenticated to call this API.', 'no ID token can be read', 'no-token'),
    ],
  },
  reauthenticate: {
    done: [],
    errors: [fail('Error', 'the flow stopped unexpectedly', 'the sign-in flow fails', 'reauth-failed')],
    snapshots: [
      {
        value: reauthenticatedAs(SAMPLE.user.userId, SIGN_IN_TIMES.justNow),
        label: 'the user signs in again (password and code)',
        slug: 'signed-in-again',
      },
      {
        value: reauthenticatedAs(SAMPLE.otherUser.userId, SIGN_IN_TIMES.justNow),
        label: 'the sign-in flow ends signed in as someone else',
        slug: 'other-user',
      },
    ],
  },
  reauthenticationSession: { done: [], errors: [] },
  adoptSession: {
    done: [{ value: undefined, label: 'the new sign-in becomes the session', slug: 'adopted' }],
    errors: [
      fail('NotAuthorizedException', 'Someone else is signed in on this page now.', 'the new sign-in cannot be adopted', 'not-adopted'),
    ],
  },
};

export const mfaSettings = defineModel<MfaSettingsInput>({
  machine: mfaSettingsMachine,
  input: SETTINGS_INPUT,
  userEvents: [
    { event: { type: 'ENROLL.TOTP' }, label: 'choose to set up an authenticator app', slug: 'set-up-totp' },
    { event: { type: 'ENROLL.SMS' }, label: 'choose to set up SMS', slug: 'set-up-sms' },
    { event: { type: 'PREFERRED.SET', method: 'SMS' }, label: 'make SMS the preferred method', slug: 'prefer-sms' },
    { event: { type: 'PREFERRED.SET', method: 'TOTP' }, label: 'make the authenticator app the preferred method', slug: 'prefer-totp' },
    { event: { type: 'METHOD.DISABLE', method: 'TOTP' }, label: 'turn the authenticator app off', slug: 'turn-off-totp' },
    { event: { type: 'METHOD.DISABLE', method: 'SMS' }, label: 'turn SMS off', slug: 'turn-off-sms' },
    // What a plain-JavaScript page can send: refused with a typed error, never silently ignored.
    { event: { type: 'PREFERRED.SET', method: 'FAX' as never }, label: 'ask to prefer an unknown method (FAX)', slug: 'prefer-fax' },
    { event: { type: 'METHOD.DISABLE', method: 'FAX' as never }, label: 'ask to turn off an unknown method (FAX)', slug: 'turn-off-fax' },
    { event: { type: 'SETTINGS.RELOAD' }, label: 'reload', slug: 'reload' },
    { event: { type: 'FLOW.CANCEL' }, label: 'stop waiting', slug: 'stop-waiting' },
    ...HUB_EVENTS,
  ],
  outcomes: {
    ...STEP_UP_OUTCOMES,
    loadMfaStatus: {
      done: [
        { value: SETTINGS_STATUSES.none, label: 'Cognito reports no method', slug: 'no-mfa' },
        { value: SETTINGS_STATUSES.totpOnly, label: 'Cognito reports TOTP only (preferred), no phone', slug: 'totp-only' },
        {
          value: SETTINGS_STATUSES.phoneNoSms,
          label: 'Cognito reports TOTP (preferred) and a verified phone without SMS MFA',
          slug: 'totp-and-phone',
        },
        { value: SETTINGS_STATUSES.bothTotpPreferred, label: 'Cognito reports TOTP (preferred) and SMS', slug: 'totp-and-sms' },
        { value: SETTINGS_STATUSES.smsOnly, label: 'Cognito reports SMS only (preferred)', slug: 'sms-only' },
        {
          value: SETTINGS_STATUSES.phoneUnverified,
          label: 'Cognito reports TOTP (preferred) and an unverified phone',
          slug: 'totp-and-unverified-phone',
        },
      ],
      errors: [MFA_ERRORS.network],
    },
    updateMfaPreference: { done: [{ value: undefined, label: 'Cognito saves the change', slug: 'saved' }], errors: [MFA_ERRORS.network] },
    totpEnrollment: {
      done: [
        { value: { status: 'enrolled' }, label: 'the enrollment flow ends enrolled', slug: 'enrolled' },
        { value: { status: 'cancelled' }, label: 'the enrollment flow is cancelled', slug: 'cancelled' },
        { value: { status: 'signedOut' }, label: 'the enrollment flow ends signed out', slug: 'signed-out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the enrollment flow fails', 'failed')],
    },
    phoneVerification: {
      done: [
        { value: { status: 'verified', phone: '+15550100101' }, label: 'the phone flow ends verified', slug: 'verified' },
        { value: { status: 'cancelled', phone: '' }, label: 'the phone flow is cancelled', slug: 'cancelled' },
        { value: { status: 'signedOut', phone: '' }, label: 'the phone flow ends signed out', slug: 'signed-out' },
      ],
      errors: [fail('Error', 'the flow stopped unexpectedly', 'the phone flow fails', 'failed')],
    },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: CALL_TIMEOUT },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { status: unknown }).status, (s.context as { pending: unknown }).pending]),
  variants: [
    { name: 'a REQUIRED pool with SMS and TOTP', input: SETTINGS_INPUT, slug: 'required' },
    {
      name: 'an OPTIONAL pool with SMS and TOTP',
      slug: 'optional',
      input: { ...SETTINGS_INPUT, capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] } },
    },
    {
      name: 'an OPTIONAL pool, for a member of a group the MFA policy gates (requireMfa)',
      slug: 'optional-require-mfa',
      input: { ...SETTINGS_INPUT, capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, requireMfa: true },
    },
  ],
});
