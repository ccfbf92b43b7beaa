import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource.js';

const backend = defineBackend({ auth });

// Recovery codes: the web client may read and write the profile attributes it
// shows, never the recovery attributes, which only the custom-auth triggers touch
// (a stolen access token must not be able to plant codes or read their hashes).
const client = backend.auth.resources.cfnResources.cfnUserPoolClient;
client.readAttributes = ['email', 'email_verified', 'phone_number', 'phone_number_verified'];
client.writeAttributes = ['email', 'phone_number'];

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
