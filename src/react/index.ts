/**
 * `amplify-mfa-flow/react`: the flows as hooks. Each runs its machine for the
 * component's life (built once, the aws-amplify one unless you pass your own),
 * follows its child flows through one subscription, and hands out the view
 * with React's prop spelling and ids unique on the page. React 18 and 19.
 */
import { useActorRef } from '@xstate/react';
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type {
  Actor,
  ActorOptions,
  AnyStateMachine,
  EventFromLogic,
  InputFrom,
  InspectionEvent,
  Observer,
  Snapshot,
  SnapshotFrom,
} from 'xstate';
import { observeFlow } from '../../machines/shared/flow.js';
import type { ConnectOptions } from '../../machines/shared/props.js';
import { connectMfaPolicy } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import type { MfaPolicyView } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import type { MfaPolicyMachine } from '../../machines/mfaPolicy/mfaPolicy.machine.js';
import type { MfaPolicyInput } from '../../machines/mfaPolicy/mfaPolicy.types.js';
import { connectDevices } from '../../machines/devices/devices.view.js';
import type { DevicesView } from '../../machines/devices/devices.view.js';
import type { DevicesMachine } from '../../machines/devices/devices.machine.js';
import type { DevicesInput } from '../../machines/devices/devices.types.js';
import { createAmplifyDevicesMachine } from '../amplify/devices.actors.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsView } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectPasswordlessSignIn } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInView } from '../../machines/passwordless/passwordless.view.js';
import type { PasswordlessSignInMachine } from '../../machines/passwordless/passwordless.machine.js';
import type { PasswordlessSignInInput } from '../../machines/passwordless/passwordless.types.js';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import type { PasskeysView } from '../../machines/passkeys/passkeys.view.js';
import type { PasskeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import type { PasskeysInput } from '../../machines/passkeys/passkeys.types.js';
import { createAmplifyPasskeysMachine, isPasskeySupported } from '../amplify/passkeys.actors.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationView } from '../../machines/phoneVerification/phoneVerification.view.js';
import type { PhoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import type { PhoneVerificationInput } from '../../machines/phoneVerification/phoneVerification.types.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInView } from '../../machines/signIn/signIn.view.js';
import type { SignInMachine } from '../../machines/signIn/signIn.machine.js';
import type { SignInInput } from '../../machines/signIn/signIn.types.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentView } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import type { TotpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import type { TotpEnrollmentInput } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import {
  createAmplifyMfaPolicyMachine,
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from '../amplify/mfa.actors.js';
import { createAmplifyPasswordlessSignInMachine } from '../amplify/passwordless.actors.js';
import { createAmplifySignInMachine } from '../amplify/signIn.actors.js';
import { normalizeProps } from './props.js';
import type { ReactPropTypes } from './props.js';

export { normalizeProps } from './props.js';
export type {
  ReactButtonProps,
  ReactErrorProps,
  ReactInputProps,
  ReactLabelProps,
  ReactPropTypes,
  ReactSpelling,
} from './props.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface UseFlowOptions<TInput, TMachine> {
  readonly input?: TInput;
  /** Another implementation of the machine's actors (tests, other backends); aws-amplify by default. */
  readonly machine?: TMachine;
  /** An inspector (e.g. @statelyai/inspect's), for development. */
  readonly inspect?: InspectionObserver;
  /** Prefix for element ids; unique by default (React's `useId`). */
  readonly id?: string;
  /**
   * A persisted snapshot to restore (read once, on mount), as `onPersist` gave
   * it, e.g. from sessionStorage after a reload. See "Surviving a reload".
   */
  readonly snapshot?: Snapshot<unknown>;
  /** Called with `actor.getPersistedSnapshot()` after every change of the flow or a child flow: safe to store. */
  readonly onPersist?: (persisted: Snapshot<unknown>) => void;
}

/** A machine's `connect*`, giving props in React's spelling. */
export type ReactConnect<TMachine extends AnyStateMachine, TView> = (
  snapshot: SnapshotFrom<TMachine>,
  send: (event: EventFromLogic<TMachine>) => void,
  options?: ConnectOptions<ReactPropTypes>,
) => TView;

/**
 * Any machine with its `connect*`, as a hook: the view re-renders on every
 * change, children included. The input and the id are read once, for the
 * component's life, as @xstate/react does (a machine re-provided on a render
 * keeps the running actor with its new implementations). A machine that
 * failed (a wrong input) throws its error from the render, for an error boundary.
 */
export function useFlow<TMachine extends AnyStateMachine, TView>(
  machine: TMachine,
  connect: ReactConnect<TMachine, TView>,
  options: Omit<UseFlowOptions<InputFrom<TMachine>, TMachine>, 'machine'> = {},
): TView {
  const reactId = useId();
  // React 18 ids hold colons, which CSS selectors would need escaped.
  const [id] = useState(() => options.id ?? `mfa${reactId.replace(/[^a-zA-Z0-9]/g, '')}`);
  const actorOptions: ActorOptions<TMachine> = {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  };
  // useActorRef's options are a conditional type that a generic machine cannot resolve.
  const actor = (useActorRef as (machine: TMachine, options: ActorOptions<TMachine>) => Actor<TMachine>)(machine, actorOptions);
  const flow = useMemo(() => observeFlow(actor, connect, { id, normalize: normalizeProps }), [actor, connect, id]);
  const onPersist = useRef(options.onPersist);
  onPersist.current = options.onPersist;
  const persisting = options.onPersist !== undefined;
  useEffect(() => {
    if (!persisting) return;
    const persist = () => onPersist.current?.(actor.getPersistedSnapshot());
    persist();
    return flow.subscribe(persist);
  }, [actor, flow, persisting]);
  return useSyncExternalStore(flow.subscribe, flow.getView, flow.getView);
}

export type UseSignInOptions = UseFlowOptions<SignInInput, SignInMachine>;

/** The sign-in flow as a view a compiler can narrow on `step`. */
export function useSignIn(options: UseSignInOptions = {}): SignInView<SignInView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifySignInMachine(), connectSignIn, options);
}

