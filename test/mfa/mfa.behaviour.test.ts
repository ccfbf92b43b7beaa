import { createActor, fromPromise } from 'xstate';
import type { AnyActorRef } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import type { MfaSettingsInput, MfaStatus } from '../../machines/mfaSettings/mfaSettings.types.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { connectPhoneVerification } from '../../machines/phoneVerification/phoneVerification.view.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { connectTotpEnrollment } from '../../machines/totpEnrollment/totpEnrollment.view.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// Behaviour of the MFA management flows that the generated paths (one pool, SMS and TOTP, default inputs)
// do not reach: other pools, email, inputs passed on to the child flows, and what each flow hands back.

const TOTP = { totpIssuer: 'App', accountName: 'pat@example.com' };

async function settings(capabilities: MfaSettingsInput['capabilities'], status: MfaStatus | null, extra: Partial<MfaSettingsInput> = {}) {
  const fakes = new FakeActors();
  const machine = mfaSettingsMachine.provide({
    actors: {
      ...fakes.actors(['loadMfaStatus', 'updateMfaPreference']),
      // A sign-in just now: sensitive changes go ahead without signing in again (test/mfa/stepUp.test.ts covers the rest).
      readSignIn: fromPromise(async () => ({ userId: 'u-1', authTime: Date.now() })),
      // The child flows run for real; their calls never answer here.
      totpEnrollment: totpEnrollmentMachine.provide({
        actors: new FakeActors().actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']),
      }),
      phoneVerification: phoneVerificationMachine.provide({
        actors: new FakeActors().actors(['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']),
      }),
    } as never,
  });
  const actor = createActor(machine, { input: { capabilities, ...TOTP, ...extra } }).start();
  const view = () => connectMfaSettings(actor.getSnapshot(), actor.send);
  if (status) {
    fakes.pending('loadMfaStatus').resolve(status);
    await settle();
  }
  return { actor, fakes, view };
}

const status = (s: Partial<MfaStatus>): MfaStatus => ({ enabled: [], preferred: null, phone: null, phoneVerified: false, ...s });

