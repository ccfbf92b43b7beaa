// @vitest-environment jsdom
import { createApp, defineComponent, h, nextTick } from 'vue';
import { describe, expect, it } from 'vitest';
import { passkeysMachine } from 'amplify-mfa-flow/passkeys';
import { usePasskeys } from 'amplify-mfa-flow/vue';
import { FakeActors, settle } from '../support/fakeActors.js';

describe('amplify-mfa-flow/vue usePasskeys', () => {
  it('renders the list and the confirmation that names the passkey; in jsdom (no WebAuthn) adding is not offered', async () => {
    const fakes = new FakeActors();
    const machine = passkeysMachine.provide({ actors: fakes.actors(['listPasskeys', 'registerPasskey', 'deletePasskey']) as never });
    let view: ReturnType<typeof usePasskeys> | undefined;
    const App = defineComponent({
      setup() {
        view = usePasskeys({ machine });
        return () => {
          const v = view!.value;
          return h('p', { id: 'step' }, v.step === 'confirmingDelete' ? `${v.step}/${v.passkey.name}` : v.step);
        };
      },
    });
    const root = document.createElement('div');
    const app = createApp(App);
    app.mount(root);
    fakes.pending('listPasskeys').resolve([{ id: 'c', name: 'Key', relyingPartyId: 'localhost', createdAt: null, attachment: null }]);
    await settle();
    await nextTick();
    expect(root.textContent).toBe('ready');
    const ready = view!.value;
    if (ready.step !== 'ready') throw new Error(ready.step);
    expect([ready.canAdd, ready.addBlockedBy?.code]).toEqual([false, 'PASSKEY_UNSUPPORTED']);
    ready.deletePasskey('c');
    await nextTick();
    expect(root.textContent).toBe('confirmingDelete/Key');
    app.unmount();
  });
});
