/**
 * Signing in again before a sensitive change, with the real aws-amplify v6
 * client, without touching the app's session until it succeeds.
 *
 * aws-amplify's `signIn` refuses to run while someone is signed in
 * (`UserAlreadyAuthenticatedException`: it asks the token store who is signed
 * in first), and signing out first would lose the session when the user
 * cancels. So the re-authentication runs in an Amplify context of its own
 * (`createAmplifyContext`, in aws-amplify 6.22), whose token provider keeps
 * its tokens in memory only: its `signIn` finds nobody signed in there, and
 * the app's tokens are never read or written while it runs. Only when it has
 * succeeded, for the same user (`sub`), are its tokens written to the app's
 * token store (`cognitoUserPoolsTokenProvider`), which then holds the new
 * sign-in with its new `auth_time`. A cancel, a failure, a sign-in as anyone
 * else, a reload: the memory store is dropped and the app's session is as it
 * was. See the README, "Step-up before sensitive changes", for the limits.
 */
import * as amplify from 'aws-amplify';
import { createUserPoolsTokenProvider } from 'aws-amplify/adapter-core';
import { getCurrentUser } from 'aws-amplify/auth';
import { DefaultTokenStore, cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { fromCallback, fromPromise } from 'xstate';
import type { EventObject } from 'xstate';
import type { SignInTime } from '../../machines/mfaSettings/mfaSettings.types.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type { ConfirmSignInActorInput, SignInActorInput, SignInStep, SignedInUser } from '../../machines/signIn/signIn.types.js';
import type { AmplifyContext } from './signIn.actors.js';
import { amplifySignInActors, answerSignIn, readSignedInUser, setSigningInApart, startSignIn } from './signIn.actors.js';

interface Apart {
  readonly ctx: AmplifyContext;
  readonly store: DefaultTokenStore;
  readonly items: Map<string, string>;
  /** Who must sign in: the identifier the app's user signed in with, and their `sub`. */
  readonly username: string;
  readonly userId: string;
}

/** The one re-authentication running on the page (Amplify holds one sign-in in progress per page anyway). */
let apart: Apart | null = null;

const signInError = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * aws-amplify's per-context API (`createAmplifyContext`, and `signIn(ctx, …)`), read from the namespace so that an older
 * aws-amplify 6 without it still loads this module: the re-authentication then fails closed (nothing changes).
 */
const createContext = (amplify as { createAmplifyContext?: typeof amplify.createAmplifyContext }).createAmplifyContext;

function open(who: { username: string; userId: string }): Apart | null {
  if (typeof createContext !== 'function') return null;
  const config = amplify.Amplify.getConfig();
  if (!config.Auth) throw signInError('AuthUserPoolException', 'Amplify is not configured for Cognito user pools.');
  const items = new Map<string, string>();
  const storage = {
    setItem: async (key: string, value: string) => void items.set(key, value),
    getItem: async (key: string) => items.get(key) ?? null,
    removeItem: async (key: string) => void items.delete(key),
    clear: async () => items.clear(),
  };
  const store = new DefaultTokenStore();
  store.setAuthConfig(config.Auth);
  store.setKeyValueStorage(storage);
  const ctx = createContext(config, { Auth: { tokenProvider: createUserPoolsTokenProvider(config.Auth, storage) } });
  return { ctx, store, items, ...who };
}

function discard(): void {
  apart?.items.clear();
  apart = null;
  setSigningInApart(false);
}

function running(): Apart {
  if (typeof createContext !== 'function')
    throw signInError('StepUpNotSupported', 'Signing in again needs aws-amplify with createAmplifyContext (6.22 or later).');
  if (!apart) throw signInError('UserUnAuthenticatedException', 'No re-authentication is running.');
  return apart;
}

/** The sign-in machine's actors for the re-authentication: its calls go to the session kept apart, for the one user only. */
export const amplifyReauthenticationActors = {
  ...amplifySignInActors,
  fetchUser: fromPromise<SignedInUser, void>(() => readSignedInUser(running().ctx)),
  signIn: fromPromise<SignInStep, SignInActorInput>(({ input }) => {
    const session = running();
    // The username is fixed: another account's password is never sent (nor could it take this session's place).
    if (input.username.trim().toLowerCase() !== session.username.trim().toLowerCase())
      return Promise.reject(signInError('NotAuthorizedException', 'Sign in again as the signed-in user.'));
    return startSignIn(input, session.ctx);
  }),
  confirmSignIn: fromPromise<SignInStep, ConfirmSignInActorInput>(({ input }) => answerSignIn(input, running().ctx)),
  signOut: fromPromise<void, { global: boolean }>(async () => discard()),
  // Sign-ins and sign-outs elsewhere on the page reach the settings, which end the re-authentication.
  authEvents: fromCallback<EventObject>(() => undefined),
};

/** Who is signed in on the app's session and when they last signed in (the ID token's `sub` and `auth_time`). */
export async function readSignInTime(): Promise<SignInTime> {
  const user = await readSignedInUser();
  const { signInDetails } = await getCurrentUser();
  const loginId = signInDetails?.loginId ?? user.email ?? user.username;
  return { userId: user.userId, loginId, ...(user.authTime === undefined ? {} : { authTime: user.authTime }) };
}

export const amplifyStepUpActors = {
  readSignIn: fromPromise<SignInTime, void>(() => readSignInTime()),
  /** Opens the session kept apart for as long as the re-authentication runs; whatever its ending, it is then dropped. */
  reauthenticationSession: fromCallback<EventObject, { username: string; userId: string }>(({ input }) => {
    discard();
    apart = open(input);
    if (apart) setSigningInApart(true);
    return discard;
  }),
  /** The new sign-in becomes the app's session: only the same user's, and only once it is complete. */
  adoptSession: fromPromise<void, { userId: string }>(async ({ input }) => {
    const session = running();
    const tokens = await session.store.loadTokens();
    const sub = tokens?.idToken?.payload.sub ?? tokens?.accessToken.payload.sub;
    if (!tokens || sub !== input.userId || sub !== session.userId)
      throw signInError('NotAuthorizedException', 'The new sign-in is not the signed-in user’s.');
    const current = await getCurrentUser();
    if (current.userId !== sub) throw signInError('NotAuthorizedException', 'Someone else is signed in on this page now.');
    await cognitoUserPoolsTokenProvider.tokenOrchestrator.setTokens({ tokens });
    discard();
  }),
};

let reauthentication: ReturnType<typeof signInMachine.provide> | undefined;

/** The sign-in machine as the settings run it to sign in again: on the session kept apart (see above). */
export function createAmplifyReauthenticationMachine() {
  reauthentication ??= signInMachine.provide({ actors: amplifyReauthenticationActors });
  return reauthentication;
}
