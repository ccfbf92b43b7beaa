import { readFile } from 'node:fs/promises';
import { and, assign, fromPromise, not, or, setup } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { allDiagrams, committedDirections, diagramFor, directionsIn, readmeBlock, withReadmeBlock } from '../../src/diagram/diagramsCli.js';
import {
  diagramSet,
  diagramTransitionCount,
  eventLabel,
  machineTransitions,
  OVERVIEW_MAX_NODES,
  overviewRegions,
  stateDiagram,
  toMermaid,
} from '../../src/diagram/mermaid.js';
import type { Region } from '../../src/diagram/mermaid.js';
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
 * (that child's diagram and the diagram above draw it). A region of the
 * overview is such a child of the overview, and its diagram draws what starts
 * or ends in one of its top-level states by the same rule.
 */
function expectedDiagrams(
  machine: AnyStateMachine,
  regions: readonly Region[],
  t: ReturnType<typeof machineTransitions>[number],
): string[] {
  const root = machine.root;
  const top = (x: AnyStateNode): AnyStateNode => (x.parent && x.parent !== root ? top(x.parent) : x);
  const regionOf = (x: AnyStateNode) => (x === root ? undefined : regions.find((r) => r.members.includes(top(x))));
  type Unit = AnyStateNode | Region;
  const boxed = (c: Unit | undefined) => !!c && ('members' in c || Object.keys(c.states).length > 0);
  type Scope = { name: string; within: (x: AnyStateNode) => boolean; childOf: (x: AnyStateNode) => Unit | undefined };
  const under = (x: AnyStateNode, scope: AnyStateNode): boolean => x === scope || (!!x.parent && under(x.parent, scope));
  const childOf = (x: AnyStateNode, scope: AnyStateNode): AnyStateNode | undefined =>
    x.parent === scope ? x : x.parent ? childOf(x.parent, scope) : undefined;
  const scopes: Scope[] = [
    { name: machine.id, within: () => true, childOf: (x) => (x === root ? undefined : (regionOf(x) ?? top(x))) },
    ...regions.map((r) => ({
      name: `${machine.id}.from-${r.head.path.join('.')}`,
      within: (x: AnyStateNode) => regionOf(x) === r,
      childOf: (x: AnyStateNode) => top(x),
    })),
    ...[...new Set(machineInventory(machine).states.map((id) => machine.getStateNodeById(id)))]
      .filter((n) => n !== root && Object.keys(n.states).length > 0)
      .map((n) => ({
        name: `${machine.id}.${n.path.join('.')}`,
        within: (x: AnyStateNode) => under(x, n),
        childOf: (x: AnyStateNode) => (x === n ? undefined : childOf(x, n)),
      })),
  ];
  return scopes
    .filter((scope) =>
      t.targets.some((target) => {
        const sIn = scope.within(t.source);
        const tIn = scope.within(target);
        const sc = sIn ? scope.childOf(t.source) : undefined;
        const tc = tIn ? scope.childOf(target) : undefined;
        if (!sIn && !tIn) return false;
        if (sIn && tIn) return !(sc && sc === tc && boxed(sc));
        return !boxed(sIn ? sc : tc);
      }),
    )
    .map((scope) => scope.name)
    .sort();
}

const machines = [sample as AnyStateMachine, ...MODELS.map((e) => e.model.machine as AnyStateMachine)];

describe("every transition is accounted for across each machine's diagrams", () => {
  for (const machine of machines) {
    it(`${machine.id}: each transition is in exactly the diagrams the rule names, and in the one where it starts`, () => {
      const set = diagramSet(machine);
      const regions = overviewRegions(machine);
      const transitions = machineTransitions(machine);
      expect(transitions.map((t) => t.key)).toEqual(machineInventory(machine).transitions.map((t) => t.key));
      for (const d of set)
        expect(diagramTransitionCount(d.mermaid), `${d.name} marks each transition it draws once`).toBe(d.transitions.length);
      for (const t of transitions) {
        const drawnIn = set.filter((d) => d.transitions.includes(t.key)).map((d) => d.name);
        expect([...drawnIn].sort(), t.key).toEqual(expectedDiagrams(machine, regions, t));
        // Where it starts: the source's own diagram (a state with children), its region's, or its parent's.
        const region =
          t.source.parent === machine.root && !Object.keys(t.source.states).length
            ? regions.find((r) => r.members.includes(t.source))
            : undefined;
        const home = Object.keys(t.source.states).length > 0 || t.source === machine.root ? t.source : t.source.parent!;
        const homeName = region
          ? `${machine.id}.from-${region.head.path.join('.')}`
          : home === machine.root
            ? machine.id
            : `${machine.id}.${home.path.join('.')}`;
        expect(drawnIn, `${t.key} is drawn where it starts`).toContain(homeName);
      }
    });
  }
});

describe('regions of a crowded overview', () => {
  // 13 top-level states: a hub with five leaves that come back to it, and a flow p → p1 → p2 → p3 that only p leads into.
  const leaves = Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`x${n}`, { on: { BACK: 'hub' } }]));
  const crowded = setup({}).createMachine({
    id: 'c',
    initial: 's0',
    states: {
      s0: { on: { GO: 'hub' } },
      hub: { on: { ...Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`X${n}`, `x${n}`])), P: 'p', Z: 'z1' } },
      ...leaves,
      p: { on: { NEXT: 'p1' } },
      p1: { on: { NEXT: 'p2' } },
      p2: { on: { NEXT: 'p3', BACK: 'hub' } },
      p3: { type: 'final' },
      z1: { on: { NEXT: 'z2' } },
      z2: { on: { BACK: 'hub' } },
    },
  }) as AnyStateMachine;

  it('folds the largest set one state alone leads into, at most half the nodes, until the overview has at most OVERVIEW_MAX_NODES', () => {
    expect(Object.keys(crowded.root.states).length).toBeGreaterThan(OVERVIEW_MAX_NODES);
    expect(overviewRegions(crowded).map((r) => r.members.map((m) => m.key))).toEqual([['p', 'p1', 'p2', 'p3']]);
    expect(overviewRegions(sample as AnyStateMachine)).toEqual([]);
  });

  it('draws the region as one box in the overview and its inside in a diagram of its own', () => {
    const [overview, region] = diagramSet(crowded);
    expect(region!.name).toBe('c.from-p');
    expect(overview!.mermaid).toContain('state "from p" as from__c_p\n  from__c_p : 4 states');
    expect(overview!.mermaid).toContain('c_hub --> from__c_p : P');
    expect(overview!.mermaid).not.toMatch(/c_p1|c_p2|c_p3/);
    expect(overview!.nodes['c.p2']).toBe('from__c_p');
    expect(region!.mermaid).toContain('c_p1 --> c_p2 : NEXT');
    expect(region!.mermaid).toContain('out__c_hub --> c_p : P');
    // Read left to right, a state outside is drawn again next to each source that goes to it.
    expect(region!.mermaid).toContain('state "hub" as out__c_hub__c_p2\n  c_p2 --> out__c_hub__c_p2 : BACK');
    expect(region!.shownWhen).toEqual(['c.p', 'c.p1', 'c.p2', 'c.p3']);
  });

  it('ends each transition back to a state already drawn at a copy of it, next to its source', () => {
    const overview = diagramSet(crowded)[0]!.mermaid;
    expect(overview).toContain('state "hub" as again__c_hub__c_x1\n  c_x1 --> again__c_hub__c_x1 : BACK');
    expect(overview).toContain('class again__c_hub__c_x1,');
  });

  for (const machine of MODELS.map((e) => e.model.machine as AnyStateMachine)) {
    it(`${machine.id}: every way into a region from the rest of the machine lands on its head`, () => {
      const regions = overviewRegions(machine);
      const top = (x: AnyStateNode): AnyStateNode => (x.parent && x.parent !== machine.root ? top(x.parent) : x);
      for (const r of regions) {
        for (const t of machineTransitions(machine)) {
          const fromOutside = t.source === machine.root || !r.members.includes(top(t.source));
          for (const target of t.targets) {
            if (fromOutside && target !== machine.root && r.members.includes(top(target))) expect(top(target), t.key).toBe(r.head);
          }
        }
      }
      const nodes = Object.keys(machine.root.states).length - regions.reduce((n, r) => n + r.members.length - 1, 0);
      expect(nodes).toBeLessThanOrEqual(Math.max(OVERVIEW_MAX_NODES, regions.length ? 0 : nodes));
    });
  }
});

describe('docs/diagrams and the README are in sync with the machines', () => {
  for (const entry of MODELS) {
    it(`docs/diagrams/${entry.name}.md`, async () => {
      const committed = await readFile(new URL(`../../docs/diagrams/${entry.name}.md`, import.meta.url), 'utf8');
      // Which way each diagram reads is chosen by drawing it (the render test checks that choice); the rest follows from the machine.
      const { markdown, diagrams } = diagramFor(entry, directionsIn(committed));
      for (const d of diagrams) expect(markdown).toContain(d.mermaid.trimEnd());
      expect(committed, `docs/diagrams/${entry.name}.md is stale: run npm run diagrams and commit it`).toBe(markdown);
    });
  }

  it('README.md embeds each overview and links every other diagram', async () => {
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    const machines = allDiagrams(await committedDirections());
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
