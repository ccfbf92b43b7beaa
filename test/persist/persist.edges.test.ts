import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup, SimulatedClock } from 'xstate';
import type { AnyActorScope, Snapshot } from 'xstate';
import { inputOf, persistable } from '../../machines/shared/persist.js';

// machines/shared/persist.ts on small machines of its own, for what the flows' charts never do: a call in flight in
// one region of a parallel state, a child flow beside it, timers by name, by context and by number, calls whose input
// is fixed or made from the context, and a stored snapshot someone edited. The flows' own restores are walked path by
// path in persisted.paths.test.ts.

const calls: { src: string; input: unknown }[] = [];
const pending = (src: string) =>
  fromPromise<string, unknown>(({ input }) => {
    calls.push({ src, input });
    return new Promise<string>(() => {});
  });

/** A child flow: a counter the parent must not lose on a restore. */
const counter = setup({ types: { context: {} as { n: number }, events: {} as { type: 'BUMP' } } }).createMachine({
  id: 'counter',
  context: { n: 0 },
  on: { BUMP: { actions: assign({ n: ({ context }) => context.n + 1 }) } },
});

const chart = setup({
  types: {
    context: {} as { secret: string; wait: number },
    input: {} as { wait?: number },
    events: {} as { type: 'GO' } | { type: 'NEXT' },
  },
  actors: { call: pending('call'), load: pending('load'), fixed: pending('fixed'), counter },
  delays: { callTimeout: 5_000, idle: ({ context }) => context.wait, unknown: 60_000 },
}).createMachine({
  id: 'edges',
  type: 'parallel',
  context: ({ input }) => ({ secret: '', wait: input.wait ?? 1_000 }),
  states: {
    left: {
      description: 'A call in flight, with the password it carries in context.',
      initial: 'ready',
      states: {
        ready: { description: 'Nothing sent.', on: { GO: { target: 'calling', actions: assign({ secret: 'Sentinel-Pw-1!' }) } } },
        calling: {
          description: 'The call is in flight.',
          invoke: { src: 'call', input: ({ context }: { context: { secret: string } }) => ({ secret: context.secret }) },
          after: { callTimeout: 'timedOut' },
        },
        timedOut: { description: 'Where a call that never answered leaves the user.' },
      },
    },
    right: {
      description: 'A child flow, then calls with timers.',
      initial: 'a',
      states: {
        a: { description: 'Start.', on: { NEXT: 'b' } },
        b: { description: 'A child flow runs.', invoke: { id: 'kid', src: 'counter' }, on: { NEXT: 'c' } },
        c: {
          description: 'Calls with input from the context and fixed input; a timer as long as the context says.',
          invoke: [
            { id: 'loader', src: 'load', input: ({ context }: { context: { wait: number } }) => ({ wait: context.wait }) },
            { id: 'fixer', src: 'fixed', input: { fixed: 1 } },
          ],
          after: { idle: 'd', 2000: 'e', unknown: 'f' },
        },
        d: { description: 'The timer by context ran out.' },
        e: { description: 'The numbered timer ran out.' },
        f: { description: 'A named timer whose length is not a number.' },
      },
    },
  },
});

/** The same call in flight in a state nested one level down, whose timeout leaves the whole compound state. */
const nested = setup({ actors: { call: pending('call') }, delays: { callTimeout: 5_000 } }).createMachine({
  id: 'nested',
  initial: 'flow',
  states: {
    flow: {
      description: 'A compound state holding the call.',
      initial: 'calling',
      states: { calling: { description: 'In flight.', invoke: { src: 'call' }, after: { callTimeout: '#nested.failed' } } },
    },
    failed: { description: 'Where the timeout leads.' },
  },
});

const restoredWith: unknown[] = [];
const machine = persistable(chart, {
  scrub: (context) => ({ ...context, secret: '' }),
  restore: (stored, scope: AnyActorScope) => {
    restoredWith.push(inputOf(scope));
    return stored;
  },
});

type Persisted = {
  value: unknown;
  context: { secret: string; wait: number };
  children: Record<string, { snapshot: unknown; src: string }>;
};
const persisted = (actor: { getPersistedSnapshot(): unknown }) => actor.getPersistedSnapshot() as Persisted;
const restore = (snapshot: unknown, input: { wait?: number } = {}) => {
  const clock = new SimulatedClock();
  const actor = createActor(machine, { snapshot: snapshot as Snapshot<unknown>, input, clock });
  actor.start();
  return { actor, clock };
};

