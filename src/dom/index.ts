/**
 * `amplify-mfa-flow/dom`: the flows with no UI framework. A flow is an actor
 * plus one subscription that follows its child flows, handing out the current
 * view; `spreadProps` puts a view's prop getters on real elements.
 */
import { createActor } from 'xstate';
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
import type { ConnectOptions, DomPropTypes } from '../../machines/shared/props.js';
import {
  createAmplifyMfaPolicyMachine,
  createAmplifyMfaSettingsMachine,
  createAmplifyPhoneVerificationMachine,
  createAmplifyTotpEnrollmentMachine,
} from '../amplify/mfa.actors.js';
import { createAmplifyPasswordlessSignInMachine } from '../amplify/passwordless.actors.js';
import { createAmplifySignInMachine } from '../amplify/signIn.actors.js';

export { observeFlow } from '../../machines/shared/flow.js';
export type { Connect, ObservedFlow } from '../../machines/shared/flow.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface Flow<TView, TActor = Actor<AnyStateMachine>> {
  /** The running machine: for `waitFor`, an inspector, or events the view has no action for. */
  readonly actor: TActor;
  /** The current view (the same object until something changes); throws the actor's error once it failed. */
  getView(): TView;
  /** Called with the new view after every change, children included; returns the unsubscribe. */
  subscribe(listener: (view: TView) => void): () => void;
  start(): Flow<TView, TActor>;
  stop(): void;
}

export interface FlowOptions<TInput> {
  readonly input?: TInput;
  /** Prefix for element ids, unique per flow on a page; one is made up when absent. */
  readonly id?: string;
  readonly inspect?: InspectionObserver;
  /** The clock timers run on: the real one by default; a test's (e.g. amplify-mfa-flow/testing's fakes) to move time by hand. */
  readonly clock?: ActorOptions<AnyStateMachine>['clock'];
  /**
   * A persisted snapshot to restore, as `onPersist` gave it, e.g. from
   * sessionStorage after a reload. See "Surviving a reload".
   */
  readonly snapshot?: Snapshot<unknown>;
  /** Called with `actor.getPersistedSnapshot()` once started and after every change of the flow or a child flow: safe to store. */
  readonly onPersist?: (persisted: Snapshot<unknown>) => void;
}

/** A machine's `connect*`, giving props in the DOM's spelling. */
export type DomConnect<TMachine extends AnyStateMachine, TView> = (
  snapshot: SnapshotFrom<TMachine>,
  send: (event: EventFromLogic<TMachine>) => void,
  options?: ConnectOptions<DomPropTypes>,
) => TView;

let flows = 0;

/** Any machine with its `connect*`: an actor (not started yet) and one subscription for it and its children. */
export function createFlow<TMachine extends AnyStateMachine, TView>(
  machine: TMachine,
  connect: DomConnect<TMachine, TView>,
  options: FlowOptions<InputFrom<TMachine>> = {},
): Flow<TView, Actor<TMachine>> {
  const actorOptions: ActorOptions<TMachine> = {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.snapshot ? { snapshot: options.snapshot } : {}),
  };
  // createActor's options are a conditional type that a generic machine cannot resolve.
  const actor = (createActor as (machine: TMachine, options: ActorOptions<TMachine>) => Actor<TMachine>)(machine, actorOptions);
  flows += 1;
  const observed = observeFlow(actor, connect, { id: options.id ?? `${machine.id}-${flows}` });
  const { onPersist } = options;
  let persisting: (() => void) | undefined;
  const flow: Flow<TView, Actor<TMachine>> = {
    actor,
    getView: observed.getView,
    subscribe: observed.subscribe,
    start() {
      actor.start();
      if (onPersist && !persisting) {
        const persist = () => onPersist(actor.getPersistedSnapshot());
        persist();
        persisting = observed.subscribe(persist);
      }
      return flow;
    },
    stop: () => {
      persisting?.();
      persisting = undefined;
      actor.stop();
    },
  };
  return flow;
}

