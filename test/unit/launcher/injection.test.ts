import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAskpassProvider } from '../../../src-main/core/launcher/askpass-session';
import { launch, type SpawnFn } from '../../../src-main/core/launcher/launch';
import { buildLaunchPlan } from '../../../src-main/core/launcher/plan';
import { privateDirFactory } from '../../../src-main/core/launcher/private-dir';
import type { LaunchPlatform, LaunchRequest, TerminalId } from '../../../src-main/core/launcher/types';
import { LaunchError } from '../../../src-main/core/launcher/validate';
import { detectedFor, request } from './fixtures';

const marker = join(tmpdir(), `sesame-injected-${process.pid}`);
const work = mkdtempSync(join(tmpdir(), 'sesame-inj-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const evilWords = [
  `-oProxyCommand=touch ${marker}`,
  '-',
  '--',
  'a;b',
  '$(x)',
  '`x`',
  'a|b',
  'a&b',
  'a>b',
  "'x'",
  '"x"',
  'line\nbreak',
  'host\u0000',
  'tab\there',
  ' lead',
  'trail ',
  'a b',
  'ехample.com', // Cyrillic е and х
  'examp\u0435le.com',
  '\u200bexample.com', // zero-width space
  'user@evil',
  'admin@corp',
  "o'brien",
  '%u',
  '${USER}',
  'corp\\alice',
  'bell\u0007',
  'c1\u0085',
];

const evilPaths = [
  `-i${marker}`, '/k\nx', '/k\u0000', '/k\tx', 'relative/key', '~/.ssh/id', '/k\r', 'C:', '\u202e/k',
  // ssh_config imports: tokens ssh would expand, relative names.
  '%d/.ssh/id_box', '/home/%u/.ssh/id', '/k/${HOME}/id', 'id_box',
];
const evilAddresses = ['-6', '1.2.3.4;x', 'box.example.org', '192.0.2.1 ', '::1%$(x)', '[::1]'];

interface Combo {
  platform: LaunchPlatform;
  label: string;
  req: Partial<LaunchRequest>;
}

const terminalsFor: Record<LaunchPlatform, TerminalId[]> = {
  linux: ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm'],
  darwin: ['terminal-app', 'iterm2'],
  win32: ['windows-terminal', 'console'],
};

const combos: Combo[] = (['linux', 'darwin', 'win32'] as const).flatMap((platform) => {
  const list: Combo[] = [];
  for (const terminal of terminalsFor[platform]) {
    list.push({ platform, label: `openssh ssh ${terminal}`, req: { client: 'openssh', service: 'ssh', terminal } });
    list.push({ platform, label: `openssh sftp ${terminal}`, req: { client: 'openssh', service: 'sftp', terminal } });
    if (platform !== 'win32') list.push({ platform, label: `lftp ${terminal}`, req: { client: 'lftp', service: 'ftp', terminal } });
  }
  if (platform !== 'darwin') {
    list.push({ platform, label: 'putty', req: { client: 'putty', service: 'ssh' } });
    list.push({ platform, label: 'plink', req: { client: 'putty', service: 'ssh', terminal: 'inline' } });
  }
  list.push({ platform, label: 'openssh inline', req: { client: 'openssh', service: 'ssh', terminal: 'inline' } });
  if (platform === 'win32') {
    list.push({ platform, label: 'winscp sftp', req: { client: 'winscp', service: 'sftp' } });
    list.push({ platform, label: 'winscp ftp', req: { client: 'winscp', service: 'ftp' } });
  }
  list.push({ platform, label: 'filezilla sftp', req: { client: 'filezilla', service: 'sftp' } });
  list.push({ platform, label: 'filezilla ftp', req: { client: 'filezilla', service: 'ftp' } });
  list.push({
    platform,
    label: 'custom',
    req: { client: 'custom', service: 'custom', customTemplate: ['prog', '{host}', '{user}', '{address}', '{port}'] },
  });
  return list;
});

function contextFor() {
  const dirFactory = vi.fn(privateDirFactory(work, 'linux'));
  const real = createAskpassProvider({
    platform: 'linux',
    tmpDir: work,
    runtime: { execPath: process.execPath, helperPath: '/nonexistent/helper.mjs', windowsExecutable: 'C:\\Sesame.exe' },
  });
  const askpass = vi.fn(real.start);
  return { dirFactory, askpass, provider: { preflight: real.preflight, start: askpass } };
}

/** What the orchestrator will do: plan, then launch. Rejection must come from the plan. */
async function planAndLaunch(platform: LaunchPlatform, req: LaunchRequest, spawn: SpawnFn) {
  const { dirFactory, askpass, provider } = contextFor();
  try {
    const plan = await buildLaunchPlan(req, {
      detected: detectedFor[platform],
      env: {},
      secrets: { password: 'pw', passphrase: 'pp' },
      askpass: provider,
      privateDir: dirFactory,
      versions: { ssh: { major: 9, minor: 2, raw: '9.2' }, putty: { major: 0, minor: 78, raw: '0.78' }, plink: { major: 0, minor: 78, raw: '0.78' }, winscp: { major: 6, minor: 3, raw: '6.3' } },
    });
    launch(plan, spawn);
    await plan.cleanup();
    return { error: undefined, dirFactory, askpass };
  } catch (error) {
    return { error, dirFactory, askpass };
  }
}

describe('injection corpus: rejected before any file, socket or spawn', () => {
  const spawn = vi.fn<SpawnFn>(() => {
    throw new Error('spawn must not be called');
  });

  it('every client on every platform accepts the clean request (so rejections below are about the bad value)', async () => {
    for (const combo of combos) {
      const fake = vi.fn<SpawnFn>(() => ({ once: () => undefined, unref: () => undefined, pid: 1 }) as never);
      const { error } = await planAndLaunch(combo.platform, request({ ...combo.req, auth: 'password' }), fake);
      expect(error, `${combo.platform} ${combo.label}`).toBeUndefined();
      expect(fake).toHaveBeenCalledTimes(1);
    }
  });

  const cases: Array<[string, (v: string) => Partial<LaunchRequest>, string[]]> = [
    ['host', (v) => ({ host: v }), evilWords],
    ['user', (v) => ({ user: v }), evilWords],
    ['keyFile', (v) => ({ auth: 'key', keyFile: v }), evilPaths],
    ['address', (v) => ({ address: v }), evilAddresses],
  ];

  for (const [field, make, corpus] of cases) {
    it(`${field}: every corpus entry × every launcher × every platform`, async () => {
      for (const combo of combos) {
        for (const value of corpus) {
          const req = request({ ...combo.req, auth: 'password', ...make(value) });
          const { error, dirFactory, askpass } = await planAndLaunch(combo.platform, req, spawn);
          const where = `${combo.platform} ${combo.label} ${field}=${JSON.stringify(value)}`;
          expect(error, where).toBeInstanceOf(LaunchError);
          expect((error as LaunchError).code, where).toBe('INVALID_INPUT');
          expect((error as LaunchError).field, where).toBe(field);
          expect(dirFactory, where).not.toHaveBeenCalled();
          expect(askpass, where).not.toHaveBeenCalled();
        }
      }
      expect(spawn).not.toHaveBeenCalled();
      expect(readdirSync(work)).toEqual([]);
      expect(existsSync(marker)).toBe(false);
    });
  }

  it('remote command words with control characters are refused', async () => {
    const { error } = await planAndLaunch('linux', request({ terminal: 'xterm', remoteCommand: ['ls', 'a\nrm -rf /'] }), spawn);
    expect((error as LaunchError).field).toBe('remoteCommand.1');
    expect(spawn).not.toHaveBeenCalled();
  });
});
