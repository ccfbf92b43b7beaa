/**
 * Path generation and coverage for any machine, on xstate/graph (the
 * maintained successor of @xstate/test). Paths are made so that together they
 * take every transition the traversal can reach: for every edge of the
 * adjacency map, the shortest path to its source plus that edge. Coverage is
 * measured, not assumed: each path is replayed on a live actor and the
 * transitions XState reports taking (inspection microsteps) are counted
 * against every transition the machine defines.
 */
import { createActor, fromPromise, getInitialSnapshot, getNextSnapshot } from 'xstate';
import type { AnyActorLogic, AnyEventObject, AnyStateMachine, AnyStateNode, InspectionEvent, Snapshot } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';

export type AnyMachineSnapshot = ReturnType<AnyStateMachine['transition']>;

interface PathStep {
  readonly event: AnyEventObject;
  /** The state value reached after the event (and any eventless transitions). */
  readonly state: unknown;
}

export interface GeneratedPath {
  readonly id: string;
  readonly steps: readonly PathStep[];
  /** The machine input the path starts from, and its name, when the model has variants. */
  readonly input?: unknown;
  readonly variant?: string;
}

export interface PathModel<TInput = unknown> {
  readonly machine: AnyStateMachine;
  readonly input?: TInput;
  /** Every event to try from a snapshot: user events and actor outcomes. */
  readonly events: (snapshot: AnyMachineSnapshot) => readonly AnyEventObject[];
  /** Which snapshots count as the same vertex; value only by default. */
  readonly serialize?: (snapshot: AnyMachineSnapshot) => string;
  /** Other inputs worth walking too (an option that opens a branch); `input` is the first. */
  readonly variants?: readonly { readonly name: string; readonly input: TInput }[];
}

/** The state nodes a snapshot is in (XState keeps them on the snapshot). */
function activeNodes(snapshot: AnyMachineSnapshot): AnyStateNode[] {
  return (snapshot as unknown as { _nodes: AnyStateNode[] })._nodes;
}

/** The invoke ids of every active state node, for offering done/error events. */
export function activeInvokes(snapshot: AnyMachineSnapshot): { id: string; src: string }[] {
  return activeNodes(snapshot).flatMap((node) =>
    node.invoke.map((inv) => ({ id: inv.id, src: typeof inv.src === 'string' ? inv.src : inv.id })),
  );
}

/** The `after` events of every active state node. */
export function activeDelays(snapshot: AnyMachineSnapshot): AnyEventObject[] {
  return activeNodes(snapshot).flatMap((node) => node.after.map((t) => ({ type: t.eventType })));
}

export function doneEvent(invokeId: string, output: unknown): AnyEventObject {
  return { type: `xstate.done.actor.${invokeId}`, output };
}

export function errorEvent(invokeId: string, error: unknown): AnyEventObject {
  return { type: `xstate.error.actor.${invokeId}`, error };
}

const defaultSerialize = (snapshot: AnyMachineSnapshot) => JSON.stringify(snapshot.value);

function serializeEvent(event: AnyEventObject): string {
  return JSON.stringify(event);
}

export function generatePaths<TInput>(model: PathModel<TInput>): GeneratedPath[] {
  const variants = model.variants ?? [{ name: '', input: model.input as TInput }];
  const paths = variants.flatMap((v) =>
    pathsFor(model, v.input).map((p) => (model.variants ? { ...p, input: v.input, variant: v.name } : p)),
  );
  // Stable, readable order: shortest first, then by their events.
  paths.sort((a, b) => a.steps.length - b.steps.length || serializePath(a).localeCompare(serializePath(b)));
  return paths.map((p, i) => ({ ...p, id: `P${String(i + 1).padStart(3, '0')}` }));
}

function pathsFor<TInput>(model: PathModel<TInput>, input: TInput | undefined): GeneratedPath[] {
  const serialize = model.serialize ?? defaultSerialize;
  const options = {
    // A machine that reached a top-level final state is done and takes no more events.
    events: (s: AnyMachineSnapshot) => (s.status === 'done' ? [] : model.events(s).filter((e) => s.can(e))),
    serializeState: (s: AnyMachineSnapshot) => serialize(s),
    ...(input !== undefined ? { input } : {}),
  };
  const shortest = getShortestPaths(model.machine as AnyActorLogic, options as never) as unknown as {
    state: AnyMachineSnapshot;
    steps: { event: AnyEventObject; state: AnyMachineSnapshot }[];
  }[];
  const toVertex = new Map(shortest.map((p) => [serialize(p.state), p.steps]));
  const adjacency = getAdjacencyMap(model.machine as AnyActorLogic, options as never) as unknown as Record<
    string,
    { transitions: Record<string, { event: AnyEventObject; state: AnyMachineSnapshot }> }
  >;

  const candidates: { event: AnyEventObject; state: AnyMachineSnapshot }[][] = [];
  for (const [vertex, { transitions }] of Object.entries(adjacency)) {
    const prefix = toVertex.get(vertex);
    if (!prefix) continue;
    for (const edge of Object.values(transitions)) candidates.push([...prefix, edge]);
  }
  // The traversal starts each path with the actor's own init event; a replay starts the actor instead.
  return withoutPrefixes(
    candidates.map((steps) => steps.filter((s) => s.event.type !== 'xstate.init').map((s) => ({ event: s.event, state: s.state.value }))),
  ).map((steps) => ({ id: '', steps }));
}

