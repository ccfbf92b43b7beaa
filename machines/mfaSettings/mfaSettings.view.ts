import type { ActorRefFrom, AnyActorRef, SnapshotFrom } from 'xstate';
import { propKit } from '../shared/props.js';
import type { ConnectOptions, DomPropTypes, PropTypes, StepView } from '../shared/props.js';
import type { MfaMethod, MfaMode } from '../shared/types.js';
import { activeStateIds } from '../shared/types.js';
import { connectPhoneVerification } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationView, PhoneVerificationViewStep } from '../phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { connectTotpEnrollment } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentView, TotpEnrollmentViewStep } from '../totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import { canDisable, isEnabled, loginIdOf, mfaRequired, poolAllows } from './mfaSettings.machine.js';
import type { MfaSettingsMachine } from './mfaSettings.machine.js';
import type { MfaSettingsEvent, PendingChange } from './mfaSettings.types.js';

export type MfaSettingsSnapshot = SnapshotFrom<MfaSettingsMachine>;

/** The screens of the settings page; the names are the machine's own states. */
export type MfaSettingsViewStep =
  | 'loading'
  | 'loadFailed'
  | 'ready'
  | 'checkingSignIn'
  | 'reauthenticating'
  | 'enrollingTotp'
  | 'verifyingPhone'
  | 'saving'
  | 'signedOut';

/** One row of the settings page per method the pool allows. */
export interface MfaMethodView {
  readonly method: MfaMethod;
  readonly enabled: boolean;
  readonly preferred: boolean;
  /** Offered as an action now; set up runs the enrollment flow. */
  readonly canSetUp: boolean;
  readonly canPrefer: boolean;
  readonly canDisable: boolean;
  /** Why it cannot be turned off, when it is on and cannot. */
  readonly disableBlockedReason: string | null;
}

/** The account's MFA state, shown on every step (the last one read while a change is saved or read again). */
export interface MfaSettingsStatus {
  readonly mfaMode: MfaMode;
  /** Only the methods the pool allows; a method it does not allow is never offered. */
  readonly methods: readonly MfaMethodView[];
  readonly enabled: readonly MfaMethod[];
  readonly preferred: MfaMethod | null;
  readonly phone: string | null;
  readonly phoneVerified: boolean;
}

type Nothing = Record<never, never>;

/** What each step has besides `step`, `busy`, `error`, `activeStates`, `getErrorProps` and the status. */
export interface MfaSettingsSteps<T extends PropTypes = DomPropTypes> {
  /** Stops waiting (after which the settings can be read again). */
  loading: { cancel(): void };
  loadFailed: { reload(): void };
  ready: {
    enroll(method: 'TOTP' | 'SMS'): void;
    prefer(method: MfaMethod): void;
    disable(method: MfaMethod): void;
    reload(): void;
  };
  /** The running enrollment flow, as its own view. */
  enrollingTotp: { readonly totpEnrollment: TotpEnrollmentView<TotpEnrollmentViewStep, T> };
  /** The running phone flow, as its own view. */
  verifyingPhone: { readonly phoneVerification: PhoneVerificationView<PhoneVerificationViewStep, T> };
  /** Stops waiting for the save; the settings are read again to show what Cognito has. */
  saving: { cancel(): void };
  /** A sensitive change waits while the last sign-in's age is read; cancel drops it. */
  checkingSignIn: { readonly pending: PendingChange | null; cancel(): void };
  /**
   * The last sign-in is too old for the change asked for (`pending`): the user signs in again as `username` (not editable).
   * `reauthentication` is the running sign-in flow: draw it with `connectSignIn` (from the root or `./machines`), whose
   * credentials step is answered with `submitPassword`. `cancel` gives up: nothing changes, and `error` says so.
   */
  reauthenticating: {
    readonly pending: PendingChange | null;
    readonly username: string;
    /** The sign-in flow, while the user signs in; null while the new session is being taken on. */
    readonly reauthentication: AnyActorRef | null;
    /** Sends the password for `username` to the sign-in flow (its credentials step). */
    submitPassword(password: string): void;
    cancel(): void;
  };
  /** The session ended elsewhere on the page; `error` says so (SIGNED_OUT). */
  signedOut: Nothing;
}

