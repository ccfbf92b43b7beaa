import { fileURLToPath } from 'node:url';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import base from './vite.config.js';

// The tests `npm run mutation` runs against every mutant of machines/: the pure ones that drive the machines
// (fakes for every Amplify call, a simulated clock). Nothing here needs the local backend, a browser or the network.
// Listed cheapest first: Stryker stops a run at the first failing test, so a mutant the quick checks kill
// (a state without a description, a diagram that changed) never waits for the path walks.
const TESTS = [
  'test/machines/load.test.ts',
  'test/machines/purity.test.ts',
  'test/docs/diagrams.test.ts',
  'test/machines/shared.test.ts',
  'test/machines/shared.properties.test.ts',
  'test/machines/input.test.ts',
  'test/machines/validation.edges.test.ts',
  'test/messages/messages.test.ts',
  'test/passkeys/passkeys.errors.test.ts',
  'test/messages/passkeys.messages.test.ts',
  'test/passwordless/passwordless.errors.test.ts',
  'test/recovery/recovery.errors.test.ts',
  'test/persist/persist.edges.test.ts',
  'test/passkeys/passkeys.view.test.ts',
  'test/recovery/recovery.view.test.ts',
  'test/policy/mfaPolicy.view.test.ts',
  'test/mfa/mfa.input.test.ts',
  'test/mfa/mfa.behaviour.test.ts',
  'test/signIn/signIn.behaviour.test.ts',
  'test/signIn/signIn.restore.test.ts',
  'test/policy/mfaPolicy.test.ts',
  'test/mfa/stepUp.test.ts',
  'test/passwordless/passwordless.behaviour.test.ts',
  'test/dom/observeFlow.test.ts',
  'test/dom/observeFlow.bookkeeping.test.ts',
  'test/machines/views.types.test.ts',
  'test/mfa/mfa.paths.test.ts',
  'test/signIn/signIn.paths.test.ts',
  'test/policy/mfaPolicy.paths.test.ts',
  'test/devices/devices.paths.test.ts',
  'test/passkeys/passkeys.paths.test.ts',
  'test/recovery/recovery.paths.test.ts',
  'test/passwordless/passwordless.paths.test.ts',
  'test/persist/children.test.ts',
  'test/machines/views.actions.test.ts',
  'test/machines/views.shape.test.ts',
  'test/machines/views.props.test.ts',
  'test/persist/persisted.paths.test.ts',
];

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
    env: { MUTATION_FC_SEED: '20261129' },
    sequence: { sequencer: CheapestFirst },
    testTimeout: 60_000,
  },
});
