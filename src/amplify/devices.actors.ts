/**
 * `amplify-mfa-flow/amplify/devices`: the remembered-devices machine's actors, with the real aws-amplify v6 client
 * (an entry of its own, so that `./amplify` stays in its budget and an app without the list never loads it).
 * Only a device's id, name, remembered status and last sign-in leave here: the
 * device's group key and password stay in aws-amplify's token store.
 */
import { fetchDevices, forgetDevice } from 'aws-amplify/auth';
import { fromPromise } from 'xstate';
import { devicesMachine } from '../../machines/devices/devices.machine.js';
import type { RememberedDevice } from '../../machines/devices/devices.types.js';
import { hubAuthEvents } from './signIn.actors.js';

/** Cognito's device attribute for remembered or only tracked (ListDevices); absent on some pools. */
const REMEMBERED_STATUS = 'dev:device_remembered_status';

export const amplifyDevicesActors = {
  fetchDevices: fromPromise<readonly RememberedDevice[], void>(async () =>
    (await fetchDevices()).map((d) => {
      const status = d.attributes[REMEMBERED_STATUS];
      return {
        id: d.id,
        name: d.name ?? null,
        remembered: status === 'remembered' ? true : status === 'not_remembered' ? false : null,
        lastSignedInAt: d.lastAuthenticatedDate?.getTime() ?? null,
      };
    }),
  ),
  // Forgetting this device also drops its keys from the token store (aws-amplify does when the id is its own).
  forgetDevice: fromPromise<void, { deviceId: string }>(async ({ input }) => {
    await forgetDevice({ device: { id: input.deviceId } });
  }),
  authEvents: hubAuthEvents,
};

let devices: ReturnType<typeof devicesMachine.provide> | undefined;

/** The remembered-devices machine wired to aws-amplify, built once. Configure Amplify first (see `configureAmplify`). */
export function createAmplifyDevicesMachine() {
  devices ??= devicesMachine.provide({ actors: amplifyDevicesActors });
  return devices;
}
