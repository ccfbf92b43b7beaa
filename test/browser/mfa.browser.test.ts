import { mkdir } from 'node:fs/promises';
import jsQR from 'jsqr';
import { URI } from 'otpauth';
import type { TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { AnyEventObject } from 'xstate';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import type { PhoneVerificationEventType } from '../../machines/phoneVerification/phoneVerification.types.js';
import type { TotpEnrollmentEventType } from '../../machines/totpEnrollment/totpEnrollment.types.js';
import { MFA_ERRORS, phoneVerification, totpEnrollment } from '../../src/diagram/mfa.models.js';
import type { BuiltModel } from '../../src/diagram/model.js';
import { generatePaths, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import type { MachineName } from '../../src/testing/index.js';
import { wrongCode } from '../support/amplifyUsers.js';
import { catalogueIds } from '../support/catalogue.js';
import { PASSWORD, uniqueEmail } from '../support/backend.js';
import { CHROMIUM, openDemo, restingStep, startRig, startRigPool } from './harness.js';
import type { BrowserRig, RigPool } from './harness.js';

// The enrollment flows' generated paths walked on the demo's settings page,
// plus preferring and turning off a method. TOTP codes come from the secret
// read back out of the QR image on the page.

// Two lanes, each a rig with its own backend (and inbox), so two walks run side by side.
let rigs: RigPool;
beforeAll(async () => {
  if (CHROMIUM) rigs = await startRigPool(2, () => startRig());
}, 120_000);
afterAll(async () => rigs?.close());

const outcomeOf = (e: AnyEventObject) => /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);
const isError = (e: AnyEventObject | undefined, f: { value: unknown }) =>
  !!e && JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(f.value);
const done = (e: AnyEventObject) => e.type.startsWith('xstate.done.');

function plan(
  name: MachineName,
  built: BuiltModel<unknown>,
  allowed: Readonly<Record<string, (e: AnyEventObject) => boolean>>,
  keep: (p: GeneratedPath) => boolean = () => true,
): GeneratedPath[] {
  // Events while a call is in flight cannot be clicked in time; actor outcomes the local backend cannot give are left out.
  const ok = (p: GeneratedPath) =>
    p.steps.every((s, i) => {
      // What Amplify's Hub reports is walked at the pure and real levels; the local backend always answers in time.
      if (s.event.type.startsWith('AUTH.') || s.event.type.startsWith('xstate.after.callTimeout')) return false;
      const o = outcomeOf(s.event);
      if (o) return allowed[o[2] ?? '']?.(s.event) ?? false;
      const prev = i === 0 ? null : p.steps[i - 1]!;
      return (
        !prev ||
        !/verifying|confirming|settingPreference|updatingPhone|sendingCode|enablingSms|settingUp|preparingQrCode/.test(
          JSON.stringify(prev.state),
        )
      );
    });
  return selectCovering(
    built.model,
    generatePaths(built.model).filter((p) => keep(p) && ok(p)),
    catalogueIds(name),
  );
}

/** Reads the QR code in the page back to its URI, as a phone camera would. */
async function scanQr(page: Page): Promise<string> {
  const src = (await page.locator('img[data-qr]').getAttribute('src'))!;
  const png = PNG.sync.read(Buffer.from(src.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (!found) throw new Error('no QR code on the page');
  return found.data;
}

async function signedInOnSettings(rig: BrowserRig, query = ''): Promise<{ page: Page; email: string }> {
  const email = uniqueEmail('browser');
  await rig.t.backend.createUser({ email, password: PASSWORD });
  const page = await openDemo(rig, query);
  const main = page.getByRole('main');
  await main.getByLabel('Email').fill(email);
  await main.getByLabel('Password').fill(PASSWORD);
  await main.getByRole('button', { name: 'Sign in', exact: true }).click();
  await restingStep(page, 'signedIn');
  await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
  await restingStep(page, 'settings-ready');
  return { page, email };
}

const setUp = (page: Page, method: 'TOTP' | 'SMS') =>
  page.locator(`tr[data-method="${method}"]`).getByRole('button', { name: 'Set up' }).click();
const flowStep = (page: Page, flow: string, step: string) =>
  page.locator(`[data-flow="${flow}"][data-flow-step="${step}"]`).waitFor({ timeout: 10_000 });
const statusIs = (page: Page, status: string) => page.locator(`[data-status="${status}"]`).waitFor({ timeout: 10_000 });

/** The totpEnrollment view step each state shows. */
function totpScreen(value: unknown): string {
  const v = JSON.stringify(value);
  if (/settingUp|preparingQrCode/.test(v)) return 'settingUp';
  if (/awaitingCode/.test(v)) return 'awaitingCode';
  return typeof value === 'string' ? value : Object.values(value as Record<string, string>)[0]!;
}

/** `expect` is the test's own: the walks run concurrently, and expect.poll needs to know its test. */
type Ctx = { page: Page; rig: BrowserRig; expect: ExpectStatic; totp?: TOTP };
type Action = (ctx: Ctx, event: AnyEventObject, next: AnyEventObject | undefined) => Promise<void>;
const inFlow = (ctx: Ctx, flow: string) => ctx.page.locator(`[data-flow="${flow}"]`);

/** Hub events come from Amplify, not from a click: the generated paths do not send them (a sign-out elsewhere is tested at the pure and real levels). */
const notInPage: Action = async (_ctx, event) => {
  throw new Error(`${event.type} is not walked in the page`);
};
const HUB_ACTIONS = { 'AUTH.SIGNED_IN': notInPage, 'AUTH.SIGNED_OUT': notInPage, 'AUTH.SESSION_LOST': notInPage };

const TOTP_ACTIONS = {
  'CODE.SUBMIT': async (ctx, event, next) => {
    const typed = (event as unknown as { code: string }).code;
    ctx.totp ??= URI.parse(await scanQr(ctx.page)) as TOTP;
    const code = !/^\d{6}$/.test(typed) ? typed : isError(next, MFA_ERRORS.wrongCode) ? wrongCode(ctx.totp) : ctx.totp.generate();
    await inFlow(ctx, 'totp').getByLabel('Code from the app').fill(code);
    await inFlow(ctx, 'totp').getByRole('button', { name: 'Verify' }).click();
  },
  'FLOW.CANCEL': async (ctx) => inFlow(ctx, 'totp').getByRole('button', { name: 'Cancel' }).click(),
  'FLOW.RETRY': async (ctx) => inFlow(ctx, 'totp').getByRole('button', { name: 'Try again' }).click(),
  'FLOW.RESTART': async (ctx) => inFlow(ctx, 'totp').getByRole('button', { name: 'Start again' }).click(),
  ...HUB_ACTIONS,
} satisfies Record<TotpEnrollmentEventType, Action>;

let phones = 0;
const PHONE_ACTIONS = {
  'PHONE.SUBMIT': async (ctx, event) => {
    const typed = (event as unknown as { phone: string }).phone;
    phones += 1;
    const digits = `555${String(process.pid % 1000).padStart(3, '0')}${String(phones).padStart(4, '0')}`;
    (ctx as Ctx & { phone?: string }).phone = `+1${digits}`;
    await inFlow(ctx, 'phone')
      .getByLabel('Phone number, with country code')
      .fill(typed.startsWith('+') ? `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : typed);
    await inFlow(ctx, 'phone').getByRole('button', { name: 'Send code' }).click();
  },
  'CODE.SUBMIT': async (ctx, event, next) => {
    const typed = (event as unknown as { code: string }).code;
    const phone = (ctx as Ctx & { phone?: string }).phone!;
    const right = () => ctx.rig.t.backend.inbox.latest({ destination: phone }).code;
    const code = !/^\d{6}$/.test(typed)
      ? typed
      : isError(next, MFA_ERRORS.wrongCode)
        ? right() === '000000'
          ? '111111'
          : '000000'
        : right();
    await inFlow(ctx, 'phone').getByLabel('6-digit code').fill(code);
    await inFlow(ctx, 'phone').getByRole('button', { name: 'Verify' }).click();
  },
  'CODE.RESEND': async (ctx) => inFlow(ctx, 'phone').getByRole('button', { name: 'Send a new code' }).click(),
  'PHONE.CHANGE': async (ctx) => inFlow(ctx, 'phone').getByRole('button', { name: 'Change number' }).click(),
  'FLOW.RETRY': async (ctx) => inFlow(ctx, 'phone').getByRole('button', { name: 'Try again' }).click(),
  'FLOW.CANCEL': async (ctx) => inFlow(ctx, 'phone').getByRole('button', { name: 'Cancel' }).click(),
  ...HUB_ACTIONS,
} satisfies Record<PhoneVerificationEventType, Action>;

function phoneScreen(value: unknown): string {
  const v = JSON.stringify(value);
  if (v.includes('confirming')) return 'confirming';
  if (v.includes('awaitingCode')) return 'awaitingCode';
  if (v.includes('updatingPhone')) return 'updatingPhone';
  return String(value);
}

async function walkFlow(
  path: GeneratedPath,
  flow: 'totp' | 'phone',
  ctx: Ctx,
  actions: Record<string, Action>,
  screen: (v: unknown) => string,
  label: (e: AnyEventObject) => string,
): Promise<void> {
  for (const [i, step] of path.steps.entries()) {
    const next = path.steps[i + 1]?.event;
    const where = `${path.id} step ${i + 1} (${label(step.event)})`;
    const expected = screen(step.state);
    try {
      if (step.event.type.startsWith('xstate.after.')) {
        await ctx.expect
          .poll(() => inFlow(ctx, flow).getByRole('button', { name: 'Send a new code' }).isEnabled(), { timeout: 10_000 })
          .toBe(true);
        continue;
      }
      if (!outcomeOf(step.event)) await actions[step.event.type]!(ctx, step.event, next);
      if (next && outcomeOf(next)) continue;
      if (expected === 'enrolled' || expected === 'verified') await statusIs(ctx.page, flow === 'totp' ? 'TOTP' : 'SMS');
      else if (expected === 'cancelled') await restingStep(ctx.page, 'settings-ready');
      else if (
        !['settingUp', 'updatingPhone', 'confirming', 'verifying', 'settingPreference', 'sendingCode', 'enablingSms'].includes(expected)
      )
        await flowStep(ctx.page, flow, expected);
      if (step.event.type.startsWith('xstate.error.')) await inFlow(ctx, flow).locator('[role="alert"]').waitFor({ timeout: 5_000 });
    } catch (e) {
      throw new Error(`${where}: expected "${expected}": ${(e as Error).message.split('\n')[0]}`);
    }
  }
}

describe.skipIf(!CHROMIUM)('MFA settings in the demo page (Chromium)', () => {
  const totpPaths = plan('totpEnrollment', totpEnrollment as BuiltModel<unknown>, {
    setUpTotp: done,
    createQrCode: done,
    verifyTotp: (e) => done(e) || isError(e, MFA_ERRORS.wrongCode),
    setTotpPreference: done,
  });
  for (const path of totpPaths) {
    it.concurrent(
      `totpEnrollment ${path.id}: ${path.title}`,
      ({ expect }) =>
        rigs.use(async (rig) => {
          const { page, email } = await signedInOnSettings(rig);
          try {
            await setUp(page, 'TOTP');
            const ctx: Ctx = { page, rig, expect };
            await flowStep(page, 'totp', 'awaitingCode');
            // The QR on the page is an otpauth URI for this account that an authenticator app accepts.
            const uri = await scanQr(page);
            const app = URI.parse(uri) as TOTP;
            expect({ issuer: app.issuer, label: app.label, digits: app.digits, period: app.period, algorithm: app.algorithm }).toEqual({
              issuer: 'amplify-mfa-flow demo',
              label: email,
              digits: 6,
              period: 30,
              algorithm: 'SHA1',
            });
            ctx.totp = app;
            await walkFlow(path, 'totp', ctx, TOTP_ACTIONS, totpScreen, totpEnrollment.label);
          } finally {
            await page.context().close();
          }
        }),
      150_000,
    );
  }

  const phonePaths = plan(
    'phoneVerification',
    phoneVerification as BuiltModel<unknown>,
    {
      updatePhone: (e) => done(e) && (e as { output?: { codeSent?: boolean } }).output?.codeSent === true,
      sendPhoneCode: done,
      confirmPhone: (e) => done(e) || isError(e, MFA_ERRORS.wrongCode),
      enableSmsMfa: done,
      // The settings page always turns SMS MFA on once the number is verified.
    },
    (p) => (p.input as { enableSmsMfa?: unknown }).enableSmsMfa !== false,
  );
  for (const path of phonePaths) {
    it.concurrent(
      `phoneVerification ${path.id}: ${path.title}`,
      ({ expect }) =>
        rigs.use(async (rig) => {
          const { page } = await signedInOnSettings(rig, '?resendCooldownMs=1000');
          try {
            await setUp(page, 'SMS');
            await flowStep(page, 'phone', 'enteringPhone');
            await walkFlow(path, 'phone', { page, rig, expect }, PHONE_ACTIONS, phoneScreen, phoneVerification.label);
          } finally {
            await page.context().close();
          }
        }),
      150_000,
    );
  }

  it.concurrent(
    'prefers SMS over TOTP, then turns TOTP off (and takes the screenshots for the README)',
    ({ expect }) =>
      rigs.use(async (rig) => {
        const { page } = await signedInOnSettings(rig, '?resendCooldownMs=1000');
        try {
          await setUp(page, 'TOTP');
          await flowStep(page, 'totp', 'awaitingCode');
          const shots = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;
          if (shots) await mkdir(shots, { recursive: true });
          if (shots) await page.screenshot({ path: `${shots}totp-enrollment.png` });
          const app = URI.parse(await scanQr(page)) as TOTP;
          await page.locator('[data-flow="totp"]').getByLabel('Code from the app').fill(app.generate());
          await page.locator('[data-flow="totp"]').getByRole('button', { name: 'Verify' }).click();
          await statusIs(page, 'TOTP');
          await setUp(page, 'SMS');
          await page.getByLabel('Phone number, with country code').fill('+1 555 010 9999');
          await page.getByRole('button', { name: 'Send code' }).click();
          await flowStep(page, 'phone', 'awaitingCode');
          await page.getByRole('button', { name: 'Send a new code' }).click();
          await flowStep(page, 'phone', 'awaitingCode');
          expect(rig.t.backend.inbox.list({ destination: '+15550109999' }).length).toBeGreaterThanOrEqual(2);
          if (shots) await page.screenshot({ path: `${shots}phone-verification.png` });
          await page.getByLabel('6-digit code').fill(rig.t.backend.inbox.latest({ destination: '+15550109999' }).code);
          await page.locator('[data-flow="phone"]').getByRole('button', { name: 'Verify' }).click();
          await statusIs(page, 'TOTP,SMS');
          await page.locator('tr[data-method="SMS"]').getByRole('button', { name: 'Make preferred' }).click();
          await page.locator('tr[data-method="SMS"] td', { hasText: 'On, preferred' }).waitFor({ timeout: 10_000 });
          await page.locator('tr[data-method="TOTP"]').getByRole('button', { name: 'Turn off' }).click();
          await statusIs(page, 'SMS');
          if (shots) await page.screenshot({ path: `${shots}mfa-settings.png` });
        } finally {
          await page.context().close();
        }
      }),
    180_000,
  );

  it.concurrent(
    'a person signs up, sets up TOTP and SMS, and signs in with each, using only the page and its inbox',
    () =>
      rigs.use(async (rig) => {
        const page = await openDemo(rig, '?resendCooldownMs=1000');
        const main = page.getByRole('main');
        const inboxCode = async (to: string, purpose: string) => {
          const item = page.locator(`aside.inbox li[data-inbox-to="${to}"]`, { hasText: purpose }).first();
          await item.waitFor({ timeout: 10_000 });
          return (await item.locator('code').textContent())!;
        };
        const signIn = async (email: string) => {
          await main.getByLabel('Email').fill(email);
          await main.getByLabel('Password').fill(PASSWORD);
          await main.getByRole('button', { name: 'Sign in', exact: true }).click();
        };
        try {
          const email = uniqueEmail('journey');
          await page.getByRole('navigation').getByRole('button', { name: 'Create account' }).click();
          await main.getByLabel('Email').fill(email);
          await main.getByLabel('Password').fill(PASSWORD);
          await main.getByRole('button', { name: 'Create account' }).click();
          await main.getByRole('button', { name: 'Go to sign in' }).click();
          await signIn(email);
          await restingStep(page, 'confirmSignUp');
          await main.getByLabel('6-digit code').fill(await inboxCode(email, 'SignUp'));
          await main.getByRole('button', { name: 'Confirm' }).click();
          await restingStep(page, 'signedIn');

          await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
          await setUp(page, 'TOTP');
          await flowStep(page, 'totp', 'awaitingCode');
          const app = URI.parse(await scanQr(page)) as TOTP;
          await page.getByLabel('Code from the app').fill(app.generate());
          await page.getByRole('button', { name: 'Verify' }).click();
          await statusIs(page, 'TOTP');
          await setUp(page, 'SMS');
          await page.getByLabel('Phone number, with country code').fill('+44 7700 900 456');
          await page.getByRole('button', { name: 'Send code' }).click();
          await flowStep(page, 'phone', 'awaitingCode');
          await page.getByLabel('6-digit code').fill(await inboxCode('+447700900456', 'UpdateUserAttribute'));
          await page.locator('[data-flow="phone"]').getByRole('button', { name: 'Verify' }).click();
          await statusIs(page, 'TOTP,SMS');

          // Sign out and in with TOTP (preferred).
          await page.getByRole('navigation').getByRole('button', { name: 'Sign in' }).click();
          await main.getByRole('button', { name: 'Sign out', exact: true }).click();
          await restingStep(page, 'signedOut');
          await main.getByRole('button', { name: 'Sign in', exact: true }).click();
          await signIn(email);
          await restingStep(page, 'totpCode');
          await main.getByLabel('6-digit code').fill(app.generate());
          await main.getByRole('button', { name: 'Verify' }).click();
          await restingStep(page, 'signedIn');

          // Prefer SMS, then sign out and in with the texted code.
          await page.getByRole('navigation').getByRole('button', { name: 'MFA settings' }).click();
          await page.locator('tr[data-method="SMS"]').getByRole('button', { name: 'Make preferred' }).click();
          await page.locator('tr[data-method="SMS"] td', { hasText: 'On, preferred' }).waitFor({ timeout: 10_000 });
          await page.getByRole('navigation').getByRole('button', { name: 'Sign in' }).click();
          await main.getByRole('button', { name: 'Sign out', exact: true }).click();
          await restingStep(page, 'signedOut');
          await main.getByRole('button', { name: 'Sign in', exact: true }).click();
          await signIn(email);
          await restingStep(page, 'smsCode');
          await main.getByText('Sent to +********0456.').waitFor({ timeout: 5_000 });
          await main.getByLabel('6-digit code').fill(await inboxCode('+447700900456', 'Authentication'));
          await main.getByRole('button', { name: 'Verify' }).click();
          await restingStep(page, 'signedIn');
          await main.locator(`[data-user="${email}"]`).waitFor({ timeout: 5_000 });
        } finally {
          await page.context().close();
        }
      }),
    180_000,
  );
});
