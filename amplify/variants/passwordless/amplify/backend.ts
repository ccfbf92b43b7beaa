import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource.js';

const backend = defineBackend({ auth });

// Recovery codes, as in the product's backend (amplify/backend.ts): the web client may read and write the
// profile attributes it shows, never the recovery attributes, which only the custom-auth triggers touch.
const client = backend.auth.resources.cfnResources.cfnUserPoolClient;
client.readAttributes = ['email', 'email_verified', 'phone_number', 'phone_number_verified'];
client.writeAttributes = ['email', 'phone_number'];

// Remembered devices, as in the product's backend: Cognito tracks a device when the user asks ("Remember this
// device"), and a remembered device then signs in without the MFA code after a password.
backend.auth.resources.cfnResources.cfnUserPool.deviceConfiguration = {
  challengeRequiredOnNewDevice: true,
  deviceOnlyRememberedOnUserPrompt: true,
};
