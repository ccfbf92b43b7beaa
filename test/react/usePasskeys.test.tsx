// @vitest-environment jsdom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { passkeysMachine } from 'amplify-mfa-flow/passkeys';
import { usePasskeys } from 'amplify-mfa-flow/react';
import { FakeActors, settle } from '../support/fakeActors.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let latest: ReturnType<typeof usePasskeys> | undefined;
function Probe({ machine }: { machine: typeof passkeysMachine }) {
  latest = usePasskeys({ machine, input: { supported: true } });
  return <p data-step={latest.step} />;
}

const container = document.createElement('div');
const root = createRoot(container);
afterEach(() => act(() => root.unmount()));

describe('usePasskeys', () => {
  it('renders the panel, adds a passkey and shows the list Cognito gives back', async () => {
    const fakes = new FakeActors();
    const machine = passkeysMachine.provide({ actors: fakes.actors(['listPasskeys', 'registerPasskey', 'deletePasskey']) as never });
    await act(async () => root.render(<Probe machine={machine} />));
    expect(container.querySelector('p')?.dataset.step).toBe('loading');
    await act(async () => {
      fakes.pending('listPasskeys').resolve([]);
      await settle();
    });
    const ready = latest!;
    if (ready.step !== 'ready') throw new Error(ready.step);
    expect(ready.getAddButtonProps()).toEqual({ type: 'button', disabled: false });
    await act(async () => ready.addPasskey());
    expect(latest!.step).toBe('adding');
    await act(async () => {
      fakes.pending('registerPasskey').resolve(undefined);
      await settle();
      fakes
        .pending('listPasskeys')
        .resolve([{ id: 'c', name: 'This device', relyingPartyId: 'localhost', createdAt: null, attachment: null }]);
      await settle();
    });
    expect([latest!.step, latest!.passkeys.map((p) => p.name)]).toEqual(['ready', ['This device']]);
  });
});
