/**
 * Mermaid → SVG with the project's own pinned `mermaid` in the project's
 * Chromium (playwright-core): nothing is downloaded when diagrams are drawn.
 * The output is made byte-stable: a page with no network, one fixed font that
 * must be installed (Liberation Sans, metric-compatible with Arial, so viewers
 * with Arial lay it out the same), a fixed viewport, deterministic ids, a
 * fresh page per diagram (mermaid keeps counters between renders) and
 * coordinates rounded to two decimals.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** The one font the SVGs are laid out with (Debian: fonts-liberation). */
const DIAGRAM_FONT = 'Liberation Sans';
const FONT_STACK = `"${DIAGRAM_FONT}", Arial, Helvetica, sans-serif`;
/** The page width a reader sees a diagram at, and the smallest label size allowed there. */
export const READING_WIDTH = 1200;
export const MIN_LABEL_PX = 10;

const MERMAID_JS = createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');

/** Debian's chromium (apt-get install chromium), or null. */
export function findChromium(): string | null {
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (found) return found;
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--font-render-hinting=none',
];

/** Rounds every decimal number in the SVG to two places: layout floats carry noise in their last digits. */
export function roundFloats(svg: string): string {
  return svg.replace(/-?\d+\.\d{3,}(?:e-?\d+)?/g, (n) => {
    const r = Math.round(Number(n) * 100) / 100;
    return String(Object.is(r, -0) ? 0 : r);
  });
}

/** What a reader sees of one text label when the diagram is shown READING_WIDTH wide. */
interface LabelBox {
  readonly text: string;
  /** The rendered font size in CSS px at that width. */
  readonly px: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LabelReport {
  /** The SVG's own width (its viewBox), and the scale it is shown at. */
  readonly naturalWidth: number;
  readonly scale: number;
  readonly labels: readonly LabelBox[];
  /** Pairs of labels whose boxes overlap by more than a pixel each way. */
  readonly overlaps: readonly [string, string][];
}

export interface DiagramRenderer {
  /** The SVG for a Mermaid text; `id` names the SVG element (and prefixes its inner ids). */
  render(id: string, mermaid: string): Promise<string>;
  /** Shows an SVG as a page READING_WIDTH wide would (scaled down to fit, never up) and measures its labels. */
  measure(svg: string): Promise<LabelReport>;
  close(): Promise<void>;
}

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}#out{width:${READING_WIDTH}px}</style></head><body><div id="out"></div></body></html>`;

async function blankPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: READING_WIDTH, height: 800 }, deviceScaleFactor: 1 });
  // No network: mermaid comes from node_modules, the SVG needs nothing else.
  await page.route('**/*', (route) => route.abort());
  await page.setContent(PAGE);
  return page;
}

/** Whether the page resolves the font family to the installed font, not to a fallback. */
async function fontInstalled(page: Page): Promise<boolean> {
  // (No named functions inside: tsx would wrap them in a helper the page does not have.)
  const widths = await page.evaluate(
    (families) =>
      families.map((family) => {
        const ctx = document.createElement('canvas').getContext('2d')!;
        ctx.font = `16px ${family}`;
        return ctx.measureText('stateDiagram challengeExpiry 0123456789').width;
      }),
    [`"${DIAGRAM_FONT}", monospace`, 'monospace', `"${DIAGRAM_FONT}", serif`, 'serif'],
  );
  return widths[0] !== widths[1] && widths[2] !== widths[3];
}

