import { updateMFAPreference } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollTotp, signOut, signUpConfirmed } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// Surviving a reload in the demo page: a TOTP sign-in is reloaded on its code
// step, comes back on the same step with the same expiry, and the code from the
// authenticator app signs the user in. The demo keeps each flow's persisted
// snapshot in sessionStorage; Amplify keeps its sign-in in progress there too.

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

describe.skipIf(!CHROMIUM)('surviving a reload in the demo page (Chromium)', () => {
  it('a TOTP challenge reloaded mid-way comes back on the same step and signs in with the next code', async () => {
    const email = await signUpConfirmed(rig.t, 'reload-browser');
    const totp = await enrollTotp(rig.t, email);
    await updateMFAPreference({ totp: 'PREFERRED' });
    await signOut();

    const page = await openDemo(rig);
    const main = page.getByRole('main');
    await restingStep(page, 'credentials');
    await main.getByLabel('Email').fill(email);
    await main.getByLabel('Password').fill(PASSWORD);
    await main.getByRole('button', { name: 'Sign in', exact: true }).click();
    await restingStep(page, 'totpCode');

    const storage = () => page.evaluate(() => Object.fromEntries(Object.entries(sessionStorage)));
    const before = await storage();
    const stored = JSON.parse(before['amplify-mfa-flow-demo.signIn'] ?? 'null') as { context: { expiresAt: number } } | null;
    expect(stored?.context.expiresAt).toBeGreaterThan(Date.now());
    expect(JSON.stringify(before)).not.toContain(PASSWORD);
    // Amplify's own sign-in in progress, which the restored flow answers.
    expect(before['CognitoSignInState.challengeName']).toBe('SOFTWARE_TOKEN_MFA');

    await page.reload();
    await restingStep(page, 'totpCode', 30_000);
    const after = JSON.parse((await storage())['amplify-mfa-flow-demo.signIn'] ?? 'null') as { context: { expiresAt: number } };
    expect(after.context.expiresAt).toBe(stored?.context.expiresAt);

    const code = totp.generate();
    await main.getByLabel(/code/i).fill(code);
    await main.getByRole('button', { name: 'Verify', exact: true }).click();
    await restingStep(page, 'signedIn');
    await expect(main.getByText(email).first().isVisible()).resolves.toBe(true);
    expect(JSON.stringify(await storage())).not.toContain(code);
    expect((page as typeof page & { errors?: string[] }).errors).toEqual([]);

    // Reloaded once more while signed in: the session is checked again and the user is still signed in.
    await page.reload();
    await restingStep(page, 'signedIn', 30_000);
    await page.context().close();
  });
});