describe('MFA settings beyond the generated paths', () => {
  it('shows nothing as on before the settings are read', async () => {
    const { view } = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, null);
    const loading = at(view(), 'loading');
    expect(loading).toMatchObject({ enabled: [], preferred: null, phone: null, phoneVerified: false, mfaMode: 'OPTIONAL' });
    expect(loading.methods.map((m) => [m.method, m.enabled, m.preferred, m.canSetUp, m.canPrefer, m.canDisable])).toEqual([
      ['SMS', false, false, false, false, false],
      ['TOTP', false, false, false, false, false],
    ]);
  });

  it('a pool with MFA off offers no method, whatever it lists', async () => {
    const { view, actor, fakes } = await settings({ mfaMode: 'OFF', mfaMethods: ['SMS', 'TOTP'] }, status({}));
    expect(at(view(), 'ready').methods).toEqual([]);
    for (const type of ['ENROLL.TOTP', 'ENROLL.SMS'] as const) {
      actor.send({ type });
      expect(view().step).toBe('ready');
      expect(view().error?.code).toBe('METHOD_NOT_ALLOWED');
    }
    expect(fakes.calls.map((c) => c.src)).toEqual(['loadMfaStatus']);
  });

  it('each row says what is on, what is preferred, and what may be done; email is never set up here', async () => {
    const { view } = await settings(
      { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP', 'EMAIL'] },
      status({ enabled: ['TOTP'], preferred: 'TOTP', phone: '+15550100101', phoneVerified: true }),
    );
    const ready = at(view(), 'ready');
    expect(ready).toMatchObject({ enabled: ['TOTP'], preferred: 'TOTP', phone: '+15550100101', phoneVerified: true });
    expect(ready.methods).toEqual([
      { method: 'SMS', enabled: false, preferred: false, canSetUp: true, canPrefer: false, canDisable: false, disableBlockedReason: null },
      { method: 'TOTP', enabled: true, preferred: true, canSetUp: false, canPrefer: false, canDisable: true, disableBlockedReason: null },
      {
        method: 'EMAIL',
        enabled: false,
        preferred: false,
        canSetUp: false,
        canPrefer: false,
        canDisable: false,
        disableBlockedReason: null,
      },
    ]);
  });

  it('prefers and turns off each method by its own key', async () => {
    for (const [method, key] of [
      ['SMS', 'sms'],
      ['TOTP', 'totp'],
      ['EMAIL', 'email'],
    ] as const) {
      const { view, fakes } = await settings(
        { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP', 'EMAIL'] },
        status({ enabled: ['SMS', 'TOTP', 'EMAIL'] }),
      );
      at(view(), 'ready').prefer(method);
      await settle();
      expect(fakes.pending('updateMfaPreference').input).toEqual({ [key]: 'PREFERRED' });
      fakes.pending('updateMfaPreference').resolve(undefined);
      await settle();
      fakes.pending('loadMfaStatus').resolve(status({ enabled: ['SMS', 'TOTP', 'EMAIL'] }));
      await settle();
      at(view(), 'ready').disable(method);
      await settle();
      expect(fakes.pending('updateMfaPreference').input).toEqual({ [key]: 'DISABLED' });
    }
  });

  it('asks for nothing when the method is off or already preferred', async () => {
    const { view, fakes } = await settings(
      { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
      status({ enabled: ['TOTP'], preferred: 'TOTP' }),
    );
    at(view(), 'ready').prefer('TOTP');
    at(view(), 'ready').prefer('SMS');
    at(view(), 'ready').disable('SMS');
    expect(view().step).toBe('ready');
    expect(fakes.calls.map((c) => c.src)).toEqual(['loadMfaStatus']);
  });

  it('in a REQUIRED pool the last method stays, with the reason shown; with two, either may go', async () => {
    const one = await settings({ mfaMode: 'REQUIRED', mfaMethods: ['SMS', 'TOTP'] }, status({ enabled: ['TOTP'], preferred: 'TOTP' }));
    const row = at(one.view(), 'ready').methods.find((m) => m.method === 'TOTP');
    expect(row).toMatchObject({
      canDisable: false,
      disableBlockedReason: 'This app requires two-step verification: add another method before turning this one off.',
    });
    expect(at(one.view(), 'ready').methods.find((m) => m.method === 'SMS')?.disableBlockedReason).toBeNull();
    at(one.view(), 'ready').disable('TOTP');
    expect(one.view().error).toEqual({
      code: 'LAST_METHOD_REQUIRED',
      message: expect.stringContaining('cannot be turned off'),
      retryable: false,
    });
    const two = await settings(
      { mfaMode: 'REQUIRED', mfaMethods: ['SMS', 'TOTP'] },
      status({ enabled: ['SMS', 'TOTP'], phoneVerified: true }),
    );
    expect(at(two.view(), 'ready').methods.every((m) => m.canDisable && m.disableBlockedReason === null)).toBe(true);
    at(two.view(), 'ready').disable('SMS');
    await settle();
    expect(two.fakes.pending('updateMfaPreference').input).toEqual({ sms: 'DISABLED' });
  });

  it('in an OPTIONAL pool, a user the app requires MFA of (requireMfa) keeps the last method, as in a REQUIRED pool; others may turn it off', async () => {
    const optional = { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] } as const;
    const member = await settings(optional, status({ enabled: ['TOTP'], preferred: 'TOTP' }), { requireMfa: true });
    expect(at(member.view(), 'ready').methods.find((m) => m.method === 'TOTP')).toMatchObject({
      canDisable: false,
      disableBlockedReason: 'This app requires two-step verification: add another method before turning this one off.',
    });
    at(member.view(), 'ready').disable('TOTP');
    await settle();
    expect([member.view().step, member.view().error?.code]).toEqual(['ready', 'LAST_METHOD_REQUIRED']);
    expect(member.fakes.calls.map((c) => c.src)).toEqual(['loadMfaStatus']);
    // With two methods either may go.
    const two = await settings(optional, status({ enabled: ['SMS', 'TOTP'], preferred: 'TOTP', phoneVerified: true }), {
      requireMfa: true,
    });
    at(two.view(), 'ready').disable('SMS');
    await settle();
    expect(two.fakes.pending('updateMfaPreference').input).toEqual({ sms: 'DISABLED' });
    // Not required of this user (the default): the last method may go.
    const other = await settings(optional, status({ enabled: ['TOTP'], preferred: 'TOTP' }));
    expect(at(other.view(), 'ready').methods.find((m) => m.method === 'TOTP')).toMatchObject({
      canDisable: true,
      disableBlockedReason: null,
    });
    at(other.view(), 'ready').disable('TOTP');
    await settle();
    expect(other.fakes.pending('updateMfaPreference').input).toEqual({ totp: 'DISABLED' });
  });

  it('every change it accepts starts without the last error', async () => {
    const on = status({ enabled: ['TOTP'], phoneVerified: true });
    const accepted: [string, MfaStatus, (v: ReturnType<typeof at<ReturnType<typeof connectMfaSettings>, 'ready'>>) => void, string][] = [
      ['reload', on, (v) => v.reload(), 'loading'],
      ['enroll TOTP', status({}), (v) => v.enroll('TOTP'), 'enrollingTotp'],
      ['enroll SMS with a verified phone', on, (v) => v.enroll('SMS'), 'saving'],
      ['prefer', on, (v) => v.prefer('TOTP'), 'saving'],
      ['disable', on, (v) => v.disable('TOTP'), 'saving'],
    ];
    for (const [what, before, act, step] of accepted) {
      const { view, actor } = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, before);
      actor.send({ type: 'PREFERRED.SET', method: 'FAX' as never });
      expect(view().error?.code, what).toBe('INVALID_EVENT');
      act(at(view(), 'ready'));
      await settle();
      expect(view().step, what).toBe(step);
      expect(view().error, what).toBeNull();
    }
    const unverified = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, status({}));
    unverified.actor.send({ type: 'METHOD.DISABLE', method: 'FAX' as never });
    at(unverified.view(), 'ready').enroll('SMS');
    expect(unverified.view().step).toBe('verifyingPhone');
    expect(unverified.view().error).toBeNull();
  });

  it('a failed read says why, and a reload starts without it', async () => {
    const { view, fakes } = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] }, null);
    fakes.pending('loadMfaStatus').reject(namedError({ name: 'NetworkError', message: 'offline' }));
    await settle();
    const failed = at(view(), 'loadFailed');
    expect(failed.error).toMatchObject({ code: 'NETWORK', detail: 'offline' });
    failed.reload();
    expect(view().step).toBe('loading');
    expect(view().error).toBeNull();
  });

  it('hands the phone flow the number on file and the cooldown, and only those it has', async () => {
    const child = (actor: AnyActorRef) => (actor.getSnapshot().children.phoneVerification as AnyActorRef).getSnapshot().context;
    const given = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['SMS'] }, status({ phone: '+15550100101' }), { resendCooldownMs: 5 });
    at(given.view(), 'ready').enroll('SMS');
    await settle();
    expect(child(given.actor)).toMatchObject({ phoneInput: '+15550100101', resendCooldownMs: 5, enableSmsMfa: 'ENABLED' });
    const bare = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['SMS'] }, status({}));
    at(bare.view(), 'ready').enroll('SMS');
    expect(child(bare.actor)).toMatchObject({ phoneInput: '', resendCooldownMs: 30_000, enableSmsMfa: 'ENABLED' });
  });

  it('hands the TOTP flow the names for the authenticator app, to be preferred', async () => {
    const { view, actor } = await settings({ mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] }, status({}));
    at(view(), 'ready').enroll('TOTP');
    expect((actor.getSnapshot().children.totpEnrollment as AnyActorRef).getSnapshot().context).toMatchObject({
      ...TOTP,
      preference: 'PREFERRED',
    });
  });
});

