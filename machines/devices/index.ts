export { devicesMachine } from './devices.machine.js';
export type { DevicesMachine } from './devices.machine.js';
export { connectDevices } from './devices.view.js';
export type * from './devices.view.js';
export type * from './devices.types.js';
