import type { SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, FormGetters, PropTypes, StepView } from '../shared/props.js';
import type { CodeDelivery, MfaMethod, TotpSetupView } from '../shared/types.js';
import { activeStateIds, totpSetupView } from '../shared/types.js';
import type { SignInMachine } from './signIn.machine.js';
import type { SignInEvent, SignedInUser } from './signIn.types.js';

export type SignInSnapshot = SnapshotFrom<SignInMachine>;

/** One name per screen a UI draws; a UI never matches state paths itself. */
export type SignInViewStep =
  | 'checkingSession'
  | 'credentials'
  | 'signingIn'
  | 'totpCode'
  | 'smsCode'
  | 'emailCode'
  | 'mfaSelection'
  | 'mfaSetupSelection'
  | 'totpSetup'
  | 'emailSetup'
  | 'newPassword'
  | 'confirmSignUp'
  | 'resetPassword'
  | 'forgotPassword'
  | 'locked'
  | 'expired'
  | 'checkingSignedInUser'
  | 'otherUserSignedIn'
  | 'loadingUser'
  | 'rememberingDevice'
  | 'signedIn'
  | 'signingOut'
  | 'signedOut';

/** The email and password form (still shown, disabled, while they are sent). */
type CredentialsForm<T extends PropTypes> = FormGetters<'username' | 'password', T> & {
  /** What the user typed, to put back in the field after an error. */
  readonly values: { readonly username: string };
};

/** Every step inside Cognito's challenge session. */
interface Challenge {
  /** When the challenge expires (ms since epoch), for a countdown. */
  readonly expiresAt: number;
  cancel(): void;
}

/** A 6-digit code answers the challenge; wrong ones count down to a lockout. */
type CodeAnswer<T extends PropTypes> = FormGetters<'code', T> & {
  /** Wrong codes left before lockout. */
  readonly attemptsLeft: number;
  readonly values: { readonly code: string };
  /** `rememberDevice`: the user ticked "Remember this device"; once signed in, the device is remembered and the next sign-in here needs no code. */
  submitCode(code: string, options?: { rememberDevice?: boolean }): void;
};

interface Resend<T extends PropTypes> {
  /** A new code may be asked for now (false during the cooldown or while a call is in flight). */
  readonly canResend: boolean;
  resendCode(): void;
  getResendButtonProps(): T['button'];
}

interface SignInCodeResend {
  readonly codeDelivery: CodeDelivery | null;
  /**
   * A new code means signing in again, and the password is not kept: the flow
   * was restored from a stored snapshot, which never holds it. `canResend` is
   * false; to get a new code, `cancel()` and sign in again.
   */
  readonly resendNeedsPassword: boolean;
}

