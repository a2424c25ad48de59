import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const binary = dist ? join(dist, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron') : undefined;
const available = binary !== undefined && existsSync(binary);

test.describe('Electron smoke', () => {
  // The only test in the suite allowed to skip: our build machines cannot download Electron.
  test.skip(
    !available,
    dist
      ? `no Electron executable at ${binary} (ELECTRON_OVERRIDE_DIST_PATH)`
      : 'no Electron build on this machine: set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron 45 build',
  );

  test('opens the window and round-trips one contract call', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'sesame-smoke-'));
    const app = await electron.launch({
      executablePath: binary,
      args: [root, `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: { ...process.env, SESAME_HOME: userData },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByTestId('app-title')).toBeVisible();
      const info = await page.evaluate(() => window.sesame.getAppInfo({}));
      expect(info.name).toBeTruthy();
      // The renderer must not see Node.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
