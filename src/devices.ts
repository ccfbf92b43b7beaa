/**
 * `amplify-mfa-flow/devices`: remembered devices after sign-in (the list and
 * "Forget") with its `connectDevices` view model. Like `./machines` it imports
 * nothing but xstate; "Remember this device" itself is a step of sign-in
 * (`./machines`). Its aws-amplify machine is in `./amplify`
 * (`createAmplifyDevicesMachine`). README, "Remembered devices".
 */
export { devicesMachine, connectDevices } from '../machines/devices/index.js';
export type * from '../machines/devices/index.js';
