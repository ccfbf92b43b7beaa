import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  connectMfaSettings,
  mfaSettingsMachine,
  observeFlow,
  phoneVerificationMachine,
  totpEnrollmentMachine,
} from 'amplify-mfa-flow/machines';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// The MFA settings page outside any framework: one subscription must follow
// the running enrollment flow's own steps, or a plain page never shows the QR.
function settingsWithFakes() {
  const fakes = new FakeActors();
  const provided = (m: { implementations: { actors: object } }) =>
    fakes.actors(Object.keys(m.implementations.actors).filter((k) => k !== 'totpEnrollment' && k !== 'phoneVerification'));
  const machine = mfaSettingsMachine.provide({
    actors: {
      ...provided(mfaSettingsMachine),
      totpEnrollment: totpEnrollmentMachine.provide({ actors: provided(totpEnrollmentMachine) }),
      phoneVerification: phoneVerificationMachine.provide({ actors: provided(phoneVerificationMachine) }),
    } as never,
  });
  const actor = createActor(machine, {
    input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
  });
  return { actor, fakes };
}

describe('observeFlow: one subscription for a flow and its children', () => {
  it('follows the TOTP enrollment child to its QR code and a wrong code, with no framework', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    const seen: string[] = [];
    const stop = flow.subscribe((view) =>
      seen.push(view.step === 'enrollingTotp' ? `enrollingTotp/${view.totpEnrollment.step}` : view.step),
    );
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('TOTP');
    await settle();
    fakes
      .pending('setUpTotp')
      .resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP&issuer=App' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,AAAA');
    await settle();
    const enrolling = at(flow.getView(), 'enrollingTotp');
    const setup = at(enrolling.totpEnrollment, 'awaitingCode');
    expect(setup.totpSetup.qrDataUrl).toBe('data:image/png;base64,AAAA');
    setup.submitCode('123456');
    await settle();
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    const again = at(at(flow.getView(), 'enrollingTotp').totpEnrollment, 'awaitingCode');
    expect(again.error?.code).toBe('WRONG_CODE');
    expect(seen).toContain('enrollingTotp/awaitingCode');
    expect(seen).toContain('enrollingTotp/verifying');
    // The view is the same object between changes (what useSyncExternalStore needs).
    expect(flow.getView()).toBe(flow.getView());
    stop();
    actor.stop();
  });

  it('follows the phone verification child too, and lets go of children that ended', async () => {
    const { actor, fakes } = settingsWithFakes();
    const flow = observeFlow(actor, connectMfaSettings);
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step === 'verifyingPhone' ? `verifyingPhone/${view.phoneVerification.step}` : view.step));
    actor.start();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(flow.getView(), 'ready').enroll('SMS');
    await settle();
    at(at(flow.getView(), 'verifyingPhone').phoneVerification, 'enteringPhone').submitPhone('+1 555 010 0101');
    await settle();
    expect(steps).toContain('verifyingPhone/updatingPhone');
    at(at(flow.getView(), 'verifyingPhone').phoneVerification, 'updatingPhone').cancel();
    await settle();
    expect(flow.getView().step).toBe('loading');
    // The ended child is let go: from now on the flow changes exactly when the settings actor does.
    const before = steps.length;
    let own = 0;
    actor.subscribe(() => {
      own += 1;
    });
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect(steps.length - before).toBe(own);
    expect(own).toBeGreaterThan(0);
    actor.stop();
  });
});
