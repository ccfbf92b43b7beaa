import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { contentType, serveStatic } from '../support/staticSite.js';
import type { StaticSite } from '../support/staticSite.js';

// How a user gets the package: a tarball packed from a fresh build, installed
// with npm into a folder of its own outside this repository (so nothing can
// resolve from the repo's node_modules), then built with Vite.

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLES = join(REPO, 'examples');
const BIN = join(REPO, 'node_modules', '.bin');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * The environment a user's shell has: without the `npm_*` variables of the
 * `npm test` that may have started us (one of them is this repo as the local
 * prefix) and without Vitest's NODE_ENV=test.
 */
function userEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|userconfig|registry)$/i.test(key)) delete env[key];
    if (/^(VITEST|NODE_ENV|INIT_CWD|TEST$)/.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

/** Runs a command; never throws, so a test can show what went wrong. */
export function run(file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = userEnv()): Promise<RunResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Throws with the command's output when it failed. */
export function ok(what: string, result: RunResult): RunResult {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  return result;
}

export interface Packed {
  readonly tarball: string;
  /** Paths inside the tarball, e.g. `dist/machines.js`. */
  readonly files: readonly string[];
  readonly buildMs: number;
  readonly packMs: number;
  /** The package.json that was packed. */
  readonly manifest: string;
}

/**
 * Builds the package with the repo's tsdown config into a staging folder and
 * packs it there, as `npm run build && npm pack --ignore-scripts` would, but
 * without touching the repo's own dist/ (other checks read it).
 */
export async function packPackage(work: string): Promise<Packed> {
  const stage = join(work, 'stage');
  await mkdir(stage, { recursive: true });
  const build = ok('tsdown', await run(join(BIN, 'tsdown'), ['--out-dir', join(stage, 'dist')], REPO));
  for (const file of ['package.json', 'README.md', 'LICENSE']) await copyFile(join(REPO, file), join(stage, file));
  const pack = ok('npm pack', await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], stage));
  const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  if (!info) throw new Error(`npm pack printed no result: ${pack.stdout}`);
  return {
    tarball: join(work, info.filename),
    files: info.files.map((f) => f.path),
    buildMs: build.ms,
    packMs: pack.ms,
    manifest: join(stage, 'package.json'),
  };
}

/**
 * The tarball `npm test` packs once for the run (test/all.mjs: its package checks read the same one), or null
 * outside `npm test`. `AMF_PACKED` names the JSON file it writes when the tarball is ready, or the build failed.
 */
