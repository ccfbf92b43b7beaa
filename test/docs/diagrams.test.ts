import { readFile } from 'node:fs/promises';
import { assign, fromPromise, setup } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { diagramFor } from '../../src/diagram/diagramsCli.js';
import { diagramTransitionCount, eventLabel, toMermaid } from '../../src/diagram/mermaid.js';
import { MODELS } from '../../src/diagram/models.js';
import { machineInventory } from '../../src/diagram/paths.js';

const sample = setup({
  types: { events: {} as { type: 'GO' } | { type: 'STOP' } },
  actors: { load: fromPromise(async () => 1) },
  guards: { ready: () => true },
  delays: { patience: 1000 },
  actions: { note: assign({}) },
}).createMachine({
  id: 'sample',
  initial: 'idle',
  on: { STOP: '.stopped' },
  states: {
    idle: { on: { GO: [{ guard: 'ready', target: 'working' }, { actions: 'note' }] } },
    working: {
      initial: 'loading',
      states: {
        loading: { invoke: { id: 'load', src: 'load', onDone: 'done', onError: 'failed' }, after: { patience: 'failed' } },
        failed: {},
        done: { type: 'final' },
      },
      onDone: 'both',
    },
    both: { type: 'parallel', states: { a: { initial: 'a1', states: { a1: {} } }, b: { initial: 'b1', states: { b1: {} } } } },
    stopped: { type: 'final' },
  },
});

describe('machine → Mermaid', () => {
  const m = toMermaid(sample as AnyStateMachine);

  it('draws nesting, parallel regions, initial and final states, and invokes', () => {
    expect(m.startsWith('stateDiagram-v2\n  [*] --> sample_idle\n')).toBe(true);
    expect(m).toContain('state "working" as sample_working {\n    [*] --> sample_working_loading');
    expect(m).toContain('state "both" as sample_both {');
    expect(m).toMatch(/state "a" as sample_both_a \{[\s\S]*\n {4}--\n {4}state "b" as sample_both_b \{/);
    expect(m).toContain('sample_working_done --> [*]');
    expect(m).toContain('sample_stopped --> [*]');
    expect(m).toContain('sample_working_loading : invokes load');
  });

  it('labels every transition with its event, guard, delay or actor outcome', () => {
    expect(m).toContain('sample_idle --> sample_working : GO [ready]');
    expect(m).toContain('sample_idle --> sample_idle : GO [otherwise]');
    expect(m).toContain('sample_working_loading --> sample_working_failed : after patience');
    expect(m).toContain('sample_working_loading --> sample_working_done : load succeeds');
    expect(m).toContain('sample_working_loading --> sample_working_failed : load fails');
    expect(m).toContain('sample_working --> sample_both : on done');
    expect(m).toContain('state "in any state" as sample\n');
    expect(m).toContain('sample --> sample_stopped : STOP');
    expect(eventLabel('xstate.after.challengeExpiry.signIn.challenge')).toBe('after challengeExpiry');
  });

  it('drops nothing: one marked edge set per transition the machine defines', () => {
    expect(diagramTransitionCount(m)).toBe(machineInventory(sample as AnyStateMachine).transitions.length);
  });
});

describe('docs/diagrams is in sync with the machines', () => {
  for (const entry of MODELS) {
    it(`docs/diagrams/${entry.name}.md`, async () => {
      const { markdown, mermaid } = diagramFor(entry);
      expect(diagramTransitionCount(mermaid), 'every transition is drawn').toBe(
        machineInventory(entry.model.machine as AnyStateMachine).transitions.length,
      );
      const committed = await readFile(new URL(`../../docs/diagrams/${entry.name}.md`, import.meta.url), 'utf8');
      expect(committed, `docs/diagrams/${entry.name}.md is stale: run npm run diagrams and commit it`).toBe(markdown);
    });
  }
});
