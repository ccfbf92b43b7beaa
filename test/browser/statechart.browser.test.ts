import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import { signOut, updateMFAPreference } from 'aws-amplify/auth';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// The demo's live statechart panel: loaded only when opened, and the active
// state's highlight follows the machine. This suite runs the demo on Vite's
// dev server, as `npm start` does; the other suites serve the run's build.
let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig({}, { dev: true });
}, 120_000);
afterAll(async () => rig?.close());

/** The classes of the diagram node drawn for a state id. */
async function nodeClasses(page: Page, stateId: string): Promise<string> {
  const node = page.locator(`[data-statechart] g[id*="-${stateId.replace(/\./g, '_')}-"]`).first();
  await node.waitFor({ timeout: 15_000 });
  return (await node.getAttribute('class')) ?? '';
}

describe.skipIf(!CHROMIUM)('the live statechart in the demo (Chromium)', () => {
  it('is not loaded until opened, then highlights credentials and moves to the TOTP challenge', async () => {
    const email = await signUpConfirmed(rig.t, 'chart');
    await enrollTotp(rig.t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    const page = await openDemo(rig);
    const loaded: string[] = [];
    page.on('request', (r) => loaded.push(r.url()));
    try {
      await restingStep(page, 'credentials');
      expect(
        loaded.filter((u) => /mermaid/.test(u)),
        'mermaid stays unloaded until the panel opens',
      ).toEqual([]);
      await page.getByRole('button', { name: 'Show statechart' }).click();
      await page.locator('[data-statechart] svg').waitFor({ timeout: 20_000 });
      expect(loaded.some((u) => /mermaid/.test(u))).toBe(true);
      await expect.poll(() => nodeClasses(page, 'signIn.credentials'), { timeout: 15_000 }).toContain('active');

      const main = page.getByRole('main');
      await main.getByLabel('Email').fill(email);
      await main.getByLabel('Password').fill(PASSWORD);
      await main.getByRole('button', { name: 'Sign in', exact: true }).click();
      await restingStep(page, 'totpCode');
      await expect.poll(() => nodeClasses(page, 'signIn.challenge.totpCode.awaitingCode'), { timeout: 15_000 }).toContain('active');
      expect(await nodeClasses(page, 'signIn.credentials')).not.toContain('active');
    } finally {
      await page.context().close();
    }
  }, 90_000);
});
