/**
 * The typed error taxonomy every machine speaks. Remote errors are mapped from
 * the Cognito exception name that aws-amplify puts on `AuthError.name`; local
 * validation errors are raised before any call. Unknown errors get a generic
 * message; their original name and text go to `name` and `detail` only.
 */
import type { PasskeyErrorCode } from './passkey.js';

export type LocalErrorCode =
  | 'USERNAME_REQUIRED'
  | 'USERNAME_INVALID'
  | 'PASSWORD_REQUIRED'
  | 'INPUT_TOO_LONG'
  | 'CODE_FORMAT'
  | 'PHONE_FORMAT'
  | 'EMAIL_FORMAT'
  | 'METHOD_NOT_ALLOWED'
  | 'LAST_METHOD_REQUIRED'
  /** The user gave up signing in again before a sensitive change: nothing was changed. */
  | 'REAUTH_CANCELLED'
  /** Signing in again did not prove it is this user, just now: nothing was changed. */
  | 'REAUTH_FAILED'
  /** An event arrived with data the machine cannot use (an unknown method, a payload of the wrong type). */
  | 'INVALID_EVENT';

export type RemoteErrorCode =
  | 'WRONG_CREDENTIALS'
  | 'WRONG_CODE'
  | 'CODE_EXPIRED'
  | 'SESSION_EXPIRED'
  | 'LOCKED_OUT'
  | 'TOO_MANY_REQUESTS'
  | 'LIMIT_EXCEEDED'
  | 'USER_NOT_CONFIRMED'
  | 'PASSWORD_RESET_REQUIRED'
  | 'ALREADY_SIGNED_IN'
  /** Amplify holds another user's session on this page. */
  | 'OTHER_USER_SIGNED_IN'
  | 'INVALID_PASSWORD'
  | 'INVALID_PARAMETER'
  | 'ALIAS_EXISTS'
  | 'CODE_DELIVERY_FAILED'
  | 'MFA_METHOD_NOT_FOUND'
  | 'TOTP_SETUP_FAILED'
  | 'NETWORK'
  /** The call did not answer in time (see `callTimeoutMs`); trying again may work. */
  | 'TIMEOUT'
  /** The session is gone (token revoked or expired, signed out elsewhere): sign in again. */
  | 'SIGNED_OUT'
  | 'UNSUPPORTED_STEP'
  /** Signed in, but "Remember this device" failed: the next sign-in here asks for a code again. */
  | 'DEVICE_NOT_REMEMBERED'
  | 'UNKNOWN';

/**
 * The passwordless sign-in's own codes (`amplify-mfa-flow/passwordless`): the passkey ceremony's outcomes, in the
 * vocabulary passkey management shares (`PasskeyErrorCode`, machines/shared/passkey.ts: the same failure has the same
 * code in both flows), and the custom challenge's empty answer. Their default text lives in that entry
 * (`PASSWORDLESS_ERROR_MESSAGES`), so an app without passwordless sign-in carries none of it. The passkey codes only
 * a registration can meet (PASSKEY_EXISTS, PASSKEY_NOT_ENABLED, PASSKEY_EXPIRED, PASSKEY_LIMIT) are not among them.
 */
export type PasswordlessErrorCode =
  | Extract<PasskeyErrorCode, 'PASSKEY_CANCELLED' | 'PASSKEY_TIMEOUT' | 'PASSKEY_UNSUPPORTED' | 'PASSKEY_WRONG_SITE' | 'PASSKEY_FAILED'>
  | 'ANSWER_REQUIRED';

/**
 * The recovery sign-in's own codes (`amplify-mfa-flow/recovery`): a recovery code of the wrong shape, one that is not
 * in the set, one already used, the last try before the lockout, and the lockout. Their default text lives in that
 * entry (`RECOVERY_ERROR_MESSAGES`), and `isRecoveryError` (not `isFlowError`) recognises them.
 */
export type RecoveryErrorCode =
  | 'RECOVERY_CODE_FORMAT'
  | 'RECOVERY_CODE_WRONG'
  | 'RECOVERY_CODE_USED'
  | 'RECOVERY_LAST_ATTEMPT'
  | 'RECOVERY_LOCKED_OUT';

/** The codes of every entry but `amplify-mfa-flow/passwordless` and `amplify-mfa-flow/recovery`; `ERROR_MESSAGES` has their text. */
export type CoreErrorCode = LocalErrorCode | RemoteErrorCode;

export type FlowErrorCode = CoreErrorCode | PasswordlessErrorCode | RecoveryErrorCode;

