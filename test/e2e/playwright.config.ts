import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../support/chromium';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: '../../test-results/e2e',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 2,
  reporter: [['list']],
  timeout: 60_000,
  // Reviewed baselines live beside the specs, one per screen, the same on every Linux machine
  // (Debian's Chromium and fonts). Update: npm run test:e2e -- --update-snapshots
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  expect: {
    // Per-pixel colour distance forgives antialiasing; the pixel budget does not forgive a
    // moved panel or a missing word (a short word is several hundred pixels).
    toHaveScreenshot: { threshold: 0.2, maxDiffPixels: 150 },
  },
  use: {
    headless: true,
    launchOptions: {
      executablePath: chromiumPath,
      args: chromiumArgs,
    },
  },
});
