// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { mountMfaSettings } from '../../demo/examples/domSettings.js';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';

// The README's plain-DOM settings example, on fakes: the QR code of the
// running enrollment child reaches the page, and so does a wrong code.
function settingsWithFakes(fakes: FakeActors) {
  const own = (m: { implementations: { actors: object } }) =>
    fakes.actors(Object.keys(m.implementations.actors).filter((k) => k !== 'totpEnrollment' && k !== 'phoneVerification'));
  return mfaSettingsMachine.provide({
    actors: {
      ...own(mfaSettingsMachine),
      totpEnrollment: totpEnrollmentMachine.provide({ actors: own(totpEnrollmentMachine) }),
      phoneVerification: phoneVerificationMachine.provide({ actors: own(phoneVerificationMachine) }),
    } as never,
  });
}

describe('the plain-DOM settings example', () => {
  it('shows the QR code and the wrong-code error of the enrollment flow it runs, with accessible inputs', async () => {
    const fakes = new FakeActors();
    const own = (m: { implementations: { actors: object } }) =>
      fakes.actors(Object.keys(m.implementations.actors).filter((k) => k !== 'totpEnrollment' && k !== 'phoneVerification'));
    const machine = mfaSettingsMachine.provide({
      actors: {
        ...own(mfaSettingsMachine),
        totpEnrollment: totpEnrollmentMachine.provide({ actors: own(totpEnrollmentMachine) }),
        phoneVerification: phoneVerificationMachine.provide({ actors: own(phoneVerificationMachine) }),
      } as never,
    });
    const root = document.createElement('div');
    document.body.append(root);
    const unmount = mountMfaSettings(
      root,
      { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
      machine,
    );
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Set up TOTP');
    expect(button).toBeDefined();
    button!.click();
    await settle();
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,QR');
    await settle();
    expect(root.querySelector('img')?.getAttribute('src')).toBe('data:image/png;base64,QR');
    expect(root.textContent).toContain('JBSW Y3DP EHPK 3PXP');
    const input = root.querySelector('input')!;
    const label = root.querySelector('label')!;
    expect(input.getAttribute('autocomplete')).toBe('one-time-code');
    expect(input.getAttribute('inputmode')).toBe('numeric');
    expect(label.getAttribute('for')).toBe(input.id);
    input.value = '123456';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    await settle();
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    expect(root.textContent).toContain('That code is not right');
    expect(root.querySelector('input')!.getAttribute('aria-invalid')).toBe('true');
    // The input points at the element that shows the error, and that element is on the page.
    const described = root.querySelector('input')!.getAttribute('aria-describedby');
    expect(described && document.getElementById(described)?.textContent).toContain('That code is not right');
    unmount();
  });

  it('runs phone verification to a wrong code, keeps the focus across redraws, and cancels back to the methods', async () => {
    const fakes = new FakeActors();
    const machine = settingsWithFakes(fakes);
    const root = document.createElement('div');
    document.body.append(root);
    const unmount = mountMfaSettings(
      root,
      { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
      machine,
    );
    const click = (text: string) => {
      const button = [...root.querySelectorAll('button')].find((b) => b.textContent === text);
      if (!button) throw new Error(`no "${text}" button in: ${root.textContent}`);
      button.click();
    };
    const submit = (value: string) => {
      const input = root.querySelector('input')!;
      input.focus();
      input.value = value;
      root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    };
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    click('Set up SMS');
    await settle();
    expect(root.querySelector('input')!.getAttribute('autocomplete')).toBe('tel');
    submit('+1 555 010 0101');
    fakes.pending('updatePhone').resolve({ codeSent: true, codeDelivery: { deliveryMedium: 'SMS', destination: '+*******0101' } });
    await settle();
    expect(root.textContent).toContain('Code sent to +*******0101');
    submit('123456');
    fakes.pending('confirmPhone').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    const input = root.querySelector('input')!;
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement, 'the code input has the focus again, after its busy redraw').toBe(input);
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toContain('That code is not right');
    click('Cancel');
    await settle();
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Set up SMS', 'Set up TOTP']);
    unmount();
  });
});
