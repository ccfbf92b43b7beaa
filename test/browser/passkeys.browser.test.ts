import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { PASSWORD } from '../support/backend.js';
import { passwordlessUser, startPasswordlessBackend } from '../support/passwordless.js';
import { CHROMIUM, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// Passkeys in Chromium, with its virtual authenticator (CDP WebAuthn): the demo's passkeys panel on the
// settings page of the passwordless variant. Browsers refuse relying party `localhost` to a page on
// 127.0.0.1, so the page is opened on http://localhost:<port> (the backend allows that origin, and its
// passkey checks expect it).

// On Vite's dev server, as `npm start` runs it: the sign-in below imports the page's own aws-amplify/auth module by its URL.
let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig({}, { backend: startPasswordlessBackend, dev: true });
}, 180_000);
afterAll(() => rig?.close());

interface Device {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
}

/** A fresh page on http://localhost (`query` appended) with a platform authenticator that verifies the user. */
async function openOnLocalhost(query = ''): Promise<Device> {
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
  await page.goto(`${rig.demo.url.replace('//127.0.0.1:', '//localhost:')}${query}`);
  await page.locator('h2[data-step]').first().waitFor({ timeout: 30_000 });
  return { page, cdp, authenticatorId };
}

const TEN_MINUTES = 10 * 60 * 1000;

/** Signed in (`aged`: ten minutes ago, by the backend's clock) and on the settings page. */
async function signedInOnSettings(tag: string, { aged = false, query = '' } = {}): Promise<Device & { email: string }> {
  const { email } = await passwordlessUser(rig.t, tag);
  const device = await openOnLocalhost(query);
  const main = device.page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  if (aged) rig.t.clock.advance(-TEN_MINUTES);
  try {
    await main.getByRole('button', { name: 'Sign in', exact: true }).click();
    await restingStep(device.page, 'signedIn');
  } finally {
    if (aged) rig.t.clock.advance(TEN_MINUTES);
  }
  await device.page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
  await restingStep(device.page, 'passkeys-ready');
  return { ...device, email };
}

const panel = (page: Page) => page.locator('[data-panel="passkeys"]');

/** Whether the authenticator answers by itself; off, the browser's prompt stays open until the page aborts it (or its own timeout). */
const presence = (d: Device, enabled: boolean) =>
  d.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: d.authenticatorId, enabled });

/** The panel adding a passkey with the browser's prompt open. */
const promptOpen = (page: Page) => page.locator('[data-panel="passkeys"][aria-busy="true"] h2[data-step="passkeys-adding"]').waitFor();

/** Whether the page's navigator.credentials is as the browser made it (no wrapper of the flow's left as an own property). */
const credentialsAsBuilt = (page: Page) =>
  page.evaluate(() => !Object.hasOwn(navigator.credentials, 'get') && !Object.hasOwn(navigator.credentials, 'create'));
const held = async (d: Device) =>
  ((await d.cdp.send('WebAuthn.getCredentials', { authenticatorId: d.authenticatorId })) as { credentials: { credentialId: string }[] })
    .credentials;

