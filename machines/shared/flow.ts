/**
 * One subscription for a whole flow: the actor and every child actor it
 * invokes or spawns (and theirs), so a view that shows a running child's step
 * (the settings page's TOTP enrollment, say) changes when the child moves.
 * Framework adapters are built on this; a plain-DOM page can use it as is.
 */
import type { AnyActorRef, EventObject, Subscription } from 'xstate';

/** A `connect*` function: the view of a snapshot, with its options. */
export type Connect<TSnapshot, TEvent extends EventObject, TView, TOptions> = (
  snapshot: TSnapshot,
  send: (event: TEvent) => void,
  options?: TOptions,
) => TView;

export interface ObservedFlow<TView> {
  /** The current view; the same object until something changes (so `useSyncExternalStore` can use it). */
  getView(): TView;
  /** Called after every change of the actor or any of its children; returns the unsubscribe. */
  subscribe(listener: (view: TView) => void): () => void;
}

interface Watched {
  readonly ref: AnyActorRef;
  readonly subscription: Subscription;
  readonly children: Map<string, Watched>;
}

/**
 * Watches `actor` and, recursively, every child in its snapshots, attaching to
 * new children and detaching from stopped ones; the view is recomputed only
 * when one of them changed. An error in a child never throws out of here: the
 * child's own snapshot carries it.
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
  let view: TView | undefined;
  let root: Watched | undefined;

  const compute = () => connect(actor.getSnapshot() as ReturnType<TActor['getSnapshot']>, actor.send as TActor['send'], options);
  // What a view is made of: the snapshots of the flow's machines (a call's own settling shows in its parent's next snapshot).
  let seen: readonly unknown[] = [];
  const machineSnapshots = (watched: Watched | undefined, into: unknown[] = []): unknown[] => {
    if (!watched) return into;
    const snapshot = watched.ref.getSnapshot() as { matches?: unknown };
    if (typeof snapshot.matches === 'function') into.push(snapshot);
    for (const child of watched.children.values()) machineSnapshots(child, into);
    return into;
  };
  const changed = () => {
    if (root) sync(actor, root);
    const now = machineSnapshots(root);
    if (now.length === seen.length && now.every((snapshot, i) => snapshot === seen[i])) return;
    seen = now;
    try {
      view = compute();
    } catch {
      // A child that stops while its parent stops can leave a snapshot the view was not made for: keep the last view.
      return;
    }
    for (const listener of [...listeners]) listener(view);
  };
  const watch = (ref: AnyActorRef): Watched => {
    const watched: Watched = {
      ref,
      subscription: ref.subscribe({ next: changed, error: changed, complete: changed }),
      children: new Map(),
    };
    sync(ref, watched);
    return watched;
  };
  const release = (watched: Watched) => {
    watched.subscription.unsubscribe();
    for (const child of watched.children.values()) release(child);
    watched.children.clear();
  };
  // Attaches to children that appeared and lets go of those that are gone, at every level.
  function sync(ref: AnyActorRef, watched: Watched): void {
    const children = (ref.getSnapshot() as { children?: Record<string, AnyActorRef | undefined> }).children ?? {};
    for (const [id, child] of watched.children) {
      // Gone, or the same id invoked again as a new actor.
      if (children[id] !== child.ref) {
        release(child);
        watched.children.delete(id);
      }
    }
    for (const [id, child] of Object.entries(children)) {
      if (!child) continue;
      const known = watched.children.get(id);
      if (known) sync(child, known);
      else watched.children.set(id, watch(child));
    }
  }

  return {
    getView: () => {
      view ??= compute();
      return view;
    },
    subscribe(listener) {
      listeners.add(listener);
      root ??= watch(actor);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && root) {
          release(root);
          root = undefined;
        }
      };
    },
  };
}
