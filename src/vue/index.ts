/**
 * `amplify-mfa-flow/vue`: the flows as Vue 3 composables, on @xstate/vue's
 * `useActorRef` (started when the component mounts, stopped when it
 * unmounts). Each hands out its view as a shallow ref that follows the child
 * flows too; props come in the DOM spelling Vue templates take.
 */
import { useActorRef } from '@xstate/vue';
import * as vue from 'vue';
import { onBeforeUnmount, onMounted, shallowReadonly, shallowRef } from 'vue';
import type { ShallowRef } from 'vue';
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
import type { ConnectOptions, DomPropTypes } from '../../machines/shared/props.js';
import { connectPasskeys } from '../../machines/passkeys/passkeys.view.js';
import type { PasskeysView } from '../../machines/passkeys/passkeys.view.js';
import type { PasskeysMachine } from '../../machines/passkeys/passkeys.machine.js';
import type { PasskeysInput } from '../../machines/passkeys/passkeys.types.js';
import { createAmplifyPasskeysMachine, isPasskeySupported } from '../amplify/passkeys.actors.js';
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

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface UseFlowOptions<TInput, TMachine> {
  readonly input?: TInput;
  /** Another implementation of the machine's actors (tests, other backends); aws-amplify by default. */
  readonly machine?: TMachine;
  readonly inspect?: InspectionObserver;
  /** Prefix for element ids; unique per component by default. */
  readonly id?: string;
  /**
   * A persisted snapshot to restore (read once, in `setup`), as `onPersist`
   * gave it, e.g. from sessionStorage after a reload. See "Surviving a reload".
   */
  readonly snapshot?: Snapshot<unknown>;
  /** Called with `actor.getPersistedSnapshot()` once mounted and after every change of the flow or a child flow: safe to store. */
  readonly onPersist?: (persisted: Snapshot<unknown>) => void;
}

/** A machine's `connect*`, giving props in the DOM's spelling, which Vue binds as they are. */
export type VueConnect<TMachine extends AnyStateMachine, TView> = (
  snapshot: SnapshotFrom<TMachine>,
  send: (event: EventFromLogic<TMachine>) => void,
  options?: ConnectOptions<DomPropTypes>,
) => TView;

// `useId` (ids stable across server rendering and hydration) came with Vue 3.5; before it, ids are counted.
const vueUseId = (vue as { useId?: () => string }).useId;
let flows = 0;

/**
 * Any machine with its `connect*`, as a composable: a shallow ref to the
 * view, children included. Call it in `setup`; the actor starts when the
 * component mounts and stops when it unmounts. A machine that failed (a wrong
 * input) throws its error from `setup`.
 */
export function useFlow<TMachine extends AnyStateMachine, TView>(
  machine: TMachine,
  connect: VueConnect<TMachine, TView>,
  options: Omit<UseFlowOptions<InputFrom<TMachine>, TMachine>, 'machine'> = {},
): Readonly<ShallowRef<TView>> {
  const actorOptions: ActorOptions<TMachine> = {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  };
  // useActorRef's options are a conditional type that a generic machine cannot resolve.
  const actor = (useActorRef as (machine: TMachine, options: ActorOptions<TMachine>) => Actor<TMachine>)(machine, actorOptions);
  flows += 1;
  const id = options.id ?? `mfa${(vueUseId?.() ?? String(flows)).replace(/[^a-zA-Z0-9]/g, '')}`;
  const flow = observeFlow(actor, connect, { id });
  const view = shallowRef(flow.getView());
  const { onPersist } = options;
  let unsubscribe: (() => void) | undefined;
  let persisting: (() => void) | undefined;
  onMounted(() => {
    unsubscribe = flow.subscribe((next) => {
      view.value = next;
    });
    view.value = flow.getView();
    if (onPersist) {
      const persist = () => onPersist(actor.getPersistedSnapshot());
      persist();
      persisting = flow.subscribe(persist);
    }
  });
  onBeforeUnmount(() => {
    unsubscribe?.();
    persisting?.();
  });
  return shallowReadonly(view) as Readonly<ShallowRef<TView>>;
}

/** The sign-in flow as a view a compiler can narrow on `step`. */
export function useSignIn(options: UseFlowOptions<SignInInput, SignInMachine> = {}): Readonly<ShallowRef<SignInView>> {
  return useFlow(options.machine ?? createAmplifySignInMachine(), connectSignIn, options);
}

/** The passwordless sign-in (amplify-mfa-flow/passwordless) as a view a compiler can narrow on `step`. */
export function usePasswordlessSignIn(
  options: UseFlowOptions<PasswordlessSignInInput, PasswordlessSignInMachine> = {},
): Readonly<ShallowRef<PasswordlessSignInView>> {
  return useFlow(options.machine ?? createAmplifyPasswordlessSignInMachine(), connectPasswordlessSignIn, options);
}

/** The MFA settings page; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function useMfaSettings(
  options: UseFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { input: MfaSettingsInput },
): Readonly<ShallowRef<MfaSettingsView>> {
  return useFlow(options.machine ?? createAmplifyMfaSettingsMachine(), connectMfaSettings, options);
}

/** The MFA-per-group gate after sign-in; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function useMfaPolicy(
  options: UseFlowOptions<MfaPolicyInput, MfaPolicyMachine> & { input: MfaPolicyInput },
): Readonly<ShallowRef<MfaPolicyView>> {
  return useFlow(options.machine ?? createAmplifyMfaPolicyMachine(), connectMfaPolicy, options);
}

/** The signed-in user's remembered devices, each with "Forget" (README "Remembered devices"). */
export function useDevices(options: UseFlowOptions<DevicesInput, DevicesMachine> = {}): Readonly<ShallowRef<DevicesView>> {
  return useFlow(options.machine ?? createAmplifyDevicesMachine(), connectDevices, options);
}

/** TOTP enrollment on its own (e.g. a dedicated page). */
export function useTotpEnrollment(
  options: UseFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { input: TotpEnrollmentInput },
): Readonly<ShallowRef<TotpEnrollmentView>> {
  return useFlow(options.machine ?? createAmplifyTotpEnrollmentMachine(), connectTotpEnrollment, options);
}

/** Phone verification on its own. */
export function usePhoneVerification(
  options: UseFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {},
): Readonly<ShallowRef<PhoneVerificationView>> {
  return useFlow(options.machine ?? createAmplifyPhoneVerificationMachine(), connectPhoneVerification, options);
}

/**
 * The signed-in user's passkeys: list, add, delete (with a confirmation).
 * `input.supported` defaults to `isPasskeySupported()` on this page.
 */
export function usePasskeys(options: UseFlowOptions<PasskeysInput, PasskeysMachine> = {}): Readonly<ShallowRef<PasskeysView>> {
  return useFlow(options.machine ?? createAmplifyPasskeysMachine(), connectPasskeys, {
    ...options,
    input: { supported: isPasskeySupported(), ...options.input },
  });
}
