import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';
import { startDemo } from '../../demo/serve.js';
import { serveDemo } from '../support/demoSite.js';
import type { DemoSite } from '../support/demoSite.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';

/** Debian's chromium, or null. With REQUIRE_BROWSER=1 (CI) a missing one is an error, not a skip. */
function chromiumPath(): string | null {
  const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found =
    candidates.find((p) => existsSync(p)) ??
    (() => {
      try {
        return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim() || null;
      } catch {
        return null;
      }
    })();
  if (!found && process.env.REQUIRE_BROWSER === '1') throw new Error('REQUIRE_BROWSER=1 but no chromium: apt-get install chromium');
  return found ?? null;
}

export const CHROMIUM = chromiumPath();
if (!CHROMIUM) console.log('browser tests skipped: no chromium on this machine (apt-get install chromium; CI sets REQUIRE_BROWSER=1)');

export interface BrowserRig {
  readonly t: TestBackend;
  readonly demo: DemoSite;
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * A local backend on a free port (`backend` starts another kind, e.g. the passwordless variant), the demo on
 * another, and headless chromium. The demo is the run's build (test/support/demoSite.ts); with `dev` it is
 * Vite's dev server, as `npm start` runs it.
 */
export async function startRig(
  pool: Parameters<typeof startTestBackend>[0] = {},
  options: { readonly backend?: () => Promise<TestBackend>; readonly dev?: boolean } = {},
): Promise<BrowserRig> {
  const t = options.backend ? await options.backend() : await startTestBackend(pool);
  const cacheDir = options.dev ? await mkdtemp(join(tmpdir(), 'vite-cache-')) : undefined;
  const demo = cacheDir ? await startDemo({ backend: t.backend, demoPort: 0, cacheDir }) : await serveDemo(inject('demoBuild'), t.backend);
  const browser = await chromium.launch({
    executablePath: CHROMIUM!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    t,
    demo,
    browser,
    async close() {
      await browser.close();
      await demo.close();
      await t.backend.close();
      if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
    },
  };
}

/** A fresh page (its own storage, so its own Amplify session) on the demo. */
export async function openDemo(rig: BrowserRig, query = ''): Promise<Page> {
  const context = await rig.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${rig.demo.url}${query}`);
  await page.locator('h2[data-step]').first().waitFor({ timeout: 30_000 });
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}

/** The step the page shows (its heading's data-step), once nothing is in flight. */
export async function restingStep(page: Page, expected: string, timeout = 10_000): Promise<void> {
  await page.locator(`main section[aria-busy="false"] h2[data-step="${expected}"]`).waitFor({ timeout });
}

/** What a visitor's devtools would flag red: console errors, uncaught errors, requests that failed or got 4xx/5xx. */
export interface PageProblems {
  readonly console: string[];
  readonly requests: string[];
}

function watchProblems(page: Page): PageProblems {
  const problems: PageProblems = { console: [], requests: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.console.push(e.message));
  page.on('requestfailed', (r) => problems.requests.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.requests.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  return problems;
}

/** The demo in a fresh page of the given size, watched from before the first request. */
export async function openDemoSized(
  rig: BrowserRig,
  viewport: { width: number; height: number },
  query = '',
): Promise<{ page: Page; problems: PageProblems }> {
  const context = await rig.browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(`${rig.demo.url}${query}`);
  // Attached, not visible: whether a step can be seen at this size is for the caller to check.
  await page.locator('h2[data-step]').first().waitFor({ state: 'attached', timeout: 30_000 });
  return { page, problems };
}

/** Debian's chromium, headless, for suites that serve their own pages (e.g. the packaged examples). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM ?? undefined,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Rigs that take turns: `use` runs on a free one, or waits for one. */
export interface RigPool {
  use<T>(run: (rig: BrowserRig) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * `size` rigs, each with its own backend (its own clock and users), so that a suite's independent walks run side
 * by side instead of one after another: a walk spends most of its time waiting on the page and the backend.
 */
export async function startRigPool(size: number, start: () => Promise<BrowserRig>): Promise<RigPool> {
  const rigs = await Promise.all(Array.from({ length: size }, start));
  const idle = [...rigs];
  const waiting: ((rig: BrowserRig) => void)[] = [];
  return {
    async use(run) {
      const rig = idle.pop() ?? (await new Promise<BrowserRig>((resolve) => waiting.push(resolve)));
      try {
        return await run(rig);
      } finally {
        const next = waiting.shift();
        if (next) next(rig);
        else idle.push(rig);
      }
    },
    async close() {
      await Promise.all(rigs.map((rig) => rig.close()));
    },
  };
}

/**
 * Runs one task at a time: for setup through this process's Amplify, a single configuration and session that
 * the rigs of a pool share. `serially(() => …)` waits for the one before it, failed or not.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = last.then(task, task);
    last = run.catch(() => {});
    return run;
  };
}
