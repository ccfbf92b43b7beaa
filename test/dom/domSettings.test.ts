// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { signInMachine } from 'amplify-mfa-flow/machines';
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

  it('asks an old sign-in to sign in again (password, then code) before turning TOTP off, then turns it off', async () => {
    const fakes = new FakeActors();
    const signIn = new FakeActors();
    const machine = mfaSettingsMachine.provide({
      actors: {
        ...fakes.actors(['loadMfaStatus', 'updateMfaPreference', 'readSignIn', 'adoptSession']),
        reauthenticate: signInMachine.provide({ actors: signIn.actors(['fetchUser', 'signIn', 'confirmSignIn']) as never }),
      } as never,
    });
    const root = document.createElement('div');
    document.body.append(root);
    const T0 = Date.now();
    const unmount = mountMfaSettings(
      root,
      { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com', now: () => T0 },
      machine,
    );
    fakes.pending('loadMfaStatus').resolve({ enabled: ['TOTP'], preferred: 'TOTP', phone: null, phoneVerified: false });
    await settle();
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Turn off')!.click();
    fakes.pending('readSignIn').resolve({ userId: 'u-1', authTime: T0 - 600_000, loginId: 'pat@example.com' });
    await settle();
    signIn.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: 'none' }));
    await settle();
    expect(root.textContent).toContain('Sign in again as pat@example.com');
    const password = root.querySelector('input')!;
    expect(password.getAttribute('type')).toBe('password');
    password.value = 'Correct-h0rse!';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    expect(signIn.pending('signIn').input).toMatchObject({ username: 'pat@example.com', password: 'Correct-h0rse!' });
    signIn.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
    await settle();
    const code = root.querySelector('input')!;
    expect(code.getAttribute('autocomplete')).toBe('one-time-code');
    code.value = '123456';
    root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
    signIn.pending('confirmSignIn').resolve({ signInStep: 'DONE' });
    await settle();
    signIn.pending('fetchUser').resolve({ userId: 'u-1', username: 'u-1', email: 'pat@example.com', authTime: T0 });
    await settle();
    fakes.pending('adoptSession').resolve(undefined);
    await settle();
    expect(fakes.pending('updateMfaPreference').input).toEqual({ totp: 'DISABLED' });
    unmount();
  });
});
