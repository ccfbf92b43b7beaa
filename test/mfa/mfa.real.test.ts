import { signOut } from 'aws-amplify/auth';
import type { AnyEventObject } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { createAmplifyPhoneVerificationMachine, createAmplifyTotpEnrollmentMachine } from '../../src/amplify/mfa.actors.js';
import { MFA_ERRORS, TOTP_INPUT, phoneVerification, totpEnrollment } from '../../src/diagram/mfa.models.js';
import type { BuiltModel } from '../../src/diagram/model.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { generatePaths, selectCovering } from '../../src/diagram/paths.js';
import type { MachineName } from '../../src/testing/index.js';
import { catalogueIds } from '../support/catalogue.js';
import { authenticator, signInWithPassword, signUpConfirmed, wrongCode } from '../support/amplifyUsers.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { realWalk } from '../support/realWalk.js';
import type { RealContext } from '../support/realWalk.js';

// Real level for TOTP enrollment and phone verification: the generated paths
// the local backend can play out, replayed with the real aws-amplify actors.

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const outcomeOf = (e: AnyEventObject) => /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);
const isError = (e: AnyEventObject | undefined, f: { value: unknown }) =>
  !!e && JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(f.value);

/** The outcomes the local backend produces, per actor; anything else (network, throttling) it cannot. */
function realizable(path: GeneratedPath, allowed: Readonly<Record<string, (e: AnyEventObject) => boolean>>): boolean {
  return path.steps.every((s) => {
    // The local backend always answers, and its tokens refresh.
    if (s.event.type.startsWith('xstate.after.callTimeout') || s.event.type === 'AUTH.SESSION_LOST') return false;
    const o = outcomeOf(s.event);
    return !o || (allowed[o[2] ?? '']?.(s.event) ?? false);
  });
}

/** The paths the local backend can play out: the catalogue's first (the same ids as the pure level), then others for what they leave out. */
function plan(name: MachineName, built: BuiltModel<unknown>, allowed: Readonly<Record<string, (e: AnyEventObject) => boolean>>) {
  return selectCovering(
    built.model,
    generatePaths(built.model).filter((p) => realizable(p, allowed)),
    catalogueIds(name),
  );
}

async function signedInUser(tag: string): Promise<string> {
  const email = await signUpConfirmed(t, tag);
  await signInWithPassword(t, email);
  return email;
}

const done = (e: AnyEventObject) => e.type.startsWith('xstate.done.');

describe('totpEnrollment: generated paths with real Amplify on the local backend', () => {
  const paths = plan('totpEnrollment', totpEnrollment as BuiltModel<unknown>, {
    setUpTotp: done,
    createQrCode: done,
    verifyTotp: (e) => done(e) || isError(e, MFA_ERRORS.wrongCode),
    setTotpPreference: done,
  });
  it('plays out set-up, a wrong code, a right code and the preference', () => {
    const labels = paths.flatMap((p) => p.steps.map((s) => totpEnrollment.label(s.event)));
    expect(labels).toEqual(
      expect.arrayContaining(['Cognito says the code is wrong', 'Cognito accepts the code', 'Cognito saves the preference']),
    );
  });
  for (const path of paths) {
    it(`totpEnrollment ${path.id}: ${path.title}`, async () => {
      const accountName = await signedInUser('enroll');
      type C = { view: () => ReturnType<typeof connectTotpEnrollment> };
      await realWalk<C>(path, {
        machine: createAmplifyTotpEnrollmentMachine(),
        input: () => ({ ...TOTP_INPUT, accountName }),
        delays: {},
        extra: { view: () => ({}) as never },
        label: totpEnrollment.label,
        executors: {
          'CODE.SUBMIT': async (ctx, event, next) => {
            const view = connectTotpEnrollment((ctx as RealContext).actor.getSnapshot(), (ctx as RealContext).actor.send);
            const typed = (event as { code?: string }).code ?? '';
            const totp = 'totpSetup' in view && view.totpSetup ? authenticator(view.totpSetup.secret) : undefined;
            const code = !/^\d{6}$/.test(typed) || !totp ? typed : isError(next, MFA_ERRORS.wrongCode) ? wrongCode(totp) : totp.generate();
            ctx.send({ type: 'CODE.SUBMIT', code });
          },
          'FLOW.RETRY': async (ctx, e) => ctx.send(e),
          'FLOW.RESTART': async (ctx, e) => ctx.send(e),
          'FLOW.CANCEL': async (ctx, e) => ctx.send(e),
          // A real sign-out elsewhere on the page: Amplify's Hub tells the flow.
          'AUTH.SIGNED_OUT': async () => signOut(),
        },
        check: (actor) => {
          const view = connectTotpEnrollment(actor.getSnapshot(), actor.send);
          if (!['settingUp', 'awaitingCode', 'verifying'].includes(view.step))
            expect('totpSetup' in view, `no secret in ${view.step}`).toBe(false);
          if (!['settingUp', 'awaitingCode', 'verifying'].includes(view.step)) expect(actor.getSnapshot().context.secret).toBeNull();
        },
      });
    });
  }
});

