import { SimulatedClock, createActor, fromPromise } from 'xstate';
import type { AnyActor, AnyEventObject, AnyStateMachine } from 'xstate';
import { expect } from 'vitest';
import type { CoverageRecorder, GeneratedPath } from '../../src/diagram/paths.js';
import { FakeActors, namedError, settle } from './fakeActors.js';
import type { FakeCall } from './fakeActors.js';

const never = fromPromise<never>(() => new Promise<never>(() => undefined));

/**
 * A child flow for `keep` whose calls never answer: it runs as a real machine, and its parent sees only the
 * endings and snapshots the path delivers.
 */
export const inertChild = (m: AnyStateMachine) =>
  m.provide({ actors: Object.fromEntries(Object.keys(m.implementations.actors).map((k) => [k, never])) });

export interface WalkStep<TView, TContext> {
  readonly before: TView;
  readonly beforeContext: TContext;
  readonly event: AnyEventObject;
  readonly after: TView;
  readonly context: TContext;
  readonly calls: readonly FakeCall[];
  readonly now: number;
  /** The actor's status and output after the event (an output only once it is done). */
  readonly status: string;
  readonly output: unknown;
}

export interface WalkOptions<TView, TContext> {
  readonly machine: AnyStateMachine;
  /** Builds the input for the run from the path's own input (if any), with the test's clock. */
  readonly input: (pathInput: unknown, now: () => number) => unknown;
  readonly delays: Readonly<Record<string, number>>;
  readonly view: (snapshot: never, send: (e: never) => void) => TView;
  readonly check: (step: WalkStep<TView, TContext>) => void;
  readonly label: (event: AnyEventObject) => string;
  readonly recorder: CoverageRecorder;
  /** Actors that stay real (child machines); the rest are fakes. */
  readonly keep?: Readonly<Record<string, unknown>>;
  /** Hands the live actor to the test before it starts (e.g. to read its persisted snapshot at every step). */
  readonly onActor?: (actor: AnyActor) => void;
}

/**
 * Walks one generated path on a live actor: user events are sent, actor
 * outcomes settle the fake call the machine made (failing when it made none),
 * delays move the simulated clock. After every step the actor must be where
 * the path says, and `check` (the spec) must hold.
 */
export async function walk<TView, TContext>(path: GeneratedPath, o: WalkOptions<TView, TContext>): Promise<void> {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const names = Object.keys(o.machine.implementations.actors).filter((n) => !(o.keep && n in o.keep));
  const machine = o.machine.provide({ actors: { ...fakes.actors(names), ...(o.keep ?? {}) } as never });
  const actor = createActor(machine, { input: o.input(path.input, () => clock.now()), clock, inspect: o.recorder.inspect });
  const view = () => o.view(actor.getSnapshot() as never, actor.send as never);
  o.onActor?.(actor);
  actor.start();
  await settle();
  try {
    for (const [i, step] of path.steps.entries()) {
      const before = view();
      const beforeContext = actor.getSnapshot().context as TContext;
      const callsBefore = fakes.calls.length;
      const now = clock.now();
      const where = `${path.id} step ${i + 1} (${o.label(step.event)})`;
      const outcome = /^xstate\.(done|error)\.actor\.(.+)$/.exec(step.event.type);
      if (outcome && o.keep && outcome[2]! in o.keep) {
        // A child machine's ending: delivered as the child would deliver it.
        actor.send(step.event);
      } else if (outcome) {
        const call = fakes.pending(outcome[2] ?? '');
        if (outcome[1] === 'done') call.resolve((step.event as { output?: unknown }).output);
        else call.reject(namedError((step.event as unknown as { error: { name: string; message: string } }).error));
      } else if (step.event.type.startsWith('xstate.after.')) {
        const delay = step.event.type.split('.')[2] ?? '';
        const ms = o.delays[delay];
        if (ms === undefined) throw new Error(`no duration for delay ${delay}`);
        clock.increment(ms);
      } else {
        actor.send(step.event);
      }
      await settle();
      expect(actor.getSnapshot().value, `${where}: the actor follows the path`).toEqual(step.state);
      try {
        o.check({
          before,
          beforeContext,
          event: step.event,
          after: view(),
          context: actor.getSnapshot().context as TContext,
          calls: fakes.calls.slice(callsBefore),
          now,
          status: actor.getSnapshot().status,
          output: actor.getSnapshot().output,
        });
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
    }
  } finally {
    actor.stop();
  }
}
