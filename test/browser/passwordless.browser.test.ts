import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import type { TOTP } from 'otpauth';
import { signOut as signOutHere, updateMFAPreference } from 'aws-amplify/auth';
import { pageUrl } from '../../demo/serve.js';
import { enrollTotp } from '../support/amplifyUsers.js';
import { PASSWORD } from '../support/backend.js';
import { passwordlessUser, startPasswordlessBackend } from '../support/passwordless.js';
import { CHROMIUM, restingStep, startRig } from './harness.js';
import type { BrowserRig } from './harness.js';
import { NOT_A_CODE, cognitoCalls, makeCodes, refusedWith, submitRecoveryCode } from './recoveryPanels.js';

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

/** A fresh page where the banner says to open the demo (`query` appended), with a platform authenticator that verifies the user. */
async function openDemo(query = ''): Promise<Device> {
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
  await page.goto(`${pageUrl(rig.demo).url}${query}`);
  await page.locator('h2[data-step]').first().waitFor({ timeout: 30_000 });
  return { page, cdp, authenticatorId };
}

/** Whether the authenticator answers by itself; off, the browser's prompt stays open until the page aborts it (or its own timeout). */
const presence = (d: Device, enabled: boolean) =>
  d.cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: d.authenticatorId, enabled });

/** The passkey step with the browser's prompt open (busy: the ceremony is in flight). */
const promptOpen = (page: Page) => page.locator('main section[aria-busy="true"] h2[data-step="passkey"]').waitFor();

/** Whether the page's navigator.credentials is as the browser made it (no wrapper of the flow's left as an own property). */
const credentialsAsBuilt = (page: Page) =>
  page.evaluate(() => !Object.hasOwn(navigator.credentials, 'get') && !Object.hasOwn(navigator.credentials, 'create'));

