// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import type { Snapshot } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { signInMachine } from '../../machines/signIn/signIn.machine.js';
import { useSignIn } from 'amplify-mfa-flow/react';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

// The hook's `onPersist` hands out what may be stored, and `snapshot` restores it (StrictMode's double effects included).

let latest: ReturnType<typeof useSignIn> | undefined;
const saved: string[] = [];
function Probe({ machine, snapshot }: { machine: typeof signInMachine; snapshot?: Snapshot<unknown> }) {
  latest = useSignIn({
    machine,
    input: { authFlowType: 'USER_PASSWORD_AUTH' },
    ...(snapshot ? { snapshot } : {}),
    onPersist: (s) => saved.push(JSON.stringify(s)),
  });
  return <p data-step={latest.step} />;
}

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.unmount()));
const fresh = (fakes: FakeActors) => signInMachine.provide({ actors: fakes.actors(Object.keys(signInMachine.implementations.actors)) });

describe('useSignIn across a reload', () => {
  it('persists every change without the password, and restores on the same step', async () => {
    const fakes = new FakeActors();
    await act(async () => root.render(<Probe machine={fresh(fakes)} />));
    await act(async () => {
      fakes.pending('fetchUser').reject(namedError({ name: 'UserUnAuthenticatedException', message: '' }));
      await settle();
    });
    await act(async () => at(latest!, 'credentials').submitCredentials('pat@example.com', 'Sentinel-Pw-7f3q!'));
    await act(async () => {
      fakes.pending('signIn').resolve({ signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' });
      await settle();
    });
    const expiresAt = at(latest!, 'totpCode').expiresAt;
    expect(saved.length).toBeGreaterThan(2);
    for (const s of saved) expect(s).not.toContain('Sentinel-Pw-7f3q!');
    const stored = JSON.parse(saved.at(-1)!) as Snapshot<unknown>;
    await act(async () => root.unmount());

    const again = createRoot(container);
    const fakes2 = new FakeActors();
    await act(async () => again.render(<Probe machine={fresh(fakes2)} snapshot={stored} />));
    expect(at(latest!, 'totpCode').expiresAt).toBe(expiresAt);
    expect(fakes2.calls.filter((c) => c.src !== 'authEvents')).toEqual([]);
    await act(async () => again.unmount());
  });
});
