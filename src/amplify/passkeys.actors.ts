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
import { passkeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import { passkeyError, toPasskeyError } from '../../machines/passkeys/passkeys.errors.js';
import type { PasskeyError } from '../../machines/passkeys/passkeys.errors.js';
import type { Passkey } from '../../machines/passkeys/passkeys.types.js';
import { withCeremonySignal } from './ceremonySignal.js';
import { hubAuthEvents } from './hub.js';
import { amplifyStepUpActors, createAmplifyReauthenticationMachine } from './stepUp.js';

export type { Passkey } from '../../machines/passkeys/passkeys.types.js';
export type { PasskeyError, PasskeyErrorCode } from '../../machines/passkeys/passkeys.errors.js';
export { PASSKEY_ERROR_MESSAGES, toPasskeyError } from '../../machines/passkeys/passkeys.errors.js';

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

const LIMIT: PasskeyError = passkeyError('PASSKEY_LIMIT', 'LimitExceededException');

function nameOf(e: unknown): string {
  try {
    const name = (e as { name?: unknown } | null)?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

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
  // Cancel or the panel's timeout stops this actor: its signal closes the browser's prompt.
  registerPasskey: fromPromise<void, void>(({ signal }) =>
    withCeremonySignal(signal, () => typed(() => associateWebAuthnCredential(), { limitIsPasskeys: true })),
  ),
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

let machine: ReturnType<typeof passkeysMachine.provide> | undefined;

/**
 * The passkeys machine wired to aws-amplify (and Amplify's Hub, for a
 * sign-out elsewhere on the page), with the step-up before a delete: the ID
 * token's `auth_time`, and the sign-in machine run again on a session kept
 * apart from the app's (as the MFA settings do, see stepUp.ts). Configure
 * Amplify first; start it with `{ input: { supported: isPasskeySupported() } }`.
 */
export function createAmplifyPasskeysMachine() {
  machine ??= passkeysMachine.provide({
    actors: {
      ...amplifyPasskeyActors,
      ...amplifyStepUpActors,
      reauthenticate: createAmplifyReauthenticationMachine(),
      authEvents: hubAuthEvents,
    },
  });
  return machine;
}
