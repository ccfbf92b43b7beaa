/**
 * The sign-in machine's actors, implemented with the real aws-amplify v6 client.
 * Each one only calls Amplify and turns its answer into the machine's plain
 * types; every decision stays in the machine.
 */
import {
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  getCurrentUser,
  rememberDevice,
  resendSignUpCode,
  resetPassword,
  signIn,
  signOut,
} from 'aws-amplify/auth';
import type { SignInOutput } from 'aws-amplify/auth';
import type { createAmplifyContext } from 'aws-amplify';
import { fromPromise } from 'xstate';
import { hubAuthEvents, setSigningInApart } from './hub.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type {
  ConfirmResetPasswordActorInput,
  ConfirmSignInActorInput,
  ConfirmSignUpActorInput,
  SignInActorInput,
  SignInStep,
  SignedInUser,
} from '../../machines/signIn/signIn.types.js';
import type { CodeDelivery, MfaMethod } from '../../machines/shared/types.js';
import { flowError, toFlowError } from '../../machines/shared/errors.js';
import { createQrCode } from './qrCode.js';

interface AmplifyCodeDelivery {
  deliveryMedium?: string;
  destination?: string;
  attributeName?: string;
}

export function toCodeDelivery(details: AmplifyCodeDelivery | undefined): CodeDelivery {
  const medium = details?.deliveryMedium;
  return {
    ...(medium === 'SMS' || medium === 'EMAIL' || medium === 'PHONE' ? { deliveryMedium: medium } : { deliveryMedium: 'UNKNOWN' as const }),
    ...(details?.destination ? { destination: details.destination } : {}),
    ...(details?.attributeName ? { attributeName: details.attributeName } : {}),
  };
}

const methods = (types: readonly string[] | undefined): MfaMethod[] =>
  (types ?? []).filter((t): t is MfaMethod => t === 'SMS' || t === 'TOTP' || t === 'EMAIL');

/**
 * aws-amplify's `nextStep` as plain data. The TOTP setup URI is built with the
 * username as account name: without one Amplify puts a quoted user id there.
 */
export function toSignInStep(output: SignInOutput, account: { username: string; totpIssuer: string }): SignInStep {
  const next = output.nextStep;
  switch (next.signInStep) {
    case 'DONE':
    case 'CONFIRM_SIGN_IN_WITH_TOTP_CODE':
    case 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP':
    case 'CONFIRM_SIGN_UP':
    case 'RESET_PASSWORD':
      return { signInStep: next.signInStep };
    case 'CONFIRM_SIGN_IN_WITH_SMS_CODE':
    case 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE':
      return { signInStep: next.signInStep, codeDelivery: toCodeDelivery(next.codeDeliveryDetails) };
    case 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION':
    case 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION':
      return { signInStep: next.signInStep, allowedMethods: methods(next.allowedMFATypes) };
    case 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP':
      return {
        signInStep: next.signInStep,
        totpSetup: {
          sharedSecret: next.totpSetupDetails.sharedSecret,
          setupUri: next.totpSetupDetails.getSetupUri(account.totpIssuer, account.username).toString(),
        },
      };
    case 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED':
      return { signInStep: next.signInStep, missingAttributes: [...(next.missingAttributes ?? [])] };
    default:
      return { signInStep: 'UNSUPPORTED', original: next.signInStep };
  }
}

/**
 * The signed-in user, read from the tokens Amplify already holds: no request
 * to Cognito (the ID token carries the email, phone, groups and auth_time).
 */
export { hubAuthEvents, setSigningInApart };

/** An Amplify context of its own (`createAmplifyContext`): a session kept apart from the app's (see stepUp.ts). */
export type AmplifyContext = ReturnType<typeof createAmplifyContext>;

export async function readSignedInUser(ctx?: AmplifyContext): Promise<SignedInUser> {
  const current = await (ctx ? getCurrentUser(ctx) : getCurrentUser());
  const claims = (await (ctx ? fetchAuthSession(ctx) : fetchAuthSession())).tokens?.idToken?.payload ?? {};
  const text = (key: string) => (typeof claims[key] === 'string' ? (claims[key] as string) : undefined);
  const groups = claims['cognito:groups'];
  const email = text('email');
  const phoneNumber = text('phone_number');
  return {
    userId: current.userId,
    username: current.username,
    ...(email ? { email } : {}),
    ...(phoneNumber ? { phoneNumber } : {}),
    ...(typeof claims.auth_time === 'number' ? { authTime: claims.auth_time * 1000 } : {}),
    ...(Array.isArray(groups) ? { groups: groups.filter((g): g is string => typeof g === 'string') } : {}),
  };
}

/**
 * Amplify keeps one sign-in in progress per page. The flow that started it
 * last owns it: a second flow's answer would otherwise be sent into the first
 * one's challenge (and sign the wrong user in), so it is refused as an ended
 * session, which the machine shows as "sign in again".
 *
 * After a reload this memory is gone, while Amplify restores the sign-in from
 * sessionStorage. Until a sign-in starts on the page (`undefined`), the first
 * flow to answer claims it: only a flow restored from a stored snapshot can
 * answer then, since a new flow reaches a challenge only through `signIn`.
 * Two flows restored on one page are told apart no further than this: the
 * first to answer owns Amplify's sign-in (see the README, "Surviving a reload").
 */
