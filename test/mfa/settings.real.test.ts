import { signOut } from 'aws-amplify/auth';
import { createActor, waitFor } from 'xstate';
import type { AnyActorRef, AnyEventObject } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MfaSettingsInput, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import type { MfaMethod } from '../../machines/shared/types.js';
import { createAmplifyMfaSettingsMachine } from '../../src/amplify/mfa.actors.js';
import { SIGN_IN_TIMES, mfaSettings } from '../../src/diagram/mfa.models.js';
import { generateWorldPaths, selectCovering } from '../../src/diagram/paths.js';
import type { World } from '../../src/diagram/paths.js';
import { catalogueIds } from '../support/catalogue.js';
import { authenticator, signInWithPassword, signUpConfirmed } from '../support/amplifyUsers.js';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { realWalk } from '../support/realWalk.js';
import { at } from '../support/views.js';

// Real level for MFA settings in an OPTIONAL pool (the local backend's): the
// enrollment flows run for real as child machines, driven as a user would.
const PHONE = '+15550100101';

interface Account {
  totp: boolean;
  sms: boolean;
  preferred: MfaMethod | null;
  phoneVerified: boolean;
}
const statusOf = (a: Account): MfaStatus => ({
  enabled: [...(a.totp ? ['TOTP' as const] : []), ...(a.sms ? ['SMS' as const] : [])],
  preferred: a.preferred,
  phone: a.phoneVerified ? PHONE : null,
  phoneVerified: a.phoneVerified,
});
const outcomeOf = (e: AnyEventObject) => /^xstate\.(done|error)\.actor\.(.+)$/.exec(e.type);

/**
 * The account as the local backend holds it: each load must report exactly
 * this, each change moves it, and failures (network) cannot happen locally.
 */
const world: World<Account & { pending: AnyEventObject | null }> = {
  initial: { totp: false, sms: false, preferred: null, phoneVerified: false, pending: null },
  key: (w) => JSON.stringify(w),
  step(w, event) {
    const o = outcomeOf(event);
    // The local backend always answers and its tokens refresh; a cancel while a change is in flight races it.
    if (event.type.startsWith('xstate.after.') || event.type === 'AUTH.SESSION_LOST' || event.type === 'FLOW.CANCEL') return null;
    // The user has just signed in, so a sensitive change goes ahead at once; signing in again is stepUp.real.test.ts's.
    if (event.type.startsWith('xstate.snapshot.')) return null;
    if (o?.[2] === 'readSignIn') {
      const recent = o[1] === 'done' && (event as { output?: { authTime?: number } }).output?.authTime === SIGN_IN_TIMES.justNow;
      return recent ? w : null;
    }
    if (!o) return { ...w, pending: event };
    if (o[1] === 'error') return null;
    const output = (event as { output?: unknown }).output;
    if ((output as { status?: string } | undefined)?.status === 'signedOut') return null;
    const next = { ...w, pending: null };
    if (o[2] === 'loadMfaStatus') return JSON.stringify(output) === JSON.stringify(statusOf(w)) ? next : null;
    if (o[2] === 'totpEnrollment' && (output as { status: string }).status === 'enrolled')
      return { ...next, totp: true, preferred: 'TOTP' };
    if (o[2] === 'phoneVerification' && (output as { status: string }).status === 'verified')
      return { ...next, sms: true, phoneVerified: true };
    if (o[2] === 'updateMfaPreference' && w.pending) {
      const m = (w.pending as { method?: MfaMethod }).method;
      if (w.pending.type === 'ENROLL.SMS') return { ...next, sms: true };
      if (w.pending.type === 'PREFERRED.SET' && m) return { ...next, preferred: m };
      if (w.pending.type === 'METHOD.DISABLE' && m) {
        return {
          ...next,
          totp: m === 'TOTP' ? false : w.totp,
          sms: m === 'SMS' ? false : w.sms,
          preferred: w.preferred === m ? null : w.preferred,
        };
      }
    }
    return next;
  },
};

const OPTIONAL_INPUT = mfaSettings.model.variants!.find((v) => v.input.capabilities.mfaMode === 'OPTIONAL')!.input;

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend();
});
afterAll(() => t.backend.close());
afterEach(() => signOut());

const paths = selectCovering(mfaSettings.model, generateWorldPaths(mfaSettings.model, OPTIONAL_INPUT, world), catalogueIds('mfaSettings'));

