// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { createApp, defineComponent, h, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { passwordlessSignInMachine } from 'amplify-mfa-flow/passwordless';
import { createPasswordlessSignInFlow } from 'amplify-mfa-flow/dom';
import { usePasswordlessSignIn } from 'amplify-mfa-flow/react';
import { usePasswordlessSignIn as useVuePasswordlessSignIn } from 'amplify-mfa-flow/vue';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// The three adapters run the passwordless sign-in as they run the others: the view re-renders on every step,
// only the offered factors show, and the prop getters come in each framework's spelling.

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function faked() {
  const fakes = new FakeActors();
  const machine = passwordlessSignInMachine.provide({
    actors: fakes.actors(Object.keys(passwordlessSignInMachine.implementations.actors)),
  });
  return { fakes, machine };
}
const noSession = () => namedError({ name: 'UserUnAuthenticatedException', message: 'no user' });
const selection = { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP', 'WEB_AUTHN'] };

let latest: ReturnType<typeof usePasswordlessSignIn> | undefined;
function Probe({ machine }: { machine: typeof passwordlessSignInMachine }) {
  latest = usePasswordlessSignIn({ machine, id: 'pw' });
  return <p data-step={latest.step} />;
}

describe('passwordless sign-in adapters', () => {
  it('React: usePasswordlessSignIn, with React-spelled props', async () => {
    const { fakes, machine } = faked();
    const container = document.createElement('div');
    const root = createRoot(container);
    await act(async () => root.render(<Probe machine={machine} />));
    await act(async () => {
      fakes.pending('fetchUser').reject(noSession());
      await settle();
    });
    await act(async () => at(latest!, 'credentials').startSignIn('pat@example.com'));
    await act(async () => {
      fakes.pending('signIn').resolve(selection);
      await settle();
    });
    expect(container.querySelector('p')?.dataset.step).toBe('factorSelection');
    const view = at(latest!, 'factorSelection');
    expect(view.availableChallenges).toEqual(['EMAIL_OTP', 'WEB_AUTHN']);
    expect(view.getFactorButtonProps('WEB_AUTHN')).toEqual({ type: 'button', disabled: false });
    await act(async () => view.selectFactor('WEB_AUTHN'));
    expect(latest?.step).toBe('passkey');
    await act(async () => {
      fakes.pending('passkeySignIn').reject(namedError({ name: 'PasskeyAuthenticationCanceled', message: '' }));
      await settle();
    });
    expect(at(latest!, 'passkeyFailed').error?.code).toBe('PASSKEY_CANCELLED');
    await act(async () => root.unmount());
  });

  it('Vue: usePasswordlessSignIn, with DOM-spelled props for a template', async () => {
    const { fakes, machine } = faked();
    let view: ReturnType<typeof useVuePasswordlessSignIn> | undefined;
    const App = defineComponent({
      setup() {
        view = useVuePasswordlessSignIn({ machine, input: { identifierFlow: 'CUSTOM_WITHOUT_SRP' } });
        return () => h('p', { id: 'step' }, view!.value.step);
      },
    });
    const root = document.createElement('div');
    const app = createApp(App);
    app.mount(root);
    fakes.pending('fetchUser').reject(noSession());
    await settle();
    at(view!.value, 'credentials').startSignIn('pat@example.com');
    fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', parameters: { question: '2 + 2?' } });
    await settle();
    await nextTick();
    expect(root.querySelector('#step')?.textContent).toBe('customChallenge');
    const custom = at(view!.value, 'customChallenge');
    expect(custom.parameters).toEqual({ question: '2 + 2?' });
    expect(custom.getAnswerInputProps()).toMatchObject({ name: 'answer', autocomplete: 'off', maxlength: 2048 });
    app.unmount();
  });

  it('DOM: createPasswordlessSignInFlow, and a way back to another method from an emailed code', async () => {
    const { fakes, machine } = faked();
    const flow = createPasswordlessSignInFlow({ machine, id: 'dom' }).start();
    const steps: string[] = [];
    const off = flow.subscribe((v) => steps.push(v.step));
    fakes.pending('fetchUser').reject(noSession());
    await settle();
    at(flow.getView(), 'credentials').startSignIn('pat@example.com', 'EMAIL_OTP');
    fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDelivery: { deliveryMedium: 'EMAIL' } });
    await settle();
    at(flow.getView(), 'emailCode').changeMethod();
    expect(flow.getView().step).toBe('signingIn');
    expect(steps).toEqual(['credentials', 'signingIn', 'emailCode', 'signingIn']);
    off();
    flow.stop();
  });
});
