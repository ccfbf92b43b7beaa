/**
 * One vocabulary for passkey failures, shared by the passkey sign-in
 * (`amplify-mfa-flow/passwordless`) and passkey management
 * (`amplify-mfa-flow/passkeys`): the same failure has the same code in both,
 * whoever names it — aws-amplify (`PasskeyError` names, which wrap the
 * browser's), the browser itself (WebAuthn's `DOMException` names, for a
 * ceremony of one's own) or Cognito (its `WebAuthn*` exceptions). Pure: only
 * the two passkey entries import it, so `./machines` carries none of it.
 */

export type PasskeyErrorCode =
  /** The user closed the browser's prompt or it was aborted (`NotAllowedError`, `AbortError`; aws-amplify's `*Canceled`). Browsers report a prompt that timed out the same way. */
  | 'PASSKEY_CANCELLED'
  /** The prompt got no answer in time (`TimeoutError`, or the sign-in's own `passkeyTimeout`). */
  | 'PASSKEY_TIMEOUT'
  /** No WebAuthn here: an old browser, or a page not served over HTTPS (localhost aside). */
  | 'PASSKEY_UNSUPPORTED'
  /** The page is not on the pool's relying party (a `SecurityError`, or Cognito refusing the origin or relying party). */
  | 'PASSKEY_WRONG_SITE'
  /** This authenticator already holds a passkey of this user (`InvalidStateError`): registration only. */
  | 'PASSKEY_EXISTS'
  /** The pool does not allow passkeys (`WebAuthnNotEnabledException`). */
  | 'PASSKEY_NOT_ENABLED'
  /** The ceremony took longer than Cognito's challenge lives (`WebAuthnChallengeNotFoundException`): start again. */
  | 'PASSKEY_EXPIRED'
  /** The user has as many passkeys as Cognito keeps (20): registration only. */
  | 'PASSKEY_LIMIT'
  /** The authenticator or Cognito could not make, find or check the passkey. */
  | 'PASSKEY_FAILED';

/** A passkey failure's code by the name it is raised as. */
export type PasskeyNames = Readonly<Record<string, PasskeyErrorCode>>;

// What a ceremony fails with in either flow: aws-amplify's names for both ceremonies, and the browser's.
// Registration adds its own (aws-amplify's and Cognito's), in passkey management (machines/passkeys).
const CEREMONY: PasskeyNames = {
  PasskeyAuthenticationCanceled: 'PASSKEY_CANCELLED',
  PasskeyOperationAborted: 'PASSKEY_CANCELLED',
  NotAllowedError: 'PASSKEY_CANCELLED',
  AbortError: 'PASSKEY_CANCELLED',
  TimeoutError: 'PASSKEY_TIMEOUT',
  PasskeyNotSupported: 'PASSKEY_UNSUPPORTED',
  NotSupportedError: 'PASSKEY_UNSUPPORTED',
  RelyingPartyMismatch: 'PASSKEY_WRONG_SITE',
  SecurityError: 'PASSKEY_WRONG_SITE',
  InvalidStateError: 'PASSKEY_EXISTS',
  PasskeyRetrievalFailed: 'PASSKEY_FAILED',
  InvalidPasskeyAuthenticationOptions: 'PASSKEY_FAILED',
  UnknownError: 'PASSKEY_FAILED',
  // Chromium's "A request is already pending.": an earlier prompt of this page is still open (one the flows did not open: they close theirs).
  OperationError: 'PASSKEY_FAILED',
};

/** Worth trying again as it is: a closed or timed-out prompt, an expired challenge. */
export const RETRYABLE_PASSKEY: ReadonlySet<string> = new Set(['PASSKEY_CANCELLED', 'PASSKEY_TIMEOUT', 'PASSKEY_EXPIRED']);

/** A field of whatever was thrown, or undefined when it has none or throws on reading it. */
export function read(e: unknown, key: string): unknown {
  try {
    return (e as Record<string, unknown> | null)?.[key];
  } catch {
    // Whatever throws on reading says nothing about a passkey.
    return undefined;
  }
}

/** An error's name, or '' (for anything without one, or that throws on reading it). */
export function passkeyNameOf(e: unknown): string {
  const name = read(e, 'name');
  return typeof name === 'string' ? name : '';
}

/**
 * What a passkey ceremony's failure is, by the name it was raised as, or
 * undefined when the name is not one (a network error, a wrong code: map those
 * as any other call's; management also looks up the names only a registration
 * meets). aws-amplify wraps a browser error it does not know as `Unknown` with
 * the browser's underneath: that one is read instead.
 */
export function passkeyCodeOfName(e: unknown): PasskeyErrorCode | undefined {
  let name = passkeyNameOf(e);
  if (name === 'Unknown') name = passkeyNameOf(read(e, 'underlyingError'));
  return Object.hasOwn(CEREMONY, name) ? CEREMONY[name] : undefined;
}
