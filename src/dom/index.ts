/**
 * `amplify-mfa-flow/dom`: the flows with no UI framework. A flow is an actor
 * plus one subscription that follows its child flows, handing out the current
 * view; `spreadProps` puts a view's prop getters on real elements.
 */
import { createActor } from 'xstate';
import type { AnyActorRef, AnyStateMachine, InspectionEvent, Observer } from 'xstate';
import { observeFlow } from '../../machines/shared/flow.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsView } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput } from '../../machines/mfaSettings/mfaSettings.types.js';
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
import { amplifyMachines } from '../amplify/machines.js';

export { observeFlow } from '../../machines/shared/flow.js';
export type { ObservedFlow } from '../../machines/shared/flow.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface Flow<TView, TActor extends AnyActorRef = AnyActorRef> {
  readonly actor: TActor;
  /** The current view (the same object until something changes). */
  getView(): TView;
  /** Called with the new view after every change, children included; returns the unsubscribe. */
  subscribe(listener: (view: TView) => void): () => void;
  start(): Flow<TView, TActor>;
  stop(): void;
}

export interface FlowOptions<TInput> {
  readonly input?: TInput;
  /** Prefix for element ids, unique per flow on a page. */
  readonly id?: string;
  readonly inspect?: InspectionObserver;
}

let flows = 0;

/** Any machine with its `connect*`: an actor (not started) and one subscription for it and its children. */
export function createFlow<TMachine extends AnyStateMachine, TView>(
  machine: TMachine,
  connect: (snapshot: never, send: never, options?: ConnectOptions<DomPropTypes>) => TView,
  options: FlowOptions<unknown> = {},
): Flow<TView> {
  const actor = createActor(machine, {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  } as never) as AnyActorRef;
  flows += 1;
  const observed = observeFlow(actor, connect as never, { id: options.id ?? `${machine.id}-${flows}` });
  const flow: Flow<TView> = {
    actor,
    getView: () => observed.getView() as TView,
    subscribe: (listener) => observed.subscribe(listener as never),
    start() {
      actor.start();
      return flow;
    },
    stop: () => actor.stop(),
  };
  return flow;
}

export interface MachineFlowOptions<TInput, TMachine> extends FlowOptions<TInput> {
  /** Another implementation of the actors; the aws-amplify one by default. */
  readonly machine?: TMachine;
}

export function createSignInFlow(options: MachineFlowOptions<SignInInput, SignInMachine> = {}): Flow<SignInView> {
  return createFlow(options.machine ?? amplifyMachines().signIn, connectSignIn as never, options);
}

export function createMfaSettingsFlow(
  options: MachineFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { input: MfaSettingsInput },
): Flow<MfaSettingsView> {
  return createFlow(options.machine ?? amplifyMachines().mfaSettings, connectMfaSettings as never, options);
}

export function createTotpEnrollmentFlow(
  options: MachineFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { input: TotpEnrollmentInput },
): Flow<TotpEnrollmentView> {
  return createFlow(options.machine ?? amplifyMachines().totpEnrollment, connectTotpEnrollment as never, options);
}

export function createPhoneVerificationFlow(
  options: MachineFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {},
): Flow<PhoneVerificationView> {
  return createFlow(options.machine ?? amplifyMachines().phoneVerification, connectPhoneVerification as never, options);
}

/**
 * Puts a prop-getter object on an element: attributes by their DOM names,
 * booleans present or absent, `undefined` removed. Returns a function that
 * removes what it set.
 */
export function spreadProps(element: Element, props: object): () => void {
  const set: string[] = [];
  for (const [name, value] of Object.entries(props)) {
    // aria-* state is spoken as "true"/"false"; other booleans are present or absent.
    if (name.startsWith('aria-') && typeof value === 'boolean') {
      element.setAttribute(name, String(value));
      set.push(name);
    } else if (value === undefined || value === null || value === false) {
      element.removeAttribute(name);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
      set.push(name);
    }
  }
  return () => {
    for (const name of set) element.removeAttribute(name);
  };
}
