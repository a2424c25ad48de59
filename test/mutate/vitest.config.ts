import { defineConfig } from 'vitest/config';

// The unit project alone, for `npm run mutate` (Stryker): the lab and e2e need
// root and a namespace, and a mutant run must stay plain Node and quick.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/unit/**/*.test.ts'],
    // Process-spawning stress tests of the profiles store: outside the mutated folders, and minutes per run.
    // file-modes: mostly CLI processes and the profiles/settings stores (outside the mutated folders);
    // two of its assertions wait for the safety branch and would stop every mutation run until then.
    exclude: ['test/unit/profiles/crash-safety.test.ts', 'test/unit/profiles/two-writers.test.ts', 'test/unit/profiles/file-modes.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
