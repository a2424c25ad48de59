import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchPaths, pathKey, renderLaunchTable, tableMarkers, withLaunchTable } from '../../../src-main/core/launcher/launch-paths';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the README table of launch paths', () => {
  it('is what the launcher does today (regenerate with npm run docs:launch-table)', async () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    expect(readme).toContain(tableMarkers.start);
    expect(withLaunchTable(readme, renderLaunchTable(await launchPaths()))).toBe(readme);
  });

  it('every "run in CI" row names a lab test that exists', async () => {
    const ci = (await launchPaths()).filter((p) => 'ci' in p.verified);
    expect(ci.length).toBeGreaterThanOrEqual(14);
    for (const path of ci) {
      const { file, test } = (path.verified as { ci: { file: string; test: string } }).ci;
      expect(existsSync(`${root}${file}`), pathKey(path)).toBe(true);
      expect(readFileSync(`${root}${file}`, 'utf8'), `${pathKey(path)}: "${test}"`).toContain(test);
    }
  });

  it('every other row says what it was checked against, and the plan builder described each one', async () => {
    const paths = await launchPaths();
    for (const path of paths) {
      if ('source' in path.verified) expect(path.verified.source, pathKey(path)).not.toBe('');
    }
    // The facts come from dry-run plans, e.g. Windows Terminal hands off (no close sequence), conhost tracks.
    const byKey = new Map(paths.map((p) => [pathKey(p), p]));
    expect(byKey.get('win32 openssh ssh windows-terminal')).toMatchObject({ tracksExit: false, secretVia: 'askpass' });
    expect(byKey.get('win32 openssh ssh console')).toMatchObject({ tracksExit: true });
    expect(byKey.get('linux lftp ftp xterm')).toMatchObject({ secretVia: 'lftp-source', tracksExit: true });
    expect(byKey.get('win32 winscp sftp -')).toMatchObject({ secretVia: 'password-file' });
    expect(byKey.get('darwin filezilla ftp -')).toMatchObject({ secretVia: 'clipboard' });
  });
});
