// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { useSignIn } from 'amplify-mfa-flow/react';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let latest: ReturnType<typeof useSignIn> | undefined;
function Probe({ machine }: { machine: typeof signInMachine }) {
  latest = useSignIn({ machine, input: { authFlowType: 'USER_PASSWORD_AUTH' } });
  return <p data-step={latest.step}>{latest.error?.message ?? ''}</p>;
}

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.unmount()));

describe('useSignIn', () => {
  it('renders the view model and re-renders on every step', async () => {
    const fakes = new FakeActors();
    const machine = signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });
    await act(async () => root.render(<Probe machine={machine} />));
    expect(container.querySelector('p')?.dataset.step).toBe('checkingSession');

    await act(async () => {
      fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: 'no user' }));
      await settle();
    });
    expect(latest?.step).toBe('credentials');

    await act(async () => at(latest!, 'credentials').submitCredentials('', 'x'));
    expect(container.textContent).toBe('Enter your email address.');
    expect(fakes.calls.map((c) => c.src).filter((src) => src !== 'authEvents')).toEqual(['fetchUser']);

    await act(async () => at(latest!, 'credentials').submitCredentials('pat@example.com', 'Correct-h0rse!'));
    expect(latest?.busy).toBe(true);
    await act(async () => {
      fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
      await settle();
    });
    expect(container.querySelector('p')?.dataset.step).toBe('totpCode');
    expect(at(latest!, 'totpCode').expiresAt).toBeGreaterThan(Date.now());
  });
});

describe('machines built once', () => {
  it('the aws-amplify machines are provided once, however many flows or renders ask for them', async () => {
    const { createAmplifySignInMachine, createAmplifyMfaSettingsMachine } = await import('amplify-mfa-flow/amplify');
    expect(createAmplifySignInMachine()).toBe(createAmplifySignInMachine());
    expect(createAmplifyMfaSettingsMachine()).toBe(createAmplifyMfaSettingsMachine());
  });
});
