/**
 * Reaching a state on a live actor by a generated path: the shortest way there
 * in a traversal model (src/diagram), replayed with fake calls and a simulated
 * clock. Used by the fault matrix, the bad-input corpus and, as a warm-up, by
 * the random sequences.
 */
import { SimulatedClock, createActor } from 'xstate';
import type { AnyActorLogic, AnyActorRef, AnyEventObject, AnyStateMachine } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot, PathModel } from '../../src/diagram/paths.js';
import { FakeActors, namedError } from './fakeActors.js';

/** Lets answered promises reach the actor (microtasks first, then one turn). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Moves a simulated clock and fires everything that is due, as a real clock
 * would. xstate's SimulatedClock (5.33) leaves a timer that the last due
 * timer of a flush schedules for "now" (a 0 ms delay) waiting until the
 * clock moves again; a real one fires it at once.
 */
export function advanceClock(clock: SimulatedClock, ms: number): void {
  clock.increment(ms);
  const timeouts = (clock as unknown as { timeouts: Map<number, { start: number; timeout: number }> }).timeouts;
  for (let i = 0; i < 100; i++) {
    const due = [...timeouts.values()].some((t) => t.start + t.timeout <= clock.now());
    if (!due) return;
    clock.increment(0);
  }
}

export interface Live {
  readonly actor: AnyActorRef;
  readonly fakes: FakeActors;
  readonly clock: SimulatedClock;
  readonly machine: AnyStateMachine;
}

/** A machine with every call faked, started on a simulated clock. */
export async function startLive(machine: AnyStateMachine, input: unknown, build?: (fakes: FakeActors) => AnyStateMachine): Promise<Live> {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const provided = build ? build(fakes) : machine.provide({ actors: fakes.actors(Object.keys(machine.implementations.actors)) as never });
  const actor = createActor(provided, { input, clock });
  actor.start();
  await flush();
  return { actor, fakes, clock, machine: provided };
}

/** How long a delay lasts in the actor's current context. */
function delayMs(live: Live, name: string): number {
  const delay = (live.machine.implementations.delays as Record<string, unknown>)[name];
  if (typeof delay === 'number') return delay;
  if (typeof delay === 'function') return (delay as (a: { context: unknown }) => number)({ context: live.actor.getSnapshot().context });
  throw new Error(`no delay named ${name}`);
}

/**
 * Plays one step of a generated path: a user event is sent, an actor outcome
 * settles the newest pending call of that actor, a delay moves the clock.
 * False when the step cannot be played (no such call is pending).
 */
export async function playStep(live: Live, event: AnyEventObject): Promise<boolean> {
  const outcome = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (outcome) {
    const call = [...live.fakes.calls].reverse().find((c) => c.src === outcome[2] && !c.settled);
    if (!call) return false;
    if (outcome[1] === 'done') call.resolve((event as { output?: unknown }).output);
    else call.reject(namedError((event as unknown as { error: { name: string; message: string } }).error));
  } else if (event.type.startsWith('xstate.after.')) {
    advanceClock(live.clock, delayMs(live, event.type.split('.')[2] ?? ''));
  } else {
    live.actor.send(event);
  }
  await flush();
  return true;
}

/** The state nodes a snapshot is in. */
export function activeNodeIds(snapshot: unknown): string[] {
  return (snapshot as { _nodes: { id: string }[] })._nodes.map((n) => n.id);
}

type Shortest = { state: AnyMachineSnapshot; steps: { event: AnyEventObject }[] }[];
const shortestCache = new WeakMap<PathModel<unknown>, Map<unknown, Shortest>>();

/** The shortest path in a model to a snapshot that `reached` accepts (null when there is none). */
export function shortestPathTo(
  model: PathModel<unknown>,
  input: unknown,
  reached: (snapshot: AnyMachineSnapshot) => boolean,
): AnyEventObject[] | null {
  const byInput = shortestCache.get(model) ?? new Map<unknown, Shortest>();
  shortestCache.set(model, byInput);
  const paths = byInput.get(input) ?? traverse(model, input);
  byInput.set(input, paths);
  const best = paths.filter((p) => reached(p.state)).sort((a, b) => a.steps.length - b.steps.length)[0];
  return best ? best.steps.map((s) => s.event).filter((e) => e.type !== 'xstate.init') : null;
}

function traverse(model: PathModel<unknown>, input: unknown): Shortest {
  const serialize = model.serialize ?? ((s: AnyMachineSnapshot) => JSON.stringify(s.value));
  return getShortestPaths(
    model.machine as AnyActorLogic,
    {
      events: (s: AnyMachineSnapshot) => (s.status === 'done' ? [] : model.events(s).filter((e) => s.can(e))),
      serializeState: (s: AnyMachineSnapshot) => serialize(s),
      input,
    } as never,
  ) as unknown as Shortest;
}
