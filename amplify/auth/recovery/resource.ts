import { defineFunction } from '@aws-amplify/backend';

// resourceGroupName 'auth' keeps the functions in the auth stack, so that the
// pool can name them as triggers and grant them access to itself without a cycle.
export const defineAuthChallenge = defineFunction({
  name: 'recovery-define-auth-challenge',
  entry: './define-auth-challenge.ts',
  resourceGroupName: 'auth',
});
export const createAuthChallenge = defineFunction({
  name: 'recovery-create-auth-challenge',
  entry: './create-auth-challenge.ts',
  resourceGroupName: 'auth',
  // Ten scrypt hashes (16 MiB each, one at a time per core) need more than the default 128 MB.
  memoryMB: 256,
});
export const verifyAuthChallengeResponse = defineFunction({
  name: 'recovery-verify-auth-challenge-response',
  entry: './verify-auth-challenge-response.ts',
  resourceGroupName: 'auth',
  memoryMB: 256,
});
