import type { Page } from 'playwright-core';
import { signOut, updateMFAPreference } from 'aws-amplify/auth';
import type { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// "Remember this device" in the demo, in Chromium, against the local backend (which checks the device's SRP
// proof for real): remember, sign out, sign in without a code, forget, sign in with a code again.

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

async function signInWithPassword(page: Page, email: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function answerCode(page: Page, totp: TOTP, remember: boolean): Promise<void> {
  await restingStep(page, 'totpCode');
  await page.getByLabel('6-digit code').fill(totp.generate());
  if (remember) await page.getByLabel(/Remember this device/).check();
  await page.getByRole('button', { name: 'Verify' }).click();
}

async function signOutOnPage(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Sign in' }).click();
  await restingStep(page, 'signedIn');
  await page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true }).click();
  await restingStep(page, 'signedOut');
  await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'credentials');
}

describe.skipIf(!CHROMIUM)('the demo remembers a device', () => {
  it('remember, sign out, sign in without a code, forget, sign in with a code again', async () => {
    const email = await signUpConfirmed(rig.t, 'browser-device');
    const totp = await enrollTotp(rig.t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    const page = await openDemo(rig);
    await signInWithPassword(page, email);
    await answerCode(page, totp, true);
    await restingStep(page, 'signedIn');
    expect(await page.locator('main [data-error]').count(), 'remembering the device did not fail').toBe(0);
    await signOutOnPage(page);

    // The remembered device answers for the code.
    await signInWithPassword(page, email);
    await restingStep(page, 'signedIn');

    // Settings: the device is listed as remembered, and forgotten.
    await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
    const device = page.locator('li[data-device][data-remembered="true"]');
    await device.waitFor({ timeout: 10_000 });
    expect(await page.locator('li[data-device]').count()).toBe(1);
    await device.getByRole('button', { name: 'Forget' }).click();
    await page.locator('section[data-devices="0"][aria-busy="false"] h2[data-step="devices-ready"]').waitFor({ timeout: 10_000 });
    await signOutOnPage(page);

    // Forgotten: the code is asked for again.
    await signInWithPassword(page, email);
    await answerCode(page, totp, false);
    await restingStep(page, 'signedIn');
    expect((page as Page & { errors?: string[] }).errors).toEqual([]);
  });
});
