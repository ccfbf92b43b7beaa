/**
 * What `actor.getPersistedSnapshot()` gives out, and what a restored actor
 * does first. XState persists a machine's whole context and every child's
 * snapshot, the input of a call in flight included: a password on its way to
 * `signIn`, a code on its way to `confirmSignIn`. A persisted snapshot is made
 * to be stored (sessionStorage, a database), so here it never carries one:
 *
 * - the context goes through the machine's `scrub`, which empties every secret;
 * - a call in flight is not stored: the snapshot is the step the call's
 *   timeout leads to (where the user can act), without the call's child actor,
 *   so a restore never sends a password or a code again by itself.
 *
 * XState stores no timers and no way to tell a restored actor from a new one,
 * so on restore: `restore` may move the flow on (an expired challenge is
 * `expired`); the restored state's calls and listeners (a read such as "who is
 * signed in", the Hub listener) start afresh with their timers; and `resume`
 * re-arms the timers whose end the context knows (`expiresAt`, `resendAt`).
 * A stored snapshot is treated as the user's to edit: it is scrubbed and
 * checked again on the way in, and no stored call input is ever used.
 *
 * The rules live on the machine object, and `.provide()` keeps them, so every
 * machine made from one (the aws-amplify one, a test's) persists the same way.
 */
import type { AnyActorLogic, AnyActorScope, AnyMachineSnapshot, AnyStateMachine, AnyStateNode, ContextFrom, StateValue } from 'xstate';

export interface Restoring<TContext> {
  readonly value: StateValue;
  readonly context: TContext;
}

export interface PersistRules<TContext> {
  /** The context with every secret emptied: the only context that is stored. */
  readonly scrub: (context: TContext) => TContext;
  /**
   * A stored snapshot as it comes back (already scrubbed), with the restoring
   * actor (`inputOf(scope)` is the input its `createActor` was given): the
   * value and context to restore.
   */
  readonly restore?: (stored: Restoring<TContext>, scope: AnyActorScope) => Restoring<TContext>;
  /** Runs once a restored actor has started: re-arms the timers the context knows the end of (see `rearm`). */
  readonly resume?: (snapshot: AnyMachineSnapshot, scope: AnyActorScope) => void;
}

/** The delay every call has; the state it leads to is where a call in flight is stored. */
const CALL_TIMEOUT = 'callTimeout';

/** `value` with the state at `path` entered in its region (other regions of a parallel state stay as they are). */
function place(value: StateValue | undefined, path: readonly string[]): StateValue {
  const [head = '', ...rest] = path;
  const inside = typeof value === 'object' && head in value ? value[head] : undefined;
  if (rest.length === 0) return typeof value === 'object' && Object.keys(value).length > 1 ? { ...value, [head]: {} } : head;
  const placed = { [head]: place(inside, rest) };
  return typeof value === 'object' && inside !== undefined ? { ...value, ...placed } : placed;
}

interface DelayedTransition {
  readonly delay: unknown;
  readonly eventType: string;
  readonly target?: readonly AnyStateNode[];
}

const timersOf = (node: AnyStateNode): readonly DelayedTransition[] => node.after as readonly DelayedTransition[];

/** The state a call in flight gives way to when it times out, if the snapshot is in such a call. */
function restingValue(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): StateValue | null {
  for (const node of snapshot._nodes as readonly AnyStateNode[]) {
    const targets = timersOf(node).find((t) => t.delay === CALL_TIMEOUT)?.target;
    if (targets?.length)
      return machine.resolveState({
        value: targets.reduce<StateValue>((value, target) => place(value, target.path), snapshot.value),
        context: snapshot.context,
      }).value;
  }
  return null;
}

const nodesAt = (machine: AnyStateMachine, value: StateValue, context: unknown) =>
  machine.resolveState({ value, context })._nodes as readonly AnyStateNode[];

interface Invoke {
  readonly id: string;
  readonly src: string;
  readonly systemId?: string;
  readonly input?: unknown;
}

const restored = new WeakMap<object, readonly AnyStateNode[]>();

/** The machine's methods this module replaces (own properties: XState binds them in the constructor). */
interface Persistence {
  getPersistedSnapshot(snapshot: AnyMachineSnapshot, options?: unknown): unknown;
  restoreSnapshot(snapshot: unknown, scope: AnyActorScope): AnyMachineSnapshot;
  start(snapshot: AnyMachineSnapshot, scope: AnyActorScope): void;
  provide(implementations: never): AnyStateMachine;
}

interface Stored {
  readonly value: StateValue;
  readonly context: unknown;
  readonly children: Readonly<Record<string, unknown>>;
}

