import { createActor } from 'xstate';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { connectMfaSettings } from '../../machines/mfaSettings/mfaSettings.view.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { observeFlow } from '../../machines/shared/flow.js';
import { FakeActors, settle } from '../support/fakeActors.js';

// The settings run the enrollment flows as child actors, and a persisted
// snapshot holds each child's persisted snapshot: the TOTP secret, its QR code
// and a typed code must be missing from the settings' stored JSON too.

const SECRET = 'SENTINELSECRETQWERTYZXCVB234567A';
const URI = `otpauth://totp/app:pat%40example.com?secret=${SECRET}&issuer=app`;
const QR = 'data:image/png;base64,U0VOVElORUwtUVItZGF0YQ==';
const CODE = '864213';
const INPUT = {
  capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
  totpIssuer: 'app',
  accountName: 'pat@example.com',
} as const;

function settings() {
  const fakes = new FakeActors();
  const fake = (m: AnyStateMachine) => m.provide({ actors: fakes.actors(Object.keys(m.implementations.actors)) as never });
  const machine = mfaSettingsMachine.provide({
    actors: {
      ...(fakes.actors(['loadMfaStatus', 'updateMfaPreference', 'authEvents']) as object),
      totpEnrollment: fake(totpEnrollmentMachine),
      phoneVerification: fake(phoneVerificationMachine),
    } as never,
  });
  return { fakes, machine };
}

async function ready() {
  const { fakes, machine } = settings();
  const actor = createActor(machine, { input: INPUT }).start();
  const flow = observeFlow(actor, connectMfaSettings);
  fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
  await settle();
  return { actor, fakes, flow };
}

const stored = (actor: { getPersistedSnapshot(): unknown }) => JSON.stringify(actor.getPersistedSnapshot());

describe('the settings and the flows they run: nothing secret is stored', () => {
  it('TOTP enrollment in the settings: no secret, QR code or code at any step, and a restore starts the set-up again', async () => {
    const { actor, fakes, flow } = await ready();
    const view = flow.getView();
    if (view.step !== 'ready') throw new Error(`expected ready, got ${view.step}`);
    view.enroll('TOTP');
    await settle();
    fakes.pending('setUpTotp').resolve({ sharedSecret: SECRET, setupUri: URI });
    await settle();
    expect(stored(actor)).not.toContain(SECRET); // the QR code is being drawn from the URI
    fakes.pending('createQrCode').resolve(QR);
    await settle();
    const enrolling = flow.getView();
    if (enrolling.step !== 'enrollingTotp' || enrolling.totpEnrollment.step !== 'awaitingCode') throw new Error('expected the code step');
    expect(enrolling.totpEnrollment.totpSetup.qrDataUrl).toBe(QR);
    for (const secret of [SECRET, QR]) expect(stored(actor)).not.toContain(secret);
    enrolling.totpEnrollment.submitCode(CODE);
    await settle();
    expect(fakes.pending('verifyTotp').input).toMatchObject({ code: CODE });
    const json = stored(actor);
    for (const secret of [SECRET, QR, CODE]) expect(json).not.toContain(secret);

    // Restored (a reload): the settings run the enrollment again, which cannot show a secret it never stored.
    actor.stop();
    const again = settings();
    const restored = createActor(again.machine, { snapshot: JSON.parse(json), input: INPUT }).start();
    const after = observeFlow(restored, connectMfaSettings).getView();
    if (after.step !== 'enrollingTotp') throw new Error(`expected enrollingTotp, got ${after.step}`);
    expect(after.totpEnrollment.step).toBe('setupFailed');
    expect(after.totpEnrollment.error?.code).toBe('TOTP_SETUP_FAILED');
    expect(again.fakes.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
  });

  it('phone verification in the settings: the typed code is not stored', async () => {
    const { actor, fakes, flow } = await ready();
    const view = flow.getView();
    if (view.step !== 'ready') throw new Error(`expected ready, got ${view.step}`);
    view.enroll('SMS');
    await settle();
    const phone = flow.getView();
    if (phone.step !== 'verifyingPhone' || phone.phoneVerification.step !== 'enteringPhone') throw new Error('expected the phone step');
    phone.phoneVerification.submitPhone('+15550101234');
    fakes
      .pending('updatePhone')
      .resolve({ codeSent: true, codeDelivery: { deliveryMedium: 'SMS', destination: '+*******1234', attributeName: 'phone_number' } });
    await settle();
    const code = flow.getView();
    if (code.step !== 'verifyingPhone' || code.phoneVerification.step !== 'awaitingCode') throw new Error('expected the code step');
    code.phoneVerification.submitCode(CODE);
    await settle();
    expect(fakes.pending('confirmPhone').input).toEqual({ code: CODE });
    expect(stored(actor)).not.toContain(CODE);
    actor.stop();
  });

  it('restored settings are read from Cognito again, never shown from storage', async () => {
    const { actor } = await ready();
    const json = stored(actor);
    actor.stop();
    const again = settings();
    const restored = createActor(again.machine, { snapshot: JSON.parse(json), input: INPUT }).start();
    expect(observeFlow(restored, connectMfaSettings).getView().step).toBe('loading');
    again.fakes.pending('loadMfaStatus').resolve({ enabled: ['TOTP'], preferred: 'TOTP', phone: null, phoneVerified: false });
    await settle();
    const view = observeFlow(restored, connectMfaSettings).getView();
    expect(view.step).toBe('ready');
    expect(view.enabled).toEqual(['TOTP']);
    restored.stop();
  });
});
