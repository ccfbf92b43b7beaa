import { generatedPaths } from '../../src/diagram/data.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { PATHS } from '../../src/testing/index.js';
import type { MachineName } from '../../src/testing/index.js';

/**
 * A machine's committed catalogue (docs/paths, src/testing/data): the paths
 * every level walks first, so a path has one id everywhere. The drift test
 * keeps it what the machine makes now.
 */
export function cataloguePaths(machine: MachineName): GeneratedPath[] {
  return generatedPaths(PATHS[machine]);
}

/** The ids of a machine's catalogue: a level that chooses its own paths keeps these where it can walk them. */
export function catalogueIds(machine: MachineName): string[] {
  return PATHS[machine].paths.map((p) => p.id);
}
