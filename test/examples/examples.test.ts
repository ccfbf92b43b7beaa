import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import { CHROMIUM, launchChromium } from '../browser/harness.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import {
  bareImportsOf,
  buildExample,
  copiesOf,
  installExample,
  npmLs,
  ok,
  packPackage,
  packedForRun,
  removeInstalled,
  run,
  serveBuilt,
  typecheckExample,
} from './consumer.js';
import type { Installed, Packed } from './consumer.js';
import { totpJourney } from './journey.js';

// Consumers as tests: each folder in examples/ is a tiny app that installs the
// packed tarball the way a user would, in a temp folder outside this repo.

let work: string;
let packed: Packed;
let t: TestBackend;
let browser: Browser | undefined;
const installed: Installed[] = [];
const timings: Record<string, Record<string, number>> = {};
const time = (example: string, step: string, ms: number) => {
  timings[example] = { ...timings[example], [step]: Math.round(ms) };
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'amplify-mfa-flow-pack-'));
  // Under npm test the run's one tarball (test/all.mjs), else packed here.
  const pack = async () => (await packedForRun()) ?? packPackage(work);
  [packed, t, browser] = await Promise.all([pack(), startTestBackend(), CHROMIUM ? launchChromium() : undefined]);
  time('package', 'build', packed.buildMs);
  time('package', 'pack', packed.packMs);
}, 120_000);

afterAll(async () => {
  console.log(
    `examples (ms):\n${Object.entries(timings)
      .map(
        ([example, steps]) =>
          `  ${example.padEnd(9)} ${Object.entries(steps)
            .map(([step, ms]) => `${step} ${ms}`)
            .join(', ')}`,
      )
      .join('\n')}`,
  );
  await browser?.close();
  await t?.backend.close();
  await Promise.all(installed.map(removeInstalled));
  if (work) await rm(work, { recursive: true, force: true });
});

interface PackageJson {
  readonly exports: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
}

async function install(name: string): Promise<Installed> {
  const example = await installExample(name, packed.tarball);
  installed.push(example);
  time(name, 'install', example.installMs);
  return example;
}

/** One copy on disk and one version in npm's tree of each package, and nothing nested under the library. */
async function expectOneCopy(expect: ExpectStatic, example: Installed, packages: readonly string[]): Promise<void> {
  const ls = await npmLs(example.dir);
  expect(ls.problems, `npm ls problems in ${example.name}`).toEqual([]);
  expect(ls.code, `npm ls exit code in ${example.name}`).toBe(0);
  for (const pkg of packages) {
    expect({ pkg, versions: [...(ls.versions.get(pkg) ?? [])] }).toEqual({ pkg, versions: [expect.any(String)] });
    expect(await copiesOf(example.dir, pkg), `copies of ${pkg} in ${example.name}`).toHaveLength(1);
  }
  expect(await copiesOf(join(example.dir, 'node_modules', 'amplify-mfa-flow'), 'xstate')).toEqual([]);
}

