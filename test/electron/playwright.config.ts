import { defineConfig } from '@playwright/test';

// The real-Electron smoke test. It needs an Electron build (ELECTRON_OVERRIDE_DIST_PATH);
// where there is none it reports itself as skipped with that reason.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/electron',
  workers: 1,
  reporter: [['list']],
  timeout: 60_000,
});
