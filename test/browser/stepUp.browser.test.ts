import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// Step-up before a sensitive change, in the demo's settings page (Chromium, real aws-amplify, the local backend).
// The session is aged on the backend's clock: the user signs in "ten minutes ago", so the page's clock finds the
// ID token's auth_time older than the 5-minute default without anyone waiting.

const TEN_MINUTES = 10 * 60 * 1000;
const PHONE = '+15550100123';

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

const reauth = (page: Page, step: string) => page.locator(`[data-flow="reauth"][data-flow-step="${step}"]`).waitFor({ timeout: 10_000 });
const statusIs = (page: Page, status: string) => page.locator(`[data-status="${status}"]`).waitFor({ timeout: 10_000 });

/** A user with a verified phone, signed in ten minutes ago (by the backend's clock), with SMS MFA turned on from the settings page. */
async function oldSessionWithSms(): Promise<Page> {
  const email = uniqueEmail('stepup-browser');
  await rig.t.backend.createUser({ email, password: PASSWORD, phone: PHONE });
  const page = await openDemo(rig);
  const main = page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  rig.t.clock.advance(-TEN_MINUTES);
  try {
    await main.getByRole('button', { name: 'Sign in', exact: true }).click();
    await restingStep(page, 'signedIn');
  } finally {
    rig.t.clock.advance(TEN_MINUTES);
  }
  await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
  await restingStep(page, 'settings-ready');
  // Turning a method on is not sensitive: no new sign-in asked.
  await page.locator('tr[data-method="SMS"]').getByRole('button', { name: 'Set up' }).click();
  await statusIs(page, 'SMS');
  await restingStep(page, 'settings-ready');
  return page;
}

describe.skipIf(!CHROMIUM)('step-up before a sensitive change in the demo (Chromium)', () => {
  it('turning SMS off after the session is 10 minutes old asks to sign in again; cancelled, nothing changes; done, SMS is off', async () => {
    const page = await oldSessionWithSms();
    try {
      await page.locator('tr[data-method="SMS"]').getByRole('button', { name: 'Turn off' }).click();
      await reauth(page, 'credentials');
      const flow = page.locator('[data-flow="reauth"]');
      expect(await flow.locator('[data-pending]').textContent()).toBe('turn off: Text message (SMS)');
      // The account is fixed: the page shows it and asks only for the password.
      expect(await flow.getByLabel('Email').count()).toBe(0);

      await flow.getByRole('button', { name: 'Cancel the change' }).click();
      await restingStep(page, 'settings-ready');
      await page.locator('[data-error="REAUTH_CANCELLED"]').waitFor({ timeout: 10_000 });
      await statusIs(page, 'SMS');

      await page.locator('tr[data-method="SMS"]').getByRole('button', { name: 'Turn off' }).click();
      await reauth(page, 'credentials');
      // A wrong password is the sign-in flow's error; the change still waits.
      await flow.getByLabel('Password').fill('Not-the-passw0rd');
      await flow.getByRole('button', { name: 'Confirm' }).click();
      await flow.locator('[data-error="WRONG_CREDENTIALS"]').waitFor({ timeout: 10_000 });
      await statusIs(page, 'SMS');

      rig.t.backend.inbox.clear();
      await flow.getByLabel('Password').fill(PASSWORD);
      await flow.getByRole('button', { name: 'Confirm' }).click();
      // SMS MFA is on, so Cognito texts a code: the user's current factor.
      await reauth(page, 'smsCode');
      const code = rig.t.backend.inbox.latest({ destination: PHONE, purpose: 'Authentication' }).code;
      await flow.getByLabel('6-digit code').fill(code);
      await flow.getByRole('button', { name: 'Verify' }).click();
      // The change that was asked for is made without asking again.
      await statusIs(page, 'none');
      await restingStep(page, 'settings-ready');
      expect(await page.locator('[role="alert"]').count()).toBe(0);
      // Still signed in, as the same user: the page never signed out.
      expect(await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).count()).toBe(1);
      expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 90_000);
});