describe('phone verification beyond the generated paths', () => {
  function phone(input: Record<string, unknown> = {}) {
    const fakes = new FakeActors();
    const actor = createActor(
      phoneVerificationMachine.provide({ actors: fakes.actors(['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']) }),
      {
        input,
      },
    ).start();
    return { actor, fakes, view: () => connectPhoneVerification(actor.getSnapshot(), actor.send) };
  }

  it('a flow cancelled before any number hands back none', () => {
    const { actor, view } = phone({ phone: '+15550100101' });
    at(view(), 'enteringPhone').cancel();
    expect(actor.getSnapshot().output).toEqual({ status: 'cancelled', phone: '' });
  });

  it('turns SMS MFA on as the input says, and hands back the verified number', async () => {
    for (const enableSmsMfa of ['PREFERRED', 'ENABLED'] as const) {
      const { actor, fakes, view } = phone({ enableSmsMfa });
      at(view(), 'enteringPhone').submitPhone('+1 555 010 0101');
      fakes.pending('updatePhone').resolve({ codeSent: true, codeDelivery: { deliveryMedium: 'SMS', destination: '+*******0101' } });
      await settle();
      at(view(), 'awaitingCode').submitCode('123 456');
      expect(fakes.pending('confirmPhone').input).toEqual({ code: '123456' });
      fakes.pending('confirmPhone').resolve(undefined);
      await settle();
      expect(fakes.pending('enableSmsMfa').input).toEqual({ preference: enableSmsMfa });
      fakes.pending('enableSmsMfa').resolve(undefined);
      await settle();
      expect(actor.getSnapshot().output).toEqual({ status: 'verified', phone: '+15550100101' });
    }
  });
});

