import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { expect } from 'vitest';
import type { Fault } from '../../amplify/local/faults.js';
import { ERRORS } from '../../src/diagram/signIn.model.js';
import type { TestBackend } from './backend.js';

/** A failure of the network or Cognito's throttling: what the backend gives on demand instead of an answer. */
const FAULTS = {
  network: 'network',
  limitExceeded: { name: 'LimitExceededException', message: ERRORS.limitExceeded.error.message },
} as const;

const sameError = (e: AnyEventObject, key: keyof typeof FAULTS) =>
  JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(ERRORS[key].error);

/** The Cognito API each call shared by the sign-in machines makes first (aws-amplify's, with SRP). */
export const FIRST_REQUEST: Readonly<Record<string, string>> = {
  signIn: 'InitiateAuth',
  confirmSignUp: 'ConfirmSignUp',
  resendSignUpCode: 'ResendConfirmationCode',
  resetPassword: 'ForgotPassword',
  confirmResetPassword: 'ConfirmForgotPassword',
};

export type FaultBefore = (
  next: { readonly event: AnyEventObject } | undefined,
  from: unknown,
) => { readonly fault: Fault; readonly api: string } | undefined;

/**
 * A real replay's `faultBefore`: the fault to queue before a step is taken, so that the call it starts fails as the
 * path's next step says (a dropped connection, Cognito's attempt limit, no answer at all). `apiOf` names the Cognito
 * API a call of the machine makes first from a state, or nothing where no request decides the outcome; `real` says
 * which of those outcomes the backend makes for real instead (a lockout it arranges, say).
 */
export function faultsFor(
  machine: AnyStateMachine,
  apiOf: (src: string, from: unknown) => string | undefined,
  real: (next: AnyEventObject, from: unknown) => boolean = () => false,
): FaultBefore {
  // The call a busy state makes (`xstate.after.callTimeout.<state id>` names the state).
  const srcOfTimeout = (event: AnyEventObject): string | undefined => {
    const node = machine.getStateNodeById(event.type.slice('xstate.after.callTimeout.'.length)) as { invoke: readonly { src: unknown }[] };
    const src = node.invoke[0]?.src;
    return typeof src === 'string' ? src : undefined;
  };
  return (next, from) => {
    if (!next || real(next.event, from)) return undefined;
    const o = /^xstate\.(done|error)\.actor\.(.+)$/.exec(next.event.type);
    if (o && o[1] === 'error') {
      const api = apiOf(o[2] ?? '', from);
      if (!api) return undefined;
      if (sameError(next.event, 'network')) return { fault: FAULTS.network, api };
      if (sameError(next.event, 'limitExceeded')) return { fault: FAULTS.limitExceeded, api };
      return undefined;
    }
    if (next.event.type.startsWith('xstate.after.callTimeout.')) {
      const api = apiOf(srcOfTimeout(next.event) ?? '', from);
      return api ? { fault: 'hang', api } : undefined;
    }
    return undefined;
  };
}

/** Until every queued fault has been given to the call it was queued for. */
export async function faultsGiven(t: TestBackend): Promise<void> {
  for (let waited = 0; t.backend.faults.pending > 0; waited += 10) {
    if (waited > 10_000) throw new Error('a fault was queued for a call that never reached the backend');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Queues on `t`'s backend the fault `faultBefore` says the step after `step` needs, if any. */
export function queueFault(
  t: TestBackend,
  faultBefore: FaultBefore,
  step: { readonly state: unknown },
  next: Parameters<FaultBefore>[0],
): void {
  const fault = faultBefore(next, step.state);
  if (fault) t.backend.faults.next(fault.fault, fault.api);
}

/** At a path's end: every fault it queued was given to its call (none is left for the next path to meet). */
export function expectFaultsGiven(t: TestBackend): void {
  expect(t.backend.faults.pending, 'every fault the path queued was given to its call').toBe(0);
}