export interface MachineFlowOptions<TInput, TMachine> extends FlowOptions<TInput> {
  /** Another implementation of the actors (tests, another backend); the aws-amplify one (built once) by default. */
  readonly machine?: TMachine;
}

export function createSignInFlow(options: MachineFlowOptions<SignInInput, SignInMachine> = {}): Flow<SignInView, Actor<SignInMachine>> {
  return createFlow(options.machine ?? createAmplifySignInMachine(), connectSignIn, options);
}

/** The passwordless sign-in (amplify-mfa-flow/passwordless): codes, passkeys, the password as a step, custom challenges. */
export function createPasswordlessSignInFlow(
  options: MachineFlowOptions<PasswordlessSignInInput, PasswordlessSignInMachine> = {},
): Flow<PasswordlessSignInView, Actor<PasswordlessSignInMachine>> {
  return createFlow(options.machine ?? createAmplifyPasswordlessSignInMachine(), connectPasswordlessSignIn, options);
}

export function createMfaSettingsFlow(
  options: MachineFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { readonly input: MfaSettingsInput },
): Flow<MfaSettingsView, Actor<MfaSettingsMachine>> {
  return createFlow(options.machine ?? createAmplifyMfaSettingsMachine(), connectMfaSettings, options);
}

/** The MFA-per-group gate after sign-in; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function createMfaPolicyFlow(
  options: MachineFlowOptions<MfaPolicyInput, MfaPolicyMachine> & { readonly input: MfaPolicyInput },
): Flow<MfaPolicyView, Actor<MfaPolicyMachine>> {
  return createFlow(options.machine ?? createAmplifyMfaPolicyMachine(), connectMfaPolicy, options);
}

/** The signed-in user's remembered devices, each with "Forget" (README "Remembered devices"). */
export function createDevicesFlow(
  options: MachineFlowOptions<DevicesInput, DevicesMachine> = {},
): Flow<DevicesView, Actor<DevicesMachine>> {
  return createFlow(options.machine ?? createAmplifyDevicesMachine(), connectDevices, options);
}

export function createTotpEnrollmentFlow(
  options: MachineFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { readonly input: TotpEnrollmentInput },
): Flow<TotpEnrollmentView, Actor<TotpEnrollmentMachine>> {
  return createFlow(options.machine ?? createAmplifyTotpEnrollmentMachine(), connectTotpEnrollment, options);
}

export function createPhoneVerificationFlow(
  options: MachineFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {},
): Flow<PhoneVerificationView, Actor<PhoneVerificationMachine>> {
  return createFlow(options.machine ?? createAmplifyPhoneVerificationMachine(), connectPhoneVerification, options);
}

/**
 * The signed-in user's passkeys: list, add, delete (with a confirmation).
 * `input.supported` defaults to `isPasskeySupported()` on this page.
 */
export function createPasskeysFlow(
  options: MachineFlowOptions<PasskeysInput, PasskeysMachine> = {},
): Flow<PasskeysView, Actor<PasskeysMachine>> {
  return createFlow(options.machine ?? createAmplifyPasskeysMachine(), connectPasskeys, {
    ...options,
    input: { supported: isPasskeySupported(), ...options.input },
  });
}

/**
 * Puts a prop-getter object on an element: attributes by their DOM names,
 * `aria-*` booleans as "true"/"false", other booleans present or absent,
 * `undefined` and `null` removed, `on*` functions as event listeners.
 * Returns a function that removes what it set.
 */
export function spreadProps(element: Element, props: object): () => void {
  const undo: (() => void)[] = [];
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function' && name.startsWith('on')) {
      const type = name.slice(2).toLowerCase();
      element.addEventListener(type, value as EventListener);
      undo.push(() => element.removeEventListener(type, value as EventListener));
    } else if (value === undefined || value === null || (value === false && !name.startsWith('aria-'))) {
      element.removeAttribute(name);
    } else {
      element.setAttribute(name, value === true && !name.startsWith('aria-') ? '' : String(value));
      undo.push(() => element.removeAttribute(name));
    }
  }
  return () => {
    for (const step of undo) step();
  };
}
