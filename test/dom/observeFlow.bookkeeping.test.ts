import type { AnyActorRef, Observer } from 'xstate';
import { describe, expect, it } from 'vitest';
import { observeFlow } from 'amplify-mfa-flow/machines';

// observeFlow's own bookkeeping, on hand-made actor refs whose subscriptions can be counted: it attaches
// to each actor of the tree once, lets go of a child as soon as the child has left the tree, lets go of
// everything with the last listener, and skips the empty slots a snapshot's `children` may hold.

interface FakeSnapshot {
  readonly status: 'active';
  readonly name: string;
  readonly children: Readonly<Record<string, AnyActorRef | undefined>>;
}

class FakeRef {
  readonly observers = new Set<Observer<FakeSnapshot>>();
  constructor(public snapshot: FakeSnapshot) {}
  getSnapshot = () => this.snapshot;
  send = () => {};
  subscribe = (observer: Observer<FakeSnapshot>) => {
    this.observers.add(observer);
    return { unsubscribe: () => this.observers.delete(observer) };
  };
  /** A new snapshot, told to whoever listens, as an actor does after a transition. */
  move(snapshot: Partial<FakeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...snapshot };
    for (const observer of [...this.observers]) observer.next?.(this.snapshot);
  }
  get ref(): AnyActorRef {
    return this as unknown as AnyActorRef;
  }
}

const snapshot = (name: string, children: FakeSnapshot['children'] = {}): FakeSnapshot => ({ status: 'active', name, children });
const connect = (s: FakeSnapshot) => ({ step: s.name, children: Object.keys(s.children) });

describe('observeFlow: attaching and letting go', () => {
  it('attaches to the root and each child once, however many listeners there are', () => {
    const child = new FakeRef(snapshot('child'));
    const root = new FakeRef(snapshot('root', { child: child.ref }));
    const flow = observeFlow(root.ref, connect);
    const first = flow.subscribe(() => {});
    const second = flow.subscribe(() => {});
    expect([root.observers.size, child.observers.size]).toEqual([1, 1]);
    first();
    expect([root.observers.size, child.observers.size]).toEqual([1, 1]);
    second();
    expect([root.observers.size, child.observers.size]).toEqual([0, 0]);
  });

  it('lets go of a child once it has left the tree, and attaches to a new one', () => {
    const child = new FakeRef(snapshot('child'));
    const root = new FakeRef(snapshot('root', { child: child.ref }));
    const seen: string[] = [];
    observeFlow(root.ref, connect).subscribe((view) => seen.push(`${view.step}:${view.children.join(',')}`));
    expect(child.observers.size).toBe(1);
    const next = new FakeRef(snapshot('next'));
    root.move({ name: 'moved', children: { next: next.ref } });
    expect(child.observers.size).toBe(0);
    expect(next.observers.size).toBe(1);
    // The old child is no longer followed: its moves reach nobody.
    child.move({ name: 'late' });
    next.move({ name: 'next2' });
    expect(seen).toEqual(['moved:next', 'moved:next']);
  });

  it('skips an empty slot in the children', () => {
    const root = new FakeRef(snapshot('root', { gone: undefined }));
    const flow = observeFlow(root.ref, connect);
    expect(flow.getView()).toEqual({ step: 'root', children: ['gone'] });
    const stop = flow.subscribe(() => {});
    root.move({ name: 'moved' });
    expect(flow.getView().step).toBe('moved');
    stop();
  });
});
