/**
 * `npm run mutation:report`: docs/mutation.md from the last `npm run mutation` (reports/mutation/mutation.json).
 * The score, the counts per file, and every mutant that survived or that no test reached, each with the reason
 * from test/mutation/survivors.ts that says why it is equivalent or why it is left; a survivor no reason matches
 * is listed as not yet explained, and the script exits 1.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REASONS } from './survivors.js';
import type { Survivor } from './survivors.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Mutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  status: string;
  static?: boolean;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

/** The code the mutant replaced, on one line. */
function original(source: string, m: Mutant): string {
  const lines = source.split('\n');
  const { start, end } = m.location;
  const text =
    start.line === end.line
      ? lines[start.line - 1]!.slice(start.column - 1, end.column - 1)
      : [
          lines[start.line - 1]!.slice(start.column - 1),
          ...lines.slice(start.line, end.line - 1),
          lines[end.line - 1]!.slice(0, end.column - 1),
        ].join('\n');
  return text.replace(/\s+/g, ' ').trim();
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cell = (s: string) => `\`${short(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

const report = JSON.parse(await readFile(join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as Report;
const counts: Record<string, number> = {};
const perFile: { file: string; killed: number; total: number }[] = [];
const survivors: (Survivor & { reason?: string; kind?: string })[] = [];
for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  let killed = 0;
  let total = 0;
  for (const m of mutants) {
    counts[m.status] = (counts[m.status] ?? 0) + 1;
    if (m.status === 'Killed' || m.status === 'Timeout') killed++;
    if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status)) total++;
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
    const s: Survivor = {
      file,
      line: m.location.start.line,
      mutator: m.mutatorName,
      original: original(source, m),
      replacement: (m.replacement ?? '').replace(/\s+/g, ' ').trim(),
      lineText: source.split('\n')[m.location.start.line - 1]!.trim(),
      status: m.status,
    };
    const reason = REASONS.find((r) => r.applies(s));
    survivors.push({ ...s, ...(reason ? { reason: reason.reason, kind: reason.kind } : {}) });
  }
  perFile.push({ file, killed, total });
}
const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const scored = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
const score = (100 * killed) / scored;
const unexplained = survivors.filter((s) => !s.reason);
const byKind = (kind: string) => survivors.filter((s) => s.kind === kind).length;

const lines = [
  '# Mutation testing',
  '',
  'Written by `npm run mutation:report` from the last `npm run mutation` (Stryker over `machines/`, the pure machine',
  'tests that `vitest.mutation.config.ts` lists; `stryker.config.mjs` fails the run under 90%).',
  ...(process.env.MUTATION_COMMIT
    ? ['', `The run was on commit \`${process.env.MUTATION_COMMIT}\`; machines changed since then are mutated by the next run.`]
    : []),
  '',
  `**Score: ${score.toFixed(2)}%** (${killed} killed or timed out of ${scored}; ${counts.Survived ?? 0} survived, ${counts.NoCoverage ?? 0} reached by no test` +
    `${counts.RuntimeError || counts.CompileError ? `; ${(counts.RuntimeError ?? 0) + (counts.CompileError ?? 0)} that do not load, not scored` : ''}).`,
  '',
  `Of the ${survivors.length} that live: ${byKind('equivalent')} are equivalent (no test can tell them apart), ${byKind('left')} are left, each with where it is covered instead or that a test is owed; ` +
    `${unexplained.length} not yet explained.`,
  '',
  '## Per file',
  '',
  '| file | killed | scored | score |',
  '| --- | ---: | ---: | ---: |',
  ...perFile.map((f) => `| ${f.file} | ${f.killed} | ${f.total} | ${f.total ? ((100 * f.killed) / f.total).toFixed(1) : '–'}% |`),
  '',
  '## Every mutant that lives, and why',
  '',
  '| where | mutation | was | became | status | why |',
  '| --- | --- | --- | --- | --- | --- |',
  ...survivors.map(
    (s) =>
      `| ${s.file.replace('machines/', '')}:${s.line} | ${s.mutator} | ${cell(s.original)} | ${cell(s.replacement)} | ${s.status} | ${
        s.reason ? `${s.kind}: ${s.reason}` : '**not yet explained**'
      } |`,
  ),
  '',
];
await writeFile(join(ROOT, 'docs/mutation.md'), lines.join('\n'));
console.log(`score ${score.toFixed(2)}%, ${survivors.length} live, ${unexplained.length} not yet explained; wrote docs/mutation.md`);
if (unexplained.length) process.exitCode = 1;
