import { readFile } from 'node:fs/promises';
import { and, assign, fromPromise, not, or, setup } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { allDiagrams, diagramFor, readmeBlock, withReadmeBlock } from '../../src/diagram/diagramsCli.js';
import { diagramSet, diagramTransitionCount, eventLabel, machineTransitions, stateDiagram, toMermaid } from '../../src/diagram/mermaid.js';
import { MODELS } from '../../src/diagram/models.js';
import { machineInventory } from '../../src/diagram/paths.js';
import { roundFloats } from '../../src/diagram/render.js';

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

describe('guards combined with and(), or() and not()', () => {
  it('are named by what they combine', () => {
    const m = setup({ guards: { a: () => true, b: () => true, c: () => true } }).createMachine({
      id: 'g',
      initial: 'x',
      states: { x: { on: { GO: [{ guard: and(['a', or(['b', not('c')])]), target: 'y' }] } }, y: {} },
    });
    expect(toMermaid(m as AnyStateMachine)).toContain('g_x --> g_y : GO [a and b or not c]');
  });
});

describe('an overview and one diagram per state with states inside', () => {
  const set = diagramSet(sample as AnyStateMachine);
  const byName = new Map(set.map((d) => [d.name, d.mermaid]));

  it('makes the overview and a diagram for each state with children, parallel regions included', () => {
    expect(set.map((d) => d.name)).toEqual(['sample', 'sample.working', 'sample.both', 'sample.both.a', 'sample.both.b']);
    expect(set.map((d) => d.path)).toEqual(['', 'working', 'both', 'both.a', 'both.b']);
  });

  it('folds each state with children into one box in the overview, its edges in and out redrawn to the box', () => {
    const o = byName.get('sample')!;
    expect(o).toContain('state "working" as sample_working\n  sample_working : 3 states inside');
    expect(o).toContain('state "both" as sample_both\n  sample_both : 4 states inside');
    expect(o).not.toMatch(/sample_working_loading|sample_both_a_a1/);
    expect(o).toContain('sample_idle --> sample_working : GO [ready]');
    expect(o).toContain('sample_working --> sample_both : on done');
    expect(o).toContain('state "in any state" as any__sample');
    expect(o).toContain('any__sample --> sample_stopped : STOP');
    expect(o).toContain('class sample_working,sample_both folded');
  });

  it('draws a state\'s inside with dashed nodes for the states outside it, and "any state" for its own transitions', () => {
    const w = byName.get('sample.working')!;
    expect(w).toContain('[*] --> sample_working_loading');
    expect(w).toContain('out__sample_idle --> sample_working_loading : GO [ready]');
    expect(w).toContain('sample_working_loading --> sample_working_failed : load fails<br/>after patience');
    expect(w).toContain('sample_working_done --> [*]');
    expect(w).toContain('state "in any state of working" as any__sample_working');
    expect(w).toContain('any__sample_working --> out__sample_both : on done');
    expect(w).toContain('class out__sample_idle,out__sample_both outside');
    // STOP starts and ends outside `working`: it belongs to the overview only.
    expect(w).not.toContain('STOP');
  });

  it('enters every region of a parallel state, each region a box with its own diagram', () => {
    const both = byName.get('sample.both')!;
    expect(both).toContain(
      '[*] --> sample_both_a\n  [*] --> sample_both_b\n  state "a" as sample_both_a\n  sample_both_a : 1 state inside, in parallel',
    );
    expect(both).toContain(
      '%% t: sample.working xstate.done.state.sample.working #0\n  out__sample_working --> sample_both_a : on done\n  out__sample_working --> sample_both_b : on done',
    );
    expect(stateDiagram(sample as AnyStateMachine, (sample as AnyStateMachine).root, 'LR').mermaid).toContain('  direction LR\n');
  });

  it('shares one edge between two nodes: one line per event, its guards in brackets, many guards counted', () => {
    const m = setup({ guards: { is: () => true, other: () => true } }).createMachine({
      id: 'm',
      initial: 'a',
      states: {
        a: {
          always: [
            ...[1, 2, 3, 4].map((n) => ({ guard: { type: 'is' as const, params: { n } }, target: 'b' })),
            { guard: 'other' as const, target: 'b' },
          ],
          on: { X: [{ guard: 'is', target: 'b' }, { target: 'b' }] },
        },
        b: {},
      },
    });
    expect(diagramSet(m as AnyStateMachine)[0]!.mermaid).toContain('m_a --> m_b : X<br/>[is,<br/>otherwise]<br/>always<br/>[is ×4, other]');
  });
});

