/**
 * `npm run mutation:report`: docs/mutation.md from the results `npm run mutation` keeps in
 * test/mutation/results.json. Each file of machines/ is scored by the last run that mutated it as it is now (the
 * source Stryker saw hashes as the file does); a file no run saw as it is now is listed as not scored, never counted
 * with an older source's result.
 * The score, the counts per file with the commit each was run on, and every mutant that survived or that no test
 * reached, each with the reason from test/mutation/survivors.ts that says why it is equivalent or why it is left;
 * a survivor no reason matches is listed as not yet explained, and the script exits 1.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadResults, ROOT, sha256 } from './results.js';
import { REASONS } from './survivors.js';
import type { Survivor } from './survivors.js';

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const cell = (s: string) => `\`${short(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;

/** docs/mutation.md as test/mutation/results.json and the current sources of machines/ make it. */
export async function renderMutationReport(): Promise<{ text: string; unexplained: number; score: number; live: number }> {
  const results = await loadResults();

  /** What `stryker.config.mjs` mutates: machines/, without the barrels and the files of types only. */
  const mutated = (await readdir(join(ROOT, 'machines'), { recursive: true }))
    .map((f) => `machines/${f.split('\\').join('/')}`)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('/index.ts') && !f.endsWith('.types.ts'))
    .sort();

  let killed = 0;
  let notLoading = 0;
  const counts: Record<string, number> = {};
  const perFile: { file: string; killed: number; total: number; commit: string }[] = [];
  const notScored: { file: string; last?: string }[] = [];
  const survivors: (Survivor & { reason?: string; kind?: string })[] = [];
  for (const file of mutated) {
    const current = await readFile(join(ROOT, file), 'utf8');
    const result = results[file];
    if (result?.sha256 !== sha256(current)) {
      notScored.push({ file, ...(result ? { last: result.commit } : {}) });
      continue;
    }
    killed += result.killed;
    notLoading += result.notLoading;
    for (const m of result.live) {
      counts[m.status] = (counts[m.status] ?? 0) + 1;
      const s: Survivor = { file, ...m, lineText: current.split('\n')[m.line - 1]!.trim() };
      const reason = REASONS.find((r) => r.applies(s));
      survivors.push({ ...s, ...(reason ? { reason: reason.reason, kind: reason.kind } : {}) });
    }
    perFile.push({ file, killed: result.killed, total: result.killed + result.live.length, commit: result.commit });
  }
  const scored = killed + survivors.length;
  const score = scored ? (100 * killed) / scored : 0;
  const unexplained = survivors.filter((s) => !s.reason);
  const byKind = (kind: string) => survivors.filter((s) => s.kind === kind).length;

  const lines = [
    '# Mutation testing',
    '',
    'Written by `npm run mutation:report` from `test/mutation/results.json`, where `npm run mutation` keeps each run (Stryker',
    'over `machines/` or the part of it that `--mutate` names, against the pure machine tests that `vitest.mutation.config.ts`',
    'lists; `stryker.config.mjs` fails a run under 90%). Each file is scored by the last run that mutated it as it is now, on',
    'the commit the table names; a file changed since is not scored until a run mutates it again.',
    '',
    notScored.length === 0
      ? `All ${mutated.length} files of \`machines/\` that Stryker mutates are scored on their current source.`
      : `${perFile.length} of the ${mutated.length} files of \`machines/\` that Stryker mutates are scored on their current source; ` +
        `${notScored.length} are not (listed below), and the score leaves them out.`,
    '',
    `**Score: ${score.toFixed(2)}%** (${killed} killed or timed out of ${scored}; ${counts.Survived ?? 0} survived, ${counts.NoCoverage ?? 0} reached by no test` +
      `${notLoading ? `; ${notLoading} that do not load, not scored` : ''}).`,
    '',
    `Of the ${survivors.length} that live: ${byKind('equivalent')} are equivalent (no test can tell them apart), ${byKind('left')} are left, each with where it is covered instead or that a test is owed; ` +
      `${unexplained.length} not yet explained.`,
    '',
    '## Per file',
    '',
    '| file | killed | scored | score | run on |',
    '| --- | ---: | ---: | ---: | --- |',
    ...perFile.map(
      (f) =>
        `| ${f.file} | ${f.killed} | ${f.total} | ${f.total ? `${((100 * f.killed) / f.total).toFixed(1)}%` : '–'} | \`${f.commit}\` |`,
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
  return { text: lines.join('\n'), unexplained: unexplained.length, score, live: survivors.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { text, unexplained, score, live } = await renderMutationReport();
  await writeFile(join(ROOT, 'docs/mutation.md'), text);
  console.log(`score ${score.toFixed(2)}%, ${live} live, ${unexplained} not yet explained; wrote docs/mutation.md`);
  if (unexplained) process.exitCode = 1;
}