/** Which input an error is about, so a UI can put the message next to it. */
export type FlowErrorField = 'username' | 'password' | 'code' | 'phone' | 'email' | 'newPassword' | 'answer';

export interface FlowError {
  readonly code: FlowErrorCode;
  /** Default English text, safe to show to a user; UIs may translate by `code`. */
  readonly message: string;
  /** The original error name (e.g. `CodeMismatchException`) for remote errors. */
  readonly name?: string;
  /** The original message, for developers and logs you control: never shown by the views. */
  readonly detail?: string;
  /** Trying the same thing again may work (network, throttling). */
  readonly retryable: boolean;
  readonly field?: FlowErrorField;
}

/** The default (English) text of every code; `amplify-mfa-flow/messages` has other languages. */
export const ERROR_MESSAGES: Readonly<Record<CoreErrorCode, string>> = {
  USERNAME_REQUIRED: 'Enter your email address.',
  USERNAME_INVALID: 'Enter a valid email address.',
  PASSWORD_REQUIRED: 'Enter your password.',
  INPUT_TOO_LONG: 'That is too long.',
  CODE_FORMAT: 'Enter the 6-digit code.',
  PHONE_FORMAT: 'Enter the phone number with its country code, starting with +.',
  EMAIL_FORMAT: 'Enter a valid email address.',
  METHOD_NOT_ALLOWED: 'This app does not offer that verification method.',
  INVALID_EVENT: 'That request could not be understood. Try again.',
  LAST_METHOD_REQUIRED: 'This app requires two-step verification, so the last method cannot be turned off. Add another method first.',
  REAUTH_CANCELLED: 'Nothing was changed: sign in again to make this change.',
  REAUTH_FAILED: 'Nothing was changed: signing in again did not confirm it is you.',
  WRONG_CREDENTIALS: 'Incorrect email or password.',
  WRONG_CODE: 'That code is not right. Check it and try again.',
  CODE_EXPIRED: 'That code has expired. Ask for a new one.',
  SESSION_EXPIRED: 'This sign-in has expired. Sign in again.',
  LOCKED_OUT: 'Too many failed attempts. Wait a moment, then sign in again.',
  TOO_MANY_REQUESTS: 'Too many requests. Wait a moment and try again.',
  LIMIT_EXCEEDED: 'Attempt limit reached. Wait a while and try again.',
  USER_NOT_CONFIRMED: 'Confirm your account first.',
  PASSWORD_RESET_REQUIRED: 'You need to reset your password.',
  ALREADY_SIGNED_IN: 'You are already signed in.',
  OTHER_USER_SIGNED_IN: 'Someone else is signed in on this device. Sign them out to continue.',
  INVALID_PASSWORD: 'That password does not meet the requirements.',
  INVALID_PARAMETER: 'The request was not accepted.',
  ALIAS_EXISTS: 'That is already used by another account.',
  CODE_DELIVERY_FAILED: 'The code could not be sent. Check the number and try again.',
  MFA_METHOD_NOT_FOUND: 'That verification method is not set up for this account.',
  TOTP_SETUP_FAILED: 'The authenticator app could not be set up. Start again.',
  NETWORK: 'Could not reach the server. Check your connection and try again.',
  TIMEOUT: 'The server did not answer in time. Try again.',
  SIGNED_OUT: 'You have been signed out. Sign in again.',
  UNSUPPORTED_STEP: 'This sign-in step is not supported here.',
  DEVICE_NOT_REMEMBERED: 'This device was not remembered.',
  UNKNOWN: 'Something went wrong.',
};

const RETRYABLE: ReadonlySet<CoreErrorCode> = new Set(['NETWORK', 'TOO_MANY_REQUESTS', 'TIMEOUT']);