interface MethodChoice<T extends PropTypes> {
  /** Only the methods Cognito offers. */
  readonly allowedMethods: readonly MfaMethod[];
  selectMethod(method: MfaMethod): void;
  getMethodButtonProps(method: MfaMethod): T['button'];
}

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export interface SignInSteps<T extends PropTypes = DomPropTypes> {
  checkingSession: { cancel(): void };
  credentials: CredentialsForm<T> & {
    submitCredentials(username: string, password: string): void;
    /** "Forgot password?": a reset for the identifier given, or the one typed before (asked for when there is none). */
    forgotPassword(username?: string): void;
  };
  signingIn: CredentialsForm<T> & { cancel(): void };
  totpCode: Challenge & CodeAnswer<T>;
  smsCode: Challenge & CodeAnswer<T> & Resend<T> & SignInCodeResend;
  emailCode: Challenge & CodeAnswer<T> & Resend<T> & SignInCodeResend;
  mfaSelection: Challenge & MethodChoice<T>;
  mfaSetupSelection: Challenge & MethodChoice<T>;
  totpSetup: Challenge & CodeAnswer<T> & { readonly totpSetup: TotpSetupView };
  emailSetup: Challenge & FormGetters<'email', T> & { readonly values: { readonly email: string }; submitEmail(email: string): void };
  newPassword: Challenge &
    FormGetters<'newPassword', T> & {
      /** Attributes Cognito wants along with the new password. */
      readonly missingAttributes: readonly string[];
      submitNewPassword(password: string, attributes?: Readonly<Record<string, string>>): void;
    };
  confirmSignUp: FormGetters<'code', T> &
    Resend<T> & {
      readonly codeDelivery: CodeDelivery | null;
      readonly values: { readonly code: string };
      submitCode(code: string): void;
      cancel(): void;
    };
  resetPassword: FormGetters<'code' | 'newPassword', T> &
    Resend<T> & {
      readonly codeDelivery: CodeDelivery | null;
      readonly values: { readonly code: string };
      submitPasswordReset(code: string, password: string): void;
      cancel(): void;
    };
  /** The user asked to reset their password and says which account. */
  forgotPassword: FormGetters<'username', T> & {
    readonly values: { readonly username: string };
    submitUsername(username: string): void;
    cancel(): void;
  };
  /** Cognito gives no time to wait: the user may sign in again when they choose. */
  locked: { restart(): void; cancel(): void };
  expired: { restart(): void; cancel(): void };
  checkingSignedInUser: { cancel(): void };
  /** Another user's session is on this page: it is never shown; signing it out lets this user sign in. */
  otherUserSignedIn: { readonly values: { readonly username: string }; signOut(options?: { global?: boolean }): void; cancel(): void };
  /** Stopping the wait leaves the user signed in, without the profile. */
  loadingUser: { cancel(): void };
  /** Marking this device remembered; stopping the wait (or a failure, in `error` on `signedIn`) leaves the user signed in. */
  rememberingDevice: { readonly user: SignedInUser | null; cancel(): void };
  /** `user` is null only when the profile could not be read (then `error` says so) or the wait for it was stopped. */
  signedIn: { readonly user: SignedInUser | null; signOut(options?: { global?: boolean }): void };
  signingOut: { readonly user: SignedInUser | null; cancel(): void };
  signedOut: { restart(): void };
}

/**
 * The sign-in view: a union on `step`, so data and actions exist only on the
 * steps where the machine uses them. `SignInView<'totpCode'>` is one step's
 * view; `T` is the framework's prop spelling (the DOM's by default).
 */
export type SignInView<S extends SignInViewStep = SignInViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, SignInSteps<T>[K], T>;
}[S];

const CHALLENGES = [
  'totpCode',
  'smsCode',
  'emailCode',
  'mfaSelection',
  'mfaSetupSelection',
  'totpSetup',
  'emailSetup',
  'newPassword',
] as const;
const TOP = [
  'checkingSession',
  'credentials',
  'signingIn',
  'confirmSignUp',
  'resetPassword',
  'locked',
  'expired',
  'checkingSignedInUser',
  'otherUserSignedIn',
  'loadingUser',
  'rememberingDevice',
  'signedIn',
  'signingOut',
  'signedOut',
] as const;

function stepOf(snapshot: SignInSnapshot): SignInViewStep {
  for (const c of CHALLENGES) if (snapshot.matches({ challenge: c })) return c;
  if (snapshot.matches({ resetPassword: 'enteringUsername' })) return 'forgotPassword';
  for (const t of TOP) if (snapshot.matches(t)) return t;
  // `routing` is transient and never observed at rest.
  return 'signingIn';
}