describe('the packed tarball', () => {
  it('holds every file its exports map points at, and only what a consumer runs', async () => {
    const manifest = JSON.parse(await readFile(packed.manifest, 'utf8')) as PackageJson;
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
    const missing = targets.map((t) => t.replace(/^\.\//, '')).filter((t) => !packed.files.includes(t));
    expect(missing, 'exports targets missing from the tarball').toEqual([]);
    expect(packed.files.filter((f) => !/^(dist\/|package\.json$|README\.md$|LICENSE$)/.test(f))).toEqual([]);
    expect(packed.files.filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
  });
});

describe.concurrent('examples/node: plain Node ESM', () => {
  it('runs a sign-in with fake actors to signedIn; every entry loads; ./machines pulls in nothing but xstate', async ({ expect }) => {
    const node = await install('node');
    await expectOneCopy(expect, node, ['@aws-amplify/core', 'xstate']);

    const started = performance.now();
    const out = ok('node index.mjs', await run(process.execPath, ['index.mjs'], node.dir));
    time('node', 'run', performance.now() - started);
    expect(out.stdout.trim().split('\n')).toEqual([
      'step: credentials',
      'step: totpCode, attempts left: 5',
      'step: totpCode, error: WRONG_CODE, attempts left: 4',
      'step: signedIn',
      'signed in as ada@example.com',
    ]);
    expect(out.stderr).toBe('');
    // The README's "Surviving a reload", on the packed package.
    const reload = ok('node reload.mjs', await run(process.execPath, ['reload.mjs'], node.dir));
    expect(reload.stdout.trim().split('\n')).toEqual([
      'stored on totpCode; password stored: false',
      'restored on totpCode; same expiresAt: true',
      'then: signedIn as ada@example.com',
      'restored too late: expired, SESSION_EXPIRED',
    ]);
    // The README's "Step-up before sensitive changes", on the packed package.
    const stepUp = ok('node stepUp.mjs', await run(process.execPath, ['stepUp.mjs'], node.dir));
    expect(stepUp.stdout.trim().split('\n')).toEqual([
      'reauthenticating as ada@example.com, holding {"kind":"save","change":{"totp":"DISABLED"}}',
      'cancelled: ready, REAUTH_CANCELLED, sent []',
      'signed in again: ready, sent [{"totp":"DISABLED"}], TOTP on: false',
    ]);

    // Every entry of the exports map in plain Node ESM; react and vue need their peers, which this app does not have.
    const manifest = JSON.parse(await readFile(join(node.dir, 'node_modules', 'amplify-mfa-flow', 'package.json'), 'utf8')) as PackageJson;
    const entries = Object.keys(manifest.exports).filter((e) => e !== './package.json');
    const loads = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const out = {};
         for (const e of ${JSON.stringify(entries)}) {
           const id = 'amplify-mfa-flow' + e.slice(1);
           try { out[e] = Object.keys(await import(id)).length; } catch (err) { out[e] = err.code + ': ' + err.message.split('\\n')[0]; }
         }
         console.log(JSON.stringify(out));`,
      ],
      node.dir,
    );
    const result = JSON.parse(ok('importing every entry', loads).stdout) as Record<string, number | string>;
    const wrong = Object.entries(result).filter(([entry, value]) =>
      entry === './react' || entry === './vue'
        ? !new RegExp(`^ERR_MODULE_NOT_FOUND: Cannot find package '(@xstate/)?${entry.slice(2)}'`).test(String(value))
        : !(typeof value === 'number' && value > 0),
    );
    expect(wrong, 'entries that do not load (react and vue must fail only for want of their peer)').toEqual([]);
    expect(Object.keys(result)).toEqual(expect.arrayContaining(['.', './machines', './mfa', './amplify', './react', './vue', './dom']));

    expect([...(await bareImportsOf(join(node.dir, 'node_modules', 'amplify-mfa-flow', 'dist', 'machines.js')))]).toEqual(['xstate']);
    expect([...(await bareImportsOf(join(node.dir, 'node_modules', 'amplify-mfa-flow', 'dist', 'mfa.js')))]).toEqual(['xstate']);
    // The testing kit's fakes stand in for aws-amplify: it brings nothing but xstate either.
    expect([...(await bareImportsOf(join(node.dir, 'node_modules', 'amplify-mfa-flow', 'dist', 'testing.js')))]).toEqual(['xstate']);
    // The published statecharts leave their states' descriptions in the source (tsdown.config.ts says why).
    const shipped = await readFile(
      join(node.dir, 'node_modules', 'amplify-mfa-flow', 'dist', 'machines', 'signIn', 'signIn.machine.js'),
      'utf8',
    );
    expect(shipped).toContain('checkingSession');
    expect(shipped).not.toMatch(/^\s*description: "/m);
  }, 300_000);
});

/**
 * A browser example: installs, has one copy of each shared package, builds
 * with Vite, then in Chromium a user signs in, enrolls TOTP in the settings,
 * signs out and signs in with a TOTP code, with nothing on the console.
 */
async function browserExample(
  expect: ExpectStatic,
  name: string,
  shared: readonly string[],
  options: { typecheck?: boolean; more?: (url: string) => Promise<void> } = {},
): Promise<void> {
  const example = await install(name);
  await expectOneCopy(expect, example, ['@aws-amplify/core', 'xstate', ...shared]);
  if (options.typecheck) {
    const tsc = await typecheckExample(example);
    time(name, 'tsc', tsc.ms);
    expect(tsc.ours, `tsc --noEmit in ${name}: errors in the app or in amplify-mfa-flow's declarations`).toEqual([]);
    if (Object.keys(tsc.theirs).length)
      console.log(`${name}: tsc errors inside other packages' declarations (skipLibCheck off):`, tsc.theirs);
  }
  time(name, 'build', (await buildExample(example)).ms);
  if (!browser) return;
  const site = await serveBuilt(join(example.dir, 'dist'), t.backend.outputs);
  // The local backend answers only the pages it is told about, as it does the demo.
  t.backend.allowOrigins(site.origin);
  try {
    const journey = await totpJourney(browser, site.url, t.backend);
    time(name, 'journey', journey.ms);
    expect(journey.consoleErrors, `console errors in ${name}`).toEqual([]);
    const started = performance.now();
    await options.more?.(site.url);
    if (options.more) time(name, 'more', performance.now() - started);
  } finally {
    await site.close();
  }
}

/**
 * examples/dom/paths.html: the app's own sign-in screens walked along every
 * generated path they offer, in the page, with the fakes of
 * amplify-mfa-flow/testing answering the calls (no backend involved).
 */
async function replayedPaths(expect: ExpectStatic, url: string): Promise<void> {
  const context = await browser!.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  try {
    await page.goto(`${url}paths.html`);
    await page.locator('body[data-paths]').waitFor({ timeout: 120_000 });
    const lines = await page.getByRole('listitem').allTextContents();
    expect(
      lines.filter((l) => !l.startsWith('✓')),
      'paths that failed on the page',
    ).toEqual([]);
    expect(lines.length).toBeGreaterThanOrEqual(20);
    // A wrong answer from Cognito, a timer run out on the fakes' clock, a Hub event delivered by the fakes.
    for (const id of ['no-session-password-totp-code-network-error', 'no-session-password-totp-code-timeout', 'session-hub-signed-in'])
      expect(lines).toContain(`✓ ${id}`);
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }
}

describe.concurrent('browser examples: install, one copy of each peer, build, then TOTP in Chromium', () => {
  it(
    'examples/react19 (also type-checked as a strict Vite React app)',
    ({ expect }) => browserExample(expect, 'react19', ['react', 'react-dom', '@xstate/react'], { typecheck: true }),
    300_000,
  );
  it(
    'examples/dom: no framework, on amplify-mfa-flow/dom; its paths page replays the generated sign-in paths with amplify-mfa-flow/testing',
    ({ expect }) => browserExample(expect, 'dom', [], { more: (url) => replayedPaths(expect, url) }),
    300_000,
  );
  it(
    'examples/vue: Vue 3 with render functions, on amplify-mfa-flow/vue',
    ({ expect }) => browserExample(expect, 'vue', ['vue', '@xstate/vue']),
    300_000,
  );
  it('examples/react18 on aws-amplify 6.22.0: one react (18), one @aws-amplify/core (its own)', async ({ expect }) => {
    await browserExample(expect, 'react18', ['react', 'react-dom', '@xstate/react']);
    const dir = installed.find((i) => i.name === 'react18')?.dir ?? '';
    expect((await copiesOf(dir, 'react'))[0]?.version).toMatch(/^18\./);
    expect((await copiesOf(dir, 'aws-amplify'))[0]?.version).toBe('6.22.0');
  }, 300_000);
});
