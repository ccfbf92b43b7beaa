import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectDevices, devicesMachine } from 'amplify-mfa-flow/devices';
import type { DevicesContext, DevicesView, RememberedDevice } from 'amplify-mfa-flow/devices';
import { devices } from '../../src/diagram/devices.model.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { cataloguePaths } from '../support/catalogue.js';
import { walk } from '../support/walk.js';
import type { WalkStep } from '../support/walk.js';

// Pure level for the remembered-devices list: the catalogue's paths walked on a live actor with fake calls,
// each step checked against what the issue asks (written here, not read from the machine): the list is what
// Cognito last said, only a listed device is forgotten, every forget reads the list again, nothing is hidden.

const CALL_TIMEOUT = 1_000;

function outcome(event: AnyEventObject) {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  return m ? { kind: m[1], actor: m[2], output: (event as { output?: unknown }).output } : null;
}

function checkDevicesStep(s: WalkStep<DevicesView, DevicesContext>): void {
  const { before, after, event, calls } = s;
  const srcs = calls.map((c) => c.src);
  // Invariants on every step.
  expect(after.busy).toBe(after.step === 'loading' || after.step === 'forgetting');
  expect(after.devices).toEqual(s.context.devices);
  if (after.step === 'signedOut') expect(after.devices, 'a signed-out page shows no device').toEqual([]);
  const o = outcome(event);

  if (event.type === 'AUTH.SIGNED_OUT' || event.type === 'AUTH.SESSION_LOST') {
    expect([after.step, after.error?.code]).toEqual(['signedOut', 'SIGNED_OUT']);
    return void expect(calls).toEqual([]);
  }
  if (event.type === 'DEVICE.FORGET') {
    const id = (event as { deviceId?: unknown }).deviceId;
    const listed = before.devices.some((d) => d.id === id);
    if (!listed) {
      // Never sent: a device the user was not shown cannot be forgotten from here.
      expect([after.step, after.error?.code]).toEqual([before.step, 'INVALID_EVENT']);
      return void expect(calls).toEqual([]);
    }
    expect(after.step).toBe('forgetting');
    expect(after.step === 'forgetting' && after.deviceId).toBe(id);
    expect(after.error).toBeNull();
    return void expect(calls.map((c) => [c.src, c.input])).toEqual([['forgetDevice', { deviceId: id }]]);
  }
  if (event.type === 'DEVICES.RELOAD') {
    expect([after.step, after.error]).toEqual(['loading', null]);
    return void expect(srcs).toEqual(['fetchDevices']);
  }
  if (event.type === 'FLOW.CANCEL') {
    // A read stopped can be tried again; a forget stopped reads the list again, so it shows what Cognito has.
    if (before.step === 'loading') return void expect(after.step).toBe('loadFailed');
    expect(after.step).toBe('loading');
    return void expect(srcs).toEqual(['fetchDevices']);
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.error?.code).toBe('TIMEOUT');
    return void expect(after.step).toBe(before.step === 'forgetting' ? 'loading' : 'loadFailed');
  }
  if (o?.actor === 'fetchDevices') {
    if (o.kind === 'error') return void expect([after.step, after.error?.code]).toEqual(['loadFailed', 'NETWORK']);
    expect(after.step).toBe('ready');
    return void expect(after.devices).toEqual(o.output as RememberedDevice[]);
  }
  if (o?.actor === 'forgetDevice') {
    // Whatever happened, the list is read again; a failure is shown, never hidden.
    expect(after.step).toBe('loading');
    expect(srcs).toEqual(['fetchDevices']);
    return void expect(after.error?.code ?? null).toBe(
      o.kind === 'error' ? (/Network/.test(String((event as { error?: { name?: string } }).error?.name)) ? 'NETWORK' : 'UNKNOWN') : null,
    );
  }
  throw new Error(`no spec for ${event.type}`);
}

describe('devices: generated paths on fakes', () => {
  const paths = cataloguePaths('devices');
  const recorder = new CoverageRecorder();
  for (const path of paths) {
    it(`devices ${path.id}: ${path.title}`, () =>
      walk(path, {
        machine: devicesMachine,
        input: () => ({ callTimeoutMs: CALL_TIMEOUT }),
        delays: { callTimeout: CALL_TIMEOUT },
        view: connectDevices as never,
        check: (s) => checkDevicesStep(s as never),
        label: devices.label,
        recorder,
      }));
  }
  it('the walks took every transition and entered every state', () => {
    const coverage = recorder.report(devices.model.machine as AnyStateMachine);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
    expect(coverage.transitions.covered).toBe(coverage.transitions.total);
  });
});
