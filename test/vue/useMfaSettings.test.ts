// @vitest-environment jsdom
import { createApp, defineComponent, h, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { useMfaSettings, useSignIn } from 'amplify-mfa-flow/vue';
import { signInMachine } from 'amplify-mfa-flow/machines';
import type { ActorRefLike } from 'xstate';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// The Vue adapter: the settings page follows its enrollment child, and the
// sign-in view's prop getters come in the DOM spelling a Vue template binds.
describe('amplify-mfa-flow/vue', () => {
  it('useMfaSettings follows the running TOTP enrollment to its QR code and a wrong code', async () => {
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
    let view: ReturnType<typeof useMfaSettings> | undefined;
    const App = defineComponent({
      setup() {
        view = useMfaSettings({
          machine,
          input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
        });
        return () => {
          const v = view!.value;
          return h('p', { id: 'step' }, v.step === 'enrollingTotp' ? `enrollingTotp/${v.totpEnrollment.step}` : v.step);
        };
      },
    });
    const root = document.createElement('div');
    const app = createApp(App);
    app.mount(root);
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    await nextTick();
    expect(root.textContent).toBe('ready');
    const ready = view!.value;
    if (ready.step !== 'ready') throw new Error('not ready');
    ready.enroll('TOTP');
    await settle();
    fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    fakes.pending('createQrCode').resolve('data:image/png;base64,QR');
    await settle();
    await nextTick();
    expect(root.textContent).toBe('enrollingTotp/awaitingCode');
    const enrolling = view!.value;
    if (enrolling.step !== 'enrollingTotp' || enrolling.totpEnrollment.step !== 'awaitingCode') throw new Error('not enrolling');
    expect(enrolling.totpEnrollment.totpSetup.qrDataUrl).toBe('data:image/png;base64,QR');
    enrolling.totpEnrollment.submitCode('123456');
    await settle();
    fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    await nextTick();
    const again = view!.value;
    expect(again.step === 'enrollingTotp' && again.totpEnrollment.error?.code).toBe('WRONG_CODE');
    app.unmount();
  });

  it('useSignIn hands out DOM-spelled prop getters with ids unique per component', async () => {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const ids: string[] = [];
    const Form = defineComponent({
      setup() {
        const view = useSignIn({ machine, input: { authFlowType: 'USER_PASSWORD_AUTH' } });
        return () => {
          const v = view.value;
          if (v.step !== 'credentials') return h('p', v.step);
          ids.push(v.getUsernameInputProps().id);
          return h('input', v.getUsernameInputProps());
        };
      },
    });
    const root = document.createElement('div');
    const app = createApp({ render: () => [h(Form), h(Form)] });
    app.mount(root);
    for (const call of fakes.calls.filter((c) => c.src === 'fetchUser'))
      call.reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
    await settle();
    await nextTick();
    const inputs = root.querySelectorAll('input');
    expect(inputs).toHaveLength(2);
    expect(inputs[0]!.getAttribute('autocomplete')).toBe('username');
    expect(inputs[0]!.id).not.toBe(inputs[1]!.id);
    app.unmount();
  });

  it('useMfaSettings follows the phone verification child to a wrong code, and stops the whole flow on unmount', async () => {
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
    const actors: ActorRefLike[] = [];
    let view: ReturnType<typeof useMfaSettings> | undefined;
    const App = defineComponent({
      setup() {
        view = useMfaSettings({
          machine,
          input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] }, totpIssuer: 'App', accountName: 'pat@example.com' },
          inspect: (event) => {
            if (event.type === '@xstate.actor') actors.push(event.actorRef);
          },
        });
        return () => {
          const v = view!.value;
          return h('p', v.step === 'verifyingPhone' ? `verifyingPhone/${v.phoneVerification.step}` : v.step);
        };
      },
    });
    const root = document.createElement('div');
    const app = createApp(App);
    app.mount(root);
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    at(view!.value, 'ready').enroll('SMS');
    await nextTick();
    expect(root.textContent).toBe('verifyingPhone/enteringPhone');
    at(at(view!.value, 'verifyingPhone').phoneVerification, 'enteringPhone').submitPhone('+1 555 010 0101');
    fakes.pending('updatePhone').resolve({ codeSent: true, codeDelivery: { deliveryMedium: 'SMS', destination: '+*******0101' } });
    await settle();
    await nextTick();
    expect(root.textContent).toBe('verifyingPhone/awaitingCode');
    at(at(view!.value, 'verifyingPhone').phoneVerification, 'awaitingCode').submitCode('123456');
    fakes.pending('confirmPhone').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
    await settle();
    await nextTick();
    expect(at(at(view!.value, 'verifyingPhone').phoneVerification, 'awaitingCode').error?.code).toBe('WRONG_CODE');

    const last = view!.value;
    app.unmount();
    expect(actors.length).toBeGreaterThan(1);
    expect(actors.map((a) => a.getSnapshot().status).filter((s) => s === 'active')).toEqual([]);
    expect(view!.value).toBe(last);
  });
});
