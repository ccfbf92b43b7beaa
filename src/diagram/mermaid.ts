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
  if (typeof guard === 'function') return guard.name || 'guard';
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

function transitionLines(machine: AnyStateMachine): string[] {
  const lines: string[] = [];
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
        const label = escapeLabel(`${eventLabel(eventType)}${guard ? ` [${guard}]` : ''}`);
        const targets = def.target?.length ? def.target : [sn];
        lines.push(`  %% t: ${key}`);
        for (const target of targets) lines.push(`  ${nodeId(sn.id)} --> ${nodeId(target.id)} : ${label}`);
      });
    }
    for (const child of Object.values(sn.states)) visit(child as AnyStateNode);
  };
  visit(machine.root);
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

/** The Markdown page for a machine: the diagram GitHub renders, then every state's description. */
export function diagramMarkdown(title: string, machine: AnyStateMachine): string {
  const rows = allNodes(machine.root)
    .slice(1)
    .map(
      (n) =>
        `| \`${n.id.slice(machine.id.length + 1)}\` | ${n.type} | ${(n.description ?? '').replace(/\|/g, '\\|')} | ${n.invoke.map((i) => `\`${String(i.src)}\``).join(', ')} |`,
    );
  return [
    `# ${title}: statechart`,
    '',
    `Generated by \`npm run diagrams\` from \`machines/${machine.id}\`; a test fails when this file drifts from the machine. Do not edit.`,
    '',
    machine.root.description ?? '',
    '',
    '```mermaid',
    toMermaid(machine).trimEnd(),
    '```',
    '',
    '## States',
    '',
    '| state | kind | what happens | invokes |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