describe.skipIf(!CHROMIUM)('passkeys in the demo page (Chromium, virtual authenticator)', () => {
  it('registers a passkey in settings, lists it, deletes it after a confirmation naming it, and lists none', async () => {
    const d = await signedInOnSettings('browser-pk');
    const { page } = d;
    try {
      await expect.poll(() => panel(page).locator('[data-passkeys="none"]').count()).toBe(1);
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
      // The one listed is the one Chromium's authenticator holds.
      const [credential] = await held(d);
      const listedId = await panel(page).locator('li[data-passkey]').getAttribute('data-passkey');
      expect(Buffer.from(listedId!, 'base64url').equals(Buffer.from(credential!.credentialId, 'base64'))).toBe(true);

      await panel(page).locator('li[data-passkey]').getByRole('button', { name: 'Delete' }).click();
      await restingStep(page, 'passkeys-confirmingDelete');
      expect(await panel(page).locator('[data-confirm]').textContent()).toBe('This device');
      // Stepping back deletes nothing.
      await panel(page).getByRole('button', { name: 'Keep it' }).click();
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('li[data-passkey]').count()).toBe(1);
      await panel(page).locator('li[data-passkey]').getByRole('button', { name: 'Delete' }).click();
      await panel(page).getByRole('button', { name: 'Delete passkey' }).click();
      await expect.poll(() => panel(page).locator('[data-passkeys="none"]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('deleting a passkey ten minutes after signing in asks to sign in again; cancelled, it stays; signed in again, it is deleted', async () => {
    const d = await signedInOnSettings('browser-pk-stepup', { aged: true });
    const { page, email } = d;
    const reauth = (step: string) => panel(page).locator(`[data-flow="reauth"][data-flow-step="${step}"]`).waitFor({ timeout: 15_000 });
    try {
      // Adding is not sensitive: no new sign-in asked.
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');

      await panel(page).locator('li[data-passkey]').getByRole('button', { name: 'Delete' }).click();
      await panel(page).getByRole('button', { name: 'Delete passkey' }).click();
      await reauth('credentials');
      const flow = panel(page).locator('[data-flow="reauth"]');
      expect(await flow.locator('[data-pending]').textContent()).toBe('delete the passkey This device');
      // The account is fixed: the page shows it and asks only for the password.
      expect(await flow.locator('[data-username]').textContent()).toBe(email);
      expect(await flow.getByLabel('Email').count()).toBe(0);
      await flow.getByRole('button', { name: 'Cancel the change' }).click();
      await restingStep(page, 'passkeys-ready');
      await panel(page).locator('[data-error="REAUTH_CANCELLED"]').waitFor({ timeout: 10_000 });
      expect(await panel(page).locator('li[data-passkey]').count()).toBe(1);
      expect(await held(d)).toHaveLength(1);

      await panel(page).locator('li[data-passkey]').getByRole('button', { name: 'Delete' }).click();
      await panel(page).getByRole('button', { name: 'Delete passkey' }).click();
      await reauth('credentials');
      // A wrong password is the sign-in flow's error; nothing is deleted (the list is not offered meanwhile).
      await flow.getByLabel('Password').fill('Not-the-passw0rd');
      await flow.getByRole('button', { name: 'Confirm' }).click();
      await flow.locator('[data-error="WRONG_CREDENTIALS"]').waitFor({ timeout: 10_000 });
      expect(await panel(page).locator('li[data-passkey]').count()).toBe(0);
      await flow.getByLabel('Password').fill(PASSWORD);
      await flow.getByRole('button', { name: 'Confirm' }).click();
      // Deleted without asking again.
      await expect.poll(() => panel(page).locator('[data-passkeys="none"]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });

  it('a prompt the user does not complete is PASSKEY_CANCELLED, and no passkey is listed', async () => {
    const d = await signedInOnSettings('browser-pk-closed');
    const { page } = d;
    try {
      // No authenticator answers: Chromium ends the prompt as the user closing it does (NotAllowedError).
      await d.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: d.authenticatorId });
      await page.evaluate(() => {
        const create = navigator.credentials.create.bind(navigator.credentials);
        navigator.credentials.create = (options?: CredentialCreationOptions) => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(new DOMException('The user closed the prompt.', 'NotAllowedError')), 500);
          return create({ ...options, signal: controller.signal });
        };
      });
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect
        .poll(() => panel(page).locator('[role="alert"]').getAttribute('data-error'), { timeout: 15_000 })
        .toBe('PASSKEY_CANCELLED');
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[data-passkeys="none"]').count()).toBe(1);
    } finally {
      await page.context().close();
    }
  });

  it('"Cancel" while the prompt to add a passkey is open closes it: nothing is listed, and adding again registers one', async () => {
    const d = await signedInOnSettings('browser-pk-cancel-open');
    const { page } = d;
    try {
      await presence(d, false);
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await promptOpen(page);
      await panel(page).getByRole('button', { name: 'Cancel' }).click();
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[data-passkeys="none"]').count()).toBe(1);
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
      expect(await credentialsAsBuilt(page)).toBe(true);
      expect(await held(d)).toHaveLength(0);

      // The prompt was closed with the step: a new one opens, and the authenticator answers it.
      await presence(d, true);
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
      expect(await held(d)).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it("the panel's timeout closes the prompt too: TIMEOUT, nothing listed, and adding again registers one", async () => {
    // The panel's calls give up after 4 seconds instead of 30 (the demo reads callTimeoutMs from the URL).
    const d = await signedInOnSettings('browser-pk-timeout', { query: '?callTimeoutMs=4000' });
    const { page } = d;
    try {
      await presence(d, false);
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await promptOpen(page);
      await expect.poll(() => panel(page).locator('[role="alert"]').getAttribute('data-error'), { timeout: 20_000 }).toBe('TIMEOUT');
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[data-passkeys="none"]').count()).toBe(1);
      expect(await credentialsAsBuilt(page)).toBe(true);

      await presence(d, true);
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
      await restingStep(page, 'passkeys-ready');
      expect(await panel(page).locator('[role="alert"]').count()).toBe(0);
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it('signs in with the passkey in Chromium (aws-amplify USER_AUTH, WEB_AUTHN) after signing out', async () => {
    const d = await signedInOnSettings('browser-pk-signin');
    const { page, email } = d;
    try {
      await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
      await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
      // The page's own aws-amplify (the same module instance the demo configured), as a passwordless sign-in screen would call it.
      // A string, so that the test runner does not rewrite its import() for Node.
      const result = await page.evaluate(`(async (username) => {
        const url = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\\/aws-amplify_auth\\.js/.test(n));
        if (!url) throw new Error('aws-amplify/auth is not loaded on the page');
        const auth = await import(url);
        await auth.signOut();
        const out = await auth.signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
        const user = await auth.getCurrentUser();
        return { isSignedIn: out.isSignedIn, step: out.nextStep.signInStep, username: user.signInDetails?.loginId ?? user.username };
      })(${JSON.stringify(email)})`);
      expect(result).toEqual({ isSignedIn: true, step: 'DONE', username: email });
      // The authenticator signed with the passkey it made in settings: its sign counter moved.
      const [credential] = (await held(d)) as unknown as { signCount: number }[];
      expect(credential?.signCount).toBeGreaterThan(0);
    } finally {
      await page.context().close();
    }
  });
});
