/**
 * The passwordless sign-in's actors with the real aws-amplify v6 client: the
 * sign-in's own (`amplifySignInActors`), with `signIn` and `confirmSignIn`
 * speaking USER_AUTH and mapping its steps, and `passkeySignIn`, in which
 * aws-amplify runs the whole WebAuthn ceremony (`navigator.credentials.get`
 * inside `confirmSignIn('WEB_AUTHN')`, or inside `signIn` with
 * `preferredChallenge: 'WEB_AUTHN'`). Its `PasskeyError` names reach the
 * machine as they are and become the typed passkey errors there. Leaving the
 * passkey step closes the browser's prompt (see ceremonySignal.ts).
 */
import { confirmSignIn, signIn } from 'aws-amplify/auth';
import type { SignInOutput } from 'aws-amplify/auth';
import { fromPromise } from 'xstate';
import { FIRST_FACTORS, passwordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import type { PasskeySignInActorInput } from '../../machines/passwordless/passwordless.types.js';
import type { ConfirmSignInActorInput, FirstFactor, SignInActorInput, SignInStep } from '../../machines/signIn/signIn.types.js';
import { withCeremonySignal } from './ceremonySignal.js';
import { amplifySignInActors, assertOwner, claimSignIn, noSignInIsAnEndedSession, release, toSignInStep } from './signIn.actors.js';

/** aws-amplify's `nextStep` as plain data, the passwordless steps included (the others as `toSignInStep` maps them). */
export function toPasswordlessStep(output: SignInOutput, account: { username: string; totpIssuer: string }): SignInStep {
  const next = output.nextStep;
  switch (next.signInStep) {
    case 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION':
      return {
        signInStep: next.signInStep,
        availableChallenges: (next.availableChallenges ?? []).filter((c): c is FirstFactor => FIRST_FACTORS.includes(c as FirstFactor)),
      };
    case 'CONFIRM_SIGN_IN_WITH_PASSWORD':
      return { signInStep: next.signInStep };
    case 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE':
      return {
        signInStep: next.signInStep,
        parameters: Object.fromEntries(Object.entries(next.additionalInfo ?? {}).filter(([, v]) => typeof v === 'string')),
      };
    default:
      return toSignInStep(output, account);
  }
}

export const amplifyPasswordlessSignInActors = {
  ...amplifySignInActors,
  signIn: fromPromise<SignInStep, SignInActorInput>(async ({ input }) => {
    claimSignIn(input.flowId);
    const output = await signIn({
      username: input.username,
      ...(input.password ? { password: input.password } : {}),
      options: {
        authFlowType: input.authFlowType,
        ...(input.preferredChallenge ? { preferredChallenge: input.preferredChallenge } : {}),
      },
    });
    return release(input.flowId, toPasswordlessStep(output, input));
  }),
  confirmSignIn: fromPromise<SignInStep, ConfirmSignInActorInput>(async ({ input }) => {
    assertOwner(input.flowId);
    const output = await confirmSignIn({
      challengeResponse: input.challengeResponse,
      ...(input.userAttributes ? { options: { userAttributes: input.userAttributes } } : {}),
    }).catch(noSignInIsAnEndedSession);
    return release(input.flowId, toPasswordlessStep(output, input));
  }),
  /** The passkey ceremony: aws-amplify asks the browser for the passkey and sends Cognito the signed answer. */
  // Leaving the passkey step (cancel, another method, the timeout) stops this actor: its signal closes the browser's prompt.
  passkeySignIn: fromPromise<SignInStep, PasskeySignInActorInput>(({ input, signal }) =>
    withCeremonySignal(signal, async () => {
      if (input.selected) {
        assertOwner(input.flowId);
        const output = await confirmSignIn({ challengeResponse: 'WEB_AUTHN' }).catch(noSignInIsAnEndedSession);
        return release(input.flowId, toPasswordlessStep(output, input));
      }
      claimSignIn(input.flowId);
      const output = await signIn({ username: input.username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
      return release(input.flowId, toPasswordlessStep(output, input));
    }),
  ),
};

let passwordlessWithAmplify: ReturnType<typeof passwordlessSignInMachine.provide> | undefined;

/** The passwordless sign-in machine wired to aws-amplify, built once. Configure Amplify first (see `configureAmplify`). */
export function createAmplifyPasswordlessSignInMachine() {
  passwordlessWithAmplify ??= passwordlessSignInMachine.provide({ actors: amplifyPasswordlessSignInActors });
  return passwordlessWithAmplify;
}
