import { createActor, fromPromise, waitFor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { devicesMachine } from '../../machines/devices/devices.machine.js';
import type { RememberedDevice } from '../../machines/devices/devices.types.js';

// The remembered-devices flow event by event, with calls answered by hand: what is sent to Cognito, what the
// context holds, and what a stored snapshot keeps and restores to. The generated paths (devices.paths.test.ts)
// walk every transition; these pin what a path cannot see.

const PHONE: RememberedDevice = { id: 'eu-west-1_dev-phone', name: 'Phone', remembered: true, lastSignedInAt: 1 };
const LAPTOP: RememberedDevice = { id: 'eu-west-1_dev-laptop', name: 'Laptop', remembered: false, lastSignedInAt: null };

function rig(lists: (readonly RememberedDevice[])[] = [[PHONE, LAPTOP]]) {
  const fetched: number[] = [];
  const forgotten: unknown[] = [];
  let release: (() => void) | undefined;
  const machine = devicesMachine.provide({
    actors: {
      fetchDevices: fromPromise(async () => {
        fetched.push(fetched.length);
        return lists[Math.min(fetched.length - 1, lists.length - 1)]!;
      }),
      forgetDevice: fromPromise<void, { deviceId: string }>(
        ({ input }) =>
          new Promise<void>((resolve) => {
            forgotten.push(input);
            release = resolve;
          }),
      ),
    },
  });
  return { machine, fetched, forgotten, release: () => release?.() };
}

async function ready(r: ReturnType<typeof rig>, input?: { callTimeoutMs?: number }) {
  const actor = createActor(r.machine, { input }).start();
  await waitFor(actor, (s) => s.matches('ready'));
  return actor;
}

describe('devices: event by event', () => {
  it('starts with no input, reads the list, and starts with nothing listed', async () => {
    const r = rig();
    const actor = createActor(r.machine, { input: undefined }).start();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context).toEqual({ callTimeoutMs: 30_000, devices: [], forgetting: null, error: null });
    await waitFor(actor, (s) => s.matches('ready'));
    expect(actor.getSnapshot().context.devices).toEqual([PHONE, LAPTOP]);
    actor.stop();
  });

  it('names the machine and the field when callTimeoutMs is not a duration', () => {
    const actor = createActor(devicesMachine, { input: { callTimeoutMs: 0 } });
    actor.subscribe({ error: () => {} });
    actor.start();
    expect(actor.getSnapshot().status).toBe('error');
    expect((actor.getSnapshot().error as Error).message).toBe(
      'devices: input.callTimeoutMs must be a number of milliseconds from 1 to 86400000 (got 0)',
    );
  });

  it('says which call was not provided', async () => {
    const actor = createActor(devicesMachine, { input: undefined }).start();
    await waitFor(actor, (s) => s.matches('loadFailed'));
    expect(actor.getSnapshot().context.error?.detail).toBe('devices actor "fetchDevices" was not provided');
    actor.stop();
    const forget = devicesMachine.provide({
      actors: { fetchDevices: fromPromise<readonly RememberedDevice[], void>(async () => [PHONE]) },
    });
    const other = createActor(forget, { input: undefined }).start();
    await waitFor(other, (s) => s.matches('ready'));
    other.send({ type: 'DEVICE.FORGET', deviceId: PHONE.id });
    await waitFor(other, (s) => s.context.error !== null);
    expect(other.getSnapshot().context.error?.detail).toBe('devices actor "forgetDevice" was not provided');
    other.stop();
  });

  it('forgets only a listed device: sends its key, keeps it while the call runs, then drops it and reads the list again', async () => {
    const r = rig([[PHONE, LAPTOP], [LAPTOP]]);
    const actor = await ready(r);
    actor.send({ type: 'DEVICE.FORGET', deviceId: PHONE.id });
    expect(actor.getSnapshot().value).toBe('forgetting');
    expect(actor.getSnapshot().context.forgetting).toBe(PHONE.id);
    expect(r.forgotten).toEqual([{ deviceId: PHONE.id }]);
    r.release();
    await waitFor(actor, (s) => s.matches('ready'));
    expect(actor.getSnapshot().context).toMatchObject({ devices: [LAPTOP], forgetting: null, error: null });
    expect(r.fetched).toHaveLength(2);
    actor.stop();
  });

  it('refuses a device the list does not show, or no key at all, with a typed error and no call', async () => {
    const r = rig();
    const actor = await ready(r);
    for (const deviceId of ['eu-west-1_dev-elsewhere', 42, undefined]) {
      actor.send({ type: 'DEVICE.FORGET', deviceId } as never);
      expect(actor.getSnapshot().value).toBe('ready');
      expect(actor.getSnapshot().context.error?.code).toBe('INVALID_EVENT');
      expect(actor.getSnapshot().context.forgetting).toBeNull();
    }
    expect(r.forgotten).toEqual([]);
    actor.stop();
  });

  it('reads the list again when asked, from the list', async () => {
    const r = rig([[PHONE], [PHONE, LAPTOP]]);
    const actor = await ready(r);
    actor.send({ type: 'DEVICE.FORGET', deviceId: 'not-listed' });
    actor.send({ type: 'DEVICES.RELOAD' });
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().context.error).toBeNull();
    await waitFor(actor, (s) => s.matches('ready'));
    expect(actor.getSnapshot().context.devices).toEqual([PHONE, LAPTOP]);
    expect(r.fetched).toHaveLength(2);
    actor.stop();
  });
});

describe('devices: what is stored and restored', () => {
  it('stores no device, and keeps the rest of the context', async () => {
    const r = rig();
    const actor = await ready(r, { callTimeoutMs: 5_000 });
    actor.send({ type: 'DEVICE.FORGET', deviceId: LAPTOP.id });
    const stored = actor.getPersistedSnapshot() as unknown as { value: unknown; context: Record<string, unknown> };
    expect(stored.context).toEqual({ callTimeoutMs: 5_000, devices: [], forgetting: null, error: null });
    actor.stop();
  });

  it('restores a shown list as a new read, and a failed read as it was', async () => {
    const r = rig([[PHONE, LAPTOP], [LAPTOP]]);
    const shown = await ready(r, { callTimeoutMs: 5_000 });
    const fromReady = JSON.parse(JSON.stringify(shown.getPersistedSnapshot()));
    expect(fromReady.value).toBe('ready');
    shown.stop();
    const restored = createActor(r.machine, { snapshot: fromReady, input: undefined }).start();
    expect(restored.getSnapshot().value).toBe('loading');
    expect(restored.getSnapshot().context).toEqual({ callTimeoutMs: 5_000, devices: [], forgetting: null, error: null });
    await waitFor(restored, (s) => s.matches('ready'));
    expect(restored.getSnapshot().context.devices).toEqual([LAPTOP]);
    restored.stop();

    const failed = createActor(devicesMachine, { input: undefined }).start();
    await waitFor(failed, (s) => s.matches('loadFailed'));
    const stored = JSON.parse(JSON.stringify(failed.getPersistedSnapshot()));
    failed.stop();
    const again = createActor(r.machine, { snapshot: stored, input: undefined }).start();
    expect(again.getSnapshot().value).toBe('loadFailed');
    expect(again.getSnapshot().context.error?.detail).toBe('devices actor "fetchDevices" was not provided');
    again.stop();
  });
});
