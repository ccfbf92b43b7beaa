/**
 * What a failed passkey ceremony or a refused passkey means, as a typed error
 * a screen can act on (offer another method, say the browser cannot). Pure:
 * the passkeys machine and `amplify-mfa-flow/passkeys` share it.
 */
import type { FlowError } from '../shared/errors.js';
import { isFlowError, toFlowError } from '../shared/errors.js';

export type PasskeyErrorCode =
  /** `NotAllowedError`: the user closed the prompt, or it timed out; browsers do not say which. */
  | 'PASSKEY_NOT_ALLOWED'
  /** `AbortError`: the ceremony was aborted (another one started, the page moved on). */
  | 'PASSKEY_ABORTED'
  /** No WebAuthn here: an old browser, or a page not served over HTTPS (localhost aside). */
  | 'PASSKEY_UNSUPPORTED'
  /** This authenticator already holds a passkey of this user (`InvalidStateError`). */
  | 'PASSKEY_EXISTS'
  /** The page is not on the pool's relying party (a `SecurityError`, or Cognito refusing the origin or relying party). */
  | 'PASSKEY_WRONG_SITE'
  /** The pool does not allow passkeys (`WebAuthnNotEnabledException`). */
  | 'PASSKEY_NOT_ENABLED'
  /** The ceremony took longer than Cognito's challenge lives (`WebAuthnChallengeNotFoundException`): start again. */
  | 'PASSKEY_EXPIRED'
  /** The user has as many passkeys as Cognito keeps (20). */
  | 'PASSKEY_LIMIT'
  /** The authenticator or Cognito could not make or check the passkey. */
  | 'PASSKEY_FAILED';

export interface PasskeyError {
  readonly code: PasskeyErrorCode;
  /** Default English text, safe to show. */
  readonly message: string;
  /** The original error name (`PasskeyRegistrationCanceled`, `WebAuthnOriginNotAllowedException`, …). */
  readonly name: string;
  /** Trying again may work. */
  readonly retryable: boolean;
}

/** What the passkeys flow shows: a passkey error, or any call's error (network, timeout, signed out). */
export type PasskeysError = PasskeyError | FlowError;

export const PASSKEY_ERROR_MESSAGES: Readonly<Record<PasskeyErrorCode, string>> = {
  PASSKEY_NOT_ALLOWED: 'The passkey prompt was closed or timed out. Try again, or use another way to sign in.',
  PASSKEY_ABORTED: 'The passkey request was interrupted. Try again.',
  PASSKEY_UNSUPPORTED: 'This browser cannot use passkeys here. Use another way to sign in.',
  PASSKEY_EXISTS: 'This device already has a passkey for your account.',
  PASSKEY_WRONG_SITE: 'Passkeys for this app cannot be used on this site.',
  PASSKEY_NOT_ENABLED: 'This app does not offer passkeys.',
  PASSKEY_EXPIRED: 'That took too long. Try again.',
  PASSKEY_LIMIT: 'You have as many passkeys as an account can have. Delete one first.',
  PASSKEY_FAILED: 'The passkey could not be used. Try again, or use another way to sign in.',
};

const RETRYABLE: ReadonlySet<PasskeyErrorCode> = new Set(['PASSKEY_NOT_ALLOWED', 'PASSKEY_ABORTED', 'PASSKEY_EXPIRED']);

/** A passkey error with its default text; `name` is what it was raised as. */
export function passkeyError(code: PasskeyErrorCode, name: string = code): PasskeyError {
  return { code, message: PASSKEY_ERROR_MESSAGES[code], name, retryable: RETRYABLE.has(code) };
}

// aws-amplify's PasskeyError names (registration and sign-in), the browser's DOMException names, and Cognito's.
const BY_NAME: Readonly<Record<string, PasskeyErrorCode>> = {
  PasskeyRegistrationCanceled: 'PASSKEY_NOT_ALLOWED',
  PasskeyAuthenticationCanceled: 'PASSKEY_NOT_ALLOWED',
  NotAllowedError: 'PASSKEY_NOT_ALLOWED',
  PasskeyOperationAborted: 'PASSKEY_ABORTED',
  AbortError: 'PASSKEY_ABORTED',
  PasskeyNotSupported: 'PASSKEY_UNSUPPORTED',
  NotSupportedError: 'PASSKEY_UNSUPPORTED',
  PasskeyAlreadyExists: 'PASSKEY_EXISTS',
  InvalidStateError: 'PASSKEY_EXISTS',
  RelyingPartyMismatch: 'PASSKEY_WRONG_SITE',
  SecurityError: 'PASSKEY_WRONG_SITE',
  WebAuthnOriginNotAllowedException: 'PASSKEY_WRONG_SITE',
  WebAuthnRelyingPartyMismatchException: 'PASSKEY_WRONG_SITE',
  WebAuthnNotEnabledException: 'PASSKEY_NOT_ENABLED',
  WebAuthnConfigurationMissingException: 'PASSKEY_NOT_ENABLED',
  WebAuthnChallengeNotFoundException: 'PASSKEY_EXPIRED',
  PasskeyRegistrationFailed: 'PASSKEY_FAILED',
  PasskeyRetrievalFailed: 'PASSKEY_FAILED',
  InvalidPasskeyRegistrationOptions: 'PASSKEY_FAILED',
  InvalidPasskeyAuthenticationOptions: 'PASSKEY_FAILED',
  WebAuthnCredentialNotSupportedException: 'PASSKEY_FAILED',
  WebAuthnClientMismatchException: 'PASSKEY_FAILED',
};

function read(e: unknown, key: 'name' | 'underlyingError' | 'passkey'): unknown {
  try {
    return (e as Record<string, unknown> | null)?.[key];
  } catch {
    return undefined;
  }
}

function nameOf(e: unknown): string {
  const name = read(e, 'name');
  return typeof name === 'string' ? name : '';
}

/**
 * What a passkey failure means, or null when the error is not about passkeys
 * (a network failure, a signed-out user: map those as any other call's error).
 * aws-amplify wraps an unrecognised browser error as `Unknown` with the
 * browser's error underneath; that one is looked at too.
 */
export function toPasskeyError(e: unknown): PasskeyError | null {
  let name = nameOf(e);
  if (name === 'Unknown') {
    const under = nameOf(read(e, 'underlyingError'));
    name = Object.hasOwn(BY_NAME, under) ? under : name;
  }
  const code = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : name === 'Unknown' ? 'PASSKEY_FAILED' : undefined;
  return code ? passkeyError(code, name) : null;
}

const CODES: ReadonlySet<string> = new Set(Object.keys(PASSKEY_ERROR_MESSAGES));

export function isPasskeyError(e: unknown): e is PasskeyError {
  try {
    const { code, message, name, retryable } = (e ?? {}) as Partial<Record<keyof PasskeyError, unknown>>;
    return (
      typeof code === 'string' &&
      CODES.has(code) &&
      typeof message === 'string' &&
      typeof name === 'string' &&
      typeof retryable === 'boolean'
    );
  } catch {
    return false;
  }
}

/**
 * Anything a passkey call threw, as the flow shows it: the typed passkey error
 * an actor attached (`PasskeyCeremonyError.passkey`), a passkey failure by its
 * name, else the call's error as every flow maps it (network, timeout, …).
 */
export function toPasskeysError(e: unknown): PasskeysError {
  const attached = read(e, 'passkey');
  if (isPasskeyError(attached)) return attached;
  if (isPasskeyError(e) || isFlowError(e)) return e;
  return toPasskeyError(e) ?? toFlowError(e);
}