/** How long a named delay of the machine is, in this context. */
function delayOf(machine: AnyStateMachine, delay: unknown, context: unknown): number {
  const named = typeof delay === 'string' ? (machine.implementations.delays as Record<string, unknown>)[delay] : delay;
  const ms = typeof named === 'function' ? named({ context, event: { type: 'xstate.restore' } }) : named;
  return typeof ms === 'number' ? ms : 0;
}

/**
 * Gives a machine (and every machine `.provide()` makes from it) persisted
 * snapshots without secrets, and restores with `rules.restore`/`rules.resume`.
 */
export function persistable<M extends AnyStateMachine>(machine: M, rules: PersistRules<ContextFrom<M>>): M {
  const target = machine as unknown as Persistence;
  const persist = target.getPersistedSnapshot;
  const restore = target.restoreSnapshot;
  const start = target.start;
  const provide = target.provide.bind(machine);

  target.getPersistedSnapshot = (snapshot, options) => {
    const stored = persist(snapshot, options) as Stored;
    const value = restingValue(machine, snapshot) ?? stored.value;
    const keep = new Set(nodesAt(machine, value, snapshot.context).flatMap((node) => (node.invoke as readonly Invoke[]).map((i) => i.id)));
    const children = Object.fromEntries(Object.entries(stored.children).filter(([id]) => keep.has(id)));
    return { ...stored, value, context: rules.scrub(stored.context as ContextFrom<M>), children };
  };

  target.restoreSnapshot = (snapshot, scope) => {
    // What comes back from storage is in the user's hands: it is scrubbed again, a call in flight is
    // the step its timeout leads to, and only child flows (machines, which restore by these rules) are
    // taken from it; every other child starts afresh with the input its state gives it, never a stored one.
    const stored = snapshot as Stored;
    const actors = machine.implementations.actors as Record<string, AnyActorLogic | undefined>;
    const scrubbed = rules.scrub(stored.context as ContextFrom<M>);
    const resting = restingValue(machine, machine.resolveState({ value: stored.value, context: scrubbed }));
    const base: Restoring<ContextFrom<M>> = { value: resting ?? stored.value, context: scrubbed };
    const { value, context } = rules.restore ? rules.restore(base, scope) : base;
    const nodes = nodesAt(machine, value, context);
    const invoked = new Set(nodes.flatMap((node) => (node.invoke as readonly Invoke[]).map((i) => i.id)));
    const children: Record<string, unknown> = Object.fromEntries(
      Object.entries(stored.children).filter(([id, child]) => {
        const logic = actors[(child as { src?: unknown }).src as string];
        return invoked.has(id) && logic !== undefined && 'root' in logic;
      }),
    );
    const fresh: AnyStateNode[] = [];
    for (const node of nodes) {
      for (const invoke of node.invoke as readonly Invoke[]) {
        if (invoke.id in children) continue;
        const logic = actors[invoke.src];
        if (!logic || 'root' in logic) continue;
        const input =
          typeof invoke.input === 'function'
            ? invoke.input({ context, event: { type: 'xstate.restore' }, self: scope.self })
            : invoke.input;
        children[invoke.id] = { src: invoke.src, systemId: invoke.systemId, snapshot: logic.getInitialSnapshot(scope, input) };
        fresh.push(node);
      }
    }
    const restoredSnapshot = restore({ ...stored, value, context, children }, scope);
    restored.set(restoredSnapshot, fresh);
    return restoredSnapshot;
  };

  target.start = (snapshot, scope) => {
    start(snapshot, scope);
    const fresh = restored.get(snapshot);
    if (!fresh) return;
    // A state whose call started afresh is as if just entered: its timers start now.
    const timers = new Map(fresh.flatMap((node) => timersOf(node).map((timer) => [timer.eventType, timer] as const)));
    for (const [type, timer] of timers)
      scope.system.scheduler.schedule(scope.self, scope.self, { type }, delayOf(machine, timer.delay, snapshot.context), type);
    rules.resume?.(snapshot, scope);
  };

  target.provide = (implementations) => persistable(provide(implementations) as M, rules);
  return machine;
}

/** The input the restoring `createActor(machine, { snapshot, input })` was given. */
export function inputOf(scope: AnyActorScope): unknown {
  return (scope.self as { options?: { input?: unknown } }).options?.input;
}

/**
 * Re-arms one `after` timer of a restored actor that XState did not store
 * (its delayed events live only in memory): the same event, due at `at`.
 */
export function rearm(scope: AnyActorScope, delay: string, stateId: string, at: number, now: number): void {
  const type = `xstate.after.${delay}.${stateId}`;
  scope.system.scheduler.schedule(scope.self, scope.self, { type }, Math.max(at - now, 0), type);
}