let owner: string | null | undefined;

/** A new sign-in on the page: the flow that starts it owns Amplify's sign-in from now on. */
export function claimSignIn(flowId: string): void {
  owner = flowId;
}

export function assertOwner(flowId: string): void {
  if (owner === undefined) owner = flowId;
  if (owner !== flowId) {
    throw Object.assign(new Error('Invalid session for the user, session is expired: another sign-in started on this page.'), {
      name: 'NotAuthorizedException',
    });
  }
}

/**
 * Amplify holds no sign-in to answer (its store expired, 3 minutes after the
 * last answer, or the page was reloaded without it): `SignInException`, which
 * means for the user what Cognito's ended session means, so it says that.
 */
export function noSignInIsAnEndedSession(e: unknown): never {
  if ((e as { name?: unknown } | null)?.name === 'SignInException')
    throw Object.assign(new Error('Invalid session for the user, session is expired: no sign-in in progress on this page.'), {
      name: 'NotAuthorizedException',
    });
  throw e;
}

export const release = (flowId: string, step: SignInStep): SignInStep => {
  if (step.signInStep === 'DONE' && owner === flowId) owner = null;
  return step;
};

/** `signIn` and `confirmSignIn`, on the app's session or (with `ctx`) on one kept apart; both share the one sign-in Amplify holds. */
export async function startSignIn(input: SignInActorInput, ctx?: AmplifyContext): Promise<SignInStep> {
  claimSignIn(input.flowId);
  const request = { username: input.username, password: input.password, options: { authFlowType: input.authFlowType } };
  const output = await (ctx ? signIn(ctx, request) : signIn(request));
  return release(input.flowId, toSignInStep(output, input));
}

export async function answerSignIn(input: ConfirmSignInActorInput, ctx?: AmplifyContext): Promise<SignInStep> {
  assertOwner(input.flowId);
  const request = {
    challengeResponse: input.challengeResponse,
    ...(input.userAttributes ? { options: { userAttributes: input.userAttributes } } : {}),
  };
  const output = await (ctx ? confirmSignIn(ctx, request) : confirmSignIn(request)).catch(noSignInIsAnEndedSession);
  return release(input.flowId, toSignInStep(output, input));
}

export const amplifySignInActors = {
  fetchUser: fromPromise<SignedInUser, void>(() => readSignedInUser()),
  signIn: fromPromise<SignInStep, SignInActorInput>(({ input }) => startSignIn(input)),
  confirmSignIn: fromPromise<SignInStep, ConfirmSignInActorInput>(({ input }) => answerSignIn(input)),
  /** Amplify's Hub `auth` channel, so a sign-out, a lost session or a sign-in elsewhere on the page reaches this flow. */
  authEvents: hubAuthEvents,
  confirmSignUp: fromPromise<void, ConfirmSignUpActorInput>(async ({ input }) => {
    await confirmSignUp({ username: input.username, confirmationCode: input.code });
  }),
  resendSignUpCode: fromPromise<CodeDelivery, { username: string }>(async ({ input }) =>
    toCodeDelivery(await resendSignUpCode({ username: input.username })),
  ),
  resetPassword: fromPromise<CodeDelivery, { username: string }>(async ({ input }) => {
    const res = await resetPassword({ username: input.username });
    return toCodeDelivery(
      res.nextStep.resetPasswordStep === 'CONFIRM_RESET_PASSWORD_WITH_CODE' ? res.nextStep.codeDeliveryDetails : undefined,
    );
  }),
  confirmResetPassword: fromPromise<void, ConfirmResetPasswordActorInput>(async ({ input }) => {
    await confirmResetPassword({ username: input.username, confirmationCode: input.code, newPassword: input.newPassword });
  }),
  createQrCode: fromPromise<string, { uri: string }>(({ input }) => createQrCode(input.uri)),
  signOut: fromPromise<void, { global: boolean }>(async ({ input }) => {
    await signOut({ global: input.global });
  }),
  /**
   * "Remember this device": aws-amplify confirmed the device Cognito named at sign-in and keeps its keys in its
   * token store; this marks it remembered. A failure Amplify does not name (no device keys, a device Cognito no
   * longer knows) says what it means for the user: signed in, asked for a code next time.
   */
  rememberDevice: fromPromise<void, void>(async () => {
    await rememberDevice().catch((e: unknown) => {
      const error = toFlowError(e);
      throw error.code === 'UNKNOWN' ? flowError('DEVICE_NOT_REMEMBERED', { name: error.name, detail: error.detail }) : error;
    });
  }),
};

let signInWithAmplify: ReturnType<typeof signInMachine.provide> | undefined;

/** The sign-in machine wired to aws-amplify, built once. Configure Amplify first (see `configureAmplify`). */
export function createAmplifySignInMachine() {
  signInWithAmplify ??= signInMachine.provide({ actors: amplifySignInActors });
  return signInWithAmplify;
}
