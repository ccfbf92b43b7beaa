/**
 * Replays a generated path against any UI: the app starts its UI on the
 * machine the fakes answer for, says how a user does each event, and checks
 * the view after each step; the fakes answer the calls and move the clock.
 */
import { createFakes } from './fakes.js';
import type { Fakes } from './fakes.js';
import type { ExpectedView, FlowPath, PathEvent, PathStep } from './types.js';

export interface ReplayOptions {
  /**
   * Starts the UI with `fakes.provide(machine)` as its machine (and `fakes.clock`
   * as its clock, for paths that wait for a timer). What it returns or resolves
   * to, if a function, is called to stop the UI once the path is done.
   */
  start(fakes: Fakes, path: FlowPath): unknown;
  /** How a user does each event on the UI (types in, clicks), by event type; a path with another user event fails. */
  readonly events: Readonly<Record<string, (event: PathEvent, step: PathStep) => void | Promise<void>>>;
  /** Checks that the UI shows `expected` (its step, in flight or not, its error); throws when it does not. Called at the start and after every step. */
  view(expected: ExpectedView, step: PathStep | null): void | Promise<void>;
  /** Lets a timer run out, for a UI that does not run on `fakes.clock`; moves that clock by the step's `ms` by default. */
  wait?(step: Extract<PathStep, { kind: 'wait' }>, fakes: Fakes): void | Promise<void>;
  /** How long the UI may take to make a call the path answers, in ms (2000). */
  readonly timeout?: number;
}

/** Lets the machine, its calls and a UI that redraws on a microtask or a timer catch up. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function replayPath(path: FlowPath, options: ReplayOptions, hub?: string): Promise<void> {
  const fakes = createFakes(hub ? { hub } : {});
  const stop = await options.start(fakes, path);
  try {
    await settle();
    await check(path, 'the start', () => options.view(path.start.view, null));
    for (const [i, step] of path.steps.entries()) {
      await check(path, `step ${i + 1} (${step.label})`, async () => {
        if (step.kind === 'user') {
          const perform = options.events[step.event.type];
          if (!perform) throw new Error(`no way to do ${step.event.type} on this UI (ReplayOptions.events)`);
          await perform(step.event, step);
        } else if (step.kind === 'hub') {
          fakes.hub(step.event);
        } else if (step.kind === 'answer') {
          await fakes.answer(step, options.timeout);
        } else if (options.wait) {
          await options.wait(step, fakes);
        } else {
          fakes.clock.increment(step.ms);
        }
        await settle();
        await options.view(step.view, step);
      });
    }
  } finally {
    if (typeof stop === 'function') stop();
  }
}

async function check(path: FlowPath, where: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (e) {
    throw new Error(`${path.id}, ${where}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}
