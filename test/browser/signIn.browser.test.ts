import type { Page } from 'playwright-core';
import type { AnyEventObject } from 'xstate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ExpectStatic } from 'vitest';
import { toFlowError } from '../../machines/shared/errors.js';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import type { SignInEventType } from '../../machines/signIn/signIn.types.js';
import { leafIds } from '../../src/diagram/paths.js';
import { ERRORS, labelOf } from '../../src/diagram/signIn.model.js';
import { authenticator, wrongCode } from '../support/amplifyUsers.js';
import { useBackend } from '../support/backend.js';
import { MUST_WALK, realPlan } from '../signIn/realPaths.js';
import { arrange, emailMfaPool, queueFault } from '../signIn/realReplay.js';
import { expectFaultsGiven } from '../support/faultsOnDemand.js';
import type { RealUser } from '../signIn/realReplay.js';
import { CHROMIUM, oneAtATime, openDemo, restingStep, startRig, startRigPool } from './harness.js';
import type { BrowserRig, RigPool } from './harness.js';

// The generated sign-in paths the local backend can play out, walked in the
// demo page in Chromium: each event becomes clicks and typing, and each state
// the path reaches is checked on the page.
const BUSY_SCREENS = new Set(['checkingSession', 'signingIn', 'loadingUser', 'signingOut']);
const busyAt = (value: unknown) =>
  signInMachine.resolveState({ value, context: signInMachine.getInitialSnapshot(undefined as never).context } as never).hasTag('busy');

/**
 * Which real paths a person can play in the page. Left out, with the reason:
 * a user event while a call is in flight (the page has answered before a
 * person could click), a method the page never offers, and a second flow on
 * the page or another tab (the real level walks those).
 */
function walkable(path: (typeof optionalPool)[number]): boolean {
  let before: unknown = 'checkingSession';
  let offered: string[] = [];
  for (const step of path.steps) {
    // A second flow on the page, or a sign-in in another tab: walked at the real level (test/signIn/realReplay.ts).
    const error = JSON.stringify((step.event as { error?: unknown }).error);
    if (step.event.type.startsWith('AUTH.') || error === JSON.stringify(ERRORS.alreadySignedIn.error)) return false;
    // An answer, or a call's timeout, comes while a call is in flight; a user's event cannot.
    const outcome = /^xstate\.((done|error)\.actor|after\.callTimeout)\./.test(step.event.type);
    if (!outcome && busyAt(before)) return false;
    const output = (step.event as { output?: { allowedMethods?: string[] } }).output;
    if (output?.allowedMethods) offered = output.allowedMethods;
    if (step.event.type === 'METHOD.SELECT' && !offered.includes((step.event as unknown as { method: string }).method)) return false;
    before = step.state;
  }
  return true;
}
// The REQUIRED pools' paths are walked at the real level only (test/signIn/signIn.real.required.test.ts), and so
// are those with a failure the backend gives on demand (test/signIn/realReplay.ts, faultBefore).
const optionalPool = realPlan().paths.filter((p) => p.scenario !== 'required' && p.scenario !== 'requiredChoice');
const paths = optionalPool.filter((p) => !p.faults && walkable(p));
// The real level walks every fault on demand (test/signIn/realReplay.ts); the page walks the shortest path to each
// kind, so that a dropped connection, Cognito's attempt limit and a call that never answers are seen on screen.
const FAULT_KINDS = ['-network-error', '-limit-exceeded', '-timeout'] as const;
const faultPaths = FAULT_KINDS.map(
  (kind) => optionalPool.filter((p) => p.faults && p.id.endsWith(kind) && walkable(p)).sort((a, b) => a.steps.length - b.steps.length)[0]!,
);
const SHORT_EXPIRY_MS = 4_000;