/** A plain view of the sign-in machine for any UI (Zag.js-style `connect`). */
export function connectSignIn<T extends PropTypes = DomPropTypes>(
  snapshot: SignInSnapshot,
  send: (event: SignInEvent) => void,
  options?: ConnectOptions<T>,
): SignInView<SignInViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'signIn', busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds('signIn', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const restart = () => send({ type: 'FLOW.RESTART' });
  const submitCode = (code: string, o?: { rememberDevice?: boolean }) =>
    send({ type: 'CODE.SUBMIT', code, rememberDevice: !!o?.rememberDevice });
  const canResend = snapshot.can({ type: 'CODE.RESEND' });
  const resend = { canResend, resendCode: () => send({ type: 'CODE.RESEND' }), getResendButtonProps: () => props.button(!canResend) };
  const credentials = { ...props.form('username', 'password'), values: { username: c.username } };
  // Set on entering the challenge and cleared on leaving it.
  const challenge = { expiresAt: c.expiresAt ?? 0, cancel };
  const code = { ...props.form('code'), attemptsLeft: c.attemptsLeft, values: { code: c.code }, submitCode };
  const choice = {
    allowedMethods: c.allowedMethods,
    selectMethod: (method: MfaMethod) => send({ type: 'METHOD.SELECT', method }),
    getMethodButtonProps: () => props.button(),
  };
  const signOut = (o?: { global?: boolean }) => send({ type: 'SIGN_OUT', ...(o?.global ? { global: true } : {}) });
  const step = stepOf(snapshot);
  switch (step) {
    case 'checkingSession':
    case 'checkingSignedInUser':
      return { step, ...base, cancel };
    case 'loadingUser':
      return { step, ...base, cancel };
    case 'credentials':
      return {
        step,
        ...base,
        ...credentials,
        submitCredentials: (username, password) => send({ type: 'CREDENTIALS.SUBMIT', username, password }),
        forgotPassword: (username) => send({ type: 'PASSWORD.FORGOT', ...(username === undefined ? {} : { username }) }),
      };
    case 'forgotPassword':
      return {
        step,
        ...base,
        ...props.form('username'),
        values: { username: c.username },
        submitUsername: (username) => send({ type: 'USERNAME.SUBMIT', username }),
        cancel,
      };
    case 'otherUserSignedIn':
      return { step, ...base, values: { username: c.username }, signOut, cancel };
    case 'signingIn':
      return { step, ...base, ...credentials, cancel };
    case 'totpCode':
      return { step, ...base, ...challenge, ...code };
    case 'smsCode':
    case 'emailCode':
      return { step, ...base, ...challenge, ...code, ...resend, codeDelivery: c.codeDelivery, resendNeedsPassword: c.password === '' };
    case 'mfaSelection':
    case 'mfaSetupSelection':
      return { step, ...base, ...challenge, ...choice };
    case 'totpSetup':
      // The setup is stored on entering this step and dropped on leaving it.
      return { step, ...base, ...challenge, ...code, totpSetup: totpSetupView(c.totpSetup!) };
    case 'emailSetup':
      return {
        step,
        ...base,
        ...challenge,
        ...props.form('email'),
        values: { email: c.email },
        submitEmail: (email) => send({ type: 'EMAIL.SUBMIT', email }),
      };
    case 'newPassword':
      return {
        step,
        ...base,
        ...challenge,
        ...props.form('newPassword'),
        missingAttributes: c.missingAttributes,
        submitNewPassword: (password, attributes) => send({ type: 'NEW_PASSWORD.SUBMIT', password, ...(attributes ? { attributes } : {}) }),
      };
    case 'confirmSignUp':
      return {
        step,
        ...base,
        ...props.form('code'),
        ...resend,
        codeDelivery: c.codeDelivery,
        values: { code: c.code },
        submitCode,
        cancel,
      };
    case 'resetPassword':
      return {
        step,
        ...base,
        ...props.form('code', 'newPassword'),
        ...resend,
        codeDelivery: c.codeDelivery,
        values: { code: c.code },
        submitPasswordReset: (code, password) => send({ type: 'RESET.SUBMIT', code, password }),
        cancel,
      };
    case 'locked':
      return { step, ...base, restart, cancel };
    case 'expired':
      return { step, ...base, restart, cancel };
    case 'signedIn':
      return { step, ...base, user: c.user, signOut };
    case 'signingOut':
    case 'rememberingDevice':
      return { step, ...base, user: c.user, cancel };
    case 'signedOut':
      return { step, ...base, restart };
  }
}