export function flowError(
  code: CoreErrorCode,
  extra: { message?: string; name?: string; field?: FlowErrorField; detail?: string } = {},
): FlowError {
  return {
    code,
    message: extra.message ?? ERROR_MESSAGES[code],
    retryable: RETRYABLE.has(code),
    ...(extra.name ? { name: extra.name } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
    ...(extra.field ? { field: extra.field } : {}),
  };
}

const BY_NAME: Readonly<Record<string, CoreErrorCode>> = {
  CodeMismatchException: 'WRONG_CODE',
  ExpiredCodeException: 'CODE_EXPIRED',
  UserNotFoundException: 'WRONG_CREDENTIALS',
  UserNotConfirmedException: 'USER_NOT_CONFIRMED',
  PasswordResetRequiredException: 'PASSWORD_RESET_REQUIRED',
  UserAlreadyAuthenticatedException: 'ALREADY_SIGNED_IN',
  TooManyRequestsException: 'TOO_MANY_REQUESTS',
  ThrottlingException: 'TOO_MANY_REQUESTS',
  TooManyFailedAttemptsException: 'LOCKED_OUT',
  LimitExceededException: 'LIMIT_EXCEEDED',
  InvalidPasswordException: 'INVALID_PASSWORD',
  InvalidParameterException: 'INVALID_PARAMETER',
  AliasExistsException: 'ALIAS_EXISTS',
  CodeDeliveryFailureException: 'CODE_DELIVERY_FAILED',
  MFAMethodNotFoundException: 'MFA_METHOD_NOT_FOUND',
  SoftwareTokenMFANotFoundException: 'MFA_METHOD_NOT_FOUND',
  EnableSoftwareTokenMFAException: 'WRONG_CODE',
  NetworkError: 'NETWORK',
  TimeoutError: 'TIMEOUT',
  // aws-amplify throws these when no user is signed in (any more) on this device.
  UserUnAuthenticatedException: 'SIGNED_OUT',
  NoSessionException: 'SIGNED_OUT',
};

/** A property read that cannot throw (getters, proxies, revoked objects). */
function read(e: object, key: 'name' | 'message'): unknown {
  try {
    return (e as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

const MAX_DETAIL = 500;

function describe(e: unknown): { name: string; message: string } {
  if (e && typeof e === 'object') {
    const name = read(e, 'name');
    const message = read(e, 'message');
    return {
      name: typeof name === 'string' && name ? name.slice(0, 100) : 'Error',
      message: typeof message === 'string' ? message.slice(0, MAX_DETAIL) : '',
    };
  }
  if (typeof e === 'string') return { name: 'Error', message: e.slice(0, MAX_DETAIL) };
  return { name: 'Error', message: '' };
}

/**
 * Maps anything an actor threw onto a FlowError. `NotAuthorizedException`
 * means three things in Cognito, told apart only by its message.
 */
export function toFlowError(e: unknown): FlowError {
  if (isFlowError(e)) return e;
  const { name, message } = describe(e);
  const detail = message || undefined;
  if (name === 'NotAuthorizedException') {
    if (/attempts exceeded/i.test(message)) return flowError('LOCKED_OUT', { name, detail });
    // An access or refresh token that was revoked (global sign-out) or has expired: the user is no longer signed in.
    if (/token/i.test(message)) return flowError('SIGNED_OUT', { name, detail });
    if (/session/i.test(message)) return flowError('SESSION_EXPIRED', { name, detail });
    return flowError('WRONG_CREDENTIALS', { name, detail });
  }
  // fetch() failures surface as TypeError ("Failed to fetch", "fetch failed") when Amplify does not wrap them.
  if (name === 'TypeError' && /fetch|network/i.test(message)) return flowError('NETWORK', { name, detail });
  const code = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  // Unknown errors keep their name and text for developers only: the message a user sees is always ours.
  return flowError(code ?? 'UNKNOWN', { name, detail });
}

// The passwordless codes are FlowErrors too (their text is in amplify-mfa-flow/passwordless, not here).
const CODES: ReadonlySet<string> = new Set([
  ...Object.keys(ERROR_MESSAGES),
  ...'PASSKEY_CANCELLED PASSKEY_TIMEOUT PASSKEY_WRONG_SITE PASSKEY_UNSUPPORTED PASSKEY_FAILED ANSWER_REQUIRED RECOVERY_CODE_FORMAT RECOVERY_CODE_WRONG RECOVERY_CODE_USED RECOVERY_LAST_ATTEMPT RECOVERY_LOCKED_OUT'.split(
    ' ',
  ),
]);

export function isFlowError(e: unknown): e is FlowError {
  if (!e || typeof e !== 'object') return false;
  try {
    const { code, message, retryable } = e as { code?: unknown; message?: unknown; retryable?: unknown };
    // The set holds only strings, so it answers for the code's type too.
    return CODES.has(code as string) && typeof message === 'string' && typeof retryable === 'boolean';
  } catch {
    return false;
  }
}

/** Errors after which the same challenge cannot be answered again. */
export function isLockout(e: FlowError): boolean {
  return e.code === 'LOCKED_OUT' || e.code === 'TOO_MANY_REQUESTS' || e.code === 'LIMIT_EXCEEDED';
}

/** The FlowError carried by an invoked actor's error event. */
export function errorOfEvent(event: unknown): FlowError {
  return toFlowError((event as { error?: unknown }).error);
}
