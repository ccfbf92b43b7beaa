import { generatePaths, measureCoverage, selectCovering } from '../../src/diagram/paths.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { labelOf, signInModel } from '../../src/diagram/signIn.model.js';
import { catalogueIds } from '../support/catalogue.js';
import { realizable } from './realReplay.js';
import type { Scenario } from './realReplay.js';

const CODE = 'enter the 6-digit code 123456 and submit';
/** Scenarios the issue names, as label sequences every plan must contain. */
export const MUST_WALK: readonly string[] = [
  `Cognito asks for the authenticator (TOTP) code → ${CODE} → Cognito says the code is wrong → ${CODE} → Cognito signs the user in`,
  `Cognito texts a code to +*******0101 → ${CODE} → Cognito signs the user in`,
  'Cognito asks which method to use (SMS or TOTP) → choose the authenticator app (TOTP) → Cognito asks for the authenticator (TOTP) code',
  'choose "Forgot password?" → enter pat@example.com for the reset and submit → Cognito emails a reset code → enter the reset code 123456 and a new password, and submit → Cognito sets the new password',
];

export interface RealPlan {
  /** `faults`: the path needs a failure the backend gives on demand (a dropped connection, a throttle, no answer). */
  readonly paths: readonly (GeneratedPath & { scenario: Scenario; faults: boolean })[];
  /** Why the rest of the model's transitions cannot be walked on the local backend. */
  readonly notCovered: readonly string[];
  readonly excludedReasons: ReadonlyMap<string, number>;
}

/**
 * The generated paths the local backend can play out, chosen to cover as much
 * of the machine as it allows: the catalogue's own paths first (the same ids
 * as the pure level), then others for what those leave out.
 */
export function realPlan(): RealPlan {
  planned ??= plan();
  return planned;
}
// Made once per Vitest worker: three suites ask for it, and a worker keeps its modules from file to file.
let planned: RealPlan | undefined;

function plan(): RealPlan {
  const all = generatePaths(signInModel);
  const reasons = new Map<string, number>();
  const ok: (GeneratedPath & { scenario: Scenario; faults: boolean })[] = [];
  for (const p of all) {
    const r = realizable(p);
    if (r.ok) ok.push({ ...p, scenario: r.scenario, faults: r.faults });
    else reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  }
  // The paths the backend plays as it is first (the browser walks these), then those with a fault on demand for
  // what they leave out, so that adding faults never takes a plain path out of the plan.
  const plain = ok.filter((p) => !p.faults);
  const chosen = selectCovering(signInModel, plain, catalogueIds('signIn'));
  // The named scenarios, each by the shortest path that walks it, even when the cover reached their transitions another way.
  for (const wanted of MUST_WALK) {
    const text = (p: GeneratedPath) => p.steps.map((st) => labelOf(st.event)).join(' → ');
    const match = plain.filter((p) => text(p).includes(wanted)).sort((a, b) => a.steps.length - b.steps.length)[0];
    if (!match) throw new Error(`no realizable path walks: ${wanted}`);
    if (!chosen.some((p) => p.id === match.id)) chosen.push(match);
  }
  const withFaults = selectCovering(
    signInModel,
    [...chosen, ...ok.filter((p) => p.faults)],
    chosen.map((p) => p.id),
  );
  const of = new Map(ok.map((p) => [JSON.stringify(p.steps), p]));
  const paths = withFaults.map((p) => {
    const found = of.get(JSON.stringify(p.steps))!;
    return { ...p, scenario: found.scenario, faults: found.faults };
  });
  const coverage = measureCoverage(signInModel, paths);
  return {
    paths,
    notCovered: [...coverage.states.missing.map((s) => `state ${s}`), ...coverage.transitions.missing],
    excludedReasons: reasons,
  };
}
