/**
 * `amplify-mfa-flow/vue`: the flows as Vue 3 composables, on @xstate/vue's
 * `useActorRef` (started when the component mounts, stopped when it
 * unmounts). Each hands out its view as a shallow ref that follows the child
 * flows too; props come in the DOM spelling Vue templates take.
 */
import { useActorRef } from '@xstate/vue';
import { onBeforeUnmount, onMounted, shallowReadonly, shallowRef } from 'vue';
import type { ShallowRef } from 'vue';
import type { AnyStateMachine, InspectionEvent, Observer } from 'xstate';
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
import { amplifyMachines } from '../amplify/machines.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface UseFlowOptions<TInput, TMachine> {
  readonly input?: TInput;
  /** Another implementation of the machine's actors (tests, other backends); aws-amplify by default. */
  readonly machine?: TMachine;
  readonly inspect?: InspectionObserver;
  /** Prefix for element ids; unique per component by default. */
  readonly id?: string;
}

let flows = 0;

/** Any machine with its `connect*`, as a composable: a shallow ref to the view, children included. */
export function useFlow<TView>(
  machine: AnyStateMachine,
  connect: (snapshot: never, send: never, options?: { id?: string }) => TView,
  options: Omit<UseFlowOptions<unknown, unknown>, 'machine'> = {},
): Readonly<ShallowRef<TView>> {
  flows += 1;
  const actor = useActorRef(machine, {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  } as never);
  const flow = observeFlow(actor, connect as never, { id: options.id ?? `${machine.id}-${flows}` });
  const view = shallowRef(flow.getView() as TView);
  let stop: (() => void) | undefined;
  onMounted(() => {
    stop = flow.subscribe((next) => {
      view.value = next as TView;
    });
    view.value = flow.getView() as TView;
  });
  onBeforeUnmount(() => stop?.());
  return shallowReadonly(view) as Readonly<ShallowRef<TView>>;
}

export function useSignIn(options: UseFlowOptions<SignInInput, SignInMachine> = {}) {
  return useFlow<SignInView>(options.machine ?? amplifyMachines().signIn, connectSignIn as never, options);
}

export function useMfaSettings(options: UseFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { input: MfaSettingsInput }) {
  return useFlow<MfaSettingsView>(options.machine ?? amplifyMachines().mfaSettings, connectMfaSettings as never, options);
}

export function useTotpEnrollment(options: UseFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { input: TotpEnrollmentInput }) {
  return useFlow<TotpEnrollmentView>(options.machine ?? amplifyMachines().totpEnrollment, connectTotpEnrollment as never, options);
}

export function usePhoneVerification(options: UseFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {}) {
  return useFlow<PhoneVerificationView>(options.machine ?? amplifyMachines().phoneVerification, connectPhoneVerification as never, options);
}
