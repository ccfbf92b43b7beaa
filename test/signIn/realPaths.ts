import { generatePaths, measureCoverage, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { signInModel } from '../../src/diagram/signIn.model.js';
import { realizable } from './realReplay.js';
import type { Scenario } from './realReplay.js';

export interface RealPlan {
  readonly paths: readonly (GeneratedPath & { scenario: Scenario })[];
  /** Why the rest of the model's transitions cannot be walked on the local backend. */
  readonly notCovered: readonly string[];
  readonly excludedReasons: ReadonlyMap<string, number>;
}

/** The generated paths the local backend can play out, chosen to cover as much of the machine as it allows. */
export function realPlan(): RealPlan {
  const all = generatePaths(signInModel);
  const reasons = new Map<string, number>();
  const ok: (GeneratedPath & { scenario: Scenario })[] = [];
  for (const p of all) {
    const r = realizable(p);
    if (r.ok) ok.push({ ...p, scenario: r.scenario });
    else reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  }
  const chosen = selectCovering(signInModel, ok);
  const scenarioOf = new Map(ok.map((p) => [JSON.stringify(p.steps), p.scenario]));
  const paths = chosen.map((p) => ({ ...p, scenario: scenarioOf.get(JSON.stringify(p.steps))! }));
  const coverage = measureCoverage(signInModel, paths);
  return { paths, notCovered: [...coverage.states.missing.map((s) => `state ${s}`), ...coverage.transitions.missing], excludedReasons: reasons };
}
