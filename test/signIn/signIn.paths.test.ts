import { SimulatedClock, createActor } from 'xstate';
import type { AnyEventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { connectSignIn } from '../../machines/signIn/signIn.view.js';
import type { SignInInput } from '../../machines/signIn/signIn.types.js';
import { CoverageRecorder, generatePaths, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { labelOf, signInModel } from '../../src/diagram/signIn.model.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { checkStep } from './oracle.js';
import type { Timing } from './oracle.js';

// Pure level: every generated path is walked on a live sign-in actor whose
// Amplify calls are fakes the test answers, on a simulated clock. Each step is
// checked by the oracle (the spec, written apart from the machine), and the
// transitions XState actually takes are counted for coverage.

const timing: Timing = { challengeTimeoutMs: 180_000, lockoutMs: 30_000, resendCooldownMs: 30_000, maxAttempts: 5 };
const DELAYS: Readonly<Record<string, number>> = {
  challengeExpiry: timing.challengeTimeoutMs,
  lockout: timing.lockoutMs,
  resendCooldown: timing.resendCooldownMs,
};

const paths = selectCovering(signInModel, generatePaths(signInModel));
const recorder = new CoverageRecorder();

async function walk(path: GeneratedPath): Promise<void> {
  const fakes = new FakeActors();
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const input: SignInInput = { ...timing, authFlowType: 'USER_PASSWORD_AUTH', now: () => clock.now() };
  const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
  const actor = createActor(machine, { input, clock, inspect: recorder.inspect });
  const view = () => connectSignIn(actor.getSnapshot(), actor.send);
  actor.start();
  await settle();
  try {
    for (const [i, step] of path.steps.entries()) {
      const before = view();
      const beforeContext = actor.getSnapshot().context;
      const callsBefore = fakes.calls.length;
      const now = clock.now();
      await perform(step.event, fakes, clock, actor.send);
      const where = `${path.id} step ${i + 1} (${labelOf(step.event)})`;
      expect(actor.getSnapshot().value, `${where}: the actor follows the path`).toEqual(step.state);
      try {
        checkStep({ before, beforeContext, event: step.event, after: view(), context: actor.getSnapshot().context, calls: fakes.calls.slice(callsBefore), now }, timing);
      } catch (e) {
        throw new Error(`${where}: ${(e as Error).message}`);
      }
    }
  } finally {
    actor.stop();
  }
}

async function perform(event: AnyEventObject, fakes: FakeActors, clock: SimulatedClock, send: (e: never) => void): Promise<void> {
  const outcome = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (outcome) {
    const call = fakes.pending(outcome[2] ?? '');
    if (outcome[1] === 'done') call.resolve((event as { output?: unknown }).output);
    else call.reject(namedError((event as unknown as { error: { name: string; message: string } }).error));
  } else if (event.type.startsWith('xstate.after.')) {
    const delay = event.type.split('.')[2] ?? '';
    const ms = DELAYS[delay];
    if (ms === undefined) throw new Error(`no duration for delay ${delay}`);
    clock.increment(ms);
  } else {
    send(event as never);
  }
  await settle();
}

describe('sign-in machine: generated paths on fakes', () => {
  it('generates a small set of paths', () => {
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.length).toBeLessThan(150);
  });

  for (const path of paths) {
    it(`${path.id}: ${path.steps.map((s) => labelOf(s.event)).join(' → ')}`, () => walk(path));
  }

  it('the walks took every transition and entered every state of the machine', () => {
    const coverage = recorder.report(signInMachine);
    expect(coverage.states.missing, 'states never entered').toEqual([]);
    expect(coverage.transitions.missing, 'transitions never taken').toEqual([]);
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
  });
});