/**
 * Which diagrams must draw a transition, stated on subtrees rather than on the
 * generator's projection: a state's diagram draws a transition when it starts
 * or ends inside the state, unless it stays within one child that has children
 * (that child's own diagram draws it), or it joins such a child to the outside
 * (that child's diagram and the diagram above draw it).
 */
function expectedDiagrams(machine: AnyStateMachine, t: ReturnType<typeof machineTransitions>[number]): string[] {
  const within = (x: AnyStateNode, scope: AnyStateNode): boolean => x === scope || (!!x.parent && within(x.parent, scope));
  const childOf = (x: AnyStateNode, scope: AnyStateNode): AnyStateNode | undefined =>
    x.parent === scope ? x : x.parent ? childOf(x.parent, scope) : undefined;
  const boxed = (c: AnyStateNode | undefined) => !!c && Object.keys(c.states).length > 0;
  const scopes = [machine.root, ...machineInventory(machine).states.map((id) => machine.getStateNodeById(id))].filter(
    (n, i, all) => all.indexOf(n) === i && (n === machine.root || Object.keys(n.states).length > 0),
  );
  return scopes
    .filter((scope) =>
      t.targets.some((target) => {
        const sIn = within(t.source, scope);
        const tIn = within(target, scope);
        const sc = sIn && t.source !== scope ? childOf(t.source, scope) : undefined;
        const tc = tIn && target !== scope ? childOf(target, scope) : undefined;
        if (!sIn && !tIn) return false;
        if (sIn && tIn) return !(sc && sc === tc && boxed(sc));
        return !boxed(sIn ? sc : tc);
      }),
    )
    .map((scope) => (scope === machine.root ? machine.id : `${machine.id}.${scope.path.join('.')}`));
}

describe("every transition is accounted for across each machine's diagrams", () => {
  for (const machine of [sample as AnyStateMachine, ...MODELS.map((e) => e.model.machine as AnyStateMachine)]) {
    it(`${machine.id}: each transition is in exactly the diagrams the rule names, and in the one where it starts`, () => {
      const set = diagramSet(machine);
      const transitions = machineTransitions(machine);
      expect(transitions.map((t) => t.key)).toEqual(machineInventory(machine).transitions.map((t) => t.key));
      for (const d of set)
        expect(diagramTransitionCount(d.mermaid), `${d.name} marks each transition it draws once`).toBe(d.transitions.length);
      for (const t of transitions) {
        const drawnIn = set.filter((d) => d.transitions.includes(t.key)).map((d) => d.name);
        expect(drawnIn, t.key).toEqual(expectedDiagrams(machine, t));
        // Where it starts: the source's own diagram (a state with children) or its parent's.
        const home = Object.keys(t.source.states).length > 0 || t.source === machine.root ? t.source : t.source.parent!;
        expect(drawnIn, `${t.key} is drawn where it starts`).toContain(
          home === machine.root ? machine.id : `${machine.id}.${home.path.join('.')}`,
        );
      }
    });
  }
});

describe('docs/diagrams and the README are in sync with the machines', () => {
  for (const entry of MODELS) {
    it(`docs/diagrams/${entry.name}.md`, async () => {
      const { markdown, diagrams } = diagramFor(entry);
      for (const d of diagrams) expect(markdown).toContain(d.mermaid.trimEnd());
      const committed = await readFile(new URL(`../../docs/diagrams/${entry.name}.md`, import.meta.url), 'utf8');
      expect(committed, `docs/diagrams/${entry.name}.md is stale: run npm run diagrams and commit it`).toBe(markdown);
    });
  }

  it('README.md embeds each overview and links every other diagram', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const machines = allDiagrams();
    expect(readme, 'README.md statechart section is stale: run npm run diagrams and commit it').toBe(
      withReadmeBlock(readme, readmeBlock(machines)),
    );
    for (const m of machines) {
      expect(readme).toContain(`![${m.title}: overview](docs/diagrams/${m.name}.svg)`);
      for (const d of m.diagrams.slice(1)) expect(readme).toContain(`(docs/diagrams/${d.name}.svg)`);
    }
  });
});

describe('SVG numbers', () => {
  it('rounds layout floats to two places and leaves short numbers alone', () => {
    expect(roundFloats('<path d="M10.123456 -0.0001 L3.5 2"/> translate(1.25, 12)')).toBe(
      '<path d="M10.12 0 L3.5 2"/> translate(1.25, 12)',
    );
  });
});
