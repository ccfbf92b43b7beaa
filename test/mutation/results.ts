/**
 * The mutation results the repository keeps (test/mutation/results.json), one entry per file of machines/ that a
 * run mutated: the SHA-256 of the source the run saw, the commit it ran on, how many of its mutants were killed and
 * every one that lived. A run of all of machines/ takes hours on two cores, so results are kept per file, in git,
 * and a file's entry counts only while its source is unchanged. `npm run mutation` merges each run in;
 * `npm run mutation:report` writes docs/mutation.md from it, and test/docs/mutation.drift.test.ts checks the two agree.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESULTS = join(ROOT, 'test/mutation/results.json');

/** A mutant that survived, or that no test reached. */
interface LiveMutant {
  readonly line: number;
  readonly mutator: string;
  /** The code the mutant replaced and what it put there, each on one line. */
  readonly original: string;
  readonly replacement: string;
  readonly status: 'Survived' | 'NoCoverage';
}

interface FileResult {
  readonly sha256: string;
  readonly commit: string;
  /** Killed or timed out. */
  readonly killed: number;
  /** Mutants that did not compile or load: not scored. */
  readonly notLoading: number;
  readonly live: readonly LiveMutant[];
}

export type Results = Record<string, FileResult>;

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export async function loadResults(): Promise<Results> {
  return JSON.parse(await readFile(RESULTS, 'utf8').catch(() => '{}')) as Results;
}

export async function saveResults(results: Results): Promise<void> {
  const sorted = Object.fromEntries(Object.entries(results).sort(([a], [b]) => a.localeCompare(b)));
  await writeFile(RESULTS, `${JSON.stringify(sorted, null, 1)}\n`);
}

interface StrykerMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
}
/** Stryker's JSON report (mutation-testing-report-schema), the parts read here. */
export interface StrykerReport {
  files: Record<string, { source: string; mutants: StrykerMutant[] }>;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The code a mutant replaced, on one line. */
function original(source: string, m: StrykerMutant): string {
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
  return oneLine(text);
}

/** Every file of a Stryker report as the entry results.json keeps for it. */
export function fromReport(report: StrykerReport, commit: string): Results {
  const results: Results = {};
  for (const [file, { source, mutants }] of Object.entries(report.files)) {
    const order = (m: StrykerMutant) => m.location.start.line * 10_000 + m.location.start.column;
    results[file.split('\\').join('/')] = {
      sha256: sha256(source),
      commit,
      killed: mutants.filter((m) => m.status === 'Killed' || m.status === 'Timeout').length,
      notLoading: mutants.filter((m) => m.status === 'CompileError' || m.status === 'RuntimeError').length,
      live: mutants
        .filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')
        .sort((a, b) => order(a) - order(b))
        .map((m) => ({
          line: m.location.start.line,
          mutator: m.mutatorName,
          original: original(source, m),
          replacement: oneLine(m.replacement ?? ''),
          status: m.status as LiveMutant['status'],
        })),
    };
  }
  return results;
}
