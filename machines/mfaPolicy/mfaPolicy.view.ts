import type { ActorRefFrom, SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, PropTypes, StepView } from '../shared/props.js';
import { activeStateIds } from '../shared/types.js';
import { connectPhoneVerification } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationView, PhoneVerificationViewStep } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { connectTotpEnrollment } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentView, TotpEnrollmentViewStep } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import { offeredMethods } from './mfaPolicy.machine.js';
import type { MfaPolicyMachine } from './mfaPolicy.machine.js';
import type { EnrollableMethod, MfaPolicyEvent } from './mfaPolicy.types.js';

export type MfaPolicySnapshot = SnapshotFrom<MfaPolicyMachine>;

/** The screens of the gate; the names are the machine's own states. */
export type MfaPolicyViewStep =
  | 'checking'
  | 'checkFailed'
  | 'choosing'
  | 'enrollingTotp'
  | 'verifyingPhone'
  | 'blocked'
  | 'signingOut'
  /** The app may show the user as signed in. */
  | 'satisfied'
  /** The session ended before the policy was met; `error` says so when it ended elsewhere (SIGNED_OUT). */
  | 'signedOut';

/** What every step of the closed gate offers: why it is closed, and the one way out. */
interface Gate<T extends PropTypes> {
  /** The user's groups that require MFA. */
  readonly requiredBy: readonly string[];
  signOut(options?: { global?: boolean }): void;
  readonly getSignOutButtonProps: () => T['button'];
}

type Nothing = Record<never, never>;

/** What each step has besides `step`, `busy`, `error`, `activeStates` and `getErrorProps`. */
export interface MfaPolicySteps<T extends PropTypes = DomPropTypes> {
  checking: Gate<T>;
  checkFailed: Gate<T> & { retry(): void };
  choosing: Gate<T> & {
    /** Only what the pool offers; two at most (one is never asked: the gate goes straight to it). */
    readonly methods: readonly EnrollableMethod[];
    selectMethod(method: EnrollableMethod): void;
    getMethodButtonProps(method: EnrollableMethod): T['button'];
  };
  /** The running enrollment flow, as its own view. */
  enrollingTotp: Gate<T> & { readonly totpEnrollment: TotpEnrollmentView<TotpEnrollmentViewStep, T> };
  /** The running phone flow, as its own view. */
  verifyingPhone: Gate<T> & { readonly phoneVerification: PhoneVerificationView<PhoneVerificationViewStep, T> };
  /** `error` says why (no method the app can set up); signing out is all that is left. */
  blocked: Gate<T>;
  signingOut: Nothing;
  satisfied: Nothing;
  signedOut: Nothing;
}

/** The MFA policy view: a union on `step` (see `SignInView`); the child flows' views are embedded on their steps. */
export type MfaPolicyView<S extends MfaPolicyViewStep = MfaPolicyViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, MfaPolicySteps<T>[K], T>;
}[S];

const STEPS: readonly [MfaPolicyViewStep, Parameters<MfaPolicySnapshot['matches']>[0]][] = [
  ['checking', { gate: 'checking' }],
  ['checkFailed', { gate: 'checkFailed' }],
  ['choosing', { gate: 'choosing' }],
  ['enrollingTotp', { gate: 'enrollingTotp' }],
  ['verifyingPhone', { gate: 'verifyingPhone' }],
  ['blocked', { gate: 'blocked' }],
  ['signingOut', 'signingOut'],
  ['satisfied', 'satisfied'],
  ['signedOut', 'signedOut'],
];

export function connectMfaPolicy<T extends PropTypes = DomPropTypes>(
  snapshot: MfaPolicySnapshot,
  send: (event: MfaPolicyEvent) => void,
  options?: ConnectOptions<T>,
): MfaPolicyView<MfaPolicyViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const id = options?.id ?? 'mfaPolicy';
  const props = propKit(options, 'mfaPolicy', busy, c.error);
  const base = { busy, error: c.error, activeStates: activeStateIds('mfaPolicy', snapshot.value), getErrorProps: props.error };
  // Signing out is never disabled while the gate is closed: it is the way out of a call that hangs.
  const gate = {
    requiredBy: c.requiredBy,
    signOut: (o?: { global?: boolean }) => send({ type: 'SIGN_OUT', ...(o?.global ? { global: true } : {}) }),
    getSignOutButtonProps: () => propKit(options, 'mfaPolicy', false, null).button(),
  };
  const childOptions = (child: string): ConnectOptions<T> => ({
    id: `${id}-${child}`,
    ...(options?.normalize ? { normalize: options.normalize } : {}),
  });
  const step = STEPS.find(([, value]) => snapshot.matches(value))?.[0] ?? 'checking';
  switch (step) {
    case 'checkFailed':
      return { step, ...base, ...gate, retry: () => send({ type: 'FLOW.RETRY' }) };
    case 'choosing':
      return {
        step,
        ...base,
        ...gate,
        methods: offeredMethods(c),
        selectMethod: (method) => send({ type: 'METHOD.SELECT', method }),
        getMethodButtonProps: () => props.button(),
      };
    // The invoked child lives exactly as long as its state.
    case 'enrollingTotp': {
      const totp = snapshot.children.totpEnrollment as ActorRefFrom<TotpEnrollmentMachine>;
      return {
        step,
        ...base,
        ...gate,
        totpEnrollment: connectTotpEnrollment(totp.getSnapshot(), totp.send, childOptions('totpEnrollment')),
      };
    }
    case 'verifyingPhone': {
      const phone = snapshot.children.phoneVerification as ActorRefFrom<PhoneVerificationMachine>;
      return {
        step,
        ...base,
        ...gate,
        phoneVerification: connectPhoneVerification(phone.getSnapshot(), phone.send, childOptions('phoneVerification')),
      };
    }
    case 'checking':
    case 'blocked':
      return { step, ...base, ...gate };
    case 'signingOut':
    case 'satisfied':
    case 'signedOut':
      return { step, ...base };
  }
}