/**
 * The passwordless sign-in (amplify-mfa-flow/passwordless): one-time codes, passkeys, the password as a step,
 * custom challenges, and every MFA step of the sign-in.
 */
export function usePasswordlessSignIn(
  options: UseFlowOptions<PasswordlessSignInInput, PasswordlessSignInMachine> = {},
): PasswordlessSignInView<PasswordlessSignInView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyPasswordlessSignInMachine(), connectPasswordlessSignIn, options);
}

/** The MFA settings page; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function useMfaSettings(
  options: UseFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { input: MfaSettingsInput },
): MfaSettingsView<MfaSettingsView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyMfaSettingsMachine(), connectMfaSettings, options);
}

/** The signed-in user's remembered devices, each with "Forget" (README "Remembered devices"). */
export function useDevices(options: UseFlowOptions<DevicesInput, DevicesMachine> = {}): DevicesView<DevicesView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyDevicesMachine(), connectDevices, options);
}

/** TOTP enrollment on its own (e.g. a dedicated page). */
export function useTotpEnrollment(
  options: UseFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { input: TotpEnrollmentInput },
): TotpEnrollmentView<TotpEnrollmentView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyTotpEnrollmentMachine(), connectTotpEnrollment, options);
}

/** Phone verification on its own. */
export function usePhoneVerification(
  options: UseFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {},
): PhoneVerificationView<PhoneVerificationView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyPhoneVerificationMachine(), connectPhoneVerification, options);
}

/** The MFA-per-group gate after sign-in; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function useMfaPolicy(
  options: UseFlowOptions<MfaPolicyInput, MfaPolicyMachine> & { input: MfaPolicyInput },
): MfaPolicyView<MfaPolicyView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyMfaPolicyMachine(), connectMfaPolicy, options);
}

/**
 * The signed-in user's passkeys: list, add, delete (with a confirmation).
 * `input.supported` defaults to `isPasskeySupported()` on this page.
 */
export function usePasskeys(
  options: UseFlowOptions<PasskeysInput, PasskeysMachine> = {},
): PasskeysView<PasskeysView['step'], ReactPropTypes> {
  return useFlow(options.machine ?? createAmplifyPasskeysMachine(), connectPasskeys, {
    ...options,
    input: { supported: isPasskeySupported(), ...options.input },
  });
}
