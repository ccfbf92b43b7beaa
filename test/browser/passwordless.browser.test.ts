import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { pageUrl } from '../../demo/serve.js';
import { PASSWORD } from '../support/backend.js';
import { passwordlessUser, startPasswordlessBackend } from '../support/passwordless.js';
import { CHROMIUM, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// The demo's sign-in page on the passwordless variant (issue 11, item 6): the passwordless sign-in machine with
// its aws-amplify actors, in Chromium with its virtual authenticator (CDP WebAuthn). The page is opened where
// `npm start` says to open it: http://localhost:<port>, the relying party's host (127.0.0.1 gets no passkeys).

let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig({}, { backend: startPasswordlessBackend });
}, 180_000);
afterAll(() => rig?.close());

interface Device {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
}

/** A fresh page where the banner says to open the demo, with a platform authenticator that verifies the user. */
async function openDemo(): Promise<Device> {
  const context = await rig.browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(pageUrl(rig.demo).url);
  await page.locator('h2[data-step]').first().waitFor({ timeout: 30_000 });
  return { page, cdp, authenticatorId };
}

const main = (page: Page) => page.getByRole('main');
const card = (page: Page) => page.locator('section[data-flow="passwordless"]');
const alert = (page: Page) => card(page).locator('[role="alert"]');
const panel = (page: Page) => page.locator('[data-panel="passkeys"]');
const offered = (page: Page) =>
  card(page)
    .locator('[data-factor]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-factor')));
const held = async (d: Device) =>
  ((await d.cdp.send('WebAuthn.getCredentials', { authenticatorId: d.authenticatorId })) as { credentials: { signCount: number }[] })
    .credentials;

/** The newest code the demo's inbox panel shows for this address. */
async function inboxCode(page: Page, to: string, medium: 'EMAIL' | 'SMS' = 'EMAIL'): Promise<string> {
  const entry = page.locator(`aside.inbox li[data-inbox-medium="${medium}"][data-inbox-to="${to}"] code`).first();
  await entry.waitFor({ timeout: 10_000 });
  return (await entry.textContent())!;
}

/** From the sign-in form, by the identifier alone: Cognito offers the first factors this user has. */
async function withoutPassword(page: Page, email: string): Promise<void> {
  await main(page).getByLabel('Email').fill(email);
  await main(page).getByRole('button', { name: 'Sign in without a password' }).click();
  await restingStep(page, 'factorSelection');
}

async function withPassword(page: Page, email: string): Promise<void> {
  await main(page).getByLabel('Email').fill(email);
  await main(page).getByLabel('Password').fill(PASSWORD);
  await main(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'signedIn');
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
  await restingStep(page, 'passkeys-ready');
}

/** From anywhere signed in: the sign-in tab's "Sign out", then "Sign in" back to the form. */
async function signOut(page: Page): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: 'Sign in', exact: true }).click();
  await main(page).getByRole('button', { name: 'Sign out', exact: true }).click();
  await restingStep(page, 'signedOut');
  await main(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'credentials');
}

async function registerPasskey(page: Page): Promise<void> {
  await openSettings(page);
  await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
  await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
  await restingStep(page, 'passkeys-ready');
}

