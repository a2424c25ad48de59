#!/usr/bin/env node
// `npm start`: build, then run the app in Electron. Electron downloads its
// binary on first run; where that cannot happen (offline build machines, a
// firewalled network) this ends with one plain paragraph instead of a stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

function explainAndExit(reason) {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const where = override
    ? `ELECTRON_OVERRIDE_DIST_PATH is set to "${override}", but no Electron executable was found there.`
    : 'Electron downloads its runtime on first run, and that download did not succeed here.';
  process.stderr.write(
    [
      '',
      `Sesame could not start: the Electron runtime is not available (${reason}). ${where}`,
      'To use a local Electron build instead, point ELECTRON_OVERRIDE_DIST_PATH at the folder that holds the',
      '`electron` executable (Electron 45), e.g. `ELECTRON_OVERRIDE_DIST_PATH=/opt/electron npm start`.',
      'Everything except the window works without Electron: `npx sesame --help` shows the command line',
      '(connect, knock, probe, profiles, secret).',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Asks the electron package for its binary in a child, so a failed download can't crash us mid-way. */
function findElectron() {
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    env: process.env,
  });
  const path = probe.stdout?.trim();
  if (probe.status === 0 && path && existsSync(path)) return path;
  const lines = `${probe.stderr ?? ''}\n${probe.error?.message ?? ''}`.split('\n').map((l) => l.trim());
  // The first error line is the download's own (e.g. "TypeError: fetch failed"); the
  // electron package's follow-up advice to reinstall does not help offline.
  const first = lines.find((l) => /^\w*Error\b.*:|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT/.test(l));
  const detail = first?.replace(/^\w*Error:\s*/, '');
  if (probe.signal) return explainAndExit('the download timed out');
  return explainAndExit(detail ? `the download failed: ${detail}` : 'no binary found');
}

if (!args.includes('--no-build')) build();
const electron = findElectron();
const child = spawn(electron, [root, ...args.filter((a) => a !== '--no-build')], { stdio: 'inherit' });
child.on('error', (error) => explainAndExit(error.message));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
