import { useMachine } from '@xstate/react';
import { useMemo, useState } from 'react';
import type { InspectionEvent, Observer } from 'xstate';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInView } from '../../machines/signIn/signIn.view.js';
import type { SignInMachine } from '../../machines/signIn/signIn.machine.js';
import type { SignInInput } from '../../machines/signIn/signIn.types.js';
import { createAmplifySignInMachine } from '../amplify/signIn.actors.js';

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface UseSignInOptions {
  readonly input?: SignInInput;
  /** Another implementation of the machine's actors (tests, other backends); aws-amplify by default. */
  readonly machine?: SignInMachine;
  /** An inspector (e.g. @statelyai/inspect's), for development. */
  readonly inspect?: InspectionObserver;
}

/** The sign-in flow as a plain view model; re-renders on every change. */
export function useSignIn(options: UseSignInOptions = {}): SignInView {
  // The machine is fixed for the component's life, as @xstate/react requires.
  const [machine] = useState(() => options.machine ?? createAmplifySignInMachine());
  const [snapshot, send] = useMachine(machine, { input: options.input, ...(options.inspect ? { inspect: options.inspect } : {}) });
  return useMemo(() => connectSignIn(snapshot, send), [snapshot, send]);
}
