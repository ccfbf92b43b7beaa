// Mutation testing of the statecharts (`npm run mutation`): every mutant of machines/ is run against the pure
// machine tests that vitest.mutation.config.ts lists. docs/mutation.md holds the last score and every survivor.
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  // The barrels and the files of types only have nothing to mutate.
  mutate: ['machines/**/*.ts', '!machines/**/index.ts', '!machines/**/*.types.ts'],
  coverageAnalysis: 'perTest',
  // Two cores; each runner is one vitest with a single worker.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incrementalFile: 'reports/mutation/incremental.json',
  clearTextReporter: { allowColor: false, logTests: false, reportTests: false },
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
