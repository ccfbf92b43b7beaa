/**
 * The property test of one machine: random sequences, every invariant checked
 * after every command. `npm test` runs 1,000 sequences per machine;
 * `npm run fuzz` sets FUZZ_RUNS=20000 and prints the figures. A failure
 * names the invariant and prints a seed and a path:
 * `FUZZ_SEED=<seed> FUZZ_PATH=<path> npx vitest run test/property/<machine>.property.test.ts`
 * replays exactly that run. FUZZ_INVARIANTS=secrets,liveness checks only
 * those, to look past a failure already known.
 */
import { fc, test } from '@fast-check/vitest';
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { afterAll, beforeAll, describe } from 'vitest';
import { generatePaths, machineInventory } from '../../src/diagram/paths.js';
import { FakeActors } from '../support/fakeActors.js';
import { commands, printed } from './arbitraries.js';
import { runSequence, watchConsole } from './harness.js';
import type { Invariant, RunFigures } from './harness.js';
import type { MachineUnderTest } from './specs.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const REPLAY: { seed?: number; path?: string } = process.env.FUZZ_SEED
  ? { seed: Number(process.env.FUZZ_SEED), ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) }
  : {};

const ALL: readonly Invariant[] = ['safety', 'secrets', 'liveness'];
const INVARIANTS = new Set<Invariant>(process.env.FUZZ_INVARIANTS ? (process.env.FUZZ_INVARIANTS.split(',') as Invariant[]) : ALL);

/** Generous: a run takes milliseconds, but a shrink can add a few thousand runs. */
const timeoutFor = (runs: number) => 120_000 + runs * 40;

function figuresLine(name: string, f: RunFigures, states: readonly string[]): string {
  const seconds = (f.ms / 1000).toFixed(1);
  const per = f.runs ? (f.ms / f.runs).toFixed(1) : '0';
  const seen = states.filter((id) => f.states.has(id)).length;
  return `[fuzz] ${name.padEnd(18)} ${String(f.runs).padStart(6)} runs ${String(f.commands).padStart(8)} commands ${seconds.padStart(7)} s (${per} ms/run), in ${seen}/${states.length} states`;
}

/** The state nodes an actor can be in between events: not those an unguarded eventless transition always leaves (`routing`). */
function restingStates(machine: AnyStateMachine): string[] {
  const transient = new Set(
    machineInventory(machine).states.filter((id) => (machine.getStateNodeById(id).always ?? []).some((t) => !t.guard)),
  );
  return machineInventory(machine).states.filter((id) => !transient.has(id));
}

/**
 * Most runs start some way into the machine: the first steps of one of its
 * generated paths (every edge has one), so the random part begins where a
 * challenge or a code check is already open. A third start from scratch.
 */
function warmUp(m: MachineUnderTest): fc.Arbitrary<readonly AnyEventObject[]> {
  const paths = generatePaths(m.model.model);
  const none = fc.constant(null).map(() => printed([] as AnyEventObject[], 'no warm-up'));
  const some = fc.tuple(fc.noBias(fc.nat(paths.length - 1)), fc.nat()).map(([i, cut]) => {
    const path = paths[i]!;
    const steps = path.steps.slice(0, 1 + (cut % path.steps.length)).map((s) => s.event);
    return printed(steps, `warm-up ${path.id} (${path.variant ?? 'default input'}): ${steps.map((e) => m.model.label(e)).join(' → ')}`);
  });
  return fc.oneof({ weight: 1, arbitrary: none }, { weight: 2, arbitrary: some });
}

export function propertySuite(m: MachineUnderTest): void {
  const f: RunFigures = { runs: 0, commands: 0, ms: 0, states: new Set() };
  let restoreConsole = () => {};
  describe(`${m.spec.name}: random sequences`, () => {
    beforeAll(() => {
      restoreConsole = watchConsole();
    });
    afterAll(() => {
      restoreConsole();
      // What npm run fuzz reports: runs (shrinking included), commands, time, and the states the runs were in.
      const states = restingStates(m.spec.build(new FakeActors()));
      process.stdout.write(`${figuresLine(m.spec.name, f, states)}\n`);
      const never = states.filter((id) => !f.states.has(id));
      if (never.length > 0) process.stdout.write(`[fuzz] ${m.spec.name} never in: ${never.join(', ')}\n`);
    });
    const arbs = commands({ events: m.events, delays: m.delays, ...(m.childEvents ? { childEvents: m.childEvents } : {}) });
    test.prop([m.input, warmUp(m), arbs], { numRuns: RUNS, ...REPLAY })(
      `invariants hold after every command: ${[...INVARIANTS].join(', ')}`,
      async (input, prefix, sequence) => {
        await runSequence(m.spec, input, prefix, sequence, INVARIANTS, f);
      },
      timeoutFor(RUNS),
    );
  });
}
