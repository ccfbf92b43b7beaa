/**
 * What a failed passkey ceremony or a refused passkey means, as a typed error
 * a screen can act on (offer another method, say the browser cannot). Pure:
 * the passkeys machine and `amplify-mfa-flow/passkeys` share it. The codes
 * are the passkey sign-in's too (`machines/shared/passkey.ts`): the same
 * failure has the same code, and the same text, in both flows.
 */
import type { FlowError } from '../shared/errors.js';
import { isFlowError, toFlowError } from '../shared/errors.js';
import { RETRYABLE_PASSKEY, passkeyCodeOfName, passkeyNameOf, read } from '../shared/passkey.js';
import type { PasskeyErrorCode, PasskeyNames } from '../shared/passkey.js';

export type { PasskeyErrorCode };

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
  PASSKEY_CANCELLED: 'The passkey request was cancelled. Try again, or choose another way to sign in.',
  PASSKEY_TIMEOUT: 'The passkey request timed out. Try again, or choose another way to sign in.',
  PASSKEY_UNSUPPORTED: 'This browser or device cannot use passkeys. Choose another way to sign in.',
  PASSKEY_WRONG_SITE: 'Passkeys for this app cannot be used on this site.',
  PASSKEY_EXISTS: 'This device already has a passkey for your account.',
  PASSKEY_NOT_ENABLED: 'This app does not offer passkeys.',
  PASSKEY_EXPIRED: 'That took too long. Try again.',
  PASSKEY_LIMIT: 'You have as many passkeys as an account can have. Delete one first.',
  PASSKEY_FAILED: 'The passkey could not be used. Try again, or choose another way to sign in.',
};

/** A passkey error with its default text; `name` is what it was raised as. */
export function passkeyError(code: PasskeyErrorCode, name: string = code): PasskeyError {
  return { code, message: PASSKEY_ERROR_MESSAGES[code], name, retryable: RETRYABLE_PASSKEY.has(code) };
}

// What only a registration, or Cognito's passkey calls, fail with; the ceremony's names are the sign-in's too.
const REGISTRATION: PasskeyNames = {
  PasskeyRegistrationCanceled: 'PASSKEY_CANCELLED',
  WebAuthnOriginNotAllowedException: 'PASSKEY_WRONG_SITE',
  WebAuthnRelyingPartyMismatchException: 'PASSKEY_WRONG_SITE',
  PasskeyAlreadyExists: 'PASSKEY_EXISTS',
  WebAuthnNotEnabledException: 'PASSKEY_NOT_ENABLED',
  WebAuthnConfigurationMissingException: 'PASSKEY_NOT_ENABLED',
  WebAuthnChallengeNotFoundException: 'PASSKEY_EXPIRED',
  PasskeyRegistrationFailed: 'PASSKEY_FAILED',
  InvalidPasskeyRegistrationOptions: 'PASSKEY_FAILED',
  WebAuthnCredentialNotSupportedException: 'PASSKEY_FAILED',
  WebAuthnClientMismatchException: 'PASSKEY_FAILED',
};

/**
 * What a passkey failure means, or null when the error is not about passkeys
 * (a network failure, a signed-out user: map those as any other call's error).
 * Read by its name (`passkeyCodeOfName`, the sign-in's mapping too, with the
 * names only a registration meets). aws-amplify wraps a browser error it does
 * not know as `Unknown` with the browser's underneath: that name is read, and is
 * the error's `name`; an `Unknown` whose name says nothing known is
 * PASSKEY_FAILED here, since every call of this flow is a passkey call.
 */
export function toPasskeyError(e: unknown): PasskeyError | null {
  const outer = passkeyNameOf(e);
  const name = (outer === 'Unknown' && passkeyNameOf(read(e, 'underlyingError'))) || outer;
  const code =
    passkeyCodeOfName(e) ?? (Object.hasOwn(REGISTRATION, name) ? REGISTRATION[name] : outer === 'Unknown' ? 'PASSKEY_FAILED' : null);
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
