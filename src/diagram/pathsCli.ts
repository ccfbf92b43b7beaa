/**
 * `npm run paths`: per machine, covered/total states and transitions and the
 * number of paths; writes docs/paths/<machine>.md. `--check` writes nothing
 * and exits 1 if a committed catalogue differs.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCatalogue } from './catalogue.js';
import { MODELS } from './models.js';
import { generatePaths, measureCoverage, selectCovering } from './paths.js';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'paths');

export function catalogueFor(entry: (typeof MODELS)[number]) {
  const paths = selectCovering(entry.model, generatePaths(entry.model));
  const coverage = measureCoverage(entry.model, paths);
  return {
    paths,
    coverage,
    markdown: renderCatalogue({ title: entry.title, machine: entry.model.machine, paths, coverage, label: entry.label }),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  await mkdir(docs, { recursive: true });
  let drift = false;
  for (const entry of MODELS) {
    const { paths, coverage, markdown } = catalogueFor(entry);
    const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
    console.log(
      `${entry.name.padEnd(18)} states ${coverage.states.covered}/${coverage.states.total} (${pct(coverage.states.covered, coverage.states.total)})  ` +
        `transitions ${coverage.transitions.covered}/${coverage.transitions.total} (${pct(coverage.transitions.covered, coverage.transitions.total)})  paths ${paths.length}`,
    );
    for (const m of [...coverage.states.missing, ...coverage.transitions.missing]) console.log(`  not covered: ${m}`);
    const file = join(docs, `${entry.name}.md`);
    if (check) {
      const current = await readFile(file, 'utf8').catch(() => '');
      if (current !== markdown) {
        console.log(`  docs/paths/${entry.name}.md is out of date: run npm run paths`);
        drift = true;
      }
    } else {
      await writeFile(file, markdown);
    }
  }
  if (drift) process.exitCode = 1;
}
