import type { TestProject } from 'vitest/node';
import { synthesizeCached } from '../amplify/local/synth.js';
import type { CfnTemplate, PoolDefinition } from '../amplify/local/synth.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The user pool the Gen 2 definition synthesizes to; every local backend in the tests is provisioned from it. */
    pool: PoolDefinition;
    templates: Record<string, CfnTemplate>;
  }
}

// Synthesizing takes seconds, so it is done once for the whole run, and not
// at all while the backend definition is the one a previous run synthesized
// (cached outside the repository, keyed by a hash of the definition files).
export default async function setup(project: TestProject): Promise<void> {
  const synth = await synthesizeCached();
  project.provide('pool', synth.pool);
  project.provide('templates', { ...synth.templates });
}
