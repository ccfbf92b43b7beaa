// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { mfaPolicyMachine } from 'amplify-mfa-flow/policy';
import type { MfaPolicyInput } from 'amplify-mfa-flow/policy';
import { useMfaPolicy } from 'amplify-mfa-flow/react';
import { FakeActors, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const INPUT: MfaPolicyInput = {
  requireMfaForGroups: ['admins'],
  user: { userId: 'u-1', username: 'u-1', email: 'admin@example.com', groups: ['admins'] },
  capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
  totpIssuer: 'App',
};

let latest: ReturnType<typeof useMfaPolicy> | undefined;
function Probe({ machine }: { machine: typeof mfaPolicyMachine }) {
  latest = useMfaPolicy({ machine, input: INPUT });
  return <p data-step={latest.step} />;
}

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.unmount()));

describe('useMfaPolicy', () => {
  it('renders the gate, follows the enrollment flow it runs, and spells props the React way', async () => {
    const fakes = new FakeActors();
    const children = new FakeActors();
    const machine = mfaPolicyMachine.provide({
      actors: {
        ...fakes.actors(['loadMfaStatus', 'signOut']),
        totpEnrollment: totpEnrollmentMachine.provide({
          actors: children.actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']),
        }),
        phoneVerification: phoneVerificationMachine.provide({
          actors: children.actors(['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']),
        }),
      } as never,
    });
    await act(async () => root.render(<Probe machine={machine} />));
    expect(container.querySelector('p')?.dataset.step).toBe('checking');
    await act(async () => {
      fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
      await settle();
    });
    const choosing = at(latest!, 'choosing');
    expect(choosing.getSignOutButtonProps()).toEqual({ type: 'button', disabled: false });
    await act(async () => choosing.selectMethod('TOTP'));
    expect(at(latest!, 'enrollingTotp').totpEnrollment.step).toBe('settingUp');
    await act(async () => {
      children.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:a?secret=JBSWY3DPEHPK3PXP' });
      await settle();
      children.pending('createQrCode').resolve('data:image/png;base64,');
      await settle();
    });
    const child = at(at(latest!, 'enrollingTotp').totpEnrollment, 'awaitingCode');
    expect(child.getCodeInputProps()).toMatchObject({ autoComplete: 'one-time-code', inputMode: 'numeric' });
  });

  it('the aws-amplify gate is provided once', async () => {
    const { createAmplifyMfaPolicyMachine } = await import('amplify-mfa-flow/amplify');
    expect(createAmplifyMfaPolicyMachine()).toBe(createAmplifyMfaPolicyMachine());
  });
});
