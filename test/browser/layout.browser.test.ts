import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import { CHROMIUM, openDemoSized, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';

// The demo on a phone (375 px) and on a desktop (1280 px): no sideways scroll,
// the inbox out of the form's way, long addresses wrapped, and a load and a
// sign-in that leave nothing red in the console or the network panel.
// SCREENSHOT_DIR=<dir> saves what the page looked like, to look at by eye.
let rig: BrowserRig;
beforeAll(async () => {
  if (CHROMIUM) rig = await startRig();
}, 120_000);
afterAll(async () => rig?.close());

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  if (!b) throw new Error(`${locator.toString()} is not rendered`);
  return b;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The page's icon: declared, and served as an image (else the browser asks for /favicon.ico and gets a 404). */
async function iconStatus(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
    if (!link) return 'no <link rel="icon">';
    const res = await fetch(link.href);
    return `${res.status} ${res.headers.get('content-type') ?? ''}`;
  });
}

const scrollWidth = (page: Page) => page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));

// One unbroken run of 100+ characters: only overflow-wrap can break it.
const LONG_ADDRESS = `someone.with.a.remarkably.long.mailbox.name.for.layout.tests@subdomain.of.a.very-long-organisation-name.example.com`;

/** An inbox entry to LONG_ADDRESS, once the page shows it. */
async function longAddressIn(inbox: Locator): Promise<Locator> {
  rig.t.backend.inbox.add(
    { medium: 'EMAIL', destination: LONG_ADDRESS, username: 'layout', email: LONG_ADDRESS, purpose: 'SignUp', code: '123456' },
    new Date(),
  );
  const entry = inbox.locator(`li[data-inbox-to="${LONG_ADDRESS}"]`).first();
  await entry.waitFor({ timeout: 10_000 });
  return entry;
}

async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.SCREENSHOT_DIR, name), fullPage: true });
}

describe.skipIf(!CHROMIUM)('the demo layout (Chromium)', () => {
  it('at 375 px: one column, the inbox below the form, long addresses wrapped, a clean console through a sign-in', async () => {
    const email = uniqueEmail('narrow');
    await rig.t.backend.createUser({ email, password: PASSWORD });
    const { page, problems } = await openDemoSized(rig, { width: 375, height: 740 });
    try {
      // Attached, not visible: a squeezed column can leave the form 0 px wide, which the checks below should name.
      await page.locator('main section[aria-busy="false"] h2[data-step="credentials"]').waitFor({ state: 'attached', timeout: 10_000 });
      await screenshot(page, 'narrow-375-loaded.png');
      const main = page.getByRole('main');
      const inbox = page.locator('aside.inbox');
      const card = main.locator('section.card', { has: page.locator('h2[data-step]') });

      expect(await scrollWidth(page), 'no sideways scroll').toBeLessThanOrEqual(375);
      const inboxBox = await box(inbox);
      const cardBox = await box(card);
      expect(inboxBox.y, 'the inbox starts below the sign-in card').toBeGreaterThanOrEqual(cardBox.y + cardBox.height);
      expect(inboxBox.x + inboxBox.width).toBeLessThanOrEqual(375);
      for (const field of [
        main.getByLabel('Email'),
        main.getByLabel('Password'),
        main.getByRole('button', { name: 'Sign in', exact: true }),
      ]) {
        const fieldBox = await box(field);
        expect(overlaps(fieldBox, inboxBox), `${field.toString()} is clear of the inbox`).toBe(false);
        expect(fieldBox.x + fieldBox.width, `${field.toString()} fits the screen`).toBeLessThanOrEqual(375);
      }

      const entryBox = await box(await longAddressIn(inbox));
      const wrappedBox = await box(inbox);
      expect(entryBox.x + entryBox.width, 'the long address stays inside the inbox').toBeLessThanOrEqual(wrappedBox.x + wrappedBox.width);
      expect(await inbox.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the inbox does not scroll sideways').toBe(true);
      expect(await scrollWidth(page), 'no sideways scroll with a long address').toBeLessThanOrEqual(375);

      await main.getByLabel('Email').fill(email);
      await main.getByLabel('Password').fill(PASSWORD);
      await main.getByRole('button', { name: 'Sign in', exact: true }).click();
      await restingStep(page, 'signedIn');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(375);
      await screenshot(page, 'narrow-375.png');
      expect(await iconStatus(page)).toMatch(/^200 image\//);
      expect(problems).toEqual({ console: [], requests: [] });
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it('at 1280 px: the inbox is a second column beside the form, long addresses wrapped, and the console stays clean', async () => {
    const { page, problems } = await openDemoSized(rig, { width: 1280, height: 800 });
    try {
      await restingStep(page, 'credentials');
      const card = page.getByRole('main').locator('section.card', { has: page.locator('h2[data-step]') });
      const cardBox = await box(card);
      const inbox = page.locator('aside.inbox');
      const entryBox = await box(await longAddressIn(inbox));
      const inboxBox = await box(inbox);
      expect(entryBox.x + entryBox.width, 'the long address stays inside the inbox').toBeLessThanOrEqual(inboxBox.x + inboxBox.width);
      expect(inboxBox.x, 'the inbox is right of the form').toBeGreaterThanOrEqual(cardBox.x + cardBox.width);
      expect(inboxBox.y, 'side by side, not below').toBeLessThan(cardBox.y + cardBox.height);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(1280);
      await screenshot(page, 'wide-1280.png');
      expect(await iconStatus(page)).toMatch(/^200 image\//);
      expect(problems).toEqual({ console: [], requests: [] });
    } finally {
      await page.context().close();
    }
  }, 60_000);
});
