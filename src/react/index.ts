/**
 * `amplify-mfa-flow/react`: the flows as hooks. Each runs its machine for the
 * component's life (built once, the aws-amplify one unless you pass your own),
 * follows its child flows through one subscription, and hands out the view
 * with React's prop spelling and ids unique on the page. React 18 and 19.
 */
import { useActorRef } from '@xstate/react';
import { useId, useMemo, useState, useSyncExternalStore } from 'react';
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
import { normalizeProps } from './props.js';
import type { ReactPropTypes } from './props.js';

export { normalizeProps } from './props.js';
export type { ReactInputProps, ReactLabelProps, ReactPropTypes } from './props.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface UseFlowOptions<TInput, TMachine> {
  readonly input?: TInput;
  /** Another implementation of the machine's actors (tests, other backends); aws-amplify by default. */
  readonly machine?: TMachine;
  /** An inspector (e.g. @statelyai/inspect's), for development. */
  readonly inspect?: InspectionObserver;
  /** Prefix for element ids; unique by default (React's `useId`). */
  readonly id?: string;
}

/** Any machine with its `connect*`, as a hook: the view re-renders on every change, children included. */
export function useFlow<TView>(
  machine: AnyStateMachine,
  connect: (snapshot: never, send: never, options?: { id?: string; normalize?: typeof normalizeProps }) => TView,
  options: Omit<UseFlowOptions<unknown, unknown>, 'machine'> = {},
): TView {
  const reactId = useId();
  // The machine and the options are fixed for the component's life, as @xstate/react requires.
  const [fixed] = useState(() => ({ machine, id: options.id ?? `mfa${reactId.replace(/[^a-zA-Z0-9]/g, '')}` }));
  const actor = useActorRef(fixed.machine, {
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.inspect ? { inspect: options.inspect } : {}),
  } as never);
  const flow = useMemo(() => observeFlow(actor, connect as never, { id: fixed.id, normalize: normalizeProps }), [actor, connect, fixed.id]);
  return useSyncExternalStore(flow.subscribe, flow.getView, flow.getView) as TView;
}

export type UseSignInOptions = UseFlowOptions<SignInInput, SignInMachine>;

/** The sign-in flow as a view a compiler can narrow on `step`. */
export function useSignIn(options: UseSignInOptions = {}): SignInView<SignInView['step'], ReactPropTypes> {
  const [machine] = useState(() => options.machine ?? amplifyMachines().signIn);
  return useFlow(machine, connectSignIn as never, options);
}

/** The MFA settings page; the running enrollment flow's steps show through `view.totpEnrollment` / `view.phoneVerification`. */
export function useMfaSettings(
  options: UseFlowOptions<MfaSettingsInput, MfaSettingsMachine> & { input: MfaSettingsInput },
): MfaSettingsView<MfaSettingsView['step'], ReactPropTypes> {
  const [machine] = useState(() => options.machine ?? amplifyMachines().mfaSettings);
  return useFlow(machine, connectMfaSettings as never, options);
}

/** TOTP enrollment on its own (e.g. a dedicated page). */
export function useTotpEnrollment(
  options: UseFlowOptions<TotpEnrollmentInput, TotpEnrollmentMachine> & { input: TotpEnrollmentInput },
): TotpEnrollmentView<TotpEnrollmentView['step'], ReactPropTypes> {
  const [machine] = useState(() => options.machine ?? amplifyMachines().totpEnrollment);
  return useFlow(machine, connectTotpEnrollment as never, options);
}

/** Phone verification on its own. */
export function usePhoneVerification(
  options: UseFlowOptions<PhoneVerificationInput, PhoneVerificationMachine> = {},
): PhoneVerificationView<PhoneVerificationView['step'], ReactPropTypes> {
  const [machine] = useState(() => options.machine ?? amplifyMachines().phoneVerification);
  return useFlow(machine, connectPhoneVerification as never, options);
}
