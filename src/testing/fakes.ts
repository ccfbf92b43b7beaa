/**
 * Stand-ins for every call a machine makes, answered when a path says so:
 * each call stays pending (the UI shows it in flight) until `answer` settles
 * it with the path's output or error, as aws-amplify would. Child flows (the
 * settings page's enrollment) run as themselves with their own calls faked,
 * and end when the path says they end. No aws-amplify in here: only xstate.
 */
import { SimulatedClock, fromCallback, fromPromise } from 'xstate';
import type { ActorLogic, AnyActorLogic, AnyActorRef, AnyStateMachine, EventObject } from 'xstate';
import type { PathEvent, PathStep } from './types.js';

type AnswerStep = Extract<PathStep, { kind: 'answer' }>;

export interface FakeCall {
  /** The invoked actor's id (the machine's name for the call). */
  readonly actor: string;
  readonly input: unknown;
}

export interface Fakes {
  /** The machine with every call (its children's too) answered by these fakes, and its Hub listener fed by `hub`. */
  provide<TMachine extends AnyStateMachine>(machine: TMachine): TMachine;
  /** The clock to run the machine on (`createActor(machine, { clock })`): `wait` steps move it. */
  readonly clock: SimulatedClock;
  /** Every call made so far, in order. */
  readonly calls: readonly FakeCall[];
  /** Settles the newest pending call (or ends the running child flow) of `step.actor`, waiting up to `timeout` ms for the UI to make it. */
  answer(step: AnswerStep, timeout?: number): Promise<void>;
  /** Delivers a Hub event (a sign-in or sign-out elsewhere on the page) through the machine's Hub listener. */
  hub(event: PathEvent): void;
}

/** An Error as aws-amplify throws it: the Cognito exception name and its message. */
function amplifyError(error: { readonly name: string; readonly message: string }): Error {
  return Object.assign(new Error(error.message), { name: error.name });
}

const isMachine = (logic: unknown): logic is AnyStateMachine =>
  typeof logic === 'object' && logic !== null && 'root' in logic && 'provide' in logic;

const FINISH = 'amplify-mfa-flow.testing.finish';
type Finish = { readonly type: typeof FINISH; readonly output?: unknown; readonly error?: unknown };

/**
 * A child machine that runs as itself but ends when told to, with the output
 * or error a path gives: its parent then gets the done or error event the real
 * child would send when it ends that way.
 */
function endable(machine: AnyStateMachine, running: Map<string, AnyActorRef>): AnyActorLogic {
  type S = ReturnType<AnyStateMachine['getInitialSnapshot']>;
  const logic: ActorLogic<S, EventObject, unknown> = {
    config: machine.config,
    transition: (snapshot, event, scope) => {
      if (event.type !== FINISH) return machine.transition(snapshot, event as never, scope as never);
      const end = event as Finish;
      return (
        end.error === undefined ? { ...snapshot, status: 'done', output: end.output } : { ...snapshot, status: 'error', error: end.error }
      ) as S;
    },
    getInitialSnapshot: (scope, input) => machine.getInitialSnapshot(scope as never, input),
    getPersistedSnapshot: (snapshot) => machine.getPersistedSnapshot(snapshot),
    start: (snapshot, scope) => {
      running.set(scope.self.id, scope.self);
      machine.start(snapshot);
    },
  };
  return logic as AnyActorLogic;
}

interface Pending extends FakeCall {
  settled: boolean;
  resolve(output: unknown): void;
  reject(error: unknown): void;
}

export function createFakes(options: { readonly hub?: string } = {}): Fakes {
  const calls: Pending[] = [];
  const running = new Map<string, AnyActorRef>();
  const listeners = new Set<(event: EventObject) => void>();
  const clock = new SimulatedClock();

  const call = fromPromise<unknown, unknown>(
    ({ input, self }) =>
      new Promise((resolve, reject) => {
        const pending: Pending = {
          actor: self.id,
          input,
          settled: false,
          resolve: (output) => {
            pending.settled = true;
            resolve(output);
          },
          reject: (error) => {
            pending.settled = true;
            reject(error);
          },
        };
        calls.push(pending);
      }),
  );
  const hubListener = fromCallback<EventObject>(({ sendBack }) => {
    listeners.add(sendBack);
    return () => listeners.delete(sendBack);
  });

  function provide<TMachine extends AnyStateMachine>(machine: TMachine): TMachine {
    const actors: Record<string, AnyActorLogic> = {};
    for (const [name, logic] of Object.entries(machine.implementations.actors)) {
      actors[name] = name === options.hub ? hubListener : isMachine(logic) ? endable(provide(logic), running) : call;
    }
    return machine.provide({ actors } as never) as TMachine;
  }

  const newest = (actor: string) => [...calls].reverse().find((c) => c.actor === actor && !c.settled);

  return {
    provide,
    clock,
    get calls() {
      return calls.map(({ actor, input }) => ({ actor, input }));
    },
    async answer(step, timeout = 2000) {
      const child = running.get(step.actor);
      if (child && child.getSnapshot().status === 'active') {
        child.send({ type: FINISH, ...(step.error ? { error: amplifyError(step.error) } : { output: step.output }) });
        return;
      }
      const until = Date.now() + timeout;
      let pending = newest(step.actor);
      while (!pending && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        pending = newest(step.actor);
      }
      if (!pending) {
        const made = calls.map((c) => c.actor).join(', ') || 'none';
        throw new Error(`the path answers a call of "${step.actor}" but the UI made none (calls so far: ${made})`);
      }
      if (step.error) pending.reject(amplifyError(step.error));
      else pending.resolve(step.output);
    },
    hub(event) {
      if (listeners.size === 0) throw new Error(`no Hub listener is running to deliver ${event.type}`);
      for (const send of listeners) send(event);
    },
  };
}
