import type { SnapshotFrom } from 'xstate';
import type { FlowError } from '../shared/errors.js';
import type { CodeDelivery, MfaMethod } from '../shared/types.js';
import { activeStateIds, groupSecret } from '../shared/types.js';
import type { SignInMachine } from './signIn.machine.js';
import type { SignInEvent, SignedInUser } from './signIn.types.js';

export type SignInSnapshot = SnapshotFrom<SignInMachine>;

/** One name per screen a UI draws; a UI never matches state paths itself. */
export type SignInStepView =
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
  | 'signedIn'
  | 'signingOut'
  | 'signedOut';

export interface SignInView {
  readonly step: SignInStepView;
  /** A call is in flight: disable submit. */
  readonly busy: boolean;
  readonly error: FlowError | null;
  /** Wrong codes left before lockout. */
  readonly attemptsLeft: number;
  /** When the current challenge expires (ms since epoch), for a countdown. */
  readonly expiresAt: number | null;
  /** `restart()` is offered (after a lockout, an expiry or a sign-out). */
  readonly canRestart: boolean;
  readonly canResend: boolean;
  readonly allowedMethods: readonly MfaMethod[];
  readonly codeDelivery: CodeDelivery | null;
  readonly missingAttributes: readonly string[];
  /** Only while TOTP is being set up during sign-in. */
  readonly totpSetup: { readonly qrDataUrl: string | null; readonly secret: string; readonly secretGroups: string; readonly uri: string } | null;
  readonly user: SignedInUser | null;
  /** What the user typed, to put back in the fields after an error. */
  readonly values: { readonly username: string; readonly code: string };
  /** The machine's active state ids, for a live diagram or debugging. */
  readonly activeStates: readonly string[];

  submitCredentials(username: string, password: string): void;
  /** "Forgot password?": starts a reset for the identifier given (or the one typed before). */
  forgotPassword(username?: string): void;
  /** The identifier for a password reset. */
  submitUsername(username: string): void;
  submitCode(code: string): void;
  resendCode(): void;
  selectMethod(method: MfaMethod): void;
  submitEmail(email: string): void;
  submitNewPassword(password: string, attributes?: Readonly<Record<string, string>>): void;
  submitPasswordReset(code: string, password: string): void;
  cancel(): void;
  restart(): void;
  signOut(options?: { global?: boolean }): void;
}

const CHALLENGES = ['totpCode', 'smsCode', 'emailCode', 'mfaSelection', 'mfaSetupSelection', 'totpSetup', 'emailSetup', 'newPassword'] as const;
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
  'signedIn',
  'signingOut',
  'signedOut',
] as const;

function stepOf(snapshot: SignInSnapshot): SignInStepView {
  for (const c of CHALLENGES) if (snapshot.matches({ challenge: c })) return c;
  if (snapshot.matches({ resetPassword: 'enteringUsername' })) return 'forgotPassword';
  for (const t of TOP) if (snapshot.matches(t)) return t;
  // `routing` is transient and never observed at rest.
  return 'signingIn';
}

/** A plain view of the sign-in machine for any UI (Zag.js-style `connect`). */
export function connectSignIn(snapshot: SignInSnapshot, send: (event: SignInEvent) => void): SignInView {
  const c = snapshot.context;
  const setup = c.totpSetup;
  return {
    step: stepOf(snapshot),
    busy: snapshot.hasTag('busy'),
    error: c.error,
    attemptsLeft: c.attemptsLeft,
    expiresAt: c.expiresAt,
    canRestart: snapshot.can({ type: 'FLOW.RESTART' }),
    canResend: snapshot.can({ type: 'CODE.RESEND' }),
    allowedMethods: c.allowedMethods,
    codeDelivery: c.codeDelivery,
    missingAttributes: c.missingAttributes,
    totpSetup: setup ? { qrDataUrl: setup.qrDataUrl, secret: setup.sharedSecret, secretGroups: groupSecret(setup.sharedSecret), uri: setup.setupUri } : null,
    user: c.user,
    values: { username: c.username, code: c.code },
    activeStates: activeStateIds('signIn', snapshot.value),
    submitCredentials: (username, password) => send({ type: 'CREDENTIALS.SUBMIT', username, password }),
    forgotPassword: (username) => send({ type: 'PASSWORD.FORGOT', ...(username === undefined ? {} : { username }) }),
    submitUsername: (username) => send({ type: 'USERNAME.SUBMIT', username }),
    submitCode: (code) => send({ type: 'CODE.SUBMIT', code }),
    resendCode: () => send({ type: 'CODE.RESEND' }),
    selectMethod: (method) => send({ type: 'METHOD.SELECT', method }),
    submitEmail: (email) => send({ type: 'EMAIL.SUBMIT', email }),
    submitNewPassword: (password, attributes) => send({ type: 'NEW_PASSWORD.SUBMIT', password, ...(attributes ? { attributes } : {}) }),
    submitPasswordReset: (code, password) => send({ type: 'RESET.SUBMIT', code, password }),
    cancel: () => send({ type: 'FLOW.CANCEL' }),
    restart: () => send({ type: 'FLOW.RESTART' }),
    signOut: (options) => send({ type: 'SIGN_OUT', ...(options?.global ? { global: true } : {}) }),
  };
}
