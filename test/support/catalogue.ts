import { generatedPaths } from '../../src/diagram/data.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { passwordlessSignInPaths } from '../../src/testing/data/passwordlessSignIn.js';
import { PATHS } from '../../src/testing/index.js';
import type { CatalogueName } from '../../src/testing/types.js';

/** Every committed catalogue: the testing kit's, and the passwordless sign-in's, which the kit does not ship (see CatalogueName). */
const CATALOGUES = { ...PATHS, passwordlessSignIn: passwordlessSignInPaths };

/**
 * A machine's committed catalogue (docs/paths, src/testing/data): the paths
 * every level walks first, so a path has one id everywhere. The drift test
 * keeps it what the machine makes now.
 */
export function cataloguePaths(machine: CatalogueName): GeneratedPath[] {
  return generatedPaths(CATALOGUES[machine]);
}

/** The ids of a machine's catalogue: a level that chooses its own paths keeps these where it can walk them. */
export function catalogueIds(machine: CatalogueName): string[] {
  return CATALOGUES[machine].paths.map((p) => p.id);
}