// Two lanes, each with its own backend: a path moves its backend's clock, so paths share none.
const LANES = 2;
let rigs: RigPool;
beforeAll(async () => {
  // The synthesized pool with email MFA on too, as in the real suite (test/signIn/signIn.real.test.ts).
  if (CHROMIUM) rigs = await startRigPool(LANES, () => startRig({ pool: emailMfaPool(inject('pool')) }));
}, 120_000);
afterAll(async () => rigs?.close());
// Users are arranged through this process's Amplify, one configuration for both lanes: one lane at a time.
const arranging = oneAtATime();

/** The screen (heading data-step) a state of the machine shows. */
function screenOf(value: unknown): string {
  const parts = (leafIds('signIn', value)[0] ?? '').split('.');
  if (parts[1] === 'resetPassword' && parts[2] === 'enteringUsername') return 'forgotPassword';
  return parts[1] === 'challenge' ? parts[2]! : parts[1]!;
}
const isOutcome = (e: AnyEventObject | undefined) => !!e && /^xstate\.(done|error)\.actor\./.test(e.type);
const sameError = (e: AnyEventObject | undefined, key: keyof typeof ERRORS) =>
  !!e && JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(ERRORS[key].error);

interface Ctx {
  readonly page: Page;
  readonly rig: BrowserRig;
  readonly user: RealUser;
}
type Action = (ctx: Ctx, event: AnyEventObject, next: AnyEventObject | undefined) => Promise<void>;

const main = (ctx: Ctx) => ctx.page.getByRole('main');
const click = (ctx: Ctx, name: string) => main(ctx).getByRole('button', { name, exact: true }).click();

async function currentScreen(ctx: Ctx): Promise<string> {
  return (await ctx.page.locator('main h2[data-step]').getAttribute('data-step')) ?? '';
}

/** The code a user would read off their app, phone or mailbox for the screen shown. */
async function rightCode(ctx: Ctx): Promise<string> {
  const screen = await currentScreen(ctx);
  const inbox = ctx.rig.t.backend.inbox;
  if (screen === 'totpSetup') {
    ctx.user.totp = authenticator((await ctx.page.locator('[data-secret]').getAttribute('data-secret'))!);
    return ctx.user.totp.generate();
  }
  if (screen === 'totpCode') return ctx.user.totp!.generate();
  if (screen === 'smsCode') return inbox.latest({ destination: ctx.user.phone!, purpose: 'Authentication' }).code;
  if (screen === 'emailCode') return inbox.latest({ destination: ctx.user.email, purpose: 'Authentication' }).code;
  if (screen === 'confirmSignUp') return inbox.latest({ email: ctx.user.email, purpose: 'SignUp' }).code;
  if (screen === 'resetPassword') return inbox.latest({ email: ctx.user.email, purpose: 'ForgotPassword' }).code;
  throw new Error(`no code to read on ${screen}`);
}

async function typeCode(ctx: Ctx, code: string, button: string): Promise<void> {
  await main(ctx).getByLabel(/code/i).fill(code);
  await click(ctx, button);
}

/** Every event of the machine as a user's clicks and typing. A new event type without one is a compile error. */
const notInPage: Action = async (_ctx, event) => {
  throw new Error(`${event.type} is not walked in the page (see realizable)`);
};

