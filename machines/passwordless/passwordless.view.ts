import { matchesState } from 'xstate';
import type { SnapshotFrom, StateValue } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, FormGetters, PropTypes, StepView } from '../shared/props.js';
import { activeStateIds } from '../shared/types.js';
import { connectSignIn } from '../signIn/signIn.view.js';
import type { SignInSnapshot, SignInSteps, SignInViewStep } from '../signIn/signIn.view.js';
import type { FirstFactor } from '../signIn/signIn.types.js';
import type { passwordlessSignInMachine } from './passwordless.machine.js';
import type { PasswordlessSignInEvent, PreferredFirstFactor } from './passwordless.types.js';

export type PasswordlessSignInSnapshot = SnapshotFrom<typeof passwordlessSignInMachine>;

/** The steps the passwordless sign-in adds to the sign-in's. */
export type PasswordlessOnlyStep = 'factorSelection' | 'password' | 'passkey' | 'passkeyFailed' | 'customChallenge';
export type PasswordlessSignInViewStep = SignInViewStep | PasswordlessOnlyStep;

/** Every step inside Cognito's challenge session: a countdown, the start, and another method. */
interface Challenge {
  readonly expiresAt: number;
  cancel(): void;
  /** Back to another way to sign in: a new sign-in from the identifier, which offers the first factors again. */
  changeMethod(): void;
}

/** The challenge steps of the sign-in (MFA codes, set-ups), which here also have a way back to another method. */
type SignInChallengeStep =
  | 'totpCode'
  | 'smsCode'
  | 'emailCode'
  | 'mfaSelection'
  | 'mfaSetupSelection'
  | 'totpSetup'
  | 'emailSetup'
  | 'newPassword';

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export type PasswordlessSignInSteps<T extends PropTypes = DomPropTypes> = {
  [K in Exclude<SignInViewStep, SignInChallengeStep | 'credentials'>]: SignInSteps<T>[K];
} & {
  [K in SignInChallengeStep]: SignInSteps<T>[K] & { changeMethod(): void };
} & {
  credentials: SignInSteps<T>['credentials'] & {
    /**
     * Signs in from the identifier alone (Cognito USER_AUTH): Cognito then offers the first factors this user has,
     * or, with `preferredChallenge`, goes straight to an emailed or texted code, or to the passkey dialog.
     */
    startSignIn(username: string, preferredChallenge?: PreferredFirstFactor): void;
  };
  factorSelection: Challenge & {
    /** Only the first factors Cognito offers this user: a passkey is listed only when Cognito lists one. */
    readonly availableChallenges: readonly FirstFactor[];
    selectFactor(factor: FirstFactor): void;
    getFactorButtonProps(factor: FirstFactor): T['button'];
  };
  password: Challenge & FormGetters<'password', T> & { submitPassword(password: string): void };
  /** The browser's passkey dialog is open (a call is in flight). */
  passkey: { cancel(): void; changeMethod(): void };
  /** The passkey did not sign the user in; `error.code` says why (PASSKEY_CANCELLED, PASSKEY_TIMEOUT, …). */
  passkeyFailed: { retry(): void; changeMethod(): void; cancel(): void };
  customChallenge: Challenge &
    FormGetters<'answer', T> & {
      /** The challenge's public parameters, as the custom auth Lambda set them. */
      readonly parameters: Readonly<Record<string, string>>;
      readonly values: { readonly answer: string };
      submitAnswer(answer: string): void;
    };
};

/** The passwordless sign-in's view: a union on `step`, as `SignInView` is. */
export type PasswordlessSignInView<
  S extends PasswordlessSignInViewStep = PasswordlessSignInViewStep,
  T extends PropTypes = DomPropTypes,
> = {
  [K in S]: StepView<K, PasswordlessSignInSteps<T>[K], T>;
}[S];

const ID = 'passwordlessSignIn';
const CHALLENGE_STEPS: readonly string[] = [
  'totpCode',
  'smsCode',
  'emailCode',
  'mfaSelection',
  'mfaSetupSelection',
  'totpSetup',
  'emailSetup',
  'newPassword',
];

/** A plain view of the passwordless sign-in machine for any UI (Zag.js-style `connect`). */
export function connectPasswordlessSignIn<T extends PropTypes = DomPropTypes>(
  snapshot: PasswordlessSignInSnapshot,
  send: (event: PasswordlessSignInEvent) => void,
  options?: ConnectOptions<T>,
): PasswordlessSignInView<PasswordlessSignInViewStep, T> {
  const c = snapshot.context;
  // The chart is the sign-in's config extended at run time, so its state values are not typed state by state.
  const at = (value: StateValue) => matchesState(value, snapshot.value as StateValue);
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, ID, busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds(ID, snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const changeMethod = () => send({ type: 'FACTOR.CHANGE' });
  const challenge = { expiresAt: c.expiresAt ?? 0, cancel, changeMethod };
  if (at({ challenge: 'factorSelection' }))
    return {
      step: 'factorSelection',
      ...base,
      ...challenge,
      availableChallenges: c.factors,
      selectFactor: (factor) => send({ type: 'FACTOR.SELECT', factor }),
      getFactorButtonProps: () => props.button(),
    };
  if (at({ challenge: 'password' }))
    return {
      step: 'password',
      ...base,
      ...challenge,
      ...props.form('password'),
      submitPassword: (password) => send({ type: 'PASSWORD.SUBMIT', password }),
    };
  if (at({ challenge: 'customChallenge' }))
    return {
      step: 'customChallenge',
      ...base,
      ...challenge,
      ...props.form('answer'),
      parameters: c.customParameters,
      values: { answer: c.answer },
      submitAnswer: (answer) => send({ type: 'ANSWER.SUBMIT', answer }),
    };
  if (at({ passkey: 'failed' }))
    return { step: 'passkeyFailed', ...base, retry: () => send({ type: 'PASSKEY.RETRY' }), changeMethod, cancel };
  if (at('passkey')) return { step: 'passkey', ...base, cancel, changeMethod };
  // Every other step is the sign-in's, under this machine's id.
  const view = connectSignIn(snapshot as unknown as SignInSnapshot, send, { ...options, id: options?.id ?? ID });
  const own = { activeStates: base.activeStates };
  if (view.step === 'credentials')
    return {
      ...view,
      ...own,
      startSignIn: (username, preferredChallenge) =>
        send({ type: 'IDENTIFIER.SUBMIT', username, ...(preferredChallenge === undefined ? {} : { preferredChallenge }) }),
    };
  if (CHALLENGE_STEPS.includes(view.step)) return { ...view, ...own, changeMethod } as PasswordlessSignInView<SignInChallengeStep, T>;
  return { ...view, ...own } as PasswordlessSignInView<PasswordlessSignInViewStep, T>;
}
