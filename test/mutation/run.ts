/**
 * `npm run mutation [-- stryker options]`: Stryker over machines/ (or the files `--mutate` names), then each file its
 * JSON report holds is merged into test/mutation/results.json with the commit the run was on, so
 * `npm run mutation:report` scores each file from the last run on its current source, whether that run took all of
 * machines/ or a part. `npm run mutation -- --keep <report.json> [commit]` merges a report made elsewhere (a run on
 * another checkout) without running Stryker, with the commit it ran on. With `--over <earlier.json>`, the report is a
 * rerun of some mutants of that earlier run (a line range, after tests were added): its mutants take the place of
 * the same ones there (same place, mutator and replacement), on the same source, and the file is kept from both.
 *
 * `--scope <chart>` (with `--mutate` naming that chart's file) runs only the tests of the machines a change to
 * that chart can reach: vitest.mutation.config.ts says why and how.
 */
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromReport, loadResults, ROOT, saveResults } from './results.js';
import type { StrykerReport } from './results.js';

const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();

/** For each chart, the machines its mutants can change: itself, and those that embed it or extend it. */
const SCOPES: Readonly<Record<string, readonly string[]>> = {
  signIn: ['signIn', 'passwordlessSignIn'],
  passwordlessSignIn: ['passwordlessSignIn'],
  totpEnrollment: ['totpEnrollment', 'mfaSettings', 'mfaPolicy'],
  phoneVerification: ['phoneVerification', 'mfaSettings', 'mfaPolicy'],
  mfaSettings: ['mfaSettings'],
  mfaPolicy: ['mfaPolicy'],
  devices: ['devices'],
  passkeys: ['passkeys'],
  recoveryCodes: ['recoveryCodes'],
  recoverySignIn: ['recoverySignIn'],
};

let args = process.argv.slice(2);
const keep = args[0] === '--keep' ? args[1] : undefined;
const overAt = args.indexOf('--over');
const over = overAt >= 0 ? args[overAt + 1] : undefined;
if (overAt >= 0) args = args.filter((_, i) => i !== overAt && i !== overAt + 1);
const scopeAt = args.indexOf('--scope');
const scope = scopeAt >= 0 ? SCOPES[args[scopeAt + 1] ?? ''] : undefined;
if (scopeAt >= 0) {
  if (!scope) throw new Error(`--scope takes one of ${Object.keys(SCOPES).join(', ')}`);
  args = args.filter((_, i) => i !== scopeAt && i !== scopeAt + 1);
}
const env = scope ? { ...process.env, MUTATION_SCOPE: scope.join(',') } : process.env;
let status = 0;
if (!keep) status = spawnSync('npx', ['stryker', 'run', ...args], { cwd: ROOT, stdio: 'inherit', env }).status ?? 1;
try {
  const read = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as StrykerReport;
  const rerun = await read(keep ?? join(ROOT, 'reports/mutation/mutation.json'));
  const report = over ? patched(await read(over), rerun) : rerun;
  const commit = (keep && args[2]) || git('rev-parse', '--short', 'HEAD');
  const made = fromReport(report, commit);
  await saveResults({ ...(await loadResults()), ...made });
  console.log(
    `kept ${Object.keys(made).length} files in test/mutation/results.json (commit ${commit}); npm run mutation:report writes docs/mutation.md`,
  );
} catch (e) {
  console.error(`no report to keep: ${(e as Error).message}`);
  status ||= 1;
}
process.exitCode = status;

/** The earlier report with the rerun's mutants in place of the same ones; each file's source must be the same. */
function patched(earlier: StrykerReport, rerun: StrykerReport): StrykerReport {
  type Mutant = StrykerReport['files'][string]['mutants'][number];
  const key = (m: Mutant) => JSON.stringify([m.location, m.mutatorName, m.replacement]);
  const files = { ...earlier.files };
  for (const [file, { source, mutants }] of Object.entries(rerun.files)) {
    const before = files[file];
    if (!before || before.source !== source) throw new Error(`--over: ${file} is not the same source in both reports`);
    const again = new Map(mutants.map((m) => [key(m), m]));
    const missing = [...again.keys()].filter((k) => !before.mutants.some((m) => key(m) === k));
    if (missing.length) throw new Error(`--over: ${missing.length} mutants of the rerun are not in the earlier report (${file})`);
    files[file] = { source, mutants: before.mutants.map((m) => again.get(key(m)) ?? m) };
  }
  return { ...earlier, files };
}