const ACTIONS = {
  'CREDENTIALS.SUBMIT': async (ctx, event, next) => {
    const valid = (event as { username?: string }).username !== '';
    await main(ctx)
      .getByLabel('Email')
      .fill(valid ? ctx.user.email : '');
    await main(ctx)
      .getByLabel('Password')
      .fill(valid ? (sameError(next, 'wrongCredentials') ? 'Wrong-passw0rd!' : ctx.user.password) : '');
    await click(ctx, 'Sign in');
  },
  'CODE.SUBMIT': async (ctx, event, next) => {
    const typed = (event as unknown as { code: string }).code;
    const screen = await currentScreen(ctx);
    let code = typed;
    if (/^\d{6}$/.test(typed)) {
      if (sameError(next, 'wrongCode')) code = ctx.user.totp ? wrongCode(ctx.user.totp) : '000000';
      else {
        if (sameError(next, 'sessionExpired')) ctx.rig.t.clock.advance(3 * 60 * 1000 + 1000);
        code = await rightCode(ctx);
      }
    }
    if ((event as unknown as { rememberDevice?: boolean }).rememberDevice) await main(ctx).getByLabel('Remember this device').check();
    await typeCode(ctx, code, screen === 'confirmSignUp' ? 'Confirm' : 'Verify');
  },
  'CODE.RESEND': async (ctx) => click(ctx, 'Send a new code'),
  'METHOD.SELECT': async (ctx, event) =>
    click(
      ctx,
      { TOTP: 'Authenticator app', SMS: 'Text message (SMS)', EMAIL: 'Email' }[
        (event as unknown as { method: 'TOTP' | 'SMS' | 'EMAIL' }).method
      ],
    ),
  'EMAIL.SUBMIT': async (ctx, event) => {
    await main(ctx)
      .getByLabel('Email for codes')
      .fill((event as unknown as { email: string }).email);
    await click(ctx, 'Continue');
  },
  'NEW_PASSWORD.SUBMIT': async (ctx, event) => {
    const typed = (event as unknown as { password: string }).password;
    if (typed) ctx.user.password = 'New-passw0rd!';
    await main(ctx)
      .getByLabel('New password')
      .fill(typed ? ctx.user.password : '');
    await click(ctx, 'Set password');
  },
  'RESET.SUBMIT': async (ctx, event, next) => {
    const typed = event as unknown as { code: string; password: string };
    const valid = /^\d{6}$/.test(typed.code);
    const wrong = sameError(next, 'wrongCode');
    const code = !valid ? typed.code : wrong ? '000000' : await rightCode(ctx);
    if (valid && !wrong) ctx.user.password = 'Reset-passw0rd!';
    await main(ctx).getByLabel('Reset code').fill(code);
    await main(ctx)
      .getByLabel('New password')
      .fill(valid ? (wrong ? 'Whatever-passw0rd1!' : ctx.user.password) : '');
    await click(ctx, 'Reset password');
  },
  'PASSWORD.FORGOT': async (ctx) => click(ctx, 'Forgot password?'),
  'USERNAME.SUBMIT': async (ctx, event) => {
    const typed = (event as unknown as { username: string }).username;
    await main(ctx)
      .getByLabel('Email')
      .fill(typed.includes('@') ? ctx.user.email : typed);
    await click(ctx, 'Send code');
  },
  'FLOW.CANCEL': async (ctx) => click(ctx, 'Cancel'),
  'FLOW.RESTART': async (ctx) => {
    const screen = await currentScreen(ctx);
    // Cognito's lockout (1 s, doubling) passes while the user reads the locked screen.
    if (screen === 'locked') ctx.rig.t.clock.advance(60_000);
    await click(ctx, screen === 'signedOut' ? 'Sign in' : 'Sign in again');
  },
  SIGN_OUT: async (ctx, event) => click(ctx, (event as { global?: boolean }).global ? 'Sign out everywhere' : 'Sign out'),
  'AUTH.SIGNED_IN': notInPage,
  'AUTH.SIGNED_OUT': notInPage,
  'AUTH.SESSION_LOST': notInPage,
} satisfies Record<SignInEventType, Action>;

