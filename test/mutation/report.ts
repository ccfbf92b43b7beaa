/**
 * `npm run mutation:report`: docs/mutation.md from the runs `npm run mutation` kept (reports/mutation/runs/*.json).
 * Each file of machines/ is scored by the last run that mutated it as it is now (the source Stryker saw equals the
 * file's); a file no run saw as it is now is listed as not scored, never counted with an older source's result.
 * The score, the counts per file with the commit each was run on, and every mutant that survived or that no test
 * reached, each with the reason from test/mutation/survivors.ts that says why it is equivalent or why it is left;
 * a survivor no reason matches is listed as not yet explained, and the script exits 1.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
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
  /** Added by test/mutation/run.ts: the commit the run was on, and when it finished. */
  commit?: string;
  finishedAt?: string;
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

const RUNS = join(ROOT, 'reports/mutation/runs');
const runs: Report[] = [];
for (const name of (await readdir(RUNS).catch(() => [] as string[])).filter((n) => n.endsWith('.json')))
  runs.push(JSON.parse(await readFile(join(RUNS, name), 'utf8')) as Report);
runs.sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));

/** What `stryker.config.mjs` mutates: machines/, without the barrels and the files of types only. */
const mutated = (await readdir(join(ROOT, 'machines'), { recursive: true }))
  .map((f) => `machines/${f.split('\\').join('/')}`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('/index.ts') && !f.endsWith('.types.ts'))
  .sort();

const counts: Record<string, number> = {};
const perFile: { file: string; killed: number; total: number; commit: string }[] = [];
const notScored: { file: string; last?: string }[] = [];
const survivors: (Survivor & { reason?: string; kind?: string })[] = [];
for (const file of mutated) {
  const current = await readFile(join(ROOT, file), 'utf8');
  const run = runs.findLast((r) => r.files[file]?.source === current);
  if (!run) {
    const last = runs.findLast((r) => r.files[file])?.commit;
    notScored.push({ file, ...(last ? { last } : {}) });
    continue;
  }
  const { source, mutants } = run.files[file]!;
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
  perFile.push({ file, killed, total, commit: run.commit ?? 'unknown' });
}
const killed = (counts.Killed ?? 0) + (counts.Timeout ?? 0);
const scored = killed + (counts.Survived ?? 0) + (counts.NoCoverage ?? 0);
const score = (100 * killed) / scored;
const unexplained = survivors.filter((s) => !s.reason);
const byKind = (kind: string) => survivors.filter((s) => s.kind === kind).length;

const lines = [
  '# Mutation testing',
  '',
  'Written by `npm run mutation:report` from the runs `npm run mutation` kept (Stryker over `machines/` or the part of it',
  'that `--mutate` names, against the pure machine tests that `vitest.mutation.config.ts` lists; `stryker.config.mjs` fails',
  'a run under 90%). Each file is scored by the last run that mutated it as it is now, on the commit the table names.',
  '',
  notScored.length === 0
    ? `All ${mutated.length} files of \`machines/\` that Stryker mutates are scored on their current source.`
    : `${perFile.length} of the ${mutated.length} files of \`machines/\` that Stryker mutates are scored on their current source; ` +
      `${notScored.length} are not (listed below), and the score leaves them out.`,
  '',
  `**Score: ${score.toFixed(2)}%** (${killed} killed or timed out of ${scored}; ${counts.Survived ?? 0} survived, ${counts.NoCoverage ?? 0} reached by no test` +
    `${counts.RuntimeError || counts.CompileError ? `; ${(counts.RuntimeError ?? 0) + (counts.CompileError ?? 0)} that do not load, not scored` : ''}).`,
  '',
  `Of the ${survivors.length} that live: ${byKind('equivalent')} are equivalent (no test can tell them apart), ${byKind('left')} are left, each with where it is covered instead or that a test is owed; ` +
    `${unexplained.length} not yet explained.`,
  '',
  '## Per file',
  '',
  '| file | killed | scored | score | run on |',
  '| --- | ---: | ---: | ---: | --- |',
  ...perFile.map(
    (f) => `| ${f.file} | ${f.killed} | ${f.total} | ${f.total ? `${((100 * f.killed) / f.total).toFixed(1)}%` : '–'} | \`${f.commit}\` |`,
  ),
  '',
  ...(notScored.length === 0
    ? []
    : [
        '## Not scored on their current source',
        '',
        'No kept run mutated these files as they are now: `npm run mutation -- --mutate <file>` scores them.',
        '',
        '| file | last run that mutated an older version |',
        '| --- | --- |',
        ...notScored.map((f) => `| ${f.file} | ${f.last ? `\`${f.last}\`` : 'none'} |`),
        '',
      ]),
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