export async function packedForRun(timeoutMs = 10 * 60_000): Promise<Packed | null> {
  const file = process.env.AMF_PACKED;
  if (!file) return null;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) {
      const written = JSON.parse(text) as Packed | { error: string };
      if ('error' in written) throw new Error(`npm test's package build failed: ${written.error}`);
      return written;
    }
    if (Date.now() > until) throw new Error(`npm test's packed tarball did not appear in ${file}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface Installed {
  readonly name: string;
  readonly dir: string;
  readonly installMs: number;
}

/**
 * Copies `examples/<name>` to a fresh temp folder, puts the tarball next to
 * its package.json (which names it `file:amplify-mfa-flow.tgz`) and runs
 * `npm install` there. The npm cache makes repeated runs fast.
 */
export async function installExample(name: string, tarball: string): Promise<Installed> {
  const dir = await mkdtemp(join(tmpdir(), `amplify-mfa-flow-example-${name}-`));
  await cp(join(EXAMPLES, name), dir, {
    recursive: true,
    filter: (source) => !/[\\/](node_modules|dist)$/.test(source) && !source.endsWith('.tgz'),
  });
  await copyFile(tarball, join(dir, 'amplify-mfa-flow.tgz'));
  const install = ok(
    `npm install in ${name}`,
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir),
  );
  return { name, dir, installMs: install.ms };
}

export async function removeInstalled(installed: { dir: string } | undefined): Promise<void> {
  if (installed) await rm(installed.dir, { recursive: true, force: true });
}

export interface Copy {
  readonly path: string;
  readonly version: string;
}

/** Every copy of a package on disk under `dir/node_modules`, nested ones included. */
export async function copiesOf(dir: string, pkg: string): Promise<Copy[]> {
  const found: Copy[] = [];
  async function visit(nodeModules: string): Promise<void> {
    if (!existsSync(nodeModules)) return;
    const manifest = join(nodeModules, pkg, 'package.json');
    if (existsSync(manifest)) {
      found.push({
        path: relative(dir, join(nodeModules, pkg)),
        version: (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version,
      });
    }
    for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const names = entry.name.startsWith('@')
        ? (await readdir(join(nodeModules, entry.name), { withFileTypes: true }))
            .filter((e) => e.isDirectory())
            .map((e) => join(entry.name, e.name))
        : [entry.name];
      for (const name of names) await visit(join(nodeModules, name, 'node_modules'));
    }
  }
  await visit(join(dir, 'node_modules'));
  return found;
}

interface LsNode {
  readonly version?: string;
  readonly dependencies?: Readonly<Record<string, LsNode>>;
}

export interface LsReport {
  /** npm ls's exit code: not 0 when a peer is invalid, missing or extraneous. */
  readonly code: number;
  readonly problems: readonly string[];
  /** Every version of each package anywhere in the tree. */
  readonly versions: ReadonlyMap<string, ReadonlySet<string>>;
}

/** `npm ls --all --json`: the resolved tree as npm sees it. */
export async function npmLs(dir: string): Promise<LsReport> {
  const result = await run('npm', ['ls', '--all', '--json'], dir);
  const tree = JSON.parse(result.stdout) as LsNode & { problems?: string[] };
  const versions = new Map<string, Set<string>>();
  const walk = (deps: LsNode['dependencies']) => {
    for (const [name, node] of Object.entries(deps ?? {})) {
      if (node.version) versions.set(name, (versions.get(name) ?? new Set()).add(node.version));
      walk(node.dependencies);
    }
  };
  walk(tree.dependencies);
  return { code: result.code, problems: tree.problems ?? [], versions };
}

/**
 * The bare module specifiers a built file pulls in, following its relative
 * imports through the package (TypeScript's own pre-processor reads them).
 */
export async function bareImportsOf(entry: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  async function visit(file: string): Promise<void> {
    if (seen.has(file)) return;
    seen.add(file);
    const { importedFiles } = ts.preProcessFile(await readFile(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith('.')) await visit(join(dirname(file), fileName));
      else bare.add(fileName);
    }
  }
  await visit(entry);
  return bare;
}

/** Builds an installed example with the repo's Vite (JS API) in a child process, as production. */
export async function buildExample(installed: Installed): Promise<RunResult> {
  return ok(
    `vite build of ${installed.name}`,
    await run(
      process.execPath,
      [join(REPO, 'test', 'examples', 'viteBuild.mjs'), installed.dir],
      REPO,
      userEnv({ NODE_ENV: 'production' }),
    ),
  );
}

export interface Typecheck {
  readonly ms: number;
  /** Errors in the app's code or in this package's declarations, with their explanation lines. */
  readonly ours: readonly string[];
  /** Errors inside other packages' declarations (skipLibCheck is off), by package: theirs to fix, not ours. */
  readonly theirs: Readonly<Record<string, number>>;
}

/** The repo's TypeScript compiler over an installed example's tsconfig. */
export async function typecheckExample(installed: Installed): Promise<Typecheck> {
  const result = await run(join(BIN, 'tsc'), ['-p', join(installed.dir, 'tsconfig.json'), '--noEmit', '--pretty', 'false'], installed.dir);
  const ours: string[] = [];
  const theirs: Record<string, number> = {};
  let isOurs = false;
  for (const line of `${result.stdout}${result.stderr}`.split('\n')) {
    if (!line.trim()) continue;
    if (/^\s/.test(line)) {
      // An explanation line of the error above it.
      if (isOurs) ours[ours.length - 1] += `\n${line}`;
      continue;
    }
    const pkg = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line)?.[1];
    isOurs = !pkg || pkg === 'amplify-mfa-flow';
    if (isOurs) ours.push(line);
    else if (pkg) theirs[pkg] = (theirs[pkg] ?? 0) + 1;
  }
  if (result.code !== 0 && ours.length === 0 && Object.keys(theirs).length === 0)
    ours.push(`tsc exited ${result.code} with no diagnostics`);
  return { ms: result.ms, ours, theirs };
}

/** A built example's dist/ on 127.0.0.1 (free port), plus `/amplify_outputs.json`, as a static host serves an app. */
export function serveBuilt(root: string, outputs: unknown): Promise<StaticSite> {
  return serveStatic(root, {
    route: (url, _req, res) => {
      if (decodeURIComponent(url.pathname) !== '/amplify_outputs.json') return false;
      res.writeHead(200, { 'content-type': contentType('.json') }).end(JSON.stringify(outputs));
      return true;
    },
  });
}
