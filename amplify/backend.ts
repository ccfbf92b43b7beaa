import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource.js';

const backend = defineBackend({ auth });

/**
 * Remembered devices (README "Remembered devices"). `defineAuth` has no
 * device tracking option, so the pool's DeviceConfiguration is set through
 * the CDK escape hatch: Cognito tracks a device only when the user asks
 * ("Remember this device", USER_OPT_IN), and a remembered device signs in
 * with its own SRP proof instead of the SMS or TOTP code. The local backend
 * reads this from the synthesized template (amplify/local/synth.ts).
 */
backend.auth.resources.cfnResources.cfnUserPool.deviceConfiguration = {
  challengeRequiredOnNewDevice: true,
  deviceOnlyRememberedOnUserPrompt: true,
};
