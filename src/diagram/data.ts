/**
 * The chosen paths of a machine as data for the testing kit
 * (`amplify-mfa-flow/testing`): each step with its kind, the state it leads
 * to and the view a UI must then show, found by replaying the path on the
 * machine with calls that never answer by themselves.
 */
import { createActor } from 'xstate';
import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { createFakes } from '../testing/fakes.js';
import type { ExpectedView, FlowPath, MachinePaths, PathEvent, PathStep } from '../testing/types.js';
import type { CatalogueModel } from './models.js';
import type { AnyMachineSnapshot, Coverage, GeneratedPath } from './paths.js';

/** A value as JSON has it: functions (a test clock's `now`) and undefined members gone. */
const plain = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

function delayMs(machine: AnyStateMachine, delay: string, snapshot: AnyMachineSnapshot, event: AnyEventObject): number {
  const d = (machine.implementations.delays as Record<string, unknown>)[delay];
  return typeof d === 'function' ? (d as (a: unknown) => number)({ context: snapshot.context, event }) : Number(d);
}

function stepOf(entry: CatalogueModel, event: AnyEventObject, before: AnyMachineSnapshot, after: AnyMachineSnapshot): PathStep {
  const base = { label: entry.label(event), event: plain(event) as PathEvent, state: after.value, view: viewOf(entry, after) };
  const outcome = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  if (outcome) {
    const e = event as { output?: unknown; error?: { name: string; message: string } };
    const answer = { kind: 'answer', ...base, actor: outcome[2]! } as const;
    return outcome[1] === 'done'
      ? { ...answer, ...(e.output === undefined ? {} : { output: plain(e.output) }) }
      : { ...answer, error: plain(e.error!) };
  }
  if (event.type.startsWith('xstate.after.')) {
    const delay = event.type.split('.')[2] ?? '';
    return { kind: 'wait', ...base, delay, ms: delayMs(entry.model.machine, delay, before, event) };
  }
  return { kind: entry.hub && event.type.startsWith('AUTH.') ? 'hub' : 'user', ...base };
}

function viewOf(entry: CatalogueModel, snapshot: AnyMachineSnapshot): ExpectedView {
  const view = entry.connect(snapshot, () => {});
  return { step: view.step, busy: view.busy, error: view.error?.code ?? null };
}

function flowPath(entry: CatalogueModel, machine: AnyStateMachine, path: GeneratedPath): FlowPath {
  const actor = createActor(machine, { input: { ...(path.input ?? (entry.model.input as object)), ...entry.timing } });
  actor.start();
  const start = actor.getSnapshot() as AnyMachineSnapshot;
  const steps: PathStep[] = [];
  let before = start;
  for (const { event } of path.steps) {
    actor.send(event);
    const after = actor.getSnapshot() as AnyMachineSnapshot;
    steps.push(stepOf(entry, event, before, after));
    before = after;
  }
  actor.stop();
  return {
    id: path.id,
    title: path.title,
    ...(path.variant === undefined ? {} : { variant: { name: path.variant, input: plain(path.input) } }),
    start: { state: start.value, view: viewOf(entry, start) },
    steps,
  };
}

export function machinePaths(entry: CatalogueModel, paths: readonly GeneratedPath[], coverage: Coverage): MachinePaths {
  // The kit's own fakes, never answered: each answer is sent to the machine as the path's event.
  const machine = createFakes(entry.hub ? { hub: entry.hub } : {}).provide(entry.model.machine);
  return {
    machine: entry.name,
    title: entry.title,
    ...(entry.hub ? { hub: entry.hub } : {}),
    timing: entry.timing,
    coverage: {
      states: [coverage.states.covered, coverage.states.total],
      transitions: [coverage.transitions.covered, coverage.transitions.total],
    },
    paths: paths.map((p) => flowPath(entry, machine, p)),
  };
}

/**
 * The data module committed under src/testing/data/: JSON with one step to a
 * line, so a change to a machine reads as a diff of steps. It is left out of
 * formatting (biome.json) because it is written exactly like this.
 *
 * The JSON is a string parsed at import, not an object literal: checking a
 * 200 kB literal against `MachinePaths` took TypeScript about 5 s for the
 * largest machine on every typecheck, and this data is written from typed
 * values. In the raw template, a backtick or `${` inside a JSON string is
 * written as its `\u` escape, which JSON.parse reads back.
 */
export function renderPathsModule(data: MachinePaths): string {
  const { paths, ...head } = data;
  const json = (value: unknown) => JSON.stringify(value).replaceAll('`', '\\u0060').replaceAll('${', '$\\u007b');
  const path = ({ steps, ...fields }: FlowPath) =>
    [
      '    {',
      ...Object.entries(fields).map(([k, v]) => `      ${json(k)}: ${json(v)},`),
      '      "steps": [',
      ...steps.map((s, i) => `        ${json(s)}${i < steps.length - 1 ? ',' : ''}`),
      '      ]',
      '    }',
    ].join('\n');
  return [
    `// Generated by \`npm run paths\` from machines/${data.machine}; test/docs/paths.drift.test.ts fails when it drifts. Do not edit.`,
    "import type { MachinePaths } from '../types.js';",
    '',
    `export const ${data.machine}Paths: MachinePaths = JSON.parse(String.raw\`{`,
    ...Object.entries(head).map(([k, v]) => `  ${json(k)}: ${json(v)},`),
    '  "paths": [',
    paths.map(path).join(',\n'),
    '  ]',
    '}`);',
    '',
  ].join('\n');
}

/** The paths of committed data, as the generator and the test walkers take them. */
export function generatedPaths(data: MachinePaths): GeneratedPath[] {
  return data.paths.map((p) => ({
    id: p.id,
    title: p.title,
    steps: p.steps.map((s) => ({ event: s.event, state: s.state })),
    ...(p.variant ? { input: p.variant.input, variant: p.variant.name } : {}),
  }));
}
