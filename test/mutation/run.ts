/**
 * `npm run mutation [-- stryker options]`: Stryker over machines/ (or the files `--mutate` names), then its JSON report
 * is kept as reports/mutation/runs/<commit>-<time>.json with the commit it ran on, so `npm run mutation:report` can score
 * each file from the last run on its current source, whether that run took all of machines/ or a part.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();

const commit = git('rev-parse', '--short', 'HEAD');
const dirty = git('status', '--porcelain', '--', 'machines') !== '';
const stryker = spawnSync('npx', ['stryker', 'run', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
try {
  const report = JSON.parse(await readFile(join(ROOT, 'reports/mutation/mutation.json'), 'utf8')) as Record<string, unknown>;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  await mkdir(join(ROOT, 'reports/mutation/runs'), { recursive: true });
  const kept = join('reports/mutation/runs', `${commit}-${stamp}.json`);
  await writeFile(join(ROOT, kept), JSON.stringify({ ...report, commit, dirty, finishedAt: new Date().toISOString() }));
  console.log(`kept ${kept} (commit ${commit}${dirty ? ', machines/ had uncommitted changes' : ''})`);
} catch (e) {
  console.error(`no report to keep: ${(e as Error).message}`);
}
process.exitCode = stryker.status ?? 1;
