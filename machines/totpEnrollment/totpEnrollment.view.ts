import type { SnapshotFrom } from 'xstate';
import type { FlowError } from '../shared/errors.js';
import { groupSecret } from '../shared/types.js';
import type { TotpEnrollmentMachine } from './totpEnrollment.machine.js';
import type { TotpEnrollmentEvent } from './totpEnrollment.types.js';

export type TotpEnrollmentSnapshot = SnapshotFrom<TotpEnrollmentMachine>;

export type TotpEnrollmentStep =
  | 'settingUp'
  | 'setupFailed'
  | 'showingSetup'
  | 'verifying'
  | 'tooManyAttempts'
  | 'settingPreference'
  | 'preferenceFailed'
  | 'enrolled'
  | 'cancelled';

export interface TotpEnrollmentView {
  readonly step: TotpEnrollmentStep;
  readonly busy: boolean;
  readonly error: FlowError | null;
  readonly attemptsLeft: number;
  /** The QR code (PNG data URL) and the secret for typing by hand; null once the setup is over. */
  readonly setup: { readonly qrDataUrl: string | null; readonly secret: string; readonly secretGroups: string; readonly uri: string } | null;
  readonly values: { readonly code: string };
  submitCode(code: string): void;
  retry(): void;
  restart(): void;
  cancel(): void;
}

const STEPS: readonly [TotpEnrollmentStep, Parameters<TotpEnrollmentSnapshot['matches']>[0]][] = [
  ['settingUp', { enrolling: 'settingUp' }],
  ['settingUp', { enrolling: 'preparingQrCode' }],
  ['setupFailed', { enrolling: 'setupFailed' }],
  ['showingSetup', { enrolling: 'awaitingCode' }],
  ['verifying', { enrolling: 'verifying' }],
  ['tooManyAttempts', { enrolling: 'tooManyAttempts' }],
  ['settingPreference', 'settingPreference'],
  ['preferenceFailed', 'preferenceFailed'],
  ['enrolled', 'enrolled'],
  ['cancelled', 'cancelled'],
];

export function connectTotpEnrollment(snapshot: TotpEnrollmentSnapshot, send: (event: TotpEnrollmentEvent) => void): TotpEnrollmentView {
  const c = snapshot.context;
  const step = STEPS.find(([, value]) => snapshot.matches(value))?.[0] ?? 'settingUp';
  return {
    step,
    busy: snapshot.hasTag('busy'),
    error: c.error,
    attemptsLeft: c.attemptsLeft,
    setup: c.secret ? { qrDataUrl: c.secret.qrDataUrl, secret: c.secret.sharedSecret, secretGroups: groupSecret(c.secret.sharedSecret), uri: c.secret.setupUri } : null,
    values: { code: c.code },
    submitCode: (code) => send({ type: 'CODE.SUBMIT', code }),
    retry: () => send({ type: 'FLOW.RETRY' }),
    restart: () => send({ type: 'FLOW.RESTART' }),
    cancel: () => send({ type: 'FLOW.CANCEL' }),
  };
}
