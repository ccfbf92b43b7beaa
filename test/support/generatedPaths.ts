import { inject } from 'vitest';
import { generatePaths, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath, PathModel } from '../../src/diagram/paths.js';

/** The paths of each machine, made once for a whole run (see test/mutation/globalSetup.ts); absent in `npm test`. */
export type GeneratedPathSets = Readonly<
  Record<string, { readonly covering: readonly GeneratedPath[]; readonly all?: readonly GeneratedPath[] }>
>;

declare module 'vitest' {
  export interface ProvidedContext {
    generatedPaths?: GeneratedPathSets;
  }
}

/**
 * A machine's generated paths: every one, or the few that cover every transition.
 * `npm test` generates them here from the machine as it is. The mutation run
 * hands in the paths of the unmutated machines, made once, so a mutant is
 * walked along the paths of the spec (the committed catalogue) instead of its own.
 */
export function pathsOf(name: string, model: PathModel<unknown>, which: 'all' | 'covering'): readonly GeneratedPath[] {
  const provided = inject('generatedPaths')?.[name]?.[which];
  if (provided) return provided;
  const key = `${name} ${which}`;
  if (!made.has(key) || made.get(key)!.model !== model) {
    const all = generatePaths(model);
    made.set(key, { model, paths: which === 'all' ? all : selectCovering(model, all) });
  }
  return made.get(key)!.paths;
}
// Made once per Vitest worker (it keeps its modules from file to file) for each machine's model.
const made = new Map<string, { readonly model: PathModel<unknown>; readonly paths: readonly GeneratedPath[] }>();
