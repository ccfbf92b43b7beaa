import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/**
 * The suites that take longest, with their seconds in a full run on two cores (`npm test` on a clean clone,
 * 2026-11-30). They start first, so that none of them is left running alone at the end of the run. Vitest orders by the
 * durations it cached in an earlier run when it has them; a clean checkout has none, and falls back to file
 * size, which put a 26 s suite last. A stale entry here costs time, never a test.
 */
const SLOWEST: readonly (readonly [string, number])[] = [
  ['test/examples/examples.test.ts', 126],
  ['test/browser/signIn.browser.test.ts', 171],
  ['test/passwordless/passwordless.real.test.ts', 108],
  ['test/signIn/signIn.real.test.ts', 64],
  ['test/browser/passwordless.browser.test.ts', 59],
  ['test/browser/mfa.browser.test.ts', 57],
  ['test/browser/passkeys.browser.test.ts', 36],
  ['test/persist/persisted.paths.test.ts', 34],
  ['test/docs/paths.drift.test.ts', 29],
  ['test/docs/diagrams.render.test.ts', 26],
  ['test/machines/views.props.test.ts', 25],
  ['test/machines/views.actions.test.ts', 23],
  ['test/local/recovery.test.ts', 19],
  ['test/local/devices.test.ts', 19],
  ['test/property/passwordlessSignIn.property.test.ts', 18],
  ['test/property/signIn.property.test.ts', 17],
  ['test/docs/paths.ids.test.ts', 16],
];

/** The slowest suites first (the examples first of all: they run five installs and builds side by side), then Vitest's own order. */
export class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rest = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOWEST.findIndex(([name]) => f.moduleId.endsWith(name));
      return i < 0 ? SLOWEST.length : i;
    };
    return rest
      .map((f, i) => ({ f, i }))
      .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}