/** One headless Chromium for any number of diagrams; close it when done. */
export async function openRenderer(executablePath: string | null = findChromium()): Promise<DiagramRenderer> {
  if (!executablePath) throw new Error('no chromium to draw diagrams with: apt-get install chromium fonts-liberation');
  const browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS });
  let page: Page;
  try {
    // One page for every diagram: loading mermaid takes longer than drawing with it.
    page = await blankPage(browser);
    if (!(await fontInstalled(page)))
      throw new Error(`the diagram font "${DIAGRAM_FONT}" is not installed: apt-get install fonts-liberation`);
    await page.addScriptTag({ path: MERMAID_JS });
  } catch (e) {
    await browser.close();
    throw e;
  }
  return {
    async render(id, mermaid) {
      const svg = await page.evaluate(
        async ({ id, text, font, pad }) => {
          const m = (window as unknown as { mermaid: typeof import('mermaid').default }).mermaid;
          m.initialize({
            startOnLoad: false,
            securityLevel: 'strict',
            deterministicIds: true,
            deterministicIDSeed: id,
            theme: 'default',
            fontFamily: font,
            themeVariables: { fontFamily: font, fontSize: '16px' },
            state: { useMaxWidth: true },
            // Shapes are drawn with rough.js, which jitters its curves unless seeded.
            handDrawnSeed: 1,
          });
          const host = document.getElementById('out')!;
          host.innerHTML = (await m.render(id, text)).svg;
          const el = host.querySelector('svg')!;
          // Each edge label goes back where the layout (dagre) made room for it: the middle point of its
          // edge. Mermaid moves a label to the middle of the drawn curve whenever that point is not
          // literally in the path, which is always so for a state diagram's curved edges, and labels
          // then land on each other.
          el.querySelectorAll('g.edgeLabel > g.label[data-id]').forEach((label) => {
            const path = el.querySelector(`path[data-id="${label.getAttribute('data-id')}"][data-points]`);
            const points = path ? (JSON.parse(atob(path.getAttribute('data-points')!)) as { x: number; y: number }[]) : [];
            const mid = points[Math.floor(points.length / 2)];
            if (mid) label.parentElement!.setAttribute('transform', `translate(${mid.x}, ${mid.y})`);
          });
          // The bounds again, now that labels moved, measured as mermaid measures them.
          const box = el.getBBox();
          el.setAttribute('viewBox', `${box.x - pad} ${box.y - pad} ${box.width + 2 * pad} ${box.height + 2 * pad}`);
          el.style.maxWidth = `${box.width + 2 * pad}px`;
          const out = host.innerHTML;
          host.innerHTML = '';
          return out;
        },
        { id, text: mermaid, font: FONT_STACK, pad: 8 },
      );
      return `${roundFloats(svg)}\n`;
    },
    async measure(svg) {
      return page.evaluate(
        ({ svg, minOverlap }) => {
          const host = document.getElementById('out')!;
          host.innerHTML = svg;
          const el = host.querySelector('svg')!;
          const naturalWidth = el.viewBox.baseVal.width;
          const scale = el.getBoundingClientRect().width / naturalWidth;
          // A label is the innermost element holding text: an HTML label's p or span, or an SVG tspan or text.
          const holders = [...el.querySelectorAll('foreignObject span, foreignObject p, foreignObject div, text, tspan')].filter(
            (n) => (n.textContent ?? '').trim() && ![...n.children].some((c) => (c.textContent ?? '').trim()),
          );
          const labels = holders.map((n) => {
            const r = n.getBoundingClientRect();
            // A font size is in the SVG's user units: on screen it is that times the scale of the nearest SVG element.
            const graphic = (n instanceof SVGGraphicsElement ? n : n.closest('foreignObject')) as SVGGraphicsElement | null;
            const px = parseFloat(getComputedStyle(n).fontSize) * (graphic?.getScreenCTM()?.a ?? scale);
            return { text: (n.textContent ?? '').trim(), px: Math.round(px * 100) / 100, x: r.x, y: r.y, width: r.width, height: r.height };
          });
          const overlaps: [string, string][] = [];
          for (let i = 0; i < labels.length; i++) {
            for (let j = i + 1; j < labels.length; j++) {
              const a = labels[i]!;
              const b = labels[j]!;
              const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
              const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
              if (w > minOverlap && h > minOverlap) overlaps.push([a.text, b.text]);
            }
          }
          host.innerHTML = '';
          return { naturalWidth, scale, labels, overlaps };
        },
        { svg, minOverlap: 1 },
      );
    },
    async close() {
      await browser.close();
    },
  };
}
