/**
 * `npm run diagrams`: writes docs/diagrams/<machine>.md (Mermaid that GitHub
 * renders, and the state table) and, with Debian's Chromium, <machine>.svg
 * through mermaid-cli. `--check` writes nothing and exits 1 on drift.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyStateMachine } from 'xstate';
import { diagramMarkdown, toMermaid } from './mermaid.js';
import { MODELS } from './models.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'diagrams');
/** mermaid-cli is fetched when diagrams are drawn, not installed with the project (it brings puppeteer). */
const MERMAID_CLI = '@mermaid-js/mermaid-cli@11.12.0';

export function diagramFor(entry: (typeof MODELS)[number]): { markdown: string; mermaid: string } {
  const machine = entry.model.machine as AnyStateMachine;
  return { markdown: diagramMarkdown(entry.title, machine), mermaid: toMermaid(machine) };
}

async function renderSvg(name: string, mermaid: string): Promise<void> {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium) {
    console.log(`  ${name}.svg not rendered: no chromium (apt-get install chromium)`);
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'mmdc-'));
  try {
    await writeFile(join(dir, 'in.mmd'), mermaid);
    await writeFile(
      join(dir, 'puppeteer.json'),
      JSON.stringify({
        executablePath: chromium,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      }),
    );
    execFileSync(
      'npx',
      [
        '--yes',
        MERMAID_CLI,
        '-q',
        '-p',
        join(dir, 'puppeteer.json'),
        '-i',
        join(dir, 'in.mmd'),
        '-o',
        join(docs, `${name}.svg`),
        '-b',
        'white',
      ],
      {
        stdio: 'inherit',
        env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' },
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  await mkdir(docs, { recursive: true });
  let drift = false;
  for (const entry of MODELS) {
    const { markdown, mermaid } = diagramFor(entry);
    const file = join(docs, `${entry.name}.md`);
    if (check) {
      if ((await readFile(file, 'utf8').catch(() => '')) !== markdown) {
        console.log(`docs/diagrams/${entry.name}.md is out of date: run npm run diagrams`);
        drift = true;
      }
      continue;
    }
    await writeFile(file, markdown);
    console.log(`docs/diagrams/${entry.name}.md`);
    if (!process.argv.includes('--no-svg')) await renderSvg(entry.name, mermaid);
  }
  if (drift) process.exitCode = 1;
}