describe.skipIf(!CHROMIUM)('the passwordless sign-in page of the demo (Chromium, virtual authenticator)', () => {
  it('npm start names the address passkeys work on: localhost, not 127.0.0.1, and says why', () => {
    const open = pageUrl(rig.demo);
    expect(rig.demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(open.url).toBe(rig.demo.url.replace('//127.0.0.1:', '//localhost:'));
    expect(open.why).toContain('relying party localhost');
  });

  it('signs in with an emailed 8-digit code read from the inbox panel, after a wrong one is refused and kept', async () => {
    const { email } = await passwordlessUser(rig.t, 'pl-browser-otp');
    const { page } = await openDemo();
    try {
      await withoutPassword(page, email);
      // Only what this user has: a password, a code to the verified email and phone; no passkey (none registered).
      expect(await offered(page)).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
      await card(page).getByRole('button', { name: 'Email me a code' }).click();
      await restingStep(page, 'emailCode');
      expect(await card(page).getByRole('button', { name: 'Use another method' }).count()).toBe(1);
      const code = await inboxCode(page, email);
      expect(code).toMatch(/^[0-9]{8}$/);
      const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
      const field = card(page).getByLabel('8-digit code');
      await field.fill(wrong);
      await card(page).getByRole('button', { name: 'Verify' }).click();
      await expect.poll(() => alert(page).getAttribute('data-error'), { timeout: 10_000 }).toBe('WRONG_CODE');
      await restingStep(page, 'emailCode');
      // The step is the same code step, with what was typed still in the field and marked invalid.
      expect(await field.inputValue()).toBe(wrong);
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await field.fill(code);
      await card(page).getByRole('button', { name: 'Verify' }).click();
      await restingStep(page, 'signedIn');
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  });

  it('registers a passkey in settings, signs in with it alone, deletes it, and is then no longer offered one', async () => {
    const { email } = await passwordlessUser(rig.t, 'pl-browser-pk');
    const d = await openDemo();
    const { page } = d;
    try {
      await withPassword(page, email);
      await registerPasskey(page);
      await signOut(page);

      await withoutPassword(page, email);
      expect(await offered(page)).toContain('WEB_AUTHN');
      const before = (await held(d))[0]!.signCount;
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'signedIn', 20_000);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
      // The virtual authenticator signed the challenge with the passkey made in settings: no password was typed.
      expect((await held(d))[0]!.signCount).toBeGreaterThan(before);

      await openSettings(page);
      await panel(page).locator('li[data-passkey]').getByRole('button', { name: 'Delete' }).click();
      await panel(page).getByRole('button', { name: 'Delete passkey' }).click();
      await expect.poll(() => panel(page).locator('[data-passkeys="none"]').count(), { timeout: 15_000 }).toBe(1);
      await signOut(page);

      // The browser still holds the key, but Cognito has none for this user, so passkey is not a choice any more.
      expect(await held(d)).toHaveLength(1);
      await withoutPassword(page, email);
      expect(await offered(page)).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP', 'SMS_OTP']);
      expect(await card(page).getByRole('button', { name: 'Passkey' }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('a passkey prompt the user does not complete shows the typed error and a way back, then the password signs in', async () => {
    const { email } = await passwordlessUser(rig.t, 'pl-browser-pk-cancel');
    const d = await openDemo();
    const { page } = d;
    try {
      await withPassword(page, email);
      await registerPasskey(page);
      await signOut(page);

      // No authenticator answers any more: Chromium ends the prompt as the user closing it does (NotAllowedError).
      await d.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: d.authenticatorId });
      await page.evaluate(() => {
        const get = navigator.credentials.get.bind(navigator.credentials);
        navigator.credentials.get = (options?: CredentialRequestOptions) => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(new DOMException('The user closed the prompt.', 'NotAllowedError')), 500);
          return get({ ...options, signal: controller.signal });
        };
      });
      await withoutPassword(page, email);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'passkeyFailed', 20_000);
      const code = await alert(page).getAttribute('data-error');
      expect(['PASSKEY_CANCELLED', 'PASSKEY_NOT_ALLOWED']).toContain(code);
      expect(await alert(page).textContent()).toMatch(/another way to sign in/);
      expect(await card(page).getByRole('button', { name: 'Try the passkey again' }).count()).toBe(1);

      // Another method: the first factors again, and the password as a step of its own.
      await card(page).getByRole('button', { name: 'Use another method' }).click();
      await restingStep(page, 'factorSelection');
      expect(await alert(page).count()).toBe(0);
      await card(page).getByRole('button', { name: 'Password', exact: true }).click();
      await restingStep(page, 'password');
      await card(page).getByLabel('Password').fill(PASSWORD);
      await card(page).getByRole('button', { name: 'Continue' }).click();
      await restingStep(page, 'signedIn');
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  });
});
