// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine } from '../../machines/mfaSettings/mfaSettings.machine.js';
import { phoneVerificationMachine } from '../../machines/phoneVerification/phoneVerification.machine.js';
import { totpEnrollmentMachine } from '../../machines/totpEnrollment/totpEnrollment.machine.js';
import { useMfaSettings } from 'amplify-mfa-flow/react';
import { FakeActors, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let latest: ReturnType<typeof useMfaSettings> | undefined;
let renders = 0;
function Probe({ machine }: { machine: typeof mfaSettingsMachine }) {
  latest = useMfaSettings({
    machine,
    input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
  });
  renders += 1;
  const view = latest;
  return <p>{view.step === 'enrollingTotp' ? view.totpEnrollment.step : view.step}</p>;
}

describe('useMfaSettings', () => {
  it('re-renders when a running enrollment flow moves, not only the settings', async () => {
    const fakes = new FakeActors();
    const child = totpEnrollmentMachine.provide({ actors: fakes.actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']) });
    const machine = mfaSettingsMachine.provide({
      actors: {
        ...fakes.actors(['loadMfaStatus', 'updateMfaPreference']),
        totpEnrollment: child,
        phoneVerification: phoneVerificationMachine,
      },
    });
    const container = document.createElement('div');
    const root = createRoot(container);
    await act(async () => root.render(<Probe machine={machine} />));
    await act(async () => {
      fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
      await settle();
    });
    expect(container.textContent).toBe('ready');
    await act(async () => at(latest!, 'ready').enroll('TOTP'));
    expect(container.textContent).toBe('settingUp');
    await act(async () => {
      fakes
        .pending('setUpTotp')
        .resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP&issuer=App' });
      await settle();
      fakes.pending('createQrCode').resolve('data:image/png;base64,xx');
      await settle();
    });
    expect(container.textContent, 'the child flow’s step reached the page').toBe('awaitingCode');
    expect(at(at(latest!, 'enrollingTotp').totpEnrollment, 'awaitingCode').totpSetup.secretGroups).toBe('JBSW Y3DP EHPK 3PXP');
    expect(renders).toBeGreaterThan(3);
    await act(async () => root.unmount());
  });
});
