import type { SnapshotFrom } from 'xstate';
import type { FlowError } from '../shared/errors.js';
import type { CodeDelivery } from '../shared/types.js';
import type { PhoneVerificationMachine } from './phoneVerification.machine.js';
import type { PhoneVerificationEvent } from './phoneVerification.types.js';

export type PhoneVerificationSnapshot = SnapshotFrom<PhoneVerificationMachine>;

export type PhoneVerificationStep = 'enteringPhone' | 'savingPhone' | 'sendingCode' | 'awaitingCode' | 'confirming' | 'enablingSms' | 'enableFailed' | 'verified' | 'cancelled';

export interface PhoneVerificationView {
  readonly step: PhoneVerificationStep;
  readonly busy: boolean;
  readonly error: FlowError | null;
  /** The E.164 number being verified. */
  readonly phone: string;
  /** Where the code went (masked), from Cognito. */
  readonly codeDelivery: CodeDelivery | null;
  /** When a new code may be asked for (ms since epoch), for a countdown; null when it may be now. */
  readonly resendAt: number | null;
  readonly canResend: boolean;
  readonly values: { readonly phone: string; readonly code: string };
  submitPhone(phone: string): void;
  changePhone(): void;
  submitCode(code: string): void;
  resendCode(): void;
  retry(): void;
  cancel(): void;
}

function stepOf(s: PhoneVerificationSnapshot): PhoneVerificationStep {
  if (s.matches({ awaitingCode: { code: 'confirming' } })) return 'confirming';
  if (s.matches('awaitingCode')) return 'awaitingCode';
  if (s.matches('updatingPhone')) return 'savingPhone';
  for (const step of ['enteringPhone', 'sendingCode', 'enablingSms', 'enableFailed', 'verified', 'cancelled'] as const) if (s.matches(step)) return step;
  return 'enteringPhone';
}

export function connectPhoneVerification(snapshot: PhoneVerificationSnapshot, send: (event: PhoneVerificationEvent) => void): PhoneVerificationView {
  const c = snapshot.context;
  return {
    step: stepOf(snapshot),
    busy: snapshot.hasTag('busy'),
    error: c.error,
    phone: c.phone,
    codeDelivery: c.codeDelivery,
    resendAt: c.resendAt,
    canResend: snapshot.can({ type: 'CODE.RESEND' }),
    values: { phone: c.phoneInput, code: c.code },
    submitPhone: (phone) => send({ type: 'PHONE.SUBMIT', phone }),
    changePhone: () => send({ type: 'PHONE.CHANGE' }),
    submitCode: (code) => send({ type: 'CODE.SUBMIT', code }),
    resendCode: () => send({ type: 'CODE.RESEND' }),
    retry: () => send({ type: 'FLOW.RETRY' }),
    cancel: () => send({ type: 'FLOW.CANCEL' }),
  };
}
