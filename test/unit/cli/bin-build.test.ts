import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Each test starts whole processes; on a loaded 2-core machine one can take seconds.
vi.setConfig({ testTimeout: 60_000 });

// bin/sesame.mjs in a dev checkout of its own (a temp copy of the sources, with
// this checkout's node_modules), so building and rebuilding never races the
// out/cli that the other tests use.
const repo = join(import.meta.dirname, '../../..');
const checkout = mkdtempSync(join(tmpdir(), 'sesame-dev-checkout-'));
const bin = join(checkout, 'bin/sesame.mjs');

beforeAll(() => {
  for (const path of ['bin', 'scripts/build-cli.mjs', 'src-main', 'package.json', 'package-lock.json']) cpSync(join(repo, path), join(checkout, path), { recursive: true });
  symlinkSync(join(repo, 'node_modules'), join(checkout, 'node_modules'));
});
afterAll(() => rmSync(checkout, { recursive: true, force: true }));

function run(args: string[], command: string[] = [process.execPath, bin]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const [program, ...prefix] = command as [string, ...string[]];
  const child = spawn(program, [...prefix, ...args], { cwd: checkout, env: { ...process.env, SESAME_HOME: checkout }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** Makes a source file newer than the last build, as an edit would. */
function edit(path: string): void {
  const now = new Date();
  utimesSync(join(checkout, path), now, now);
}

describe('bin/sesame.mjs in a dev checkout', () => {
  it('a fresh checkout\'s `npx sesame --help` builds out/cli with one line on stderr, then runs it', async () => {
    // --offline: the project's own bin or nothing (npx must never fetch a registry package named "sesame").
    const first = await run(['--help'], ['npx', '--offline', 'sesame']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Usage: sesame <command>/);
    expect(first.stderr).toBe('sesame: building the command line into out/cli (out/cli is not built yet)…\n');
  }, 60_000);

  it('runs the build as it is while nothing changed', async () => {
    expect(await run(['--version'])).toMatchObject({ code: 0, stderr: '' });
  });

  it('rebuilds after an edit to a file the CLI is built from, naming it', async () => {
    edit('src-main/core/knock/engine.ts');
    const after = await run(['knock', '--help']);
    expect(after.code).toBe(0);
    expect(after.stderr).toBe('sesame: building the command line into out/cli (src-main/core/knock/engine.ts changed)…\n');
    expect(after.stdout).toContain('Usage: sesame knock');
  }, 60_000);

  it('builds once when several start together after an edit', async () => {
    edit('package.json');
    const runs = await Promise.all([run(['--version']), run(['--version']), run(['--version'])]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs.map((r) => r.stderr).join('')).toBe('sesame: building the command line into out/cli (package.json changed)…\n');
  }, 60_000);

  it('installed (no sources beside it) never builds: it only runs out/cli', async () => {
    rmSync(join(checkout, 'src-main'), { recursive: true });
    rmSync(join(checkout, 'scripts'), { recursive: true });
    edit('package.json');
    expect(await run(['--version'])).toMatchObject({ code: 0, stderr: '' });
  });
});
