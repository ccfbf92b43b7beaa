import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { synthesizeCached } from '../amplify/local/synth.js';
import type { CfnTemplate, PoolDefinition } from '../amplify/local/synth.js';
import { buildDemo } from './support/demoSite.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The user pool the Gen 2 definition synthesizes to; every local backend in the tests is provisioned from it. */
    pool: PoolDefinition;
    templates: Record<string, CfnTemplate>;
    /** The demo, built once for the run (test/support/demoSite.ts); the browser suites serve it. */
    demoBuild: string;
  }
}

// Synthesizing takes seconds, so it is done once for the whole run, and not
// at all while the backend definition is the one a previous run synthesized
// (cached outside the repository, keyed by a hash of the definition files).
// The demo is built alongside, once, into a folder of this run's own.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const demoBuild = await mkdtemp(join(tmpdir(), 'amplify-mfa-flow-demo-'));
  const [synth] = await Promise.all([synthesizeCached(), buildDemo(demoBuild)]);
  project.provide('pool', synth.pool);
  project.provide('templates', { ...synth.templates });
  project.provide('demoBuild', demoBuild);
  return () => rm(demoBuild, { recursive: true, force: true });
}
