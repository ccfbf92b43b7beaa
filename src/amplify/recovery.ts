/**
 * Recovery codes with the real aws-amplify v6 client (README "Recovery codes").
 * Both journeys are Cognito CUSTOM_AUTH with SRP first (`CUSTOM_WITH_SRP`), run
 * by the pool's custom-auth triggers (amplify/auth/recovery):
 *
 * - `startRecoveryCodes` proves the password again and the current session (its
 *   access token answers the PROVE_SESSION challenge), in a throwaway Amplify
 *   context with its own in-memory token store, so the signed-in session on the
 *   page is never touched; the triggers make the ten codes and send them once.
 *   `confirmSaved()` stores their hashes (voiding the previous set); `discard()`
 *   stores nothing.
 * - `signInWithRecoveryCode` + `confirmRecoveryCode` sign in with the password
 *   and one unused code, in place of the second factor.
 */
import { Amplify, createAmplifyContext } from 'aws-amplify';
import { createUserPoolsTokenProvider } from 'aws-amplify/adapter-core';
import { confirmSignIn, fetchAuthSession, getCurrentUser, signIn } from 'aws-amplify/auth';
import type { ConfirmSignInOutput, SignInOutput } from 'aws-amplify/auth';
import { fromPromise } from 'xstate';
import { recoveryCodesMachine } from '../../machines/recovery/recoveryCodes.machine.js';
import { recoverySignInMachine } from '../../machines/recovery/recoverySignIn.machine.js';
import type { StartedCodes } from '../../machines/recovery/recovery.types.js';
import { hubAuthEvents, setSigningInApart } from './hub.js';

/** The challenge steps the triggers send (`publicChallengeParameters.step`). */
export type RecoveryChallengeStep = 'RECOVERY_CODE' | 'PROVE_SESSION' | 'SAVE_CODES';

/** The `clientMetadata` that asks the triggers for a new set instead of a sign-in. */
const GENERATE_METADATA = { recovery: 'generate' } as const;
const SAVED = 'SAVED';

/** An error shaped like aws-amplify's AuthError, so the library's error mapping reads it. */
class RecoveryError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

function challengeOf(output: SignInOutput | ConfirmSignInOutput): Record<string, string> | null {
  const next = output.nextStep;
  return next.signInStep === 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE' ? ((next.additionalInfo ?? {}) as Record<string, string>) : null;
}

function expectStep(output: SignInOutput | ConfirmSignInOutput, step: RecoveryChallengeStep): Record<string, string> {
  const info = challengeOf(output);
  if (info?.step !== step) {
    throw new RecoveryError('UnexpectedSignInStep', `expected the ${step} challenge, got ${output.nextStep.signInStep}`);
  }
  return info;
}

/**
 * Runs a call of the throwaway session. Its last answer issues that session's tokens, and aws-amplify then says
 * `signedIn` on the page's Hub (`dispatchSignedInHubEvent`, the same Hub for every context): no flow on the page
 * must take it for the page's sign-in (the sign-in flow would re-read the session and the app rebuild the settings,
 * the codes' panel with them). Hub listeners run synchronously, inside the call.
 */
async function apart<T>(call: () => Promise<T>): Promise<T> {
  setSigningInApart(true, 'recoveryCodes');
  try {
    return await call();
  } finally {
    setSigningInApart(false, 'recoveryCodes');
  }
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    setItem: async (key: string, value: string) => void items.set(key, value),
    getItem: async (key: string) => items.get(key) ?? null,
    removeItem: async (key: string) => void items.delete(key),
    clear: async () => items.clear(),
  };
}

export interface PendingRecoveryCodes {
  /** The ten new codes, to show once. Nothing keeps them after this object is dropped. */
  readonly codes: readonly string[];
  /** Stores the new set (the previous codes stop working) and ends the throwaway session. */
  confirmSaved(): Promise<void>;
  /** Stores nothing: the previous set, if any, still works. */
  discard(): Promise<void>;
}

/**
 * Asks the triggers for a new set of codes. The user must be signed in here
 * and type their password again. Throws the Cognito error (e.g.
 * NotAuthorizedException for a wrong password) as aws-amplify does.
 */
