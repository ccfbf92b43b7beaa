import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from '../support/backend.js';
import { restingStep } from './harness.js';

// Recovery codes on the demo's pages, shared by the suites that use them (the password sign-in page,
// recovery.browser.test.ts, and the passwordless one, passwordless.browser.test.ts): the settings panel
// that makes a set, and the recovery sign-in panel that "Use a recovery code" opens.

/** A code of the right shape that no set holds (`1`, `0`, `i`, `l` and `o` are never in one; `a` ten times is as good as never). */
export const NOT_A_CODE = 'aaaaa-aaaaa';

/** Every Cognito call the page makes (aws-amplify POSTs with an X-Amz-Target). */
export function cognitoCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const target = r.headers()['x-amz-target'];
    if (r.method() === 'POST' && target) calls.push(target.split('.').pop() ?? target);
  });
  return calls;
}

/** Everything the page keeps in Web Storage, as one string. */
const storedText = (page: Page) =>
  page.evaluate(() => [sessionStorage, localStorage].flatMap((s) => Object.keys(s).map((k) => `${k}=${s.getItem(k) ?? ''}`)).join('\n'));

export async function submitRecoveryCode(page: Page, code: string): Promise<void> {
  const flow = page.locator('[data-flow="recovery-sign-in"]');
  await flow.getByLabel('Recovery code').fill(code);
  await flow.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The error the recovery sign-in shows once its call has answered, and the attempts it says are left. */
export async function refusedWith(page: Page, code: string): Promise<{ error: string | null; attemptsLeft: string | null }> {
  await restingStep(page, 'recovery-awaitingCode');
  const flow = page.locator('[data-flow="recovery-sign-in"]');
  const alert = flow.locator(`[data-error="${code}"]`);
  await alert.waitFor({ timeout: 10_000 });
  return { error: await alert.textContent(), attemptsLeft: await flow.locator('[data-attempts-left]').getAttribute('data-attempts-left') };
}

/** Settings → Recovery codes → the password → the ten codes → "I saved them". Returns the codes shown. */
export async function makeCodes(page: Page): Promise<string[]> {
  await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
  await restingStep(page, 'settings-ready');
  const panel = page.locator('[data-flow="recovery-codes"]');
  await restingStep(page, 'recovery-idle');
  await panel.getByRole('button', { name: /recovery codes|new set/i }).click();
  await restingStep(page, 'recovery-enteringPassword');
  await panel.getByLabel('Your password').fill(PASSWORD);
  await panel.getByRole('button', { name: 'Show my codes' }).click();
  await restingStep(page, 'recovery-showing', 30_000);
  const codes = await panel.locator('[data-codes] code').allTextContents();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{5}-[2-9a-hjkmnp-z]{5}$/);
  // Shown, not kept: no snapshot or token store holds a code, even while they are on the page.
  const whileShown = await storedText(page);
  for (const code of codes) expect(whileShown).not.toContain(code);

  // The settings page must not be rebuilt by saving (the same heading element stays in the document).
  await page.evaluate(() => {
    (window as unknown as { settingsHeading: Element | null }).settingsHeading = document.querySelector('h2[data-step^="settings-"]');
  });
  await panel.getByRole('button', { name: 'I saved them' }).click();
  await restingStep(page, 'recovery-saved', 30_000);
  await panel.locator('[data-status="saved"]').waitFor({ timeout: 10_000 });
  expect(
    await page.evaluate(() => {
      const heading = (window as unknown as { settingsHeading: Element | null }).settingsHeading;
      return !!heading && heading.isConnected;
    }),
    'the settings page stayed as it was after "I saved them"',
  ).toBe(true);
  // The codes are gone from the page and from anything stored.
  const html = await page.content();
  const stored = await storedText(page);
  for (const code of codes) {
    expect(html).not.toContain(code);
    expect(stored).not.toContain(code);
  }
  expect(await page.locator('main [data-error]').count()).toBe(0);
  return codes;
}
