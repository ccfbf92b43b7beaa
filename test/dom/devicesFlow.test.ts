import { describe, expect, it } from 'vitest';
import { createDevicesFlow } from 'amplify-mfa-flow/dom';
import { devicesMachine } from 'amplify-mfa-flow/devices';
import { FakeActors, settle } from '../support/fakeActors.js';

describe('createDevicesFlow', () => {
  it('lists the devices with the given machine, forgets one, reads the list again, with ids unique per flow', async () => {
    const fakes = new FakeActors();
    const flow = createDevicesFlow({
      machine: devicesMachine.provide({ actors: fakes.actors(['fetchDevices', 'forgetDevice']) as never }),
    }).start();
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    const device = { id: 'eu-west-1_11111111-2222-4333-8444-555555555555', name: 'Firefox', remembered: true, lastSignedInAt: null };
    fakes.pending('fetchDevices').resolve([device]);
    await settle();
    const ready = flow.getView();
    expect(ready.step === 'ready' && ready.devices).toEqual([device]);
    expect(ready.step === 'ready' && ready.getForgetButtonProps(device.id)).toEqual({ type: 'button', disabled: false });
    expect(ready.getErrorProps().id).toMatch(/^devices-\d+-error$/);
    if (ready.step === 'ready') ready.forget(device.id);
    expect(fakes.pending('forgetDevice').input).toEqual({ deviceId: device.id });
    fakes.pending('forgetDevice').resolve(undefined);
    await settle();
    fakes.pending('fetchDevices').resolve([]);
    await settle();
    expect(steps).toEqual(['ready', 'forgetting', 'loading', 'ready']);
    expect(flow.getView().devices).toEqual([]);
    flow.stop();
  });
});