/** A user with a passkey registered on this page's authenticator, signed out, at the sign-in form. */
async function withRegisteredPasskey(tag: string, query = ''): Promise<Device & { email: string; phone: string | undefined }> {
  const { email, phone } = await passwordlessUser(rig.t, tag);
  const d = await openDemo(query);
  await withPassword(d.page, email);
  await registerPasskey(d.page);
  await signOut(d.page);
  return { ...d, email, phone };
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

/** Records each step the sign-in card shows from now on, however briefly (a failing ceremony can be over in a frame). */
async function recordSteps(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { recordedSteps: string[] }).recordedSteps = seen;
    new MutationObserver(() => {
      const step = document.querySelector('section[data-flow="passwordless"] h2[data-step]')?.getAttribute('data-step');
      if (step && seen.at(-1) !== step) seen.push(step);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}
const recorded = (page: Page) => page.evaluate(() => (window as unknown as { recordedSteps: string[] }).recordedSteps);

async function registerPasskey(page: Page): Promise<void> {
  await openSettings(page);
  await panel(page).getByRole('button', { name: 'Add a passkey' }).click();
  await expect.poll(() => panel(page).locator('li[data-passkey]').count(), { timeout: 15_000 }).toBe(1);
  await restingStep(page, 'passkeys-ready');
}

/** A user of this pool with an authenticator app as their MFA (set up here, through aws-amplify, then signed out). */
async function totpUser(tag: string): Promise<{ email: string; totp: TOTP }> {
  const { email } = await passwordlessUser(rig.t, tag, { phone: false });
  const totp = await enrollTotp(rig.t, email);
  await updateMFAPreference({ totp: 'PREFERRED' });
  await signOutHere();
  return { email, totp };
}

/** The password sign-in up to the MFA step (the authenticator app's code). */
async function toTotpStep(page: Page, email: string): Promise<void> {
  await main(page).getByLabel('Email').fill(email);
  await main(page).getByLabel('Password').fill(PASSWORD);
  await main(page).getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'totpCode');
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
  }, 90_000);

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
      await recordSteps(page);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'signedIn', 20_000);
      // The passkey step (the browser's prompt), not a first factor sent to Cognito as any other.
      expect(await recorded(page)).toEqual(['passkey', 'loadingUser', 'signedIn']);
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
  }, 90_000);

  it('a passkey prompt the user does not complete shows PASSKEY_CANCELLED, tries again, and another method signs in', async () => {
    const { email } = await passwordlessUser(rig.t, 'pl-browser-pk-cancel');
    const d = await openDemo();
    const { page } = d;
    try {
      await withPassword(page, email);
      await registerPasskey(page);
      await signOut(page);

      // The authenticator no longer verifies the user, as when the user closes the prompt: the relying party requires it.
      await d.cdp.send('WebAuthn.setUserVerified', { authenticatorId: d.authenticatorId, isUserVerified: false });
      await withoutPassword(page, email);
      await recordSteps(page);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'passkeyFailed', 20_000);
      expect(await alert(page).getAttribute('data-error')).toBe('PASSKEY_CANCELLED');
      expect(await alert(page).textContent()).toMatch(/another way to sign in/);
      // Trying again asks the browser again (a new ceremony), which the user does not complete either.
      await card(page).getByRole('button', { name: 'Try the passkey again' }).click();
      await expect.poll(() => recorded(page), { timeout: 20_000 }).toEqual(['passkey', 'passkeyFailed', 'passkey', 'passkeyFailed']);
      await restingStep(page, 'passkeyFailed');
      expect(await alert(page).getAttribute('data-error')).toBe('PASSKEY_CANCELLED');

      // Another method: the first factors again (the passkey still among them), and the password as a step of its own.
      await card(page).getByRole('button', { name: 'Use another method' }).click();
      await restingStep(page, 'factorSelection');
      expect(await alert(page).count()).toBe(0);
      expect(await offered(page)).toContain('WEB_AUTHN');
      await card(page).getByRole('button', { name: 'Password', exact: true }).click();
      await restingStep(page, 'password');
      await card(page).getByLabel('Password').fill(PASSWORD);
      await card(page).getByRole('button', { name: 'Continue' }).click();
      await restingStep(page, 'signedIn');
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  }, 90_000);

  it('"Cancel" while the passkey prompt is open closes it: the start, and the passkey then signs in', async () => {
    const d = await withRegisteredPasskey('pl-browser-pk-cancel-open');
    const { page, email } = d;
    try {
      await presence(d, false);
      await withoutPassword(page, email);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await promptOpen(page);
      await card(page).getByRole('button', { name: 'Cancel' }).click();
      await restingStep(page, 'credentials');
      expect(await alert(page).count()).toBe(0);
      expect(await credentialsAsBuilt(page)).toBe(true);

      // The prompt was closed with the step: a new one opens, and the authenticator answers it.
      await presence(d, true);
      await withoutPassword(page, email);
      await recordSteps(page);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'signedIn', 20_000);
      expect(await recorded(page)).toEqual(['passkey', 'loadingUser', 'signedIn']);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('"Use a recovery code" on the MFA step, as on the password page: malformed refused before any call, wrong counted, right signs in', async () => {
    const { email, totp } = await totpUser('pl-browser-recovery');
    const { page } = await openDemo();
    const calls = cognitoCalls(page);
    try {
      await toTotpStep(page, email);
      await card(page).getByLabel('6-digit code').fill(totp.generate());
      await card(page).getByRole('button', { name: 'Verify' }).click();
      await restingStep(page, 'signedIn');
      // A set made in the settings, as on the password page (the variant's pool runs the same triggers).
      const codes = await makeCodes(page);
      await signOut(page);

      // A code sent as the first factor is not a second factor: no recovery code there. Cognito offers a user with MFA
      // the password alone, so this is someone without MFA.
      const { email: noMfa } = await passwordlessUser(rig.t, 'pl-browser-recovery-otp', { phone: false });
      await withoutPassword(page, noMfa);
      await card(page).getByRole('button', { name: 'Email me a code' }).click();
      await restingStep(page, 'emailCode');
      expect(await main(page).getByRole('button', { name: 'Use a recovery code' }).count()).toBe(0);
      await card(page).getByRole('button', { name: 'Cancel' }).click();
      await restingStep(page, 'credentials');

      // On the MFA step it is there; it ends this sign-in and opens the recovery sign-in in its place.
      await toTotpStep(page, email);
      await main(page).getByRole('button', { name: 'Use a recovery code' }).click();
      await restingStep(page, 'recovery-enteringCredentials');
      expect(await card(page).count()).toBe(0);
      const flow = page.locator('[data-flow="recovery-sign-in"]');
      await flow.getByLabel('Email').fill(email);
      await flow.getByLabel('Password').fill(PASSWORD);
      await flow.getByRole('button', { name: 'Continue' }).click();
      await restingStep(page, 'recovery-awaitingCode');

      // Malformed: refused on the page, before any call, and kept as typed.
      const before = calls.length;
      await submitRecoveryCode(page, 'abc-12');
      await flow.locator('[data-error="RECOVERY_CODE_FORMAT"]').waitFor({ timeout: 10_000 });
      expect(await flow.getByLabel('Recovery code').inputValue()).toBe('abc-12');
      expect(await flow.getByLabel('Recovery code').getAttribute('aria-invalid')).toBe('true');
      expect(calls.slice(before), 'no call for a malformed code').toEqual([]);
      expect(await flow.locator('[data-attempts-left]').getAttribute('data-attempts-left')).toBe('5');

      // Well-formed but not one of the set: the triggers refuse it, and it counts.
      await submitRecoveryCode(page, NOT_A_CODE);
      const wrong = await refusedWith(page, 'RECOVERY_CODE_WRONG');
      expect(wrong.attemptsLeft).toBe('4');
      expect(calls.slice(before)).toEqual(['RespondToAuthChallenge']);

      // One of the set signs in, in place of the authenticator code; the passwordless flow hears it and reads the user.
      await submitRecoveryCode(page, codes[3]!);
      await restingStep(page, 'signedIn', 30_000);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('"Sign in with the pool\'s custom challenge": CUSTOM_WITH_SRP, the triggers\' challenge shown as sent, refused before a call, asked again, cancelled, answered', async () => {
    const { email } = await passwordlessUser(rig.t, 'pl-browser-custom', { phone: false });
    const { page } = await openDemo();
    const calls = cognitoCalls(page);
    // The AuthFlow of every sign-in the page starts.
    const flows: string[] = [];
    page.on('request', (r) => {
      if (r.headers()['x-amz-target']?.endsWith('.InitiateAuth')) flows.push((r.postDataJSON() as { AuthFlow: string }).AuthFlow);
    });
    const parameters = () =>
      card(page)
        .locator('dd[data-parameter]')
        .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-parameter'), e.textContent])));
    const answer = () => card(page).getByLabel('Answer');
    // Cognito adds USERNAME (the pool's username for this user, a uuid where users sign in with an email) to every
    // custom challenge's public parameters.
    const USERNAME = expect.stringMatching(/^[0-9a-f-]{36}$/);
    const signInCustom = async () => {
      await main(page).getByLabel('Email').fill(email);
      await main(page).getByLabel('Password').fill(PASSWORD);
      await main(page).getByRole('button', { name: 'Sign in', exact: true }).click();
      await restingStep(page, 'customChallenge');
    };
    try {
      // The triggers' one sign-in challenge is a recovery code: this user makes a set first.
      await withPassword(page, email);
      const codes = await makeCodes(page);
      await signOut(page);

      // The switch is a page of its own (the flow's input is read once).
      await card(page)
        .getByRole('link', { name: /custom challenge/ })
        .click();
      await page.waitForURL(/[?&]customChallenge/);
      await restingStep(page, 'credentials');
      await card(page).locator('[data-custom-flow="on"]').waitFor();

      // The usual sign-in above went by SRP (and making the codes by the custom flow, in a session of its own).
      expect(flows).toEqual(['USER_SRP_AUTH', 'CUSTOM_AUTH']);
      await signInCustom();
      // Cognito's custom flow, SRP first (the password is proven before any trigger's challenge): then the parameters as sent.
      expect(flows.slice(2)).toEqual(['CUSTOM_AUTH']);
      expect(await parameters()).toEqual({ step: 'RECOVERY_CODE', USERNAME });
      expect(await page.locator('h2[data-step="customChallenge"]').textContent()).toBe('Answer the challenge');

      // Blank: refused on the page with a typed error, before any call, kept as typed.
      const before = calls.length;
      await answer().fill('   ');
      await card(page).getByRole('button', { name: 'Send answer' }).click();
      await expect.poll(() => alert(page).getAttribute('data-error')).toBe('ANSWER_REQUIRED');
      expect(await answer().inputValue()).toBe('   ');
      expect(await answer().getAttribute('aria-invalid')).toBe('true');
      expect(calls.slice(before), 'no call for a blank answer').toEqual([]);

      // A wrong answer is no error to Cognito: the triggers ask again, and their new parameters say why; the field is
      // empty, as the flow holds no answer for a new challenge.
      await answer().fill(NOT_A_CODE);
      await card(page).getByRole('button', { name: 'Send answer' }).click();
      await expect.poll(parameters, { timeout: 10_000 }).toEqual({ step: 'RECOVERY_CODE', previous: 'WRONG_CODE', USERNAME });
      await restingStep(page, 'customChallenge');
      expect(calls.slice(before)).toEqual(['RespondToAuthChallenge']);
      expect(await answer().inputValue()).toBe('');
      expect(await alert(page).count()).toBe(0);

      // Cancel: back to the start, the identifier kept, still on the custom flow.
      await card(page).getByRole('button', { name: 'Cancel' }).click();
      await restingStep(page, 'credentials');
      expect(await main(page).getByLabel('Email').inputValue()).toBe(email);
      expect(await card(page).locator('[data-custom-flow="on"]').count()).toBe(1);

      // A new sign-in, a new challenge; one of the codes answers it and signs in.
      await signInCustom();
      expect(await parameters()).toEqual({ step: 'RECOVERY_CODE', USERNAME });
      await answer().fill(codes[0]!);
      await card(page).getByRole('button', { name: 'Send answer' }).click();
      await restingStep(page, 'signedIn', 30_000);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
      expect(flows.slice(2)).toEqual(['CUSTOM_AUTH', 'CUSTOM_AUTH']);
    } finally {
      await page.context().close();
    }
  }, 180_000);

  it('"Use another method" while the passkey prompt is open closes it: the first factors, and the passkey among them signs in', async () => {
    const d = await withRegisteredPasskey('pl-browser-pk-leave');
    const { page, email } = d;
    try {
      await presence(d, false);
      await withoutPassword(page, email);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await promptOpen(page);
      await card(page).getByRole('button', { name: 'Use another method' }).click();
      await restingStep(page, 'factorSelection');
      expect(await alert(page).count()).toBe(0);
      expect(await offered(page)).toContain('WEB_AUTHN');

      await presence(d, true);
      await recordSteps(page);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'signedIn', 20_000);
      expect(await recorded(page)).toEqual(['passkey', 'loadingUser', 'signedIn']);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it("the passkey step's timeout closes the prompt too: PASSKEY_TIMEOUT, and trying again signs in", async () => {
    // The step gives up after 4 seconds instead of 2 minutes (the demo reads passkeyTimeoutMs from the URL).
    const d = await withRegisteredPasskey('pl-browser-pk-timeout', '?passkeyTimeoutMs=4000');
    const { page, email } = d;
    try {
      await presence(d, false);
      await withoutPassword(page, email);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await promptOpen(page);
      await restingStep(page, 'passkeyFailed', 20_000);
      expect(await alert(page).getAttribute('data-error')).toBe('PASSKEY_TIMEOUT');

      await presence(d, true);
      await recordSteps(page);
      await card(page).getByRole('button', { name: 'Try the passkey again' }).click();
      await restingStep(page, 'signedIn', 20_000);
      expect(await recorded(page)).toEqual(['passkey', 'loadingUser', 'signedIn']);
      expect(await card(page).locator('[data-user]').getAttribute('data-user')).toBe(email);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('what the flow cannot close: a prompt the page opened itself still holds the browser, and the passkey reads PASSKEY_FAILED', async () => {
    const d = await withRegisteredPasskey('pl-browser-pk-foreign');
    const { page, email } = d;
    try {
      await presence(d, false);
      // Not through the flow (the page's own call, with no signal of the flow's): nothing the flow does reaches it.
      await page.evaluate(() => {
        void navigator.credentials
          .get({ publicKey: { challenge: crypto.getRandomValues(new Uint8Array(32)), rpId: 'localhost', timeout: 600_000 } })
          .catch(() => undefined);
      });
      await withoutPassword(page, email);
      await card(page).getByRole('button', { name: 'Passkey' }).click();
      await restingStep(page, 'passkeyFailed', 20_000);
      // Chromium's OperationError ("A request is already pending."), through aws-amplify's Unknown.
      expect(await alert(page).getAttribute('data-error')).toBe('PASSKEY_FAILED');
    } finally {
      await page.context().close();
    }
  }, 120_000);
});