describe.skipIf(!CHROMIUM)('sign-in paths in the demo page (Chromium)', () => {
  it('covers TOTP wrong-then-right, SMS, selection and expiry', () => {
    console.log(
      `browser: ${paths.length} of ${optionalPool.filter((p) => !p.faults).length} plain real sign-in paths are walkable in the page, and ${faultPaths.length} with a fault`,
    );
    const labels = paths.flatMap((p) => p.steps.map((s) => labelOf(s.event)));
    expect(labels).toEqual(
      expect.arrayContaining([
        'Cognito says the code is wrong',
        'Cognito texts a code to +*******0101',
        'Cognito asks which method to use (SMS or TOTP)',
        'wait until the challenge expires (3 minutes)',
      ]),
    );
  });

  it('the walks follow the spec, not just the machine: a 6-digit code typed on a code screen goes to Cognito, a malformed one never does', () => {
    for (const path of paths) {
      path.steps.forEach((step, i) => {
        if (step.event.type !== 'CODE.SUBMIT') return;
        const sent = isOutcome(path.steps[i + 1]?.event);
        const wellFormed = /^\d{6}$/.test((step.event as unknown as { code: string }).code);
        expect(sent, `${path.id} step ${i + 1}`).toBe(wellFormed);
      });
    }
    // The issue's list: a TOTP challenge with a wrong then a right code, an SMS challenge, a selection, each to the end.
    const walked = paths.map((p) => p.steps.map((s) => labelOf(s.event)).join(' → '));
    for (const wanted of MUST_WALK)
      expect(
        walked.some((w) => w.includes(wanted)),
        wanted,
      ).toBe(true);
  });

  it('walks the shortest path to each fault on demand', () => {
    for (const [i, kind] of FAULT_KINDS.entries()) expect(faultPaths[i]?.id, kind).toMatch(new RegExp(`${kind}$`));
  });

  for (const path of [...paths, ...faultPaths]) {
    // Concurrent: each waits for a free lane, and its time includes that wait.
    it.concurrent(
      `signIn ${path.id}: ${path.title} [${path.scenario}]`,
      ({ expect }) => rigs.use((rig) => walkPath(rig, path, expect)),
      150_000,
    );
  }
});

async function walkPath(rig: BrowserRig, path: (typeof paths)[number], expect: ExpectStatic): Promise<void> {
  const user = await arranging(() => {
    useBackend(rig.t);
    return arrange(rig.t, path.scenario);
  });
  const has = (delay: string) => path.steps.some((s) => s.event.type.startsWith(`xstate.after.${delay}`));
  const query = `?${has('challengeExpiry') ? `challengeTimeoutMs=${SHORT_EXPIRY_MS}&` : ''}${has('callTimeout') ? `callTimeoutMs=${SHORT_EXPIRY_MS}&` : ''}resendCooldownMs=1000`;
  const page = await openDemo(rig, query);
  const ctx: Ctx = { page, rig, user };
  try {
    for (const [i, step] of path.steps.entries()) {
      const where = `${path.id} step ${i + 1} (${labelOf(step.event)})`;
      const next = path.steps[i + 1]?.event;
      const screen = screenOf(step.state);
      // The fault the next step needs, queued before this one starts its call (as at the real level).
      queueFault(rig.t, step, path.steps[i + 1]);
      try {
        if (step.event.type.startsWith('xstate.after.')) {
          await restingStep(page, screen, SHORT_EXPIRY_MS + 10_000);
        } else if (isOutcome(step.event)) {
          // A screen with a call in flight passes too fast to see; the next resting one is checked.
          if (isOutcome(next) || BUSY_SCREENS.has(screen) || busyAt(step.state)) continue;
          await restingStep(page, screen);
          const error = (step.event as { error?: unknown }).error;
          if (error && !step.event.type.endsWith('.fetchUser')) {
            // The locked screen always says locked: never the wrong code that led there.
            const code = screen === 'locked' && toFlowError(error).code === 'WRONG_CODE' ? 'LOCKED_OUT' : toFlowError(error).code;
            await page.locator(`main [role="alert"][data-error="${code}"]`).waitFor({ timeout: 5_000 });
          }
        } else {
          await ACTIONS[step.event.type as SignInEventType](ctx, step.event, next);
          if (!isOutcome(next) && !BUSY_SCREENS.has(screen))
            await page.locator(`main h2[data-step="${screen}"]`).waitFor({ timeout: 10_000 });
        }
      } catch (e) {
        throw new Error(
          `${where}: expected the page to show "${screen}", it shows "${await currentScreen(ctx)}": ${(e as Error).message.split('\n')[0]}`,
        );
      }
    }
    expect((page as Page & { errors?: string[] }).errors ?? []).toEqual([]);
    expectFaultsGiven(rig.t);
  } finally {
    rig.t.backend.faults.clear();
    await page.context().close();
  }
}