/** The MFA settings view: a union on `step` (see `SignInView`); the child flows' views are embedded on their steps. */
export type MfaSettingsView<S extends MfaSettingsViewStep = MfaSettingsViewStep, T extends PropTypes = DomPropTypes> = {
  [K in S]: StepView<K, MfaSettingsStatus & MfaSettingsSteps<T>[K], T>;
}[S];

const STEPS = [
  'loading',
  'loadFailed',
  'ready',
  'checkingSignIn',
  'reauthenticating',
  'enrollingTotp',
  'verifyingPhone',
  'saving',
  'signedOut',
] as const;

export function connectMfaSettings<T extends PropTypes = DomPropTypes>(
  snapshot: MfaSettingsSnapshot,
  send: (event: MfaSettingsEvent) => void,
  options?: ConnectOptions<T>,
): MfaSettingsView<MfaSettingsViewStep, T> {
  const c = snapshot.context;
  const busy = snapshot.hasTag('busy');
  const id = options?.id ?? 'mfaSettings';
  const props = propKit(options, 'mfaSettings', busy, c.error);
  const ready = snapshot.matches('ready');
  const required = mfaRequired(c);
  const base = {
    busy,
    error: c.error,
    activeStates: activeStateIds('mfaSettings', snapshot.value),
    getErrorProps: props.error,
    mfaMode: c.capabilities.mfaMode,
    methods: c.capabilities.mfaMethods
      .filter((m) => poolAllows(c, m))
      .map((method) => {
        const enabled = isEnabled(c, method);
        return {
          method,
          enabled,
          preferred: c.status?.preferred === method,
          canSetUp: ready && !enabled && method !== 'EMAIL',
          canPrefer: ready && enabled && c.status?.preferred !== method,
          canDisable: ready && canDisable(c, method),
          disableBlockedReason:
            enabled && required && !canDisable(c, method)
              ? 'This app requires two-step verification: add another method before turning this one off.'
              : null,
        };
      }),
    enabled: c.status?.enabled ?? [],
    preferred: c.status?.preferred ?? null,
    phone: c.status?.phone ?? null,
    phoneVerified: c.status?.phoneVerified ?? false,
  };
  // A child's ids sit under the page's, so both flows' fields stay unique on one page.
  const childOptions = (child: string): ConnectOptions<T> => ({
    id: `${id}-${child}`,
    ...(options?.normalize ? { normalize: options.normalize } : {}),
  });
  const totp = snapshot.children.totpEnrollment as ActorRefFrom<TotpEnrollmentMachine> | undefined;
  const phone = snapshot.children.phoneVerification as ActorRefFrom<PhoneVerificationMachine> | undefined;
  const reload = () => send({ type: 'SETTINGS.RELOAD' });
  const cancel = () => send({ type: 'FLOW.CANCEL' });
  const step = STEPS.find((s) => snapshot.matches(s)) ?? 'loading';
  switch (step) {
    case 'loadFailed':
      return { step, ...base, reload };
    case 'ready':
      return {
        step,
        ...base,
        enroll: (method) => send({ type: method === 'TOTP' ? 'ENROLL.TOTP' : 'ENROLL.SMS' }),
        prefer: (method) => send({ type: 'PREFERRED.SET', method }),
        disable: (method) => send({ type: 'METHOD.DISABLE', method }),
        reload,
      };
    // The invoked child lives exactly as long as its state.
    case 'enrollingTotp':
      return { step, ...base, totpEnrollment: connectTotpEnrollment(totp!.getSnapshot(), totp!.send, childOptions('totpEnrollment')) };
    case 'verifyingPhone':
      return {
        step,
        ...base,
        phoneVerification: connectPhoneVerification(phone!.getSnapshot(), phone!.send, childOptions('phoneVerification')),
      };
    case 'checkingSignIn':
      return { step, ...base, pending: c.pending, cancel };
    case 'reauthenticating': {
      const flow = (snapshot.children.reauthenticate as AnyActorRef | undefined) ?? null;
      const username = loginIdOf(c);
      return {
        step,
        ...base,
        pending: c.pending,
        username,
        reauthentication: flow,
        submitPassword: (password) => flow?.send({ type: 'CREDENTIALS.SUBMIT', username, password }),
        cancel,
      };
    }
    case 'loading':
    case 'saving':
      return { step, ...base, cancel };
    case 'signedOut':
      return { step, ...base };
  }
}