let phoneCounter = 0;
describe('phoneVerification: generated paths with real Amplify on the local backend', () => {
  const paths = plan('phoneVerification', phoneVerification as BuiltModel<unknown>, {
    updatePhone: (e) => done(e) && (e as { output?: { codeSent?: boolean } }).output?.codeSent === true,
    sendPhoneCode: done,
    confirmPhone: (e) => done(e) || isError(e, MFA_ERRORS.wrongCode),
    enableSmsMfa: done,
  });
  it('plays out the number, a resend, a wrong code, a right code and SMS MFA', () => {
    const labels = paths.flatMap((p) => p.steps.map((s) => phoneVerification.label(s.event)));
    expect(labels).toEqual(
      expect.arrayContaining([
        'ask for a new code',
        'Cognito says the code is wrong',
        'Cognito verifies the number',
        'Cognito turns SMS MFA on',
      ]),
    );
  });
  for (const path of paths) {
    it(`phoneVerification ${path.id}: ${path.title} [${path.variant}]`, async () => {
      await signedInUser('phone');
      phoneCounter += 1;
      const digits = `1555${String(process.pid % 1000).padStart(3, '0')}${String(phoneCounter).padStart(4, '0')}`;
      const e164 = `+${digits}`;
      type C = Record<string, never>;
      await realWalk<C>(path, {
        machine: createAmplifyPhoneVerificationMachine(),
        input: (now) => ({ ...(path.input as object), resendCooldownMs: 30_000, now }),
        delays: { resendCooldown: 30_000 },
        extra: {},
        label: phoneVerification.label,
        executors: {
          'PHONE.SUBMIT': async (ctx, event) => {
            const typed = (event as { phone?: string }).phone ?? '';
            // Typed the way people type: +1 (555) 012-3456.
            ctx.send({
              type: 'PHONE.SUBMIT',
              phone: typed.startsWith('+')
                ? `+${digits.slice(0, 1)} (${digits.slice(1, 4)}) ${digits.slice(4, 7)}-${digits.slice(7)}`
                : typed,
            });
          },
          'CODE.SUBMIT': async (ctx, event, next) => {
            const typed = (event as { code?: string }).code ?? '';
            if (!/^\d{6}$/.test(typed)) return ctx.send(event);
            const right = t.backend.inbox.latest({ destination: e164 }).code;
            ctx.send({
              type: 'CODE.SUBMIT',
              code: isError(next, MFA_ERRORS.wrongCode) ? (right === '000000' ? '111111' : '000000') : right,
            });
          },
          'CODE.RESEND': async (ctx, e) => ctx.send(e),
          'PHONE.CHANGE': async (ctx, e) => ctx.send(e),
          'FLOW.RETRY': async (ctx, e) => ctx.send(e),
          'FLOW.CANCEL': async (ctx, e) => ctx.send(e),
          'AUTH.SIGNED_OUT': async () => signOut(),
        },
        check: (actor) => {
          const view = connectPhoneVerification(actor.getSnapshot(), actor.send);
          if ('codeDelivery' in view && view.codeDelivery) expect(view.codeDelivery.destination).toMatch(/^\+\*+\d{4}$/);
        },
      });
    });
  }
});
