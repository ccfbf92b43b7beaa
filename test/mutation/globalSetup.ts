import type { TestProject } from 'vitest/node';
import { MODELS } from '../../src/diagram/models.js';
import { generatePaths, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import type { GeneratedPathSets } from '../support/generatedPaths.js';

/** A path's input may hold the model's clock; every walk gives its own, and a function cannot be handed to the tests. */
function portable(path: GeneratedPath): GeneratedPath {
  if (!path.input || typeof path.input !== 'object') return path;
  return { ...path, input: Object.fromEntries(Object.entries(path.input).filter(([, v]) => typeof v !== 'function')) };
}

// Generating the sign-in paths takes about 13 s, and the mutation run loads each test file again for every mutant.
// So the paths are made once, here in the main process, where no mutant is ever active: every mutant is walked
// along the paths of the unmutated machines (the ones docs/paths/ commits), never along paths its own change made.
export default function setup(project: TestProject): void {
  const sets: Record<string, GeneratedPathSets[string]> = {};
  for (const { name, model } of MODELS) {
    const all = generatePaths(model).map(portable);
    // Only the covering set of the sign-in machine is walked; its 6,700 paths are not handed over.
    sets[name] = { covering: selectCovering(model, all), ...(name === 'signIn' ? {} : { all }) };
  }
  project.provide('generatedPaths', sets);
}
