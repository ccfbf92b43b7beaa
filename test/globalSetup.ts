import type { TestProject } from 'vitest/node';
import { removeSynthOutput, synthesizeBackend } from '../amplify/local/synth.js';
import type { CfnTemplate, PoolDefinition } from '../amplify/local/synth.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The user pool the Gen 2 definition synthesizes to; every local backend in the tests is provisioned from it. */
    pool: PoolDefinition;
    templates: Record<string, CfnTemplate>;
  }
}

// Synthesizing takes seconds, so it is done once for the whole run.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const synth = await synthesizeBackend();
  project.provide('pool', synth.pool);
  project.provide('templates', { ...synth.templates });
  return () => removeSynthOutput(synth);
}
