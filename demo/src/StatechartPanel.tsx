import { useEffect, useId, useState } from 'react';
import type { AnyStateMachine } from 'xstate';

/**
 * The current machine's statecharts, drawn in the page with mermaid: the
 * overview, then each region and the inside of each state with states inside
 * that holds an active state (the diagrams of docs/diagrams, each in its
 * default direction), with the active states highlighted as they
 * change. mermaid (and the serializer) load only when the panel opens, so the
 * demo's first load stays light.
 */
export function StatechartPanel({ machine, active }: { machine: () => Promise<AnyStateMachine>; active: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const [charts, setCharts] = useState<{ title: string; svg: string }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId().replace(/[^a-zA-Z0-9]/g, '');
  const key = active.join('|');
  useEffect(() => {
    if (!open) return;
    let live = true;
    (async () => {
      const [{ default: mermaid }, { diagramSet }, m] = await Promise.all([
        import('mermaid'),
        import('../../src/diagram/mermaid.js'),
        machine(),
      ]);
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      const on = new Set(active);
      const drawn: { title: string; svg: string }[] = [];
      for (const d of diagramSet(m).filter((d) => !d.shownWhen.length || d.shownWhen.some((id) => on.has(id)))) {
        // Highlight what this diagram draws for the active states: its own nodes standing for one (a box for one inside).
        const lit = [...new Set(Object.entries(d.nodes).flatMap(([state, node]) => (on.has(state) ? [node] : [])))];
        const text = `${d.mermaid}  classDef active fill:#ff9900,stroke:#8a4b00,stroke-width:3px,color:#000\n${
          lit.length ? `  class ${lit.join(',')} active\n` : ''
        }`;
        const out = await mermaid.render(`statechart${id}-${drawn.length}`, text);
        drawn.push({ title: d.path || 'overview', svg: out.svg });
      }
      if (live) {
        setCharts(drawn);
        setError(null);
      }
    })().catch((e: unknown) => live && setError(String(e)));
    return () => {
      live = false;
    };
  }, [open, key, machine, id]);
  return (
    <section className="card statechart" aria-label="Statechart">
      <button className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Hide statechart' : 'Show statechart'}
      </button>
      {open && error && <p role="alert">The statechart could not be drawn: {error}</p>}
      {open && charts && (
        <div data-statechart data-active={key}>
          {charts.map((c) => (
            <figure key={c.title}>
              <figcaption>{c.title}</figcaption>
              <div dangerouslySetInnerHTML={{ __html: c.svg }} />
            </figure>
          ))}
        </div>
      )}
    </section>
  );
}
