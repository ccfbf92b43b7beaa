/**
 * Two sign-in flows on one page at once (one clock, each with its own fake
 * Amplify): whatever is done to one, the other goes exactly as it would have
 * gone alone. Each flow's trace in the shared run (state, context, the calls
 * it made) is compared with a run of that flow by itself, on the same clock
 * moves.
 */
import { fc, test } from '@fast-check/vitest';
import { SimulatedClock, createActor } from 'xstate';
import type { AnyActorRef, AnyEventObject } from 'xstate';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { AnyMachineSnapshot } from '../../src/diagram/paths.js';
import { FakeActors } from '../support/fakeActors.js';
import { advanceClock, flush } from '../support/replay.js';
import { command, printed, show } from './arbitraries.js';
import type { Command } from './arbitraries.js';
import { watchConsole } from './harness.js';
import { machineNamed, signInSpec } from './specs.js';

type Flow = 'A' | 'B';
type Step = { readonly flow: Flow; readonly command: Command };

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const REPLAY = process.env.FUZZ_SEED
  ? { seed: Number(process.env.FUZZ_SEED), ...(process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH } : {}) }
  : {};

interface Run {
  readonly actor: AnyActorRef;
  readonly fakes: FakeActors;
  readonly trace: string[];
}

/** What one flow looks like from outside: where it is, what it holds, and the calls it made (its own id left out). */
function summary(run: Run): string {
  const s = run.actor.getSnapshot() as AnyMachineSnapshot;
  const { config, ...rest } = s.context as { config: Record<string, unknown> } & Record<string, unknown>;
  const { flowId: _id, now: _now, ...settings } = config;
  const context = { ...rest, config: settings };
  const calls = run.fakes.calls.map((c) => {
    const { flowId: _f, ...input } = (c.input ?? {}) as Record<string, unknown>;
    return `${c.src}${c.settled ? '' : '…'}(${show(input)})`;
  });
  return `${s.status} ${JSON.stringify(s.value)} ${show(context)} calls: ${calls.join(' ')}`;
}

async function play(inputs: Record<Flow, Record<string, unknown>>, steps: readonly Step[], only?: Flow): Promise<Record<Flow, Run>> {
  const clock = new SimulatedClock();
  clock.set(1_000_000);
  const start = (flow: Flow): Run => {
    const fakes = new FakeActors();
    const actor = createActor(signInSpec.build(fakes), { input: signInSpec.input(inputs[flow], () => clock.now()), clock });
    actor.subscribe({ error: () => {} });
    actor.start();
    return { actor, fakes, trace: [] };
  };
  const runs = { A: start('A'), B: start('B') };
  await flush();
  const flows: Flow[] = only ? [only] : ['A', 'B'];
  for (const f of flows) runs[f].trace.push(summary(runs[f]));
  for (const { flow, command: c } of steps) {
    // The run of one flow alone sees the same clock moves and nothing else of the other.
    if (only && c.kind !== 'advance' && flow !== only) continue;
    const run = runs[flow];
    const active = run.actor.getSnapshot().status === 'active';
    if (c.kind === 'send' && active) run.actor.send(c.event);
    else if (c.kind === 'act' && active) {
      const view = signInSpec.connect(run.actor.getSnapshot() as AnyMachineSnapshot, (e: AnyEventObject) => run.actor.send(e));
      const actions = Object.keys(view)
        .filter((k) => typeof view[k] === 'function' && !/^get.*Props$/.test(k))
        .sort();
      if (actions.length > 0) (view[actions[c.pick % actions.length]!] as (...a: unknown[]) => void)(...c.args);
    } else if (c.kind === 'resolve' || c.kind === 'reject') {
      const open = run.fakes.calls.filter((x) => !x.settled).reverse();
      const call = open[c.pick % Math.max(open.length, 1)];
      if (call && c.kind === 'resolve') {
        const answers = signInSpec.answers[call.src] ?? [undefined];
        call.resolve(answers[c.choice % answers.length]);
      } else if (call && c.kind === 'reject') call.reject(c.fault.make());
    } else if (c.kind === 'advance') advanceClock(clock, c.ms);
    await flush();
    for (const f of flows) if (c.kind === 'advance' || f === flow) runs[f].trace.push(summary(runs[f]));
  }
  for (const f of ['A', 'B'] as const) runs[f].actor.stop();
  return runs;
}

const m = machineNamed('signIn');
const steps = fc.array(
  fc
    .tuple(fc.constantFrom<Flow>('A', 'B'), command({ events: m.events, delays: m.delays }))
    .map(([flow, c]) => printed({ flow, command: c }, `${flow}: ${fc.stringify(c)}`) as Step),
  { minLength: 1, maxLength: 40, size: 'medium' },
);

describe('two sign-in flows at once', () => {
  let restore = () => {};
  beforeAll(() => {
    restore = watchConsole();
  });
  const figures = { runs: 0, ms: 0 };
  afterAll(() => {
    restore();
    process.stdout.write(
      `[fuzz] two signIn flows ${String(figures.runs).padStart(6)} runs (each played together and each flow alone) ${(figures.ms / 1000).toFixed(1)} s\n`,
    );
  });

  test.prop([m.input, m.input, steps], { numRuns: Math.ceil(RUNS / 4), ...REPLAY })(
    'neither flow is moved by the other: each goes as it would alone, and they never share an id',
    async (a, b, sequence) => {
      const started = performance.now();
      const inputs = { A: a, B: b };
      const together = await play(inputs, sequence);
      const idOf = (run: Run) => (run.actor.getSnapshot().context as { config: { flowId: string } }).config.flowId;
      expect(idOf(together.A)).not.toBe(idOf(together.B));
      for (const flow of ['A', 'B'] as const) {
        const alone = await play(inputs, sequence, flow);
        expect(together[flow].trace, `flow ${flow} together vs alone`).toEqual(alone[flow].trace);
      }
      figures.runs += 1;
      figures.ms += performance.now() - started;
    },
    120_000 + RUNS * 40,
  );
});
