/**
 * Machine → Mermaid `stateDiagram-v2`, from xstate/graph's directed graph.
 * Nothing is dropped: every transition the machine defines becomes an edge
 * (one per target; a transition with no target is drawn as a loop on its
 * source), preceded by a `%% t:` comment naming it, so a test can count them.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { toDirectedGraph } from 'xstate/graph';
import type { DirectedGraphNode } from 'xstate/graph';
import { machineInventory } from './paths.js';

/** A Mermaid-safe id for a state node id like `signIn.challenge.totpCode`. */
export function nodeId(id: string): string {
  return id.replace(/[^A-Za-z0-9]/g, '_');
}

function guardName(guard: unknown): string | null {
  if (!guard) return null;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    // xstate's and()/or()/not() are functions carrying the guards they combine.
    const inner = (guard as { guards?: unknown[] }).guards;
    if (Array.isArray(inner) && ['and', 'or', 'not'].includes(guard.name)) {
      const names = inner.map(guardName);
      return guard.name === 'not' ? `not ${names[0]}` : names.join(` ${guard.name} `);
    }
    return guard.name || 'guard';
  }
  const g = guard as { type?: string; params?: Record<string, unknown> };
  if (g.type === 'xstate.and' || g.type === 'xstate.or' || g.type === 'xstate.not') {
    const inner = (g.params as { guards?: unknown[] } | undefined)?.guards ?? [];
    return inner.map(guardName).join(g.type === 'xstate.or' ? ' or ' : ' and ');
  }
  if (g.type === 'xstate.stateIn') return 'in state';
  const params = g.params ? Object.values(g.params).join(', ') : '';
  return g.type ? (params ? `${g.type} ${params}` : g.type) : 'guard';
}

/** What a transition's trigger reads as on the diagram. */
export function eventLabel(eventType: string): string {
  if (!eventType) return 'always';
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  const done = /^xstate\.done\.actor\.(.+)$/.exec(eventType);
  if (done) return `${done[1]} succeeds`;
  const error = /^xstate\.error\.actor\.(.+)$/.exec(eventType);
  if (error) return `${error[1]} fails`;
  const stateDone = /^xstate\.done\.state\.(.+)$/.exec(eventType);
  if (stateDone) return 'on done';
  return eventType;
}

