import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sesame } from '../../support/cli';

// Each test starts whole processes; on a loaded 2-core machine one can take seconds.
vi.setConfig({ testTimeout: 60_000 });

// `npm pack`, then `npm install -g` of that tarball into an empty prefix, as a
// server or CI machine without this checkout would: only the tarball and the
// npm registry (here: npm's local cache first) are involved.
const repo = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'sesame-global-'));
const prefix = join(work, 'prefix');
const elsewhere = join(work, 'cwd');
let files: string[];

beforeAll(async () => {
  // prepack rebuilds out/cli only when stale; make sure it is fresh first (bin/sesame.mjs holds the build lock).
  expect((await sesame(['--version'], { home: work })).code).toBe(0);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as {
    filename: string;
    files: { path: string }[];
  }[];
  files = packed[0]!.files.map((f) => f.path);
  execFileSync('npm', ['install', '-g', join(work, packed[0]!.filename), '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  mkdirSync(elsewhere);
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the installed `sesame` with only the prefix and Node on PATH, far from this checkout. */
function installed(args: string[]) {
  return spawnSync(join(prefix, 'bin/sesame'), args, {
    cwd: elsewhere,
    encoding: 'utf8',
    env: { PATH: `${join(prefix, 'bin')}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: work, SESAME_HOME: join(work, 'home'), LANG: 'C' },
  });
}

describe('npm install -g ./sesame-*.tgz', () => {
  it('packs the launcher and the built CLI, and no sources, tests or build bookkeeping', () => {
    expect(files).toContain('bin/sesame.mjs');
    expect(files).toContain('out/cli/sesame.mjs');
    expect(files).toContain('out/cli/askpass-helper.mjs');
    expect(files.filter((f) => /^(src-main|src-renderer|test|scripts|node_modules)\//.test(f) || f.endsWith('.json') && f !== 'package.json')).toEqual([]);
  });

  it('installs a working `sesame` on PATH', () => {
    const help = installed(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: sesame <command>/);
    expect(help.stderr).toBe('');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(installed(['--version']).stdout).toBe(`sesame ${pkg.version}\n`);
    expect(installed(['knock', '--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: sesame knock') });
  });

  it('stores profiles and loads the keychain module from its own install', () => {
    expect(installed(['profiles', 'add', '--name', 'ci', '--host', 'door.example', '--knock', '7000'])).toMatchObject({ status: 0 });
    expect(installed(['profiles', 'list']).stdout).toMatch(/^ci\tdoor\.example\t/m);
    const secret = spawnSync(join(prefix, 'bin/sesame'), ['secret', 'set', 'ci'], {
      cwd: elsewhere,
      input: 'pw\n',
      encoding: 'utf8',
      env: { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, SESAME_HOME: join(work, 'home'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' },
    });
    expect(secret.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(secret.stderr).toMatch(/Secret Service/);
  });
});