/** Drops every path that is the start of a longer one. */
function withoutPrefixes(candidates: PathStep[][]): PathStep[][] {
  const sorted = [...candidates].sort((a, b) => b.length - a.length);
  const kept: string[][] = [];
  const result: PathStep[][] = [];
  for (const steps of sorted) {
    const keys = steps.map((s) => serializeEvent(s.event));
    if (kept.some((k) => keys.every((key, i) => k[i] === key))) continue;
    kept.push(keys);
    result.push(steps);
  }
  return result;
}

/**
 * A world the machine talks to, for paths that must stay possible in it: a
 * model of the backend's account, say. `step` answers the state after an
 * event, or null when the world cannot produce that event there.
 */
export interface World<W> {
  readonly initial: W;
  step(world: W, event: AnyEventObject): W | null;
  key(world: W): string;
}

/**
 * Like generatePaths, but walking the machine together with a world model, so
 * every path is one the world can play out (each actor outcome is one the
 * backend would give at that point). Breadth-first: each vertex is reached by
 * a shortest path, and every edge gets the path to its source plus itself.
 */
export function generateWorldPaths<TInput, W>(model: PathModel<TInput>, input: TInput, world: World<W>, limit = 5000): GeneratedPath[] {
  const serialize = model.serialize ?? defaultSerialize;
  type Vertex = { snapshot: AnyMachineSnapshot; world: W; steps: PathStep[] };
  const start = getInitialSnapshot(model.machine, input) as AnyMachineSnapshot;
  const queue: Vertex[] = [{ snapshot: start, world: world.initial, steps: [] }];
  const seen = new Set<string>();
  const candidates: PathStep[][] = [];
  while (queue.length > 0) {
    const v = queue.shift()!;
    const key = `${serialize(v.snapshot)}|${world.key(v.world)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (seen.size > limit) throw new Error(`world traversal of ${model.machine.id} passed ${limit} vertices`);
    if (v.snapshot.status === 'done') continue;
    for (const event of model.events(v.snapshot)) {
      if (!v.snapshot.can(event)) continue;
      const next = world.step(v.world, event);
      if (next === null) continue;
      const snapshot = getNextSnapshot(model.machine, v.snapshot, event) as AnyMachineSnapshot;
      const steps = [...v.steps, { event, state: snapshot.value }];
      candidates.push(steps);
      queue.push({ snapshot, world: next, steps });
    }
  }
  return withoutPrefixes(candidates).map((steps) => ({ id: '', steps, input }));
}

function serializePath(path: GeneratedPath): string {
  return `${path.variant ?? ''}|${path.steps.map((s) => serializeEvent(s.event)).join('>')}`;
}

export interface TransitionRef {
  readonly key: string;
  readonly source: string;
  readonly eventType: string;
  readonly target: string;
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => allNodes(child as AnyStateNode))];
}

function transitionKey(source: AnyStateNode, eventType: string, index: number): string {
  return `${source.id} ${eventType || 'always'} #${index}`;
}

/** Every state node and every transition the machine defines (after, done/error and eventless included). */
export function machineInventory(machine: AnyStateMachine): { states: string[]; transitions: TransitionRef[] } {
  const nodes = allNodes(machine.root);
  const transitions: TransitionRef[] = [];
  for (const node of nodes) {
    for (const [eventType, defs] of node.transitions) {
      defs.forEach((d, i) => {
        transitions.push({
          key: transitionKey(node, eventType, i),
          source: node.id,
          eventType,
          target: d.target?.map((t) => t.id).join(',') ?? '(self)',
        });
      });
    }
    (node.always ?? []).forEach((d, i) => {
      transitions.push({
        key: transitionKey(node, '', i),
        source: node.id,
        eventType: 'always',
        target: d.target?.map((t) => t.id).join(',') ?? '(self)',
      });
    });
  }
  return { states: nodes.map((n) => n.id), transitions };
}

/** Identifies a transition XState reports taking, in the same form as machineInventory. */
function takenTransitionKey(t: { source: AnyStateNode; eventType: string }): string {
  const defs = t.eventType ? (t.source.transitions.get(t.eventType) ?? []) : (t.source.always ?? []);
  const index = defs.indexOf(t as never);
  return transitionKey(t.source, t.eventType, index);
}

export interface Coverage {
  readonly states: { readonly covered: number; readonly total: number; readonly missing: string[] };
  readonly transitions: { readonly covered: number; readonly total: number; readonly missing: string[] };
}

/** Records which state nodes and transitions a live actor goes through. */
export class CoverageRecorder {
  readonly states = new Set<string>();
  readonly transitions = new Set<string>();

  inspect = (e: InspectionEvent): void => {
    if (e.type === '@xstate.microstep') {
      for (const t of (e as unknown as { _transitions: { source: AnyStateNode; eventType: string }[] })._transitions) {
        this.transitions.add(takenTransitionKey(t));
      }
    }
    if (e.type === '@xstate.snapshot' || e.type === '@xstate.microstep') {
      const snapshot = e.snapshot as Snapshot<unknown> & { _nodes?: AnyStateNode[] };
      for (const node of snapshot._nodes ?? []) this.states.add(node.id);
    }
  };

  report(machine: AnyStateMachine): Coverage {
    const inventory = machineInventory(machine);
    const missingStates = inventory.states.filter((s) => !this.states.has(s));
    const missingTransitions = inventory.transitions.map((t) => t.key).filter((k) => !this.transitions.has(k));
    return {
      states: { covered: inventory.states.length - missingStates.length, total: inventory.states.length, missing: missingStates },
      transitions: {
        covered: inventory.transitions.length - missingTransitions.length,
        total: inventory.transitions.length,
        missing: missingTransitions,
      },
    };
  }
}

function replayForCoverage(machine: AnyStateMachine, input: unknown, path: GeneratedPath, recorder: CoverageRecorder): void {
  const actor = createActor(machine, { input, inspect: recorder.inspect });
  actor.start();
  for (const step of path.steps) actor.send(step.event);
  actor.stop();
}

/** The machine with every invoked actor replaced by one that never settles. */
function inert(machine: AnyStateMachine): AnyStateMachine {
  const pending = fromPromise(() => new Promise<never>(() => {}));
  return machine.provide({ actors: Object.fromEntries(Object.keys(machine.implementations.actors).map((name) => [name, pending])) });
}

/**
 * Replays paths by sending each event, actor outcomes included, to a live
 * actor whose invoked actors never settle. This measures what the paths cover;
 * it checks nothing about behaviour (the tests do that against fakes, the real
 * backend and the browser).
 */
export function measureCoverage<TInput>(model: PathModel<TInput>, paths: readonly GeneratedPath[]): Coverage {
  const recorder = new CoverageRecorder();
  const machine = inert(model.machine);
  for (const path of paths) replayForCoverage(machine, path.input ?? model.input, path, recorder);
  return recorder.report(model.machine);
}

/**
 * Keeps a small set of paths that still covers every state and transition the
 * full set covers: greedily, the path adding the most not-yet-covered items
 * first. Testers follow these by hand, so fewer and longer beats many.
 */
export function selectCovering<TInput>(model: PathModel<TInput>, paths: readonly GeneratedPath[]): GeneratedPath[] {
  const machine = inert(model.machine);
  const covers = paths.map((path) => {
    const recorder = new CoverageRecorder();
    replayForCoverage(machine, path.input ?? model.input, path, recorder);
    return new Set([...[...recorder.states].map((s) => `state ${s}`), ...recorder.transitions]);
  });
  const uncovered = new Set(covers.flatMap((c) => [...c]));
  const chosen: number[] = [];
  while (uncovered.size > 0) {
    let best = -1;
    let bestGain = 0;
    covers.forEach((c, i) => {
      let gain = 0;
      for (const item of c) if (uncovered.has(item)) gain += 1;
      if (gain > bestGain || (gain === bestGain && gain > 0 && (paths[i]?.steps.length ?? 0) < (paths[best]?.steps.length ?? Infinity))) {
        best = i;
        bestGain = gain;
      }
    });
    if (best < 0) break;
    chosen.push(best);
    for (const item of covers[best] ?? []) uncovered.delete(item);
  }
  return chosen
    .map((i) => paths[i]!)
    .sort((a, b) => a.steps.length - b.steps.length || serializePath(a).localeCompare(serializePath(b)))
    .map((p, i) => ({ ...p, id: `P${String(i + 1).padStart(2, '0')}` }));
}