function escapeLabel(text: string): string {
  return text.replace(/:/g, '#58;').replace(/;/g, '#59;').replace(/"/g, "'");
}

interface Lines {
  push(line: string): void;
}

function renderNode(node: DirectedGraphNode, depth: number, out: Lines): void {
  const sn = node.stateNode as AnyStateNode;
  const pad = '  '.repeat(depth);
  const id = nodeId(sn.id);
  const children = node.children;
  const label = sn.key;
  if (children.length === 0) {
    out.push(`${pad}state "${escapeLabel(label)}" as ${id}`);
  } else {
    out.push(`${pad}state "${escapeLabel(label)}" as ${id} {`);
    if (sn.type === 'parallel') {
      children.forEach((child, i) => {
        if (i > 0) out.push(`${pad}  --`);
        renderNode(child, depth + 1, out);
      });
    } else {
      const initial = sn.initial?.target?.[0];
      if (initial) out.push(`${pad}  [*] --> ${nodeId(initial.id)}`);
      for (const child of children) renderNode(child, depth + 1, out);
    }
    out.push(`${pad}}`);
  }
  if (sn.type === 'final') out.push(`${pad}${id} --> [*]`);
  // Mermaid allows descriptions on simple states only; a group's invokes go in a note.
  const invokes = sn.invoke.map((inv) => escapeLabel(typeof inv.src === 'string' ? inv.src : inv.id));
  if (children.length === 0) {
    for (const src of invokes) out.push(`${pad}${id} : invokes ${src}`);
    const tags = [...sn.tags];
    if (tags.length) out.push(`${pad}${id} : tags ${tags.join(', ')}`);
  } else if (invokes.length) {
    out.push(`${pad}note left of ${id} : invokes ${invokes.join(', ')}`);
  }
}

/** One transition the machine defines, as a diagram draws it. */
export interface DrawnTransition {
  /** The machine inventory's key (`<source id> <event> #<index>`). */
  readonly key: string;
  readonly source: AnyStateNode;
  /** Its targets; a transition without one is drawn as a loop on its source. */
  readonly targets: readonly AnyStateNode[];
  /** It has no target of its own (it only runs actions). */
  readonly targetless: boolean;
  /** What triggers it: the event, delay or actor outcome. */
  readonly event: string;
  /** Its guard's name, `otherwise` for an unguarded branch after guarded ones, or null. */
  readonly guard: string | null;
  /** Trigger and guard, unescaped: `confirmSignIn fails [isWrongCode]`. */
  readonly label: string;
}

/** Every transition of the machine, depth first in definition order, each checked against the inventory. */
export function machineTransitions(machine: AnyStateMachine): DrawnTransition[] {
  const out: DrawnTransition[] = [];
  const inventory = new Map(machineInventory(machine).transitions.map((t) => [t.key, t]));
  const visit = (sn: AnyStateNode) => {
    const all: [string, { target?: readonly AnyStateNode[]; guard?: unknown }[]][] = [
      ...[...sn.transitions.entries()].map(
        ([type, defs]) => [type, defs] as [string, { target?: readonly AnyStateNode[]; guard?: unknown }[]],
      ),
      ['', (sn.always ?? []) as { target?: readonly AnyStateNode[]; guard?: unknown }[]],
    ];
    for (const [eventType, defs] of all) {
      defs.forEach((def, index) => {
        const key = `${sn.id} ${eventType || 'always'} #${index}`;
        if (!inventory.has(key)) throw new Error(`diagram: transition ${key} is not in the machine's inventory`);
        // An unguarded branch after guarded ones is what happens otherwise.
        const guard = guardName(def.guard) ?? (index > 0 ? 'otherwise' : null);
        const event = eventLabel(eventType);
        const label = `${event}${guard ? ` [${guard}]` : ''}`;
        out.push({
          key,
          source: sn,
          targets: def.target?.length ? def.target : [sn],
          targetless: !def.target?.length,
          event,
          guard,
          label,
        });
      });
    }
    for (const child of Object.values(sn.states)) visit(child as AnyStateNode);
  };
  visit(machine.root);
  return out;
}

function transitionLines(machine: AnyStateMachine): string[] {
  const lines: string[] = [];
  for (const t of machineTransitions(machine)) {
    lines.push(`  %% t: ${t.key}`);
    for (const target of t.targets) lines.push(`  ${nodeId(t.source.id)} --> ${nodeId(target.id)} : ${escapeLabel(t.label)}`);
  }
  return lines;
}

/** The machine as a Mermaid stateDiagram-v2. */
export function toMermaid(machine: AnyStateMachine): string {
  const graph = toDirectedGraph(machine);
  const lines: string[] = ['stateDiagram-v2'];
  const root = graph.stateNode as AnyStateNode;
  const initial = root.initial?.target?.[0];
  if (initial) lines.push(`  [*] --> ${nodeId(initial.id)}`);
  // Transitions on the machine itself apply in every state; they are drawn from this box.
  if (root.transitions.size > 0) lines.push(`  state "in any state" as ${nodeId(root.id)}`);
  for (const child of graph.children) renderNode(child, 1, { push: (l) => lines.push(l) });
  lines.push(...transitionLines(machine));
  return `${lines.join('\n')}\n`;
}

/** The number of transitions a diagram draws (its `%% t:` markers). */
export function diagramTransitionCount(mermaid: string): number {
  return mermaid.split('\n').filter((l) => l.trim().startsWith('%% t: ')).length;
}

function allNodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((c) => allNodes(c as AnyStateNode))];
}

