import type { Page } from 'playwright-core';
import { signOut, updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTotp, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';
import { NOT_A_CODE, cognitoCalls, makeCodes, refusedWith, submitRecoveryCode } from './recoveryPanels.js';

// Recovery codes end to end in the demo (Chromium, real aws-amplify, the local backend running the pool's
// custom-auth triggers): a TOTP user makes a set in the settings, signs in with one in place of the code,
// cannot use it twice, makes a new set, and finds the old set void.

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

async function typePassword(page: Page, email: string): Promise<void> {
  const main = page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function signOutOnPage(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Sign in' }).click();
  await restingStep(page, 'signedIn');
  await page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true }).click();
  await restingStep(page, 'signedOut');
  await page.getByRole('main').getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'credentials');
}

/** Password, then "Use a recovery code" on the TOTP step, then the password again in the recovery sign-in: waits on its code step. */
async function toRecoveryCode(page: Page, email: string): Promise<void> {
  await typePassword(page, email);
  await restingStep(page, 'totpCode');
  await page.getByRole('main').getByRole('button', { name: 'Use a recovery code' }).click();
  await restingStep(page, 'recovery-enteringCredentials');
  const flow = page.locator('[data-flow="recovery-sign-in"]');
  await flow.getByLabel('Email').fill(email);
  await flow.getByLabel('Password').fill(PASSWORD);
  await flow.getByRole('button', { name: 'Continue' }).click();
  await restingStep(page, 'recovery-awaitingCode');
}

describe.skipIf(!CHROMIUM)('recovery codes in the demo (Chromium)', () => {
  it('make a set, sign in with one code once, a wrong or malformed code is refused, a new set voids the old', async () => {
    const email = await signUpConfirmed(rig.t, 'browser-recovery');
    const totp = await enrollTotp(rig.t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    const page = await openDemo(rig);
    const calls = cognitoCalls(page);
    try {
      await typePassword(page, email);
      await restingStep(page, 'totpCode');
      await page.getByLabel('6-digit code').fill(totp.generate());
      await page.getByRole('button', { name: 'Verify' }).click();
      await restingStep(page, 'signedIn');

      const first = await makeCodes(page);
      await signOutOnPage(page);

      // "Use a recovery code": a code of the wrong shape is refused on the page, before any call, and stays typed.
      await toRecoveryCode(page, email);
      const before = calls.length;
      await submitRecoveryCode(page, 'abc-12');
      const flow = page.locator('[data-flow="recovery-sign-in"]');
      await flow.locator('[data-error="RECOVERY_CODE_FORMAT"]').waitFor({ timeout: 10_000 });
      expect(await flow.getByLabel('Recovery code').inputValue()).toBe('abc-12');
      expect(await flow.getByLabel('Recovery code').getAttribute('aria-invalid')).toBe('true');
      expect(calls.slice(before), 'no call for a malformed code').toEqual([]);
      expect(await flow.locator('[data-attempts-left]').getAttribute('data-attempts-left')).toBe('5');

      // A well-formed code that is not one of the set: refused by the triggers, counted.
      await submitRecoveryCode(page, NOT_A_CODE);
      const wrong = await refusedWith(page, 'RECOVERY_CODE_WRONG');
      expect(wrong.attemptsLeft).toBe('4');
      expect(wrong.error).toContain('not one of your recovery codes');
      expect(calls.slice(before)).toEqual(['RespondToAuthChallenge']);

      // A right one signs in, in place of the authenticator code.
      await submitRecoveryCode(page, first[0]!);
      await restingStep(page, 'signedIn', 30_000);
      await signOutOnPage(page);

      // The same code again: used, refused.
      await toRecoveryCode(page, email);
      await submitRecoveryCode(page, first[0]!);
      const used = await refusedWith(page, 'RECOVERY_CODE_USED');
      expect(used.attemptsLeft).toBe('4');
      expect(used.error).toContain('already used');
      // Another code of the set still works.
      await submitRecoveryCode(page, first[1]!);
      await restingStep(page, 'signedIn', 30_000);

      // A new set in the settings voids the old one, used or not.
      const second = await makeCodes(page);
      expect(second.filter((c) => first.includes(c))).toEqual([]);
      await signOutOnPage(page);

      await toRecoveryCode(page, email);
      await submitRecoveryCode(page, first[2]!);
      await refusedWith(page, 'RECOVERY_CODE_WRONG');
      await submitRecoveryCode(page, second[0]!);
      await restingStep(page, 'signedIn', 30_000);
      expect((page as Page & { errors?: string[] }).errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 180_000);
});
