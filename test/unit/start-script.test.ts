import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('../../scripts/start.mjs', import.meta.url));

describe('npm start without an Electron runtime', () => {
  it('ends with one plain paragraph (what failed, ELECTRON_OVERRIDE_DIST_PATH, the CLI), not a stack trace', () => {
    const run = spawnSync(process.execPath, [script, '--no-build'], {
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent/electron-dist' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Sesame could not start: the Electron runtime is not available');
    expect(run.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH is set to "/nonexistent/electron-dist"');
    expect(run.stderr).toContain('npx sesame --help');
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });
});