/** The Markdown page for a machine: each of its diagrams (SVG, with the Mermaid source), then every state's description. */
export function diagramMarkdown(title: string, machine: AnyStateMachine, diagrams: readonly StateDiagram[] = diagramSet(machine)): string {
  const rows = allNodes(machine.root)
    .slice(1)
    .map(
      (n) =>
        `| \`${statePath(n)}\` | ${n.type} | ${(n.description ?? '').replace(/\|/g, '\\|')} | ${n.invoke.map((i) => `\`${String(i.src)}\``).join(', ')} |`,
    );
  const sections = diagrams.flatMap((d) => {
    const node = d.path ? machine.getStateNodeById(`${machine.id}.${d.path}`) : machine.root;
    return [
      d.path ? `## \`${d.path}\`` : '## Overview',
      '',
      ...(d.path && node.description ? [node.description, ''] : []),
      `![${title}: ${d.path || 'overview'}](${d.name}.svg)`,
      '',
      `<details><summary>Mermaid source (${d.transitions.length} transitions)</summary>`,
      '',
      '```mermaid',
      d.mermaid.trimEnd(),
      '```',
      '',
      '</details>',
      '',
    ];
  });
  return [
    `# ${title}: statecharts`,
    '',
    `Generated by \`npm run diagrams\` from \`machines/${machine.id}\`; a test fails when this file or its SVGs drift from the machine. Do not edit.`,
    '',
    machine.root.description ?? '',
    '',
    'The overview draws each state that holds states of its own as one box (amber, thick border); that state has its own diagram below, ' +
      'which draws its inside. Dashed nodes are states outside the one drawn; an "in any state of" node starts the transitions a ' +
      'state defines for all of its states. Every transition is drawn where it starts or ends, and again, from or to the box, ' +
      'in the diagram above it.',
    '',
    ...sections,
    '## States',
    '',
    '| state | kind | what happens | invokes |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** One picture of a machine: the overview, or the inside of one state with children. */
export interface StateDiagram {
  /** The state's path below the machine (`challenge.totpCode`); '' for the overview. */
  readonly path: string;
  /** The file stem: the machine id for the overview, `signIn.challenge.totpCode` for a state. */
  readonly name: string;
  readonly mermaid: string;
  /** Inventory keys of the transitions this diagram draws, in machine order. */
  readonly transitions: readonly string[];
}

export type Direction = 'TB' | 'LR';

function children(sn: AnyStateNode): AnyStateNode[] {
  return Object.values(sn.states) as AnyStateNode[];
}

function hasChildren(sn: AnyStateNode): boolean {
  return children(sn).length > 0;
}

/** The path of a state below its machine, '' for the machine itself. */
export function statePath(sn: AnyStateNode): string {
  return sn.path.join('.');
}

/** The states that get a diagram of their own: the machine (its overview) and every state with children. */
export function diagramStates(machine: AnyStateMachine): AnyStateNode[] {
  return allNodes(machine.root).filter((n) => n === machine.root || hasChildren(n));
}

/** What one diagram shows: the scope's children as nodes (each folded into one box if it has children), the rest outside. */
class View {
  private readonly around: ReadonlySet<AnyStateNode>;

  constructor(readonly scope: AnyStateNode) {
    const around = new Set<AnyStateNode>();
    for (let a: AnyStateNode | undefined = scope; a; a = a.parent) around.add(a);
    this.around = around;
  }

  /** The node a state inside the scope is drawn as (itself, or the child box it is folded into); null outside. */
  shown(x: AnyStateNode): AnyStateNode | null {
    for (let a: AnyStateNode | undefined = x; a; a = a.parent) {
      if (a === this.scope || a.parent === this.scope) return a;
    }
    return null;
  }

  /** A box for a child that has children of its own (its inside is another diagram). */
  folded(n: AnyStateNode): boolean {
    return n !== this.scope && hasChildren(n);
  }

  /** A state outside, as coarse as the diagram above would show it: `locked`, not `locked.coolingDown`. */
  outside(x: AnyStateNode): AnyStateNode {
    let node = x;
    while (node.parent && !this.around.has(node.parent)) node = node.parent;
    return node;
  }

  /** Where entering the scope lands: its initial child, or every region of a parallel scope. */
  entered(x: AnyStateNode): AnyStateNode[] {
    if (x !== this.scope) return [x];
    if (x.type === 'parallel') return children(x);
    const initial = x.initial?.target?.[0] as AnyStateNode | undefined;
    return initial ? [initial] : [x];
  }
}

type End = { readonly node: AnyStateNode; readonly kind: 'state' | 'any' | 'outside' };

/**
 * The edges a view draws for one transition. A diagram draws every transition
 * that starts or ends inside its state, except (a) moves inside one of its
 * folded child boxes and (b) moves between such a box and the outside: that
 * box's own diagram draws those at full detail, and the diagram above draws
 * them from or to the box. A transition defined on an open state starts from
 * an "in any state of" node; one that enters an open state lands on its
 * initial state.
 */
function viewEdges(view: View, t: DrawnTransition): { from: End; to: End }[] {
  const from = view.shown(t.source);
  const edges: { from: End; to: End }[] = [];
  const start: End = !from
    ? { node: view.outside(t.source), kind: 'outside' }
    : from === view.scope
      ? { node: from, kind: 'any' }
      : { node: from, kind: 'state' };
  if (t.targetless) return from && !view.folded(from) ? [{ from: start, to: start }] : [];
  for (const target of t.targets) {
    const to = view.shown(target);
    if (!from && !to) continue;
    if (from && from === to && view.folded(from)) continue;
    if ((!from && to && view.folded(to)) || (!to && from && view.folded(from))) continue;
    const ends: End[] = !to
      ? [{ node: view.outside(target), kind: 'outside' }]
      : view.entered(to).map((node) => ({ node, kind: 'state' as const }));
    for (const end of ends) edges.push({ from: start, to: end });
  }
  return edges;
}

const STYLES = [
  '  classDef folded fill:#fff6dd,stroke:#9a6b00,stroke-width:3px',
  '  classDef outside fill:#f4f4f4,stroke:#888,stroke-dasharray:4 3,color:#333',
  '  classDef anyState fill:#fff,stroke:#888,stroke-dasharray:2 2,color:#333',
];

function endId(end: End): string {
  const id = nodeId(end.node.id);
  return end.kind === 'state' ? id : `${end.kind === 'any' ? 'any' : 'out'}__${id}`;
}

/** A state drawn as one node: its invokes, its tags and, for a folded box, how many states it holds. */
function stateNode(sn: AnyStateNode, folded: boolean, pad: string, out: string[]): void {
  const id = nodeId(sn.id);
  out.push(`${pad}state "${escapeLabel(sn.key)}" as ${id}`);
  for (const inv of sn.invoke) out.push(`${pad}${id} : invokes ${escapeLabel(typeof inv.src === 'string' ? inv.src : inv.id)}`);
  const tags = [...sn.tags];
  if (tags.length) out.push(`${pad}${id} : tags ${tags.join(', ')}`);
  const inside = allNodes(sn).length - 1;
  if (folded)
    out.push(`${pad}${id} : ${inside} ${inside === 1 ? 'state' : 'states'} inside${sn.parent?.type === 'parallel' ? ', in parallel' : ''}`);
  if (sn.type === 'final') out.push(`${pad}${id} --> [*]`);
}

/**
 * One edge's label: a line per event, with the guards of its transitions in
 * brackets (`confirmSignIn fails [isLockout, isLastAttempt]`); past three
 * guards, those of one kind become a count (`always [isStep ×8]`).
 */
function edgeLabel(transitions: readonly DrawnTransition[]): string {
  const byEvent = new Map<string, (string | null)[]>();
  for (const t of transitions) {
    const guards = byEvent.get(t.event) ?? [];
    if (!guards.includes(t.guard)) guards.push(t.guard);
    byEvent.set(t.event, guards);
  }
  const lines = [...byEvent].flatMap(([event, all]) => {
    const guards = all.filter((g): g is string => g !== null);
    const kinds = [...new Set(guards.map((g) => g.split(' ')[0]!))];
    const ofKind = (k: string) => guards.filter((g) => g.split(' ')[0] === k);
    const guard =
      guards.length > 3
        ? kinds.map((k) => (ofKind(k).length > 1 ? `${k} ×${ofKind(k).length}` : ofKind(k)[0]!)).join(', ')
        : guards.join(', ');
    // The trigger and its guards each on their own lines when both do not fit on one.
    const one = guard ? `${event} [${guard}]` : event;
    return one.length <= LABEL_LINE ? [one] : [...wrap(event, LABEL_LINE), ...(guard ? wrap(`[${guard}]`, LABEL_LINE) : [])];
  });
  return lines.map(escapeLabel).join('<br/>');
}

/** Edge labels wrap at this many characters (at spaces): narrow labels keep a layout narrow. */
const LABEL_LINE = 14;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

/**
 * The diagram of one state (the machine's root for the overview): its
 * children as nodes, a child with children of its own folded into one box,
 * and the transitions `viewEdges` keeps. States outside are dashed nodes.
 * Transitions between the same two nodes share one edge.
 */
export function stateDiagram(machine: AnyStateMachine, scope: AnyStateNode, direction: Direction = 'TB'): StateDiagram {
  const view = new View(scope);
  const lines: string[] = ['stateDiagram-v2', `  direction ${direction}`];
  const folded: string[] = [];
  const drawChildren = (parent: AnyStateNode, pad: string) => {
    const initial = parent.initial?.target?.[0];
    if (parent.type === 'parallel') for (const region of children(parent)) lines.push(`${pad}[*] --> ${nodeId(region.id)}`);
    else if (initial) lines.push(`${pad}[*] --> ${nodeId(initial.id)}`);
    for (const child of children(parent)) {
      stateNode(child, view.folded(child), pad, lines);
      if (view.folded(child)) folded.push(nodeId(child.id));
    }
  };
  drawChildren(scope, '  ');

  const extra = new Map<string, string>();
  const groups = new Map<string, { from: string; to: string; keys: string[]; transitions: DrawnTransition[] }>();
  const drawn: string[] = [];
  for (const t of machineTransitions(machine)) {
    const edges = viewEdges(view, t);
    if (edges.length) drawn.push(t.key);
    for (const { from, to } of edges) {
      for (const end of [from, to]) {
        if (end.kind === 'state') continue;
        const what = end.node === machine.root ? 'any state' : statePath(end.node);
        extra.set(endId(end), `${end.kind === 'any' ? `in ${what === 'any state' ? what : `any state of ${what}`}` : what}`);
      }
      const key = `${endId(from)} ${endId(to)}`;
      const group = groups.get(key) ?? { from: endId(from), to: endId(to), keys: [], transitions: [] };
      groups.set(key, group);
      if (!group.keys.includes(t.key)) {
        group.keys.push(t.key);
        group.transitions.push(t);
      }
    }
  }
  for (const [id, label] of extra) lines.push(`  state "${escapeLabel(label)}" as ${id}`);
  const marked = new Set<string>();
  for (const g of groups.values()) {
    // A transition with several targets may draw several edges; it is marked once, at its first.
    for (const key of g.keys.filter((k) => !marked.has(k))) {
      marked.add(key);
      lines.push(`  %% t: ${key}`);
    }
    lines.push(`  ${g.from} --> ${g.to} : ${edgeLabel(g.transitions)}`);
  }
  lines.push(...STYLES);
  if (folded.length) lines.push(`  class ${folded.join(',')} folded`);
  const outs = [...extra.keys()].filter((id) => id.startsWith('out__'));
  const anys = [...extra.keys()].filter((id) => id.startsWith('any__'));
  if (outs.length) lines.push(`  class ${outs.join(',')} outside`);
  if (anys.length) lines.push(`  class ${anys.join(',')} anyState`);
  const path = statePath(scope);
  return { path, name: path ? `${machine.id}.${path}` : machine.id, mermaid: `${lines.join('\n')}\n`, transitions: drawn };
}

/** The overview and one diagram per state with children, all top to bottom (the narrower way for these machines). */
export function diagramSet(machine: AnyStateMachine): StateDiagram[] {
  return diagramStates(machine).map((scope) => stateDiagram(machine, scope));
}
