import type { SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, FormGetters, PropTypes, StepView } from '../shared/props.js';
import type { TotpSetupView } from '../shared/types.js';
import { activeStateIds, totpSetupView } from '../shared/types.js';
import type { TotpEnrollmentMachine } from './totpEnrollment.machine.js';
import type { TotpEnrollmentEvent } from './totpEnrollment.types.js';

export type TotpEnrollmentSnapshot = SnapshotFrom<TotpEnrollmentMachine>;

/** The screens of the flow; the names are the machine's own states. */
export type TotpEnrollmentViewStep =
  | 'settingUp'
  | 'setupFailed'
  | 'awaitingCode'
  | 'verifying'
  | 'tooManyAttempts'
  | 'settingPreference'
  | 'preferenceFailed'
  | 'enrolled'
  | 'cancelled'
  /** The session ended elsewhere on the page; `error` says so (SIGNED_OUT) and the secret is gone. */
  | 'signedOut';

type Nothing = Record<never, never>;

/** The QR code, the secret and the code form (still shown, disabled, while the code is checked). */
type SetupForm<T extends PropTypes> = FormGetters<'code', T> & {
  readonly totpSetup: TotpSetupView;
  /** Wrong codes left before a new secret is needed. */
  readonly attemptsLeft: number;
  readonly values: { readonly code: string };
  cancel(): void;
};

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export interface TotpEnrollmentSteps<T extends PropTypes = DomPropTypes> {
  /** The secret is there (and the QR code being drawn) before the code form shows. */
  settingUp: { readonly totpSetup: TotpSetupView | null; cancel(): void };
  setupFailed: { retry(): void; cancel(): void };
  awaitingCode: SetupForm<T> & { submitCode(code: string): void };
  verifying: SetupForm<T>;
  tooManyAttempts: { restart(): void; cancel(): void };
  /** Cancelling keeps the authenticator on, without the preference. */
  settingPreference: { cancel(): void };
  /** TOTP is on; cancelling keeps it on without the preference. */
  preferenceFailed: { retry(): void; cancel(): void };
  enrolled: Nothing;
  cancelled: Nothing;
  signedOut: Nothing;
}

/** The TOTP enrollment view: a union on `step` (see `SignInView`). */
export type TotpEnrollmentView<S extends TotpEnrollmentViewStep = TotpEnrollmentViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, TotpEnrollmentSteps<T>[K], T>;
}[S];

const STEPS: readonly [TotpEnrollmentViewStep, Parameters<TotpEnrollmentSnapshot['matches']>[0]][] = [
  ['settingUp', { enrolling: 'settingUp' }],
  ['settingUp', { enrolling: 'preparingQrCode' }],
  ['setupFailed', { enrolling: 'setupFailed' }],
  ['awaitingCode', { enrolling: 'awaitingCode' }],
  ['verifying', { enrolling: 'verifying' }],
  ['tooManyAttempts', { enrolling: 'tooManyAttempts' }],
  ['settingPreference', 'settingPreference'],
  ['preferenceFailed', 'preferenceFailed'],
  ['enrolled', 'enrolled'],
  ['cancelled', 'cancelled'],
  ['signedOut', 'signedOut'],
];

export function connectTotpEnrollment<T extends PropTypes = DomPropTypes>(
  snapshot: TotpEnrollmentSnapshot,
  send: (event: TotpEnrollmentEvent) => void,
  options?: ConnectOptions<T>,
): TotpEnrollmentView<TotpEnrollmentViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const props = propKit(options, 'totpEnrollment', busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds('totpEnrollment', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const retry = () => send({ type: 'FLOW.RETRY' });
  const totpSetup = c.secret ? totpSetupView(c.secret) : null;
  const form = () => ({
    ...props.form('code'),
    // The secret lives from setUpTOTP's answer until the enrolling state is left.
    totpSetup: totpSetup!,
    attemptsLeft: c.attemptsLeft,
    values: { code: c.code },
    cancel,
  });
  const step = STEPS.find(([, value]) => snapshot.matches(value))?.[0] ?? 'settingUp';
  switch (step) {
    case 'settingUp':
      return { step, ...base, totpSetup, cancel };
    case 'setupFailed':
    case 'preferenceFailed':
      return { step, ...base, retry, cancel };
    case 'awaitingCode':
      return { step, ...base, ...form(), submitCode: (code) => send({ type: 'CODE.SUBMIT', code }) };
    case 'verifying':
      return { step, ...base, ...form() };
    case 'tooManyAttempts':
      return { step, ...base, restart: () => send({ type: 'FLOW.RESTART' }), cancel };
    case 'settingPreference':
      return { step, ...base, cancel };
    case 'enrolled':
    case 'cancelled':
    case 'signedOut':
      return { step, ...base };
  }
}
