/**
 * Passkeys with the real aws-amplify v6 client: register one for the signed-in
 * user (`associateWebAuthnCredential`, which runs the browser's
 * `navigator.credentials.create`), list them and delete one, as invoked
 * actors; and what a failed ceremony or a refused passkey means, as a typed
 * error a screen can act on (offer another method, say the browser cannot).
 * Kept out of `./amplify` so apps without passkeys do not download it.
 */
import { associateWebAuthnCredential, deleteWebAuthnCredential, listWebAuthnCredentials } from 'aws-amplify/auth';
import { fromPromise } from 'xstate';

/** A passkey of the signed-in user, as a screen lists it. */
export interface Passkey {
  readonly id: string;
  /** What the authenticator is called (Cognito names it; e.g. "iCloud Keychain"). */
  readonly name: string;
  readonly relyingPartyId: string;
  /** ISO 8601, or null when Cognito does not say. */
  readonly createdAt: string | null;
  /** `platform` (this device), `cross-platform` (a security key or a phone), or null when unknown. */
  readonly attachment: 'platform' | 'cross-platform' | null;
}

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

function nameOf(e: unknown): string {
  try {
    const name = (e as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
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
    const under = nameOf((e as { underlyingError?: unknown }).underlyingError);
    name = Object.hasOwn(BY_NAME, under) ? under : name;
  }
  const code = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : name === 'Unknown' ? 'PASSKEY_FAILED' : undefined;
  if (!code) return null;
  return { code, message: PASSKEY_ERROR_MESSAGES[code], name, retryable: RETRYABLE.has(code) };
}

/** Whether this page can run a passkey ceremony at all (so a screen offers passkeys only where they can work). */
export function isPasskeySupported(): boolean {
  const w = (globalThis as { window?: { isSecureContext?: boolean; PublicKeyCredential?: unknown } }).window;
  const nav = (globalThis as { navigator?: { credentials?: unknown } }).navigator;
  return !!w && w.isSecureContext === true && typeof w.PublicKeyCredential === 'function' && !!nav?.credentials;
}

/** An actor's rejection for a passkey failure: its `name` is the code, `passkey` the typed error. */
export class PasskeyCeremonyError extends Error {
  readonly passkey: PasskeyError;
  constructor(passkey: PasskeyError, cause: unknown) {
    super(passkey.message, { cause });
    this.name = passkey.code;
    this.passkey = passkey;
  }
}

const LIMIT: PasskeyError = {
  code: 'PASSKEY_LIMIT',
  message: PASSKEY_ERROR_MESSAGES.PASSKEY_LIMIT,
  name: 'LimitExceededException',
  retryable: false,
};

/** Runs a call and rejects with a PasskeyCeremonyError when it failed about passkeys; anything else as it came. */
async function typed<T>(call: () => Promise<T>, options: { limitIsPasskeys?: boolean } = {}): Promise<T> {
  try {
    return await call();
  } catch (e) {
    // StartWebAuthnRegistration's LimitExceededException is the 20-passkey limit.
    const mapped = options.limitIsPasskeys && nameOf(e) === 'LimitExceededException' ? LIMIT : toPasskeyError(e);
    throw mapped ? new PasskeyCeremonyError(mapped, e) : e;
  }
}

/** ListWebAuthnCredentials returns at most 20 a page; Cognito keeps at most 20 passkeys a user. */
const PAGE = 20;

export const amplifyPasskeyActors = {
  /** Registers a passkey for the signed-in user: Cognito's options, the browser's prompt, Cognito's check. */
  registerPasskey: fromPromise<void, void>(() => typed(() => associateWebAuthnCredential(), { limitIsPasskeys: true })),
  listPasskeys: fromPromise<Passkey[], void>(async () => {
    const all: Passkey[] = [];
    let nextToken: string | undefined;
    do {
      const page = await listWebAuthnCredentials({ pageSize: PAGE, ...(nextToken ? { nextToken } : {}) });
      for (const c of page.credentials) {
        if (!c.credentialId) continue;
        all.push({
          id: c.credentialId,
          name: c.friendlyCredentialName ?? '',
          relyingPartyId: c.relyingPartyId ?? '',
          createdAt: c.createdAt ? c.createdAt.toISOString() : null,
          attachment:
            c.authenticatorAttachment === 'platform' || c.authenticatorAttachment === 'cross-platform' ? c.authenticatorAttachment : null,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  }),
  deletePasskey: fromPromise<void, { id: string }>(({ input }) => typed(() => deleteWebAuthnCredential({ credentialId: input.id }))),
};
