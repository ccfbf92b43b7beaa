/**
 * One subscription for a whole flow: the actor and every child actor it
 * invokes or spawns (and theirs), so a view that shows a running child's step
 * (the settings page's TOTP enrollment, say) changes when the child moves.
 * Framework adapters are built on this; a plain-DOM page can use it as is.
 */
import type { AnyActorRef, EventObject, Observer, Subscription } from 'xstate';

/** A `connect*` function: the view of a snapshot, with its options. */
export type Connect<TSnapshot, TEvent extends EventObject, TView, TOptions> = (
  snapshot: TSnapshot,
  send: (event: TEvent) => void,
  options?: TOptions,
) => TView;

export interface ObservedFlow<TView> {
  /**
   * The current view, subscribed or not; the same object until the actor or
   * one of its children changes (so `useSyncExternalStore` can use it).
   * Throws the actor's error once the actor has failed (e.g. a `FlowInputError`).
   */
  getView(): TView;
  /** Called after every change of the actor or any of its children; returns the unsubscribe. */
  subscribe(listener: (view: TView) => void): () => void;
}

interface AnySnapshot {
  readonly status?: string;
  readonly error?: unknown;
  readonly children?: Readonly<Record<string, AnyActorRef | undefined>>;
}

/** The actor and all its descendants, parents first, with the snapshot each has now. */
function flowTree(actor: AnyActorRef, into: { ref: AnyActorRef; snapshot: AnySnapshot }[] = []) {
  const snapshot = actor.getSnapshot() as AnySnapshot;
  into.push({ ref: actor, snapshot });
  for (const child of Object.values(snapshot.children ?? {})) if (child) flowTree(child, into);
  return into;
}

/**
 * Watches `actor` and, recursively, every child in its snapshots, attaching to
 * new children and detaching from those that are gone; the view is recomputed
 * only when one of their snapshots changed. A failing child never throws out
 * of here (its parent gets the error event, as the machine says); a failing
 * root is reported as xstate reports an actor nobody handles errors for.
 */
export function observeFlow<TActor extends AnyActorRef, TView>(
  actor: TActor,
  connect: (snapshot: ReturnType<TActor['getSnapshot']>, send: TActor['send']) => TView,
): ObservedFlow<TView>;
export function observeFlow<TActor extends AnyActorRef, TView, TOptions>(
  actor: TActor,
  connect: (snapshot: ReturnType<TActor['getSnapshot']>, send: TActor['send'], options: TOptions) => TView,
  options: TOptions,
): ObservedFlow<TView>;
export function observeFlow<TActor extends AnyActorRef, TView, TOptions>(
  actor: TActor,
  connect: (snapshot: ReturnType<TActor['getSnapshot']>, send: TActor['send'], options?: TOptions) => TView,
  options?: TOptions,
): ObservedFlow<TView> {
  const listeners = new Set<(view: TView) => void>();
  const watching = new Map<AnyActorRef, Subscription>();
  let made: { readonly snapshots: readonly AnySnapshot[]; readonly view: TView } | undefined;
  let notified: TView | undefined;

  function getView(): TView {
    const tree = flowTree(actor);
    const root = tree[0]!.snapshot;
    if (root.status === 'error') throw root.error;
    if (made) {
      const unchanged = made.snapshots.length === tree.length && tree.every((t, i) => t.snapshot === made?.snapshots[i]);
      // A stopped flow keeps its last view: its children are gone, and the view of a state that ran one needs it.
      if (unchanged || root.status === 'stopped') return made.view;
    }
    const view = connect(root as ReturnType<TActor['getSnapshot']>, actor.send as TActor['send'], options);
    made = { snapshots: tree.map((t) => t.snapshot), view };
    return view;
  }

  function changed(): void {
    if (listeners.size === 0) return;
    follow();
    const view = getView();
    if (view === notified) return;
    notified = view;
    for (const listener of [...listeners]) {
      listener(view);
      // The listener sent an event whose change has already reached every listener, newer than this one.
      if (notified !== view) return;
    }
  }

  const rootObserver: Observer<unknown> = {
    next: changed,
    // What xstate does when no observer of a failing actor takes the error; getView() throws it from now on.
    error: (error) =>
      setTimeout(() => {
        throw error;
      }),
  };
  // A child that ends (done, failed) is followed by its parent's own change, which the view is made from;
  // an error observer keeps xstate from reporting the child's error as unhandled.
  const childObserver: Observer<AnySnapshot> = {
    next: (snapshot) => {
      if (snapshot.status === 'active') changed();
    },
    error: () => {},
  };

  // Attaches to actors that appeared in the tree and lets go of those that left it.
  function follow(): void {
    const present = new Set<AnyActorRef>();
    for (const { ref } of flowTree(actor)) {
      present.add(ref);
      if (!watching.has(ref)) watching.set(ref, ref.subscribe(ref === actor ? rootObserver : childObserver));
    }
    for (const [ref, subscription] of watching) {
      if (present.has(ref)) continue;
      subscription.unsubscribe();
      watching.delete(ref);
    }
  }

  return {
    getView,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        notified = made?.view;
        follow();
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        for (const subscription of watching.values()) subscription.unsubscribe();
        watching.clear();
      };
    },
  };
}
