import { Amplify } from 'aws-amplify';
import { inject } from 'vitest';
import { LocalClock, startLocalBackend } from '../../amplify/local/server.js';
import type { LocalBackend, LocalBackendOptions } from '../../amplify/local/server.js';
import type { PoolDefinition } from '../../amplify/local/synth.js';
import { configureAmplify } from '../../src/amplify/configure.js';
import type { AmplifyConnection, AuthFlowType } from '../../src/amplify/configure.js';

export interface TestBackend {
  readonly backend: LocalBackend;
  readonly connection: AmplifyConnection;
  readonly clock: LocalClock;
}

/**
 * Starts a local backend on a free port with its own temp data dir, provisioned
 * from the synthesized definition (optionally varied, e.g. a REQUIRED pool),
 * and points this test file's Amplify at it. Sign-in uses SRP, as deployed
 * apps do, unless `authFlowType` asks for USER_PASSWORD_AUTH.
 */
export async function startTestBackend(
  options: { pool?: Partial<PoolDefinition>; authFlowType?: AuthFlowType } & Omit<LocalBackendOptions, 'pool' | 'clock'> = {},
): Promise<TestBackend> {
  const clock = new LocalClock();
  const { pool, authFlowType, ...rest } = options;
  const backend = await startLocalBackend({ seed: false, ...rest, pool: { ...inject('pool'), ...pool }, clock });
  return { backend, connection: configureAmplify(backend.outputs, authFlowType ? { authFlowType } : {}), clock };
}

/**
 * Points this process's Amplify at `t`, unless it points there already: for a suite that runs its paths on more
 * than one backend (each start configures Amplify for the backend started last). Read from Amplify's own
 * configuration, so it holds whoever configured Amplify in between.
 */
export function useBackend(t: TestBackend): void {
  if (Amplify.getConfig().Auth?.Cognito?.userPoolEndpoint !== t.backend.outputs.custom.local_cognito_endpoint)
    configureAmplify(t.backend.outputs);
}

let counter = 0;
/** A fresh, unique email for each user a test creates. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now()}-${counter}@example.com`;
}

export const PASSWORD = 'Correct-h0rse!';
