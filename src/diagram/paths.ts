/**
 * Path generation and coverage for any machine, on xstate/graph (the
 * maintained successor of @xstate/test). Paths are made so that together they
 * take every transition the traversal can reach: for every edge of the
 * adjacency map, the shortest path to its source plus that edge. Coverage is
 * measured, not assumed: each path is replayed on a live actor and the
 * transitions XState reports taking (inspection microsteps) are counted
 * against every transition the machine defines.
 */
import { createActor, fromCallback, getInitialSnapshot, getNextSnapshot } from 'xstate';
import type { AnyActorLogic, AnyEventObject, AnyStateMachine, AnyStateNode, InspectionEvent, Snapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';

export type AnyMachineSnapshot = ReturnType<AnyStateMachine['transition']>;

interface PathStep {
  readonly event: AnyEventObject;
  /** The state value reached after the event (and any eventless transitions). */
  readonly state: unknown;
}

export interface GeneratedPath {
  /**
   * Made of the path's own events (see pathId), so it is the same wherever the
   * path is walked and whatever else the machine gains.
   */
  readonly id: string;
  /** The transition the path was made for: its last step, from where to where. */
  readonly title: string;
  readonly steps: readonly PathStep[];
  /** The machine input the path starts from, and its name, when the model has variants. */
  readonly input?: unknown;
  readonly variant?: string;
}

export interface Variant<TInput> {
  readonly name: string;
  readonly input: TInput;
  /** What a path's id starts with in this variant; '' for none. */
  readonly slug?: string;
}

export interface PathModel<TInput = unknown> {
  readonly machine: AnyStateMachine;
  readonly input?: TInput;
  /** Every event to try from a snapshot: user events and actor outcomes. */
  readonly events: (snapshot: AnyMachineSnapshot) => readonly AnyEventObject[];
  /** Which snapshots count as the same vertex; value only by default. */
  readonly serialize?: (snapshot: AnyMachineSnapshot) => string;
  /** Other inputs worth walking too (an option that opens a branch); `input` is the first. */
  readonly variants?: readonly Variant<TInput>[];
  /** Plain words for an event; its type by default. */
  readonly label?: (event: AnyEventObject) => string;
  /** An event's part of a path id; its type, slugged, by default. */
  readonly slug?: (event: AnyEventObject) => string;
  /** Titles, by path id, for the paths kept for a scenario more than for their last transition. */
  readonly titles?: Readonly<Record<string, string>>;
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

/** What a parent gets when an invoked child's snapshot changes (`onSnapshot`). */
export function snapshotEvent(invokeId: string, snapshot: unknown): AnyEventObject {
  return { type: `xstate.snapshot.${invokeId}`, snapshot };
}

export function errorEvent(invokeId: string, error: unknown): AnyEventObject {
  return { type: `xstate.error.actor.${invokeId}`, error };
}

const defaultSerialize = (snapshot: AnyMachineSnapshot) => JSON.stringify(snapshot.value);

function serializeEvent(event: AnyEventObject): string {
  return JSON.stringify(event);
}

export function generatePaths<TInput>(model: PathModel<TInput>): GeneratedPath[] {
  const variants: readonly Variant<TInput>[] = model.variants ?? [{ name: '', input: model.input as TInput }];
  const paths = variants.flatMap((v) =>
    pathsFor(model, v.input).map((steps) => {
      const path = named(model, steps, v.input, model.variants ? v : undefined);
      return model.variants ? { ...path, input: v.input, variant: v.name } : path;
    }),
  );
  return byLengthThenId(unique(model, paths));
}

/** Shortest first, then by id: an order that depends on nothing but the paths themselves. */
function byLengthThenId(paths: GeneratedPath[]): GeneratedPath[] {
  return paths.sort((a, b) => a.steps.length - b.steps.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** An event's type as a slug (`CODE.SUBMIT` → `code-submit`), for models that give none. */
export const typeSlug = (event: AnyEventObject) =>
  event.type
    .replace(/^xstate\.(done|error)\.actor\./, '$1-')
    .replace(/^xstate\.snapshot\./, 'snapshot-')
    .replace(/^xstate\.after\.([^.]+).*/, 'after-$1')
    .replace(/([a-z])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * A path's id: the slugs of its events in order, after its variant's slug; a
 * pair of slugs repeated three times or more is written once with `xN`
 * (`code-wrong-x5`). It is made of nothing but the path, so a change elsewhere
 * in the machine renames no path. Nothing is left out, so two paths share an id
 * only when two events share a slug: generatePaths then throws, and the fix is
 * a slug of its own for one of them, which renames only the paths through it.
 */
export function pathId(model: Pick<PathModel, 'slug'>, events: readonly AnyEventObject[], variantSlug = ''): string {
  const tokens = events.map(model.slug ?? typeSlug);
  const out: string[] = variantSlug ? [variantSlug] : [];
  for (let i = 0; i < tokens.length; ) {
    let times = 1;
    while (i + 2 * times + 1 < tokens.length && tokens[i] === tokens[i + 2 * times] && tokens[i + 1] === tokens[i + 2 * times + 1])
      times += 1;
    if (times >= 3) {
      out.push(tokens[i]!, tokens[i + 1]!, `x${times}`);
      i += 2 * times;
    } else {
      out.push(tokens[i]!);
      i += 1;
    }
  }
  return out.join('-');
}

/** The ids of the innermost active states of a state value (`signIn.challenge.totpCode.awaitingCode`). */
export function leafIds(machineId: string, value: unknown, prefix: string[] = []): string[] {
  if (typeof value === 'string') return [[machineId, ...prefix, value].join('.')];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leafIds(machineId, v, [...prefix, k]));
  }
  return [];
}

function named<TInput>(model: PathModel<TInput>, steps: PathStep[], input: TInput, variant: Variant<TInput> | undefined): GeneratedPath {
  const id = pathId(
    model,
    steps.map((s) => s.event),
    variant?.slug,
  );
  const last = steps[steps.length - 1];
  const from = steps.length > 1 ? steps[steps.length - 2]!.state : getInitialSnapshot(model.machine, input).value;
  const where = (value: unknown) =>
    leafIds(model.machine.id, value)
      .map((id) => id.slice(model.machine.id.length + 1))
      .join(' + ');
  const generated = last ? `${where(from)}: ${(model.label ?? ((e) => e.type))(last.event)} → ${where(last.state)}` : where(from);
  return { id, title: model.titles?.[id] ?? generated, steps };
}

/** Fails when two paths would share an id: ids are never told apart by position. */
function unique<TInput>(model: PathModel<TInput>, paths: GeneratedPath[]): GeneratedPath[] {
  const seen = new Map<string, GeneratedPath>();
  for (const p of paths) {
    const other = seen.get(p.id);
    if (other) {
      const label = model.label ?? ((e: AnyEventObject) => e.type);
      const words = (q: GeneratedPath) => q.steps.map((s) => label(s.event)).join(' → ');
      throw new Error(
        `two paths of ${model.machine.id} get the id "${p.id}": give one of their events a slug of its own\n  ${words(other)}\n  ${words(p)}`,
      );
    }
    seen.set(p.id, p);
  }
  return paths;
}

type Adjacency = Record<
  string,
  { state: AnyMachineSnapshot; transitions: Record<string, { event: AnyEventObject; state: AnyMachineSnapshot }> }
>;

function pathsFor<TInput>(model: PathModel<TInput>, input: TInput | undefined): PathStep[][] {
  const serialize = model.serialize ?? defaultSerialize;
  const options = {
    // A machine that reached a top-level final state is done and takes no more events.
    events: (s: AnyMachineSnapshot) => (s.status === 'done' ? [] : model.events(s).filter((e) => s.can(e))),
    serializeState: (s: AnyMachineSnapshot) => serialize(s),
    ...(input !== undefined ? { input } : {}),
  };
  // The graph is walked once; the shortest path to each vertex is read off it as xstate/graph's getShortestPaths
  // reads it (which would walk the whole graph a second time): same order, same ties, so the same paths.
  const adjacency = getAdjacencyMap(model.machine as AnyActorLogic, options as never) as unknown as Adjacency;
  const toVertex = shortestSteps(adjacency, serialize);

  const candidates: PathStep[][] = [];
  for (const [vertex, { transitions }] of Object.entries(adjacency)) {
    const prefix = toVertex.get(vertex);
    if (!prefix) continue;
    for (const edge of Object.values(transitions)) candidates.push([...prefix, { event: edge.event, state: edge.state.value }]);
  }
  // A machine done as it starts (an input it has nothing to do for) has one path: starting it.
  if (candidates.length === 0) return [[]];
  return withoutPrefixes(candidates);
}

/**
 * The steps of a shortest path from the start to every vertex of the graph, by xstate/graph's getShortestPaths
 * algorithm: vertices taken in the order they are first reached, a vertex's path replaced only by a shorter one, and
 * each step's state the last snapshot seen for its vertex.
 */
function shortestSteps(adjacency: Adjacency, serialize: (s: AnyMachineSnapshot) => string): Map<string, PathStep[]> {
  const [start] = Object.keys(adjacency);
  const best = new Map<string, { weight: number; from?: string; event?: AnyEventObject }>();
  const seen = new Map<string, AnyMachineSnapshot>();
  if (start === undefined) return new Map();
  best.set(start, { weight: 0 });
  seen.set(start, adjacency[start]!.state);
  const unvisited = new Set([start]);
  const visited = new Set<string>();
  for (const vertex of unvisited) {
    const { weight } = best.get(vertex)!;
    for (const { event, state } of Object.values(adjacency[vertex]!.transitions)) {
      const next = serialize(state);
      seen.set(next, state);
      const known = best.get(next);
      if (!known || known.weight > weight + 1) best.set(next, { weight: weight + 1, from: vertex, event });
      if (!visited.has(next)) unvisited.add(next);
    }
    visited.add(vertex);
    unvisited.delete(vertex);
  }
  const steps = new Map<string, PathStep[]>();
  for (const [vertex, { from, event }] of best)
    steps.set(vertex, from === undefined ? [] : [...steps.get(from)!, { event: event!, state: seen.get(vertex)!.value }]);
  return steps;
}

/** Drops every path that is the start of a longer one (or the same as one kept before it). */
function withoutPrefixes(candidates: PathStep[][]): PathStep[][] {
  const sorted = [...candidates].sort((a, b) => b.length - a.length);
  // The kept paths as a trie of their events: a path is the start of a kept one when its events walk the trie to the end.
  type Node = Map<string, Node>;
  const root: Node = new Map();
  const result: PathStep[][] = [];
  for (const steps of sorted) {
    const keys = steps.map((s) => serializeEvent(s.event));
    let found: Node | undefined = root;
    for (const key of keys) found = found?.get(key);
    if (found && result.length > 0) continue;
    let node = root;
    for (const key of keys) {
      let next: Node | undefined = node.get(key);
      if (!next) {
        next = new Map();
        node.set(key, next);
      }
      node = next;
    }
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
  const variant = model.variants?.find((v) => v.input === input);
  return byLengthThenId(
    unique(
      model,
      withoutPrefixes(candidates).map((steps) => ({
        ...named(model, steps, input, variant),
        input,
        ...(variant ? { variant: variant.name } : {}),
      })),
    ),
  );
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
        // A state left by an eventless transition in the same step is in no snapshot; leaving it is going through it.
        this.states.add(t.source.id);
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

/**
 * The machine with every invoked actor replaced by one that never settles: a callback actor that does nothing (a
 * promise actor would make an AbortController per invocation and an AbortError for each one stopped, which was a
 * fifth of the time a catalogue took).
 */
function inert(machine: AnyStateMachine): AnyStateMachine {
  const pending = fromCallback(() => {});
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
 *
 * The paths named in `keep` (the ones chosen before, say) that still exist
 * are kept first, and the others are chosen only for what they leave
 * uncovered: a change to the machine then adds paths for what it adds and
 * drops only the paths it changed, instead of choosing the whole set anew.
 */
export function selectCovering<TInput>(
  model: PathModel<TInput>,
  paths: readonly GeneratedPath[],
  keep: readonly string[] = [],
): GeneratedPath[] {
  const machine = inert(model.machine);
  const covers = paths.map((path) => {
    const recorder = new CoverageRecorder();
    replayForCoverage(machine, path.input ?? model.input, path, recorder);
    return new Set([...[...recorder.states].map((s) => `state ${s}`), ...recorder.transitions]);
  });
  const uncovered = new Set(covers.flatMap((c) => [...c]));
  const kept = new Set(keep);
  const chosen = paths.flatMap((p, i) => (kept.has(p.id) ? [i] : []));
  for (const i of chosen) for (const item of covers[i] ?? []) uncovered.delete(item);
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
  return byLengthThenId(chosen.map((i) => paths[i]!));
}
