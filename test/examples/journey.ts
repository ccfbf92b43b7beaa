import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import type { LocalBackend } from '../../amplify/local/server.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';

// What a person does in every example app, read off the page: sign in with a
// password, turn on an authenticator app in the settings, sign out, sign in
// again with a code from it. Every example app shows the same words, so one
// journey drives them all.

export interface JourneyResult {
  readonly email: string;
  /** Everything the page logged as an error or threw, and every request that failed or got 4xx/5xx, in order. */
  readonly consoleErrors: readonly string[];
  readonly ms: number;
}

const TIMEOUT = 15_000;

export async function totpJourney(browser: Browser, url: string, backend: LocalBackend): Promise<JourneyResult> {
  const started = performance.now();
  const email = uniqueEmail('example');
  await backend.createUser({ email, password: PASSWORD });
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  // A refused or failed call (a 403 from the backend, a missing chunk) is a problem even when the app swallows it.
  page.on('requestfailed', (r) => consoleErrors.push(`request: ${r.method()} ${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('response', (r) => {
    if (r.status() >= 400) consoleErrors.push(`response: ${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  try {
    await page.goto(url);
    // The app's own aws-amplify got the configuration the library wrote: one @aws-amplify/core.
    await see(page, `User pool: ${backend.userPoolId}`);

    await signInWithPassword(page, email);
    await see(page, `Signed in as ${email}`);

    await page.getByRole('button', { name: 'MFA settings' }).click();
    const totpRow = page.getByRole('listitem').filter({ hasText: 'Authenticator app: off' });
    await totpRow.waitFor({ timeout: TIMEOUT });
    await totpRow.getByRole('button', { name: 'Set up' }).click();

    const key = page.getByLabel('Setup key');
    await key.waitFor({ timeout: TIMEOUT });
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor({ timeout: TIMEOUT });
    const app = new TOTP({
      secret: Secret.fromBase32((await key.inputValue()).replace(/\s+/g, '')),
      digits: 6,
      period: 30,
      algorithm: 'SHA1',
    });
    await page.getByLabel('Code from your authenticator app').fill(app.generate());
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('listitem').filter({ hasText: 'Authenticator app: on' }).waitFor({ timeout: TIMEOUT });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await see(page, 'You are signed out.');
    await page.getByRole('button', { name: 'Sign in again' }).click();

    await signInWithPassword(page, email);
    const code = page.getByLabel('Code from your authenticator app');
    await code.waitFor({ timeout: TIMEOUT });
    // The next period's code (the server accepts one period either side): never the one just used to enroll.
    await code.fill(app.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await see(page, `Signed in as ${email}`);
    return { email, consoleErrors, ms: performance.now() - started };
  } catch (e) {
    const body = await page
      .locator('body')
      // biome-ignore lint/performance/useDomNodeTextContent: what a person sees, line by line, for the failure message
      .innerText()
      .catch(() => '(no page)');
    throw new Error(
      `${(e as Error).message.split('\n')[0]}\n--- the page shows:\n${body}\n--- console errors:\n${consoleErrors.join('\n')}`,
    );
  } finally {
    await context.close();
  }
}

async function signInWithPassword(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function see(page: Page, text: string): Promise<void> {
  await page.getByText(text, { exact: true }).waitFor({ timeout: TIMEOUT });
}
