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
function nodeId(id: string): string {
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
  const sections = diagrams.flatMap((d) => [
    d.path ? `## \`${d.path}\`` : '## Overview',
    '',
    ...(d.about ? [d.about, ''] : []),
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
  ]);
  const regions = diagrams.some((d) => d.path.startsWith('from '));
  return [
    `# ${title}: statecharts`,
    '',
    `Generated by \`npm run diagrams\` from \`machines/${machine.id}\`; a test fails when this file or its SVGs drift from the machine. Do not edit.`,
    '',
    machine.root.description ?? '',
    '',
    'The overview draws each state that holds states of its own as one box (amber, thick border); that state has its own diagram below, ' +
      'which draws its inside. ' +
      (regions
        ? 'It also folds a state and the states that can be reached only through it into one box, "from" that state, with its own diagram. '
        : '') +
      'Grey dashed nodes are states outside the one drawn; an "in any state of" node starts the transitions a ' +
      'state defines for all of its states. Every transition is drawn where it starts or ends, and again, from or to the box, ' +
      'in the diagram above it. In the overview, a transition back to a state already drawn ends at a copy of that ' +
      'state (purple, dashed) next to where it starts. Each diagram reads top to bottom or left to right, whichever shows its labels larger.',
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

/** One picture of a machine: the overview, the inside of one state with children, or a region of the overview. */
export interface StateDiagram {
  /** The state's path below the machine (`challenge.totpCode`); '' for the overview; `from <path>` for a region. */
  readonly path: string;
  /** The file stem: the machine id for the overview, `signIn.challenge.totpCode` for a state, `signIn.from-signingIn` for a region. */
  readonly name: string;
  readonly mermaid: string;
  /** The way it reads: `npm run diagrams` draws each diagram both ways and keeps the one whose labels read larger. */
  readonly direction: Direction;
  /** Inventory keys of the transitions this diagram draws, in machine order. */
  readonly transitions: readonly string[];
  /** What the diagram shows, in a sentence or two ('' for the overview). */
  readonly about: string;
  /** The ids of the states that make this diagram worth showing when one of them is active (none: always, the overview). */
  readonly shownWhen: readonly string[];
  /** For each state this diagram draws as one of its own nodes (a state, or a box folding it), that node's Mermaid id. */
  readonly nodes: Readonly<Record<string, string>>;
}

export type Direction = 'TB' | 'LR';

/**
 * Top-level states the overview folds into one box, like a state with
 * children: a head and the states that can be reached only through it (the
 * head dominates them), so every way in from the rest of the machine lands on
 * the head. The box has a diagram of its own.
 */
export interface Region {
  readonly head: AnyStateNode;
  /** The head first, then the others in the machine's order. */
  readonly members: readonly AnyStateNode[];
}

/** What one diagram draws: the overview, a state with children, or a region of the overview. */
export interface DiagramScope {
  readonly node: AnyStateNode;
  readonly region?: Region;
}

/** Past this many nodes the overview folds regions (see `overviewRegions`): more do not fit 1,200 px with readable labels. */
export const OVERVIEW_MAX_NODES = 12;

function children(sn: AnyStateNode): AnyStateNode[] {
  return Object.values(sn.states) as AnyStateNode[];
}

function hasChildren(sn: AnyStateNode): boolean {
  return children(sn).length > 0;
}

/** The path of a state below its machine, '' for the machine itself. */
function statePath(sn: AnyStateNode): string {
  return sn.path.join('.');
}

/** The child of the machine's root that holds a state (the root for the root). */
function topLevel(x: AnyStateNode): AnyStateNode {
  let node = x;
  while (node.parent?.parent) node = node.parent;
  return node;
}

/**
 * The regions the overview folds, none while it has at most
 * OVERVIEW_MAX_NODES nodes. Over the graph of top-level states (a transition
 * on the machine itself counts from every state), each state reachable from
 * the initial one other than it heads the states it dominates; the largest
 * such set of 3 or more that is at most half the nodes is folded, then the
 * next one apart from it, until the overview is small enough.
 */
export function overviewRegions(machine: AnyStateMachine): Region[] {
  const root = machine.root;
  const tops = children(root);
  if (root.type === 'parallel' || tops.length <= OVERVIEW_MAX_NODES) return [];
  const preds = new Map(tops.map((s) => [s, new Set<AnyStateNode>()]));
  for (const t of machineTransitions(machine)) {
    for (const target of t.targets) {
      if (target === root) continue;
      const to = topLevel(target);
      for (const from of t.source === root ? tops : [topLevel(t.source)]) if (from !== to) preds.get(to)!.add(from);
    }
  }
  const initial = root.initial?.target?.[0] ? topLevel(root.initial.target[0] as AnyStateNode) : tops[0]!;
  // Reachable states, then their dominators by the usual fixed point.
  const reached = new Set([initial]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of tops) {
      if (!reached.has(s) && [...preds.get(s)!].some((p) => reached.has(p))) {
        reached.add(s);
        grew = true;
      }
    }
  }
  const order = tops.filter((s) => reached.has(s));
  const dom = new Map(order.map((s) => [s, new Set(s === initial ? [s] : order)]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of order) {
      if (s === initial) continue;
      const from = [...preds.get(s)!].filter((p) => reached.has(p));
      const next = new Set(order.filter((d) => from.every((p) => dom.get(p)!.has(d))));
      next.add(s);
      if (next.size !== dom.get(s)!.size) {
        dom.set(s, next);
        changed = true;
      }
    }
  }
  const candidates = order
    .filter((head) => head !== initial)
    .map((head) => ({ head, members: order.filter((s) => dom.get(s)!.has(head)) }))
    .filter((r) => r.members.length >= 3);
  const regions: Region[] = [];
  let nodes = tops.length;
  while (nodes > OVERVIEW_MAX_NODES) {
    const free = candidates.filter(
      (c) => c.members.length <= Math.floor(nodes / 2) && !regions.some((r) => r.members.some((m) => c.members.includes(m))),
    );
    const best = free.reduce<(typeof free)[number] | undefined>((a, c) => (!a || c.members.length > a.members.length ? c : a), undefined);
    if (!best) break;
    regions.push(best);
    nodes -= best.members.length - 1;
  }
  return regions.sort((a, b) => tops.indexOf(a.head) - tops.indexOf(b.head));
}

/** What gets a diagram: the machine (its overview), each region it folds, and every state with children, in the machine's order. */
export function diagramScopes(machine: AnyStateMachine): DiagramScope[] {
  const regions = overviewRegions(machine);
  return allNodes(machine.root).flatMap((n): DiagramScope[] => {
    const region = regions.find((r) => r.head === n);
    return [...(region ? [{ node: n, region }] : []), ...(n === machine.root || hasChildren(n) ? [{ node: n }] : [])];
  });
}

type End = { readonly node: AnyStateNode; readonly kind: 'state' | 'region' | 'any' | 'outside' };

/** What one diagram shows: its own nodes (a child with children folded into one box, a region into another), the rest outside. */
class View {
  private readonly around: ReadonlySet<AnyStateNode>;
  private readonly boxOf: ReadonlyMap<AnyStateNode, Region>;

  /** `scope` is the state drawn (the root for the overview and for a region); `region` the region drawn, if any. */
  constructor(
    readonly scope: AnyStateNode,
    readonly region: Region | undefined,
    regions: readonly Region[],
  ) {
    const around = new Set<AnyStateNode>();
    for (let a: AnyStateNode | undefined = scope; a; a = a.parent) around.add(a);
    this.around = around;
    this.boxOf = new Map(!region && !scope.parent ? regions.flatMap((r) => r.members.map((m) => [m, r] as const)) : []);
  }

  /** The node a state inside is drawn as (itself, the child box or the region box it is folded into), `any` for the scope itself; null outside. */
  shown(x: AnyStateNode): End | null {
    if (this.region) {
      const top = topLevel(x);
      return x !== this.scope && this.region.members.includes(top) ? { node: top, kind: 'state' } : null;
    }
    for (let a: AnyStateNode | undefined = x; a; a = a.parent) {
      if (a === this.scope) return { node: a, kind: 'any' };
      if (a.parent === this.scope) {
        const region = this.boxOf.get(a);
        return region ? { node: region.head, kind: 'region' } : { node: a, kind: 'state' };
      }
    }
    return null;
  }

  /** A box: a region, or a child with children of its own (its inside is another diagram). */
  folded(end: End): boolean {
    return end.kind === 'region' || (end.kind === 'state' && hasChildren(end.node));
  }

  /** A state outside, as coarse as the diagram above would show it: `locked`, not `locked.coolingDown`. */
  outside(x: AnyStateNode): End {
    let node = x;
    while (node.parent && !this.around.has(node.parent)) node = node.parent;
    return { node, kind: 'outside' };
  }

  /** Where entering a node lands: the node, or for the scope itself its initial child or every region of a parallel scope. */
  entered(end: End): End[] {
    if (end.kind !== 'any') return [end];
    const x = end.node;
    if (x.type === 'parallel') return children(x).map((c) => this.shown(c)!);
    const initial = x.initial?.target?.[0] as AnyStateNode | undefined;
    return initial ? [this.shown(initial)!] : [end];
  }
}

const same = (a: End, b: End) => a.node === b.node && a.kind === b.kind;

/**
 * The edges a view draws for one transition. A diagram draws every transition
 * that starts or ends inside it, except (a) moves inside one of its boxes and
 * (b) moves between such a box and the outside: that box's own diagram draws
 * those at full detail, and the diagram above draws them from or to the box.
 * A transition defined on an open state starts from an "in any state of" node;
 * one that enters an open state lands on its initial state.
 */
function viewEdges(view: View, t: DrawnTransition): { from: End; to: End }[] {
  const from = view.shown(t.source);
  const start = from ?? view.outside(t.source);
  if (t.targetless) return from && !view.folded(from) ? [{ from: start, to: start }] : [];
  const edges: { from: End; to: End }[] = [];
  for (const target of t.targets) {
    const to = view.shown(target);
    if (!from && !to) continue;
    if (from && to && same(from, to) && view.folded(from)) continue;
    if ((!from && to && view.folded(to)) || (!to && from && view.folded(from))) continue;
    for (const end of to ? view.entered(to) : [view.outside(target)]) edges.push({ from: start, to: end });
  }
  return edges;
}

const STYLES = [
  '  classDef folded fill:#fff6dd,stroke:#9a6b00,stroke-width:3px',
  '  classDef outside fill:#f4f4f4,stroke:#888,stroke-dasharray:4 3,color:#333',
  '  classDef anyState fill:#fff,stroke:#888,stroke-dasharray:2 2,color:#333',
  '  classDef again fill:#fff,stroke:#9370db,stroke-dasharray:4 3,color:#333',
];

const PREFIX = { state: '', region: 'from__', any: 'any__', outside: 'out__' } as const;

function endId(end: End): string {
  return `${PREFIX[end.kind]}${nodeId(end.node.id)}`;
}

/** What an `any` or `outside` node reads. */
function outsideLabel(end: End): string {
  const what = end.node.parent ? statePath(end.node) : 'any state';
  return end.kind === 'any' ? `in ${end.node.parent ? `any state of ${what}` : what}` : what;
}

function regionLabel(region: Region): string {
  return `from ${statePath(region.head)}`;
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

type Group = { from: End; to: End; keys: string[]; transitions: DrawnTransition[] };

/**
 * The edges that go back (to a node no further from the entry than their
 * source, by a breadth-first search from the entry nodes in the machine's
 * order) end at a copy of their target drawn next to their source: no edge
 * crosses the whole diagram, and the rest reads as a tree.
 */
function backEdges(entries: readonly string[], groups: readonly Group[]): Set<Group> {
  const own = (end: End) => end.kind === 'state' || end.kind === 'region';
  const inner = groups.filter((g) => own(g.from) && own(g.to));
  const depth = new Map<string, number>();
  for (const start of [...entries, ...inner.map((g) => endId(g.from))]) {
    if (depth.has(start)) continue;
    depth.set(start, 0);
    for (let queue = [start]; queue.length; ) {
      const next: string[] = [];
      for (const id of queue) {
        for (const g of inner) {
          const to = endId(g.to);
          if (endId(g.from) !== id || depth.has(to)) continue;
          depth.set(to, depth.get(id)! + 1);
          next.push(to);
        }
      }
      queue = next;
    }
  }
  return new Set(inner.filter((g) => !same(g.from, g.to) && depth.get(endId(g.to))! <= depth.get(endId(g.from))!));
}

/**
 * The diagram of one scope (the machine's root for the overview): its nodes,
 * a child with children of its own folded into one box, in the overview a
 * region folded into one box, and the transitions `viewEdges` keeps. States
 * outside are dashed nodes. Transitions between the same two nodes share one
 * edge. The overview and the regions read left to right, their edges back
 * drawn to copies (see `backEdges`); by default they read left to right and
 * the inside of a state top to bottom.
 */
export function stateDiagram(machine: AnyStateMachine, scope: AnyStateNode | DiagramScope, direction?: Direction): StateDiagram {
  const { node, region } = 'node' in scope ? scope : { node: scope as AnyStateNode, region: undefined };
  const regions = overviewRegions(machine);
  const view = new View(region ? machine.root : node, region, regions);
  const flow = !node.parent || !!region;
  const way = direction ?? (flow ? 'LR' : 'TB');
  const lines: string[] = ['stateDiagram-v2', `  direction ${way}`];
  const folded: string[] = [];
  const nodes: Record<string, string> = {};
  const entries: string[] = [];
  if (region) {
    for (const member of region.members) {
      stateNode(member, hasChildren(member), '  ', lines);
      if (hasChildren(member)) folded.push(nodeId(member.id));
      nodes[member.id] = nodeId(member.id);
    }
    entries.push(nodeId(region.head.id));
  } else {
    const initial = node.initial?.target?.[0] as AnyStateNode | undefined;
    const starts = node.type === 'parallel' ? children(node) : initial ? [initial] : [];
    for (const start of starts) {
      const id = endId(view.shown(start)!);
      lines.push(`  [*] --> ${id}`);
      entries.push(id);
    }
    for (const child of children(node)) {
      const end = view.shown(child)!;
      nodes[child.id] = endId(end);
      if (end.kind === 'region') {
        const r = regions.find((x) => x.head === end.node)!;
        if (r.head !== child) continue;
        const id = endId(end);
        lines.push(`  state "${escapeLabel(regionLabel(r))}" as ${id}`, `  ${id} : ${r.members.length} states`);
        folded.push(id);
        continue;
      }
      stateNode(child, view.folded(end), '  ', lines);
      if (view.folded(end)) folded.push(nodeId(child.id));
    }
  }

  const extra = new Map<string, string>();
  const groups = new Map<string, Group>();
  const drawn: string[] = [];
  for (const t of machineTransitions(machine)) {
    const edges = viewEdges(view, t);
    if (edges.length) drawn.push(t.key);
    for (const { from, to } of edges) {
      // Read left to right, a state outside that a transition goes to is drawn again for each source, next to it.
      for (const end of flow && to.kind === 'outside' ? [from] : [from, to]) {
        if (end.kind === 'state' || end.kind === 'region') continue;
        extra.set(endId(end), outsideLabel(end));
      }
      const key = `${endId(from)} ${endId(to)}`;
      const group = groups.get(key) ?? { from, to, keys: [], transitions: [] };
      groups.set(key, group);
      if (!group.keys.includes(t.key)) {
        group.keys.push(t.key);
        group.transitions.push(t);
      }
    }
  }
  for (const [id, label] of extra) lines.push(`  state "${escapeLabel(label)}" as ${id}`);
  const back = flow ? backEdges(entries, [...groups.values()]) : new Set<Group>();
  const copies: string[] = [];
  const outsideCopies: string[] = [];
  const marked = new Set<string>();
  for (const g of groups.values()) {
    // A transition with several targets may draw several edges; it is marked once, at its first.
    for (const key of g.keys.filter((k) => !marked.has(k))) {
      marked.add(key);
      lines.push(`  %% t: ${key}`);
    }
    let to = endId(g.to);
    if (flow && g.to.kind === 'outside') {
      to = `${to}__${endId(g.from)}`;
      lines.push(`  state "${escapeLabel(outsideLabel(g.to))}" as ${to}`);
      outsideCopies.push(to);
    } else if (back.has(g)) {
      const copy = `again__${to}__${endId(g.from)}`;
      const r = g.to.kind === 'region' ? regions.find((x) => x.head === g.to.node)! : undefined;
      lines.push(`  state "${escapeLabel(r ? regionLabel(r) : g.to.node.key)}" as ${copy}`);
      copies.push(copy);
      to = copy;
    }
    lines.push(`  ${endId(g.from)} --> ${to} : ${edgeLabel(g.transitions)}`);
  }
  lines.push(...STYLES);
  if (folded.length) lines.push(`  class ${folded.join(',')} folded`);
  const outs = [...[...extra.keys()].filter((id) => id.startsWith('out__')), ...outsideCopies];
  const anys = [...extra.keys()].filter((id) => id.startsWith('any__'));
  if (outs.length) lines.push(`  class ${outs.join(',')} outside`);
  if (anys.length) lines.push(`  class ${anys.join(',')} anyState`);
  if (copies.length) lines.push(`  class ${copies.join(',')} again`);
  const path = region ? regionLabel(region) : statePath(node);
  const name = region ? `${machine.id}.from-${statePath(region.head)}` : path ? `${machine.id}.${path}` : machine.id;
  const shownWhen = region ? region.members.map((m) => m.id) : node.parent ? [node.id] : [];
  const about = region
    ? `\`${statePath(region.head)}\` and the states that can be reached only through it (${region.members
        .slice(1)
        .map((m) => `\`${statePath(m)}\``)
        .join(
          ', ',
        )}): every way in from the rest of the machine lands on \`${statePath(region.head)}\`, so the overview folds them into one box.`
    : (node.parent && node.description) || '';
  return { path, name, about, mermaid: `${lines.join('\n')}\n`, direction: way, transitions: drawn, shownWhen, nodes };
}

/**
 * The overview, each region it folds and one diagram per state with children;
 * each reads the way `directions` gives for its name, or by default left to
 * right for the overview and the regions, top to bottom inside a state.
 */
export function diagramSet(machine: AnyStateMachine, directions: Readonly<Record<string, Direction>> = {}): StateDiagram[] {
  return diagramScopes(machine).map((scope) => {
    const d = stateDiagram(machine, scope);
    const way = directions[d.name];
    return way && way !== d.direction ? stateDiagram(machine, scope, way) : d;
  });
}
