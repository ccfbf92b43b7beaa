import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticator } from '../support/amplifyUsers.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// The demo's MFA policy: an admin without MFA sees the gate, not the signed-in app, until MFA is on.

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

async function adminSignsIn(): Promise<Page> {
  const email = uniqueEmail('browser-admin');
  await rig.t.backend.createUser({ email, password: PASSWORD, groups: ['admins'] });
  const page = await openDemo(rig);
  const main = page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'policy-choosing');
  return page;
}

describe.skipIf(!CHROMIUM)('the demo holds an admin without MFA at the policy gate', () => {
  it('shows the gate instead of the signed-in page, on every tab, until an authenticator app is set up', async () => {
    const page = await adminSignsIn();
    expect(await page.locator('h2[data-step="signedIn"]').count()).toBe(0);
    await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
    await restingStep(page, 'policy-choosing');
    await page.getByRole('button', { name: 'Authenticator app' }).click();
    const flow = page.locator('[data-flow="totp"][data-flow-step="awaitingCode"]');
    await flow.waitFor({ timeout: 10_000 });
    const secret = (await page.locator('[data-secret]').getAttribute('data-secret'))!;
    await flow.getByLabel('Code from the app').fill(authenticator(secret).generate());
    await flow.getByRole('button', { name: 'Verify' }).click();
    await restingStep(page, 'settings-ready');
    await page.locator('[data-status="TOTP"]').waitFor({ timeout: 10_000 });
    // Past the gate, the settings keep the admin's only method on (the pool is OPTIONAL): no way around the gate there.
    const turnOff = page.locator('tr[data-method="TOTP"]').getByRole('button', { name: 'Turn off' });
    expect(await turnOff.isDisabled()).toBe(true);
    expect(await turnOff.getAttribute('title')).toBe(
      'This app requires two-step verification: add another method before turning this one off.',
    );
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });

  it('signing out is the way out of the gate', async () => {
    const page = await adminSignsIn();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await restingStep(page, 'signedOut');
  });
});
