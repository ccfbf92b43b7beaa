import { describe, expect, it } from 'vitest';
import { createPasskeysFlow } from 'amplify-mfa-flow/dom';
import { passkeysMachine } from 'amplify-mfa-flow/passkeys';
import { FakeActors, settle } from '../support/fakeActors.js';

const KEY = { id: 'cred-1', name: 'This device', relyingPartyId: 'localhost', createdAt: null, attachment: 'platform' as const };

describe('createPasskeysFlow', () => {
  it('runs the panel with the given machine; off a page that can run a ceremony, adding is not offered', async () => {
    const fakes = new FakeActors();
    // Node has no WebAuthn: isPasskeySupported() is false, so `supported` defaults to false.
    const flow = createPasskeysFlow({
      machine: passkeysMachine.provide({ actors: fakes.actors(['listPasskeys', 'registerPasskey', 'deletePasskey']) as never }),
    }).start();
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    fakes.pending('listPasskeys').resolve([KEY]);
    await settle();
    const view = flow.getView();
    if (view.step !== 'ready') throw new Error(view.step);
    expect(steps).toEqual(['ready']);
    expect([view.canAdd, view.addBlockedBy?.code, view.getAddButtonProps().disabled]).toEqual([false, 'PASSKEY_UNSUPPORTED', true]);
    expect(view.getErrorProps().id).toMatch(/^passkeys-\d+-error$/);
    view.items[0]!.remove();
    const confirm = flow.getView();
    expect(confirm.step === 'confirmingDelete' && confirm.passkey.name).toBe('This device');
    flow.stop();
  });

  it('takes the page’s answer when given', async () => {
    const fakes = new FakeActors();
    const flow = createPasskeysFlow({
      machine: passkeysMachine.provide({ actors: fakes.actors(['listPasskeys', 'registerPasskey', 'deletePasskey']) as never }),
      input: { supported: true },
    }).start();
    fakes.pending('listPasskeys').resolve([]);
    await settle();
    const view = flow.getView();
    expect(view.step === 'ready' && view.canAdd).toBe(true);
    flow.stop();
  });
});