export async function startRecoveryCodes(input: { username: string; password: string }): Promise<PendingRecoveryCodes> {
  const accessToken = (await fetchAuthSession()).tokens?.accessToken?.toString();
  if (!accessToken) throw new RecoveryError('UserUnAuthenticatedException', 'Sign in before making recovery codes.');
  const config = Amplify.getConfig();
  const cognito = config.Auth?.Cognito;
  if (!cognito) throw new RecoveryError('AuthUserPoolException', 'Amplify has no user pool configured.');
  const ctx = createAmplifyContext(config, {
    Auth: { tokenProvider: createUserPoolsTokenProvider(config.Auth as never, memoryStorage()) },
  });
  const started = await apart(() =>
    signIn(ctx, {
      username: input.username,
      password: input.password,
      options: { authFlowType: 'CUSTOM_WITH_SRP', clientMetadata: GENERATE_METADATA },
    }),
  );
  expectStep(started, 'PROVE_SESSION');
  const shown = await apart(() => confirmSignIn(ctx, { challengeResponse: accessToken }));
  const codes = (expectStep(shown, 'SAVE_CODES').codes ?? '').split(' ').filter(Boolean);
  let settled = false;
  return {
    codes,
    async confirmSaved() {
      if (settled) throw new RecoveryError('InvalidStateException', 'These codes were already saved or discarded.');
      settled = true;
      const done = await apart(() => confirmSignIn(ctx, { challengeResponse: SAVED }));
      if (!done.isSignedIn) throw new RecoveryError('UnexpectedSignInStep', `expected DONE, got ${done.nextStep.signInStep}`);
      // The throwaway session's tokens stay in its memory store and go with it. Not signed out:
      // Amplify would announce "signedOut" on the page's Hub, and every flow listening would end.
    },
    async discard() {
      settled = true;
    },
  };
}

/**
 * Starts a sign-in with the password, to be finished with a recovery code.
 * Resolves once the RECOVERY_CODE challenge is up.
 */
export async function signInWithRecoveryCode(input: { username: string; password: string }): Promise<void> {
  const output = await signIn({ username: input.username, password: input.password, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
  expectStep(output, 'RECOVERY_CODE');
}

/**
 * Answers the RECOVERY_CODE challenge. A code of the set already used throws
 * RecoveryCodeUsedException, any other wrong code CodeMismatchException, and
 * the same sign-in can be answered again (the triggers count either toward the
 * lockout); a locked-out user gets NotAuthorizedException ("Password attempts
 * exceeded") from the pool.
 */
export async function confirmRecoveryCode(code: string): Promise<void> {
  const output = await confirmSignIn({ challengeResponse: code });
  if (output.isSignedIn) return;
  const info = expectStep(output, 'RECOVERY_CODE');
  if (info.previous === 'USED_CODE') throw new RecoveryError('RecoveryCodeUsedException', 'This recovery code was already used.');
  if (info.previous === 'WRONG_CODE') throw new RecoveryError('CodeMismatchException', 'Invalid recovery code.');
}

/**
 * The recovery-codes settings machine's actors. The set being shown lives here,
 * between `startCodes` and `saveCodes`/`discardCodes`, never in the machine's
 * context beyond the showing step (and never in a persisted snapshot).
 */
export function amplifyRecoveryCodesActors() {
  let pending: PendingRecoveryCodes | null = null;
  return {
    startCodes: fromPromise<StartedCodes, { password: string }>(async ({ input }) => {
      const user = await getCurrentUser();
      pending = await startRecoveryCodes({ username: user.signInDetails?.loginId ?? user.username, password: input.password });
      return { codes: pending.codes };
    }),
    saveCodes: fromPromise<void, void>(async () => {
      if (!pending) throw new RecoveryError('InvalidStateException', 'No recovery codes are waiting to be saved.');
      const saving = pending;
      await saving.confirmSaved();
      pending = null;
    }),
    discardCodes: fromPromise<void, void>(async () => {
      await pending?.discard();
      pending = null;
    }),
    authEvents: hubAuthEvents,
  };
}

export const amplifyRecoverySignInActors = {
  startRecoverySignIn: fromPromise<void, { username: string; password: string }>(({ input }) => signInWithRecoveryCode(input)),
  confirmRecoveryCode: fromPromise<void, { code: string }>(({ input }) => confirmRecoveryCode(input.code)),
};

/** The settings machine wired to aws-amplify; each call makes its own (the shown set is held per machine). */
export function createAmplifyRecoveryCodesMachine() {
  return recoveryCodesMachine.provide({ actors: amplifyRecoveryCodesActors() });
}

let signInWithCode: ReturnType<typeof recoverySignInMachine.provide> | undefined;
export function createAmplifyRecoverySignInMachine() {
  signInWithCode ??= recoverySignInMachine.provide({ actors: amplifyRecoverySignInActors });
  return signInWithCode;
}
