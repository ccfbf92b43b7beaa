import { fileURLToPath } from 'node:url';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import base from './vite.config.js';

// The tests `npm run mutation` runs against every mutant of machines/: the pure ones that drive the machines
// (fakes for every Amplify call, a simulated clock). Nothing here needs the local backend, a browser or the network.
// Listed cheapest first: Stryker stops a run at the first failing test, so a mutant the quick checks kill
// (a state without a description, a diagram that changed) never waits for the path walks.
/** Machines (the view walks' names) whose mutants a test file can kill; `*` is every machine. */
type Tag = '*' | readonly string[];
const MFA = ['mfaSettings', 'totpEnrollment', 'phoneVerification'];
const RECOVERY = ['recoveryCodes', 'recoverySignIn'];
const LISTED: readonly (readonly [string, Tag])[] = [
  ['test/machines/load.test.ts', '*'],
  ['test/machines/purity.test.ts', '*'],
  ['test/docs/diagrams.test.ts', '*'],
  ['test/machines/shared.test.ts', '*'],
  ['test/machines/shared.properties.test.ts', '*'],
  ['test/machines/input.test.ts', '*'],
  ['test/machines/validation.edges.test.ts', '*'],
  ['test/messages/messages.test.ts', '*'],
  ['test/passkeys/passkeys.errors.test.ts', ['passkeys']],
  ['test/messages/passkeys.messages.test.ts', ['passkeys']],
  ['test/passwordless/passwordless.errors.test.ts', ['passwordlessSignIn']],
  ['test/recovery/recovery.errors.test.ts', RECOVERY],
  ['test/persist/persist.edges.test.ts', '*'],
  ['test/passkeys/passkeys.view.test.ts', ['passkeys']],
  ['test/passkeys/passkeys.behaviour.test.ts', ['passkeys']],
  ['test/recovery/recovery.view.test.ts', RECOVERY],
  ['test/recovery/recovery.behaviour.test.ts', RECOVERY],
  ['test/policy/mfaPolicy.view.test.ts', ['mfaPolicy']],
  ['test/mfa/mfa.input.test.ts', MFA],
  ['test/mfa/mfa.behaviour.test.ts', MFA],
  ['test/signIn/signIn.behaviour.test.ts', ['signIn']],
  ['test/signIn/signIn.restore.test.ts', ['signIn']],
  ['test/policy/mfaPolicy.test.ts', ['mfaPolicy']],
  ['test/mfa/stepUp.test.ts', ['signIn', 'mfaSettings']],
  ['test/passwordless/passwordless.behaviour.test.ts', ['passwordlessSignIn']],
  ['test/dom/observeFlow.test.ts', ['signIn', ...MFA]],
  ['test/dom/observeFlow.bookkeeping.test.ts', '*'],
  ['test/machines/views.types.test.ts', ['signIn']],
  ['test/mfa/mfa.paths.test.ts', MFA],
  ['test/signIn/signIn.paths.test.ts', ['signIn']],
  ['test/policy/mfaPolicy.paths.test.ts', ['mfaPolicy']],
  ['test/devices/devices.behaviour.test.ts', ['devices']],
  ['test/devices/devices.paths.test.ts', ['devices']],
  ['test/passkeys/passkeys.paths.test.ts', ['passkeys']],
  ['test/recovery/recovery.paths.test.ts', RECOVERY],
  ['test/passwordless/passwordless.paths.test.ts', ['passwordlessSignIn']],
  ['test/persist/children.test.ts', MFA],
  // These walk the machines of test/support/viewWalk.ts, which a scoped run narrows to the scope's machines.
  ['test/machines/views.actions.test.ts', '*'],
  ['test/machines/views.shape.test.ts', ['totpEnrollment', 'phoneVerification']],
  ['test/machines/views.props.test.ts', '*'],
  ['test/persist/persisted.paths.test.ts', '*'],
];

/**
 * A scoped run (`npm run mutation -- --scope devices`, for a chart's own mutants): MUTATION_SCOPE names the
 * machines a mutant of that chart can change (the chart and those that embed or extend it), and only the test
 * files for them run. A chart's mutants are mostly static (its object is built at import), and each static
 * survivor runs every listed file; scoping cuts that from the whole list to a few files. It can only miss kills
 * a test outside the scope would make, so a scoped score is never higher than the full run's.
 */
const SCOPE = process.env.MUTATION_SCOPE?.split(',').filter(Boolean);
const TESTS = LISTED.filter(([, tag]) => !SCOPE || tag === '*' || tag.some((m) => SCOPE.includes(m))).map(([file]) => file);

class CheapestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => TESTS.findIndex((t) => f.moduleId.endsWith(t));
    return [...files].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  resolve: base.resolve,
  // Vitest's own cache stays out of the shared node_modules.
  cacheDir: 'reports/mutation/.vite',
  test: {
    include: TESTS,
    globalSetup: [fileURLToPath(new URL('./test/mutation/globalSetup.ts', import.meta.url))],
    // One fast-check seed for the run: see test/machines/shared.properties.test.ts.
    env: { MUTATION_FC_SEED: '20261129', ...(SCOPE ? { MUTATION_SCOPE: SCOPE.join(',') } : {}) },
    sequence: { sequencer: CheapestFirst },
    testTimeout: 60_000,
  },
});
