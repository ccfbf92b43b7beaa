/** Traversal model of the remembered-devices machine (see model.ts). */
import { devicesMachine } from '../../machines/devices/devices.machine.js';
import type { DevicesInput, RememberedDevice } from '../../machines/devices/devices.types.js';
import { defineModel } from './model.js';

const fail = (name: string, message: string, label: string, slug: string) => ({ value: { name, message }, label, slug });
const network = fail('NetworkError', 'A network error has occurred.', 'the network fails', 'network-error');

const SAMPLE_DEVICES: readonly RememberedDevice[] = [
  { id: 'us-east-1_0f4e9d6a-1111-4c3b-9a57-2b1f0e7d5c11', name: 'Firefox on Linux', remembered: true, lastSignedInAt: 1_790_000_000_000 },
  { id: 'us-east-1_7a1c2b3d-2222-4e5f-8a9b-0c1d2e3f4a22', name: null, remembered: false, lastSignedInAt: null },
];

const INPUT: DevicesInput = { callTimeoutMs: 1_000 };

export const devices = defineModel<DevicesInput>({
  machine: devicesMachine,
  input: INPUT,
  userEvents: [
    { event: { type: 'DEVICE.FORGET', deviceId: SAMPLE_DEVICES[0]!.id }, label: 'forget "Firefox on Linux"', slug: 'forget' },
    // What a plain-JavaScript page can send: refused with a typed error, never sent to Cognito.
    {
      event: { type: 'DEVICE.FORGET', deviceId: 'not-a-listed-device' },
      label: 'ask to forget a device not in the list',
      slug: 'forget-unknown',
    },
    { event: { type: 'DEVICES.RELOAD' }, label: 'reload', slug: 'reload' },
    { event: { type: 'FLOW.CANCEL' }, label: 'stop waiting', slug: 'stop-waiting' },
    { event: { type: 'AUTH.SIGNED_OUT' }, label: 'the user is signed out elsewhere on the page', slug: 'hub-signed-out' },
    { event: { type: 'AUTH.SESSION_LOST' }, label: 'the session cannot be refreshed', slug: 'session-lost' },
  ],
  outcomes: {
    fetchDevices: {
      done: [
        { value: SAMPLE_DEVICES, label: 'Cognito lists two devices, one remembered', slug: 'two-devices' },
        { value: [], label: 'Cognito lists no device', slug: 'no-devices' },
      ],
      errors: [network],
    },
    forgetDevice: {
      done: [{ value: undefined, label: 'Cognito forgets the device', slug: 'forgotten' }],
      errors: [
        fail('ResourceNotFoundException', 'Device does not exist.', 'Cognito says the device does not exist', 'no-such-device'),
        network,
      ],
    },
    authEvents: { done: [], errors: [] },
  },
  delays: { callTimeout: { label: 'the call does not answer in time', slug: 'timeout' } },
  firstDelay: 'callTimeout',
  serialize: (s) => JSON.stringify([s.value, (s.context as { devices: readonly RememberedDevice[] }).devices.length]),
});