describe('a call in flight in one region of a parallel state', () => {
  it('is stored as the step its timeout leads to, the other region and its child flow as they are, without the secret', () => {
    const actor = createActor(machine, { input: {} }).start();
    actor.send({ type: 'NEXT' });
    (actor.getSnapshot().children as unknown as Record<string, { send(e: { type: 'BUMP' }): void }>).kid!.send({ type: 'BUMP' });
    actor.send({ type: 'GO' });
    const stored = persisted(actor);
    expect(stored.value).toEqual({ left: 'timedOut', right: 'b' });
    expect(stored.context.secret).toBe('');
    expect(Object.keys(stored.children)).toEqual(['kid']);
    actor.stop();

    const { actor: back } = restore(stored);
    expect(back.getSnapshot().value).toEqual({ left: 'timedOut', right: 'b' });
    const kid = (back.getSnapshot().children as unknown as Record<string, { getSnapshot(): { context: { n: number } } }>).kid!;
    expect(kid.getSnapshot().context.n).toBe(1);
    back.stop();
  });

  it('in a state nested in another is stored as the timeout target alone', () => {
    const nestedMachine = persistable(nested, { scrub: (c) => c });
    const actor = createActor(nestedMachine, { input: {} }).start();
    expect((actor.getPersistedSnapshot() as unknown as Persisted).value).toBe('failed');
    actor.stop();
  });
});

describe('calls restored afresh', () => {
  const atC = (wait?: number) => {
    const actor = createActor(machine, { input: { wait } }).start();
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    const stored = persisted(actor);
    actor.stop();
    return stored;
  };

  it('start with the input their state gives them, fixed or from the context, never a stored one', () => {
    const stored = atC(1_500);
    // Someone edited the stored snapshot: a call's input, and a child no state of the snapshot invokes.
    const edited = {
      ...stored,
      children: {
        loader: { src: 'load', snapshot: { status: 'active', input: { wait: 'tampered' } } },
        stray: { src: 'counter', snapshot: { status: 'active', context: { n: 99 } } },
      },
    };
    calls.length = 0;
    const { actor } = restore(edited);
    expect(calls).toEqual([
      { src: 'load', input: { wait: 1_500 } },
      { src: 'fixed', input: { fixed: 1 } },
    ]);
    expect(Object.keys(actor.getSnapshot().children).sort()).toEqual(['fixer', 'loader']);
    actor.stop();
  });
});

describe('restored timers', () => {
  const storedAt = (wait: number) => {
    const actor = createActor(machine, { input: { wait } }).start();
    actor.send({ type: 'NEXT' });
    actor.send({ type: 'NEXT' });
    const stored = actor.getPersistedSnapshot();
    actor.stop();
    return stored;
  };
  const restoreAt = (m: typeof machine, stored: unknown) => {
    const clock = new SimulatedClock();
    const actor = createActor(m, { snapshot: stored as Snapshot<unknown>, input: {}, clock }).start();
    return { actor, clock };
  };

  it('the timer the context sets runs its full length from the restore', () => {
    const { actor, clock } = restoreAt(machine, storedAt(1_200));
    clock.increment(1_199);
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'c' });
    clock.increment(1);
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'd' });
    actor.stop();
  });

  it('a numbered timer runs its full length from the restore', () => {
    const { actor, clock } = restoreAt(machine, storedAt(50_000));
    clock.increment(1_999);
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'c' });
    clock.increment(1);
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'e' });
    actor.stop();
  });

  it('a named timer whose length is not a number fires at once', () => {
    const odd = machine.provide({ delays: { unknown: () => 'soon' as unknown as number } });
    const { actor, clock } = restoreAt(odd, storedAt(50_000));
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'c' });
    clock.increment(1);
    expect(actor.getSnapshot().value).toEqual({ left: 'ready', right: 'f' });
    actor.stop();
  });
});

describe('inputOf', () => {
  it('is the input the restoring createActor was given, or undefined when it has none', () => {
    restoredWith.length = 0;
    const stored = persisted(createActor(machine, { input: {} }).start());
    restore(stored, { wait: 7 }).actor.stop();
    restore(stored).actor.stop();
    expect(restoredWith).toEqual([{ wait: 7 }, {}]);
    expect(inputOf({ self: {} } as AnyActorScope)).toBeUndefined();
  });
});