/** Finishes or cancels a running enrollment flow the way a user would on its screens. */
async function driveChild(actor: AnyActorRef, event: AnyEventObject): Promise<void> {
  const view = () => connectMfaSettings(actor.getSnapshot(), actor.send);
  const ending = (event as { output?: { status?: string } }).output?.status;
  const id = event.type.endsWith('.totpEnrollment') ? 'totpEnrollment' : 'phoneVerification';
  // A child's own steps do not change the parent's snapshot: wait on the child itself.
  const child = (actor.getSnapshot() as { children: Record<string, AnyActorRef> }).children[id]!;
  const until = (ok: () => boolean) => waitFor(child, ok, { timeout: 10_000 });
  if (id === 'totpEnrollment') {
    const totp = () => at(view(), 'enrollingTotp').totpEnrollment;
    await until(() => totp().step === 'awaitingCode');
    const flow = at(totp(), 'awaitingCode');
    if (ending === 'enrolled') flow.submitCode(authenticator(flow.totpSetup.secret).generate());
    else flow.cancel();
    return;
  }
  const phone = () => at(view(), 'verifyingPhone').phoneVerification;
  if (ending !== 'verified') return at(phone(), 'enteringPhone').cancel();
  at(phone(), 'enteringPhone').submitPhone('+1 555 010 0101');
  await until(() => phone().step === 'awaitingCode');
  at(phone(), 'awaitingCode').submitCode(t.backend.inbox.latest({ destination: PHONE }).code);
}

describe('mfaSettings: generated paths with real Amplify on the local backend (OPTIONAL pool)', () => {
  it('enrolls TOTP, verifies a phone, prefers and disables methods', () => {
    const labels = paths.flatMap((p) => p.steps.map((s) => mfaSettings.label(s.event)));
    expect(labels).toEqual(
      expect.arrayContaining([
        'the enrollment flow ends enrolled',
        'the phone flow ends verified',
        'Cognito reports TOTP (preferred) and SMS',
        'Cognito saves the change',
      ]),
    );
  });
  for (const path of paths) {
    it(`mfaSettings ${path.id}: ${path.title}`, async () => {
      const email = await signUpConfirmed(t, 'settings');
      await signInWithPassword(t, email);
      const send = async (ctx: { send(e: AnyEventObject): void }, e: AnyEventObject) => ctx.send(e);
      await realWalk(path, {
        machine: createAmplifyMfaSettingsMachine(),
        input: () => ({ ...(path.input as MfaSettingsInput), accountName: email }),
        delays: {},
        extra: {},
        label: mfaSettings.label,
        executors: {
          'ENROLL.TOTP': send,
          'ENROLL.SMS': send,
          'PREFERRED.SET': send,
          'METHOD.DISABLE': send,
          'SETTINGS.RELOAD': send,
          // A real sign-out elsewhere on the page: Amplify's Hub tells the flow.
          'AUTH.SIGNED_OUT': async () => signOut(),
        },
        beforeOutcome: async (ctx, event) => {
          if (/\.(totpEnrollment|phoneVerification)$/.test(event.type)) await driveChild(ctx.actor, event);
        },
      });
    });
  }
});

describe('one session for every open flow (Amplify Hub, real client)', () => {
  it('a sign-out elsewhere on the page ends the settings and the enrollment running in them, and drops the secret', async () => {
    const email = await signUpConfirmed(t, 'hub');
    await signInWithPassword(t, email);
    const actor = createActor(createAmplifyMfaSettingsMachine(), { input: { ...OPTIONAL_INPUT, accountName: email } }).start();
    try {
      await waitFor(actor, (s) => s.matches('ready'), { timeout: 10_000 });
      actor.send({ type: 'ENROLL.TOTP' });
      const child = (actor.getSnapshot() as { children: Record<string, AnyActorRef> }).children.totpEnrollment!;
      await waitFor(child, (s) => (s as { matches(v: unknown): boolean }).matches({ enrolling: 'awaitingCode' }), { timeout: 10_000 });
      expect(
        at(at(connectMfaSettings(actor.getSnapshot(), actor.send), 'enrollingTotp').totpEnrollment, 'awaitingCode').totpSetup.secret,
      ).toBeTruthy();

      await signOut();

      await waitFor(actor, (s) => s.status === 'done', { timeout: 5_000 });
      const view = connectMfaSettings(actor.getSnapshot(), actor.send);
      expect(view.step).toBe('signedOut');
      expect(view.error?.code).toBe('SIGNED_OUT');
      expect(child.getSnapshot().status, 'the enrollment stopped with its parent').not.toBe('active');
      expect(JSON.stringify(actor.getPersistedSnapshot())).not.toMatch(/otpauth|sharedSecret/);
    } finally {
      actor.stop();
    }
  });
});
