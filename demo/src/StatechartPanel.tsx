import { useEffect, useId, useState } from 'react';
import type { AnyStateMachine } from 'xstate';

/**
 * The current machine's statechart, drawn in the page with mermaid and the
 * active states highlighted as they change. mermaid (and the serializer) load
 * only when the panel opens, so the demo's first load stays light.
 */
export function StatechartPanel({ machine, active }: { machine: () => Promise<AnyStateMachine>; active: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const [svg, setSvg] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId().replace(/[^a-zA-Z0-9]/g, '');
  const key = active.join('|');
  useEffect(() => {
    if (!open) return;
    let live = true;
    (async () => {
      const [{ default: mermaid }, { toMermaid, nodeId }, m] = await Promise.all([
        import('mermaid'),
        import('../../src/diagram/mermaid.js'),
        machine(),
      ]);
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      // Highlight the innermost active states (a group cannot take a class in Mermaid).
      const leaves = active.filter((a) => !active.some((b) => b !== a && b.startsWith(`${a}.`)));
      const text = `${toMermaid(m)}  classDef active fill:#ff9900,stroke:#8a4b00,stroke-width:3px,color:#000\n  class ${leaves.map(nodeId).join(',')} active\n`;
      const out = await mermaid.render(`statechart${id}`, text);
      if (live) {
        setSvg(out.svg);
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
      {open && svg && <div data-statechart data-active={key} dangerouslySetInnerHTML={{ __html: svg }} />}
    </section>
  );
}
