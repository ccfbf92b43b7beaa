// @vitest-environment jsdom
import { Component, StrictMode, act } from 'react';
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signInMachine } from 'amplify-mfa-flow/machines';
import { mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { normalizeProps, useMfaSettings, usePhoneVerification, useSignIn, useTotpEnrollment } from 'amplify-mfa-flow/react';
import type { SignInMachine } from 'amplify-mfa-flow/machines';
import type { MfaSettingsMachine } from 'amplify-mfa-flow/mfa';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// Spied before any hook asks for a machine: the aws-amplify ones are provided lazily, once per module.
const provided = [signInMachine, mfaSettingsMachine, totpEnrollmentMachine, phoneVerificationMachine].map((m) => vi.spyOn(m, 'provide'));

const settingsInput = {
  capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
  totpIssuer: 'App',
  accountName: 'pat@example.com',
} as const;

function AllFour({ n }: { n: number }) {
  // aws-amplify is not configured here: each first call fails, which the machines handle.
  const steps = [
    useSignIn().step,
    useMfaSettings({ input: settingsInput }).step,
    useTotpEnrollment({ input: settingsInput }).step,
    usePhoneVerification().step,
  ];
  return <p data-n={n}>{steps.join(' ')}</p>;
}

function Credentials({ machine }: { machine: SignInMachine }) {
  const view = useSignIn({ machine, input: { authFlowType: 'USER_PASSWORD_AUTH' } });
  if (view.step !== 'credentials') return <p>{view.step}</p>;
  return (
    <form noValidate>
      <label {...view.getUsernameLabelProps()}>
        Email <input {...view.getUsernameInputProps()} />
      </label>
      <button {...view.getSubmitButtonProps()}>Sign in</button>
    </form>
  );
}

class Boundary extends Component<{ children: ReactNode; caught: Error[] }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidCatch(error: Error) {
    this.props.caught.push(error);
  }
  override render() {
    return this.state.failed ? <p>failed</p> : this.props.children;
  }
}
function WrongInput({ machine }: { machine: SignInMachine }) {
  return <p>{useSignIn({ machine, input: { maxAttempts: -1 } }).step}</p>;
}

let latest: ReturnType<typeof useMfaSettings> | undefined;
function Settings({ machine }: { machine: MfaSettingsMachine }) {
  latest = useMfaSettings({ machine, input: settingsInput });
  return <p>{latest.step === 'enrollingTotp' ? `enrollingTotp/${latest.totpEnrollment.step}` : latest.step}</p>;
}

const mounted: ReturnType<typeof createRoot>[] = [];
async function mount(node: ReactNode) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push(root);
  await act(async () => root.render(node));
  return { container, root };
}
afterEach(async () => {
  for (const root of mounted.splice(0)) await act(async () => root.unmount());
  document.body.replaceChildren();
});

describe('amplify-mfa-flow/react', () => {
  it('builds each aws-amplify machine once, however many mounts and renders ask for it', async () => {
    for (const spy of provided) spy.mockClear(); // other tests provide their own fakes
    const first = await mount(<AllFour n={1} />);
    await act(async () => first.root.render(<AllFour n={2} />));
    await mount(<AllFour n={3} />);
    await mount(
      <StrictMode>
        <AllFour n={4} />
      </StrictMode>,
    );
    await act(settle);
    // The sign-in machine is provided twice, once per aws-amplify machine made from it: the app's sign-in, and the
    // settings' re-authentication (on a session apart); each is built once.
    expect(provided.map((spy) => spy.mock.calls.length)).toEqual([2, 1, 1, 1]);
  });

  it('hands out React’s spelling with ids unique per component, and React warns about none of it', async () => {
    const errors = vi.spyOn(console, 'error');
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const { container } = await mount(
      <>
        <Credentials machine={machine} />
        <Credentials machine={machine} />
      </>,
    );
    await act(async () => {
      for (const call of fakes.calls.filter((c) => c.src === 'fetchUser'))
        call.reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
      await settle();
    });
    const inputs = [...container.querySelectorAll('input')];
    const labels = [...container.querySelectorAll('label')];
    expect(inputs).toHaveLength(2);
    expect(inputs[0]!.getAttribute('autocomplete')).toBe('username');
    expect(inputs[0]!.maxLength).toBeGreaterThan(0);
    expect(labels.map((l) => l.htmlFor)).toEqual(inputs.map((i) => i.id));
    expect(inputs[0]!.id).not.toBe(inputs[1]!.id);
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it('normalizeProps renames exactly the keys React spells its own way', () => {
    expect(
      Object.keys(
        normalizeProps.input({
          id: 'x',
          name: 'code',
          type: 'text',
          autocomplete: 'one-time-code',
          inputmode: 'numeric',
          maxlength: 6,
          required: true,
          disabled: false,
          'aria-invalid': false,
        }),
      ),
    ).toEqual(['id', 'name', 'type', 'autoComplete', 'inputMode', 'maxLength', 'required', 'disabled', 'aria-invalid']);
    expect(normalizeProps.label({ id: 'l', for: 'x' })).toEqual({ id: 'l', htmlFor: 'x' });
    expect(normalizeProps.error({ id: 'e', role: 'alert', 'aria-live': 'assertive' })).toEqual({
      id: 'e',
      role: 'alert',
      'aria-live': 'assertive',
    });
  });

  it('a wrong input reaches the error boundary as its FlowInputError, before any call', async () => {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    const caught: Error[] = [];
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { container } = await mount(
      <Boundary caught={caught}>
        <WrongInput machine={machine} />
      </Boundary>,
    );
    quiet.mockRestore();
    expect(container.textContent).toBe('failed');
    expect(caught[0]?.name).toBe('FlowInputError');
    expect(fakes.calls).toEqual([]);
  });

  it('under StrictMode (effects run twice) the settings page still follows its enrollment child', async () => {
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
    const { container } = await mount(
      <StrictMode>
        <Settings machine={machine} />
      </StrictMode>,
    );
    await act(async () => {
      fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
      await settle();
    });
    expect(container.textContent).toBe('ready');
    await act(async () => at(latest!, 'ready').enroll('TOTP'));
    await act(async () => {
      fakes.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:pat?secret=JBSWY3DPEHPK3PXP' });
      await settle();
      fakes.pending('createQrCode').resolve('data:image/png;base64,QR');
      await settle();
    });
    expect(container.textContent).toBe('enrollingTotp/awaitingCode');
    await act(async () => at(at(latest!, 'enrollingTotp').totpEnrollment, 'awaitingCode').submitCode('123456'));
    await act(async () => {
      fakes.pending('verifyTotp').reject(namedError({ name: 'CodeMismatchException', message: 'Invalid code' }));
      await settle();
    });
    expect(at(at(latest!, 'enrollingTotp').totpEnrollment, 'awaitingCode').error?.code).toBe('WRONG_CODE');
  });
});