describe('TOTP enrollment beyond the generated paths', () => {
  async function enrolling(input: Record<string, unknown>) {
    const fakes = new FakeActors();
    const actor = createActor(
      totpEnrollmentMachine.provide({ actors: fakes.actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']) }),
      {
        input: { ...TOTP, ...input },
      },
    ).start();
    const view = () => connectTotpEnrollment(actor.getSnapshot(), actor.send);
    expect(fakes.pending('setUpTotp').input).toEqual(TOTP);
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    expect(fakes.pending('createQrCode').input).toEqual({ uri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    fakes.pending('createQrCode').resolve('data:image/png;base64,QR');
    await settle();
    return { actor, fakes, view };
  }

  it('names the device as the input says, and only enables TOTP when asked to', async () => {
    const { fakes, view, actor } = await enrolling({ friendlyDeviceName: 'Work phone', preference: 'ENABLED' });
    at(view(), 'awaitingCode').submitCode('123-456');
    expect(fakes.pending('verifyTotp').input).toEqual({ code: '123456', friendlyDeviceName: 'Work phone' });
    fakes.pending('verifyTotp').resolve(undefined);
    await settle();
    expect(fakes.pending('setTotpPreference').input).toEqual({ preference: 'ENABLED' });
    fakes.pending('setTotpPreference').resolve(undefined);
    await settle();
    expect(actor.getSnapshot().output).toEqual({ status: 'enrolled' });
  });

  it('counts wrong codes from the input’s maximum, and starting again gives them all back', async () => {
    const { fakes, view } = await enrolling({ maxAttempts: 2 });
    at(view(), 'awaitingCode').submitCode('111111');
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    expect(at(view(), 'awaitingCode').attemptsLeft).toBe(1);
    at(view(), 'awaitingCode').submitCode('222222');
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    at(view(), 'tooManyAttempts').restart();
    expect(view().step).toBe('settingUp');
    expect(view().error).toBeNull();
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'KRSXG5CTMVRXEZLU', setupUri: 'otpauth://totp/App:pat?secret=KRSXG5CTMVRXEZLU' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,QR2');
    await settle();
    expect(at(view(), 'awaitingCode').attemptsLeft).toBe(2);
  });
});
