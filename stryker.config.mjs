// @ts-check
/**
 * `npm run mutate`: mutation testing of the core's mission-critical folders
 * against the unit tests (not part of `npm test`). Per-test coverage runs only
 * the tests that reach a mutant, and the incremental file lets a re-run skip
 * mutants whose code and tests did not change (`npm run mutate -- --force`
 * re-runs everything). Report: test-results/mutation/index.html.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'test/mutate/vitest.config.ts', related: true },
  mutate: [
    'src-main/core/knock/**/*.ts',
    'src-main/core/port-waiter/**/*.ts',
    'src-main/core/launcher/**/*.ts',
    'src-main/core/sharing/**/*.ts',
    'src-main/core/connect/**/*.ts',
    '!**/*.d.ts',
    '!**/*.d.mts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) re-run every test for each: ~7% of mutants, ~65% of the time.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'test-results/mutation/incremental.json',
  // Two cores; other work on the machine gets what is left.
  concurrency: 2,
  timeoutMS: 20_000,
  timeoutFactor: 2,
  ignorePatterns: ['out', 'dist', 'test-results', 'playwright-report', '.lab', 'src-renderer', 'assets'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'test-results/mutation/index.html' },
  jsonReporter: { fileName: 'test-results/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  thresholds: { high: 90, low: 75, break: null },
};
