import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allDiagrams, chooseDirections, committedDirections, DOCS_DIR, renderSvg } from '../../src/diagram/diagramsCli.js';
import type { StateDiagram } from '../../src/diagram/mermaid.js';
import { findChromium, MIN_LABEL_PX, openRenderer, READING_WIDTH } from '../../src/diagram/render.js';
import type { DiagramRenderer } from '../../src/diagram/render.js';

// The committed SVGs are what the project's own mermaid draws now, byte for
// byte, and each reads at READING_WIDTH: no label under MIN_LABEL_PX, no two
// labels on top of each other. One Chromium for all of them.
const CHROMIUM = findChromium();
if (!CHROMIUM && process.env.REQUIRE_BROWSER === '1')
  throw new Error('REQUIRE_BROWSER=1 but no chromium: apt-get install chromium fonts-liberation');

const directions = await committedDirections();
const diagrams: StateDiagram[] = allDiagrams(directions).flatMap((m) => m.diagrams);
let renderer: DiagramRenderer;
const committed = new Map<string, string>();

/**
 * The renderer, each drawing and measurement made once: the direction check draws every diagram both ways,
 * and one of them is the drawing the first test compared byte for byte (drawing is deterministic, as it checks).
 */
function once(r: DiagramRenderer): DiagramRenderer {
  const made = new Map<string, Promise<unknown>>();
  const cached = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!made.has(key)) made.set(key, make());
    return made.get(key) as Promise<T>;
  };
  return {
    render: (id, mermaid) => cached(`render ${id} ${mermaid}`, () => r.render(id, mermaid)),
    measure: (svg) => cached(`measure ${svg}`, () => r.measure(svg)),
    close: () => r.close(),
  };
}

beforeAll(async () => {
  if (!CHROMIUM) return;
  renderer = once(await openRenderer(CHROMIUM));
  for (const d of diagrams) committed.set(d.name, await readFile(`${DOCS_DIR}/${d.name}.svg`, 'utf8').catch(() => ''));
});
afterAll(async () => renderer?.close());

describe.skipIf(!CHROMIUM)('docs/diagrams SVGs (Chromium)', () => {
  it('are exactly what the generator draws now, whatever the order they are drawn in', async () => {
    // `npm run diagrams` draws them first to last in another browser; here last to first.
    const stale: string[] = [];
    for (const d of [...diagrams].reverse()) {
      if ((await renderSvg(renderer, d)) !== committed.get(d.name)) stale.push(`docs/diagrams/${d.name}.svg`);
    }
    expect(stale, 'stale SVGs: run npm run diagrams and commit them').toEqual([]);
    const extra = (await readdir(DOCS_DIR)).filter((f) => f.endsWith('.svg') && !diagrams.some((d) => `${d.name}.svg` === f));
    expect(extra, 'SVGs no diagram draws any more: run npm run diagrams').toEqual([]);
  }, 120_000);

  it(`read at ${READING_WIDTH} px wide: every label at least ${MIN_LABEL_PX} px, none on another`, async () => {
    const problems: string[] = [];
    for (const d of diagrams) {
      const report = await renderer.measure(committed.get(d.name)!);
      expect(report.labels.length, `${d.name}: labels found`).toBeGreaterThan(2);
      const small = report.labels.filter((l) => l.px < MIN_LABEL_PX);
      if (small.length)
        problems.push(`${d.name}: ${small.length} labels under ${MIN_LABEL_PX} px (e.g. "${small[0]!.text}" at ${small[0]!.px} px)`);
      if (report.overlaps.length) problems.push(`${d.name}: overlapping labels ${JSON.stringify(report.overlaps)}`);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('each reads the way (top to bottom or left to right) whose smallest label is larger', async () => {
    expect(await chooseDirections(renderer), 'run npm run diagrams').toEqual(directions);
  }, 180_000);
});
