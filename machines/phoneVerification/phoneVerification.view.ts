import type { SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, FormGetters, PropTypes, StepView } from '../shared/props.js';
import type { CodeDelivery } from '../shared/types.js';
import { activeStateIds } from '../shared/types.js';
import type { PhoneVerificationMachine } from './phoneVerification.machine.js';
import type { PhoneVerificationEvent } from './phoneVerification.types.js';

export type PhoneVerificationSnapshot = SnapshotFrom<PhoneVerificationMachine>;

/** The screens of the flow; the names are the machine's own states. */
export type PhoneVerificationViewStep =
  | 'enteringPhone'
  | 'updatingPhone'
  | 'sendingCode'
  | 'awaitingCode'
  | 'confirming'
  | 'enablingSms'
  | 'enableFailed'
  | 'verified'
  | 'cancelled'
  /** The session ended elsewhere on the page; `error` says so (SIGNED_OUT). */
  | 'signedOut';

/** The number form (still shown, disabled, while the number is saved). */
type PhoneForm<T extends PropTypes> = FormGetters<'phone', T> & {
  /** What the user typed, to put back in the field after an error. */
  readonly values: { readonly phone: string };
  cancel(): void;
};

/** The code form (still shown, disabled, while a code is sent or checked). */
type CodeForm<T extends PropTypes> = FormGetters<'code', T> & {
  /** The E.164 number being verified. */
  readonly phone: string;
  /** Where the code went (masked), from Cognito. */
  readonly codeDelivery: CodeDelivery | null;
  readonly values: { readonly code: string };
  cancel(): void;
};

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export interface PhoneVerificationSteps<T extends PropTypes = DomPropTypes> {
  enteringPhone: PhoneForm<T> & { submitPhone(phone: string): void };
  updatingPhone: PhoneForm<T>;
  sendingCode: CodeForm<T>;
  awaitingCode: CodeForm<T> & {
    /** When a new code may be asked for (ms since epoch), for a countdown; null when it may be now. */
    readonly resendAt: number | null;
    readonly canResend: boolean;
    submitCode(code: string): void;
    resendCode(): void;
    getResendButtonProps(): T['button'];
    changePhone(): void;
  };
  confirming: CodeForm<T> & { readonly resendAt: number | null; changePhone(): void };
  enablingSms: { readonly phone: string; cancel(): void };
  /** The number is verified; SMS MFA was not turned on. */
  enableFailed: { readonly phone: string; retry(): void; cancel(): void };
  verified: { readonly phone: string };
  cancelled: Record<never, never>;
  signedOut: Record<never, never>;
}

/** The phone verification view: a union on `step` (see `SignInView`). */
export type PhoneVerificationView<S extends PhoneVerificationViewStep = PhoneVerificationViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, PhoneVerificationSteps<T>[K], T>;
}[S];

function stepOf(s: PhoneVerificationSnapshot): PhoneVerificationViewStep {
  if (s.matches({ awaitingCode: { code: 'confirming' } })) return 'confirming';
  for (const step of [
    'awaitingCode',
    'enteringPhone',
    'updatingPhone',
    'sendingCode',
    'enablingSms',
    'enableFailed',
    'verified',
    'cancelled',
    'signedOut',
  ] as const)
    if (s.matches(step)) return step;
  return 'enteringPhone';
}

export function connectPhoneVerification<T extends PropTypes = DomPropTypes>(
  snapshot: PhoneVerificationSnapshot,
  send: (event: PhoneVerificationEvent) => void,
  options?: ConnectOptions<T>,
): PhoneVerificationView<PhoneVerificationViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  // Cognito's errors about the number itself are shown on it.
  const props = propKit(options, 'phoneVerification', busy, c.error, {
    ALIAS_EXISTS: 'phone',
    CODE_DELIVERY_FAILED: 'phone',
    INVALID_PARAMETER: 'phone',
  });
  const base = { busy, error: c.error, activeStates: activeStateIds('phoneVerification', snapshot.value), getErrorProps: props.error };
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const changePhone = () => send({ type: 'PHONE.CHANGE' });
  const phoneForm = () => ({ ...props.form('phone'), values: { phone: c.phoneInput }, cancel });
  const codeForm = () => ({ ...props.form('code'), phone: c.phone, codeDelivery: c.codeDelivery, values: { code: c.code }, cancel });
  const step = stepOf(snapshot);
  switch (step) {
    case 'enteringPhone':
      return { step, ...base, ...phoneForm(), submitPhone: (phone) => send({ type: 'PHONE.SUBMIT', phone }) };
    case 'updatingPhone':
      return { step, ...base, ...phoneForm() };
    case 'sendingCode':
      return { step, ...base, ...codeForm() };
    case 'awaitingCode': {
      const canResend = snapshot.can({ type: 'CODE.RESEND' });
      return {
        step,
        ...base,
        ...codeForm(),
        resendAt: c.resendAt,
        canResend,
        submitCode: (code) => send({ type: 'CODE.SUBMIT', code }),
        resendCode: () => send({ type: 'CODE.RESEND' }),
        getResendButtonProps: () => props.button(!canResend),
        changePhone,
      };
    }
    case 'confirming':
      return { step, ...base, ...codeForm(), resendAt: c.resendAt, changePhone };
    case 'enablingSms':
      return { step, ...base, phone: c.phone, cancel };
    case 'enableFailed':
      return { step, ...base, phone: c.phone, retry: () => send({ type: 'FLOW.RETRY' }), cancel };
    case 'verified':
      return { step, ...base, phone: c.phone };
    case 'cancelled':
    case 'signedOut':
      return { step, ...base };
  }
}
