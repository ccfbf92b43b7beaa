export { mfaSettingsMachine } from './mfaSettings.machine.js';
export type { MfaSettingsMachine } from './mfaSettings.machine.js';
export { connectMfaSettings } from './mfaSettings.view.js';
export type * from './mfaSettings.view.js';
export type * from './mfaSettings.types.js';
