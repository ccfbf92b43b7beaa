import { SimulatedClock, createActor, waitFor } from 'xstate';
import type { AnyActorRef, AnyEventObject, AnyStateMachine } from 'xstate';
import { expect } from 'vitest';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { recentAuthEvents } from './authLog.js';

export interface RealContext {
  readonly actor: AnyActorRef;
  readonly clock: SimulatedClock;
  send(event: AnyEventObject): void;
}

export type RealExecutor<C> = (ctx: RealContext & C, event: AnyEventObject, next: AnyEventObject | undefined) => Promise<void>;

export interface RealWalkOptions<C> {
  readonly machine: AnyStateMachine;
  readonly input: (now: () => number) => unknown;
  readonly delays: Readonly<Record<string, number>>;
  readonly executors: Readonly<Record<string, RealExecutor<C>>>;
  /**
   * Called, and awaited, before a delay is skipped on the machine's clock: to move the backend's clock too, or to
   * wait until the call a timeout abandons has really reached the backend.
   */
  readonly onDelay?: (ctx: RealContext & C, delay: string) => void | Promise<void>;
  /** Called before each step is taken (or awaited), with the one after it: to arrange what that one needs. */
  readonly beforeStep?: (
    ctx: RealContext & C,
    step: { readonly event: AnyEventObject; readonly state: unknown },
    next: { readonly event: AnyEventObject; readonly state: unknown } | undefined,
  ) => void;
  /** Some outcomes need the user to act first (a child flow to finish); this does it. */
  readonly beforeOutcome?: RealExecutor<C>;
  readonly extra: C;
  readonly label: (event: AnyEventObject) => string;
  /** Checked after every step. */
  readonly check?: (actor: AnyActorRef) => void;
  /**
   * User events that reach the machine through something that answers later (a sign-in elsewhere on the page tells it
   * on Amplify's Hub, and the flow may move on from there by itself): the path's state must have been passed through
   * since the step, not be the current one.
   */
  readonly passesThrough?: (event: AnyEventObject) => boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Replays a generated path with real actors: user events through executors,
 * delays on the machine's simulated clock, and actor outcomes awaited (the
 * real calls answer by themselves) until the machine reaches the state the
 * path expects, failing with where it went instead.
 */
export async function realWalk<C>(path: GeneratedPath, o: RealWalkOptions<C>): Promise<void> {
  const clock = new SimulatedClock();
  clock.set(Date.now());
  const actor = createActor(o.machine, { input: o.input(() => clock.now()), clock });
  const seen: unknown[] = [];
  actor.subscribe((s) => seen.push(s.value));
  const ctx = { ...o.extra, actor, clock, send: (e: AnyEventObject) => actor.send(e) } as RealContext & C;
  actor.start();
  try {
    for (const [i, step] of path.steps.entries()) {
      const where = `${path.id} step ${i + 1} (${o.label(step.event)})`;
      const next = path.steps[i + 1]?.event;
      o.beforeStep?.(ctx, step, path.steps[i + 1]);
      if (/^xstate\.(done|error)\.actor\./.test(step.event.type)) {
        await o.beforeOutcome?.(ctx, step.event, next);
        await waitFor(actor, () => seen.some((v) => same(v, step.state)), { timeout: 10_000 }).catch(() => {
          const snap = actor.getSnapshot() as { context: { error?: unknown } };
          throw new Error(
            `${where}: expected ${JSON.stringify(step.state)}, went ${JSON.stringify(seen.slice(-3))}; error ${JSON.stringify(snap.context.error)}; auth events ${recentAuthEvents()}`,
          );
        });
        seen.splice(0, seen.findIndex((v) => same(v, step.state)) + 1);
      } else {
        seen.length = 0;
        if (step.event.type.startsWith('xstate.after.')) {
          const delay = step.event.type.split('.')[2] ?? '';
          await o.onDelay?.(ctx, delay);
          clock.increment(o.delays[delay] ?? 0);
        } else {
          const exec = o.executors[step.event.type];
          if (!exec) throw new Error(`no executor for ${step.event.type}`);
          await exec(ctx, step.event, next);
        }
        if (o.passesThrough?.(step.event)) {
          expect(
            seen.some((v) => same(v, step.state)),
            `${where}: the machine passes through ${JSON.stringify(step.state)} (went ${JSON.stringify(seen)})`,
          ).toBe(true);
          seen.splice(0, seen.findIndex((v) => same(v, step.state)) + 1);
        } else {
          expect(actor.getSnapshot().value, `${where}: the machine follows the path`).toEqual(step.state);
          seen.push(actor.getSnapshot().value);
        }
      }
      o.check?.(actor);
    }
  } finally {
    // A call still in flight would finish after the next path's sign-out and leave it a session.
    await waitFor(actor, (s) => !s.hasTag('busy'), { timeout: 30_000 }).catch(() => undefined);
    actor.stop();
  }
}
