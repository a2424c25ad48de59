import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import { createLabLogin, type LabLogin } from '../lab/lab-user';
import { procLeaks, startDesktop, type Desktop } from '../lab/desktop';
import { LAB_USER, startSshd, stopAll, type Knockd, type Sshd } from '../lab/lab';
import { doorProfile, guardedPorts, recordingCore, SSH_PORT } from '../lab/launch-fixtures';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';
import { desktopLauncher } from '../support/launcher';

// PuTTY 0.78 (Debian's putty and putty-tools) on a knockd-guarded sshd off port
// 22: plink in the terminal of `sesame connect` (password through -pwfile, key
// auth with a .ppk, the host key cached under host:port thanks to
// -loghost host:port) and the PuTTY window under Xvfb through the app core.
let login: LabLogin;
let home: string;
let desktop: Desktop;
let sshd: Sshd;
let knockd: Knockd;
let ppk: string;

const passwordLogin = () => new RegExp(`Accepted password for ${login.name} from`);
const sshLog = () => readFileSync(sshd.stderrPath, 'utf8');
const count = (pattern: RegExp) => sshLog().split('\n').filter((line) => pattern.test(line)).length;
/** The CLI with the desktop's private PuTTY folder (plink keeps its host keys there). */
const cli = (args: string[], input = '') => sesame(args, { home, input, env: { PUTTYDIR: desktop.env.PUTTYDIR as string } });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-putty-'));
  [desktop, sshd, knockd] = await Promise.all([startDesktop({ name: 'launch-putty' }), startSshd({ port: SSH_PORT }), guardedPorts(['ssh'])]);
  login = await createLabLogin();
  ppk = join(home, 'client.ppk');
  // puttygen writes its random seed into the PuTTY folder: the private one.
  const converted = spawnSync('puttygen', [sshd.keyPath, '-O', 'private', '-o', ppk], { env: { ...process.env, PUTTYDIR: desktop.env.PUTTYDIR }, encoding: 'utf8' });
  expect(converted.status, converted.stderr).toBe(0);
  const base = ['--host', 'lab.sesame.test', '--knock', '7000,8000,9000', '--close', '9000,8000,7000', '--service', 'ssh', '--port', String(SSH_PORT), '--client', 'putty'];
  // Passwords: this file's own login; keys: the lab user, whose authorized_keys startSshd() fills.
  for (const [name, auth] of [
    ['plink-pw', ['--user', login.name, '--auth', 'password']],
    ['plink-key', ['--user', LAB_USER, '--auth', 'key', '--key-file', ppk]],
    ['plink-openssh-key', ['--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath]],
  ] as const) {
    const added = await cli(['profiles', 'add', '--name', name, ...base, ...auth]);
    expect(added.code, added.stderr).toBe(0);
  }
  const stored = await cli(['secret', 'set', 'plink-pw'], `${login.password}\n`);
  expect(stored.code, stored.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('plink in the terminal of sesame connect', () => {
  it('first login: password through -pwfile, the host key stored under port 2222 (not 22), the door closed after', async () => {
    const accepted = count(passwordLogin());
    const closes = await knockd.openCount('closeSSH');
    // plink asks on its terminal whether to store the unknown key; the user says yes.
    const first = await cli(['connect', 'plink-pw', '--exec', 'echo plink-$(whoami)'], 'y\n');
    expect(first.code, `${first.stderr}\n${sshLog().slice(-700)}`).toBe(0);
    expect(first.stdout).toContain(`plink-${login.name}`);
    expect(first.stderr).toMatch(/launched putty/);
    expect(count(passwordLogin())).toBe(accepted + 1);
    const cache = readFileSync(join(desktop.home, '.putty', 'sshhostkeys'), 'utf8');
    expect(cache).toMatch(/^ssh-ed25519@2222:lab\.sesame\.test 0x/m);
    expect(cache).not.toMatch(/@22:/);
    expect(first.stderr).toMatch(/door closed \(3 knock/);
    expect(await eventually(async () => (await knockd.openCount('closeSSH')) === closes + 1, 5000)).toBe(true);
  });

  it('the next login finds the key under host:port: no question (empty stdin would have aborted it)', async () => {
    const again = await cli(['connect', 'plink-pw', '--exec', 'echo cached'], '');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('cached');
    expect(again.stderr).not.toMatch(/not cached|Store key in cache/i);
  });

  it('key auth with a .ppk: sshd logs the publickey login', async () => {
    const accepted = count(new RegExp(`Accepted publickey for ${LAB_USER} from`));
    const run = await cli(['connect', 'plink-key', '--exec', 'echo key-ok'], '');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('key-ok');
    expect(count(new RegExp(`Accepted publickey for ${LAB_USER} from`))).toBe(accepted + 1);
  });

  it('an OpenSSH-format key is refused with the PuTTYgen fix before any knock leaves', async () => {
    // knockd logs a moment after the packets: let the previous run's close sequence land first.
    await eventually(async () => (await knockd.openCount('closeSSH')) === (await knockd.openCount('openSSH')), 5000);
    const opened = await knockd.openCount('openSSH');
    const stages = (await knockd.stageLines()).length;
    const refused = await cli(['connect', 'plink-openssh-key', '--exec', 'true'], '');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/is not a PuTTY key \(\.ppk\): PuTTY cannot use it\. Convert it with PuTTYgen/);
    expect(refused.stderr).not.toMatch(/knock 1\//);
    expect(await knockd.openCount('openSSH')).toBe(opened);
    expect((await knockd.stageLines()).length).toBe(stages);
  });
});

describe('the PuTTY window (app core, Xvfb)', () => {
  it('logs in with -pwfile, titles the session host:port, and closes the door when the window closes', async () => {
    const events: ConnectProgress[] = [];
    const core = recordingCore(desktopLauncher(desktop, () => ({ client: 'putty' })), events);
    try {
      const profile = await core.profiles.create(doorProfile('putty-window', 'ssh', login.name));
      await core.profiles.setSecret(profile.id, 'password', login.password);
      const accepted = count(passwordLogin());
      const closes = await knockd.openCount('closeSSH');
      const result = await core.connector.connect({ profileId: profile.id, runId: 'putty-window' });
      expect(result.outcome, JSON.stringify(result)).toBe('launched');
      // The key plink stored under host:port is PuTTY's too: no security alert, straight to the session.
      if (!(await eventually(() => count(passwordLogin()) === accepted + 1, 20_000))) {
        const shot = await desktop.screenshot('putty-window-failed');
        throw new Error(`no password login; see ${shot}; ${JSON.stringify(events)}\n${sshLog().slice(-500)}`);
      }
      const window = await desktop.waitForWindow(/@|lab\.sesame\.test:2222 - PuTTY$/);
      expect([...(await desktop.windows()).values()].some((title) => /Security Alert/.test(title))).toBe(false);
      // The shell is up once sshd starts the session; the window then shows its prompt.
      await eventually(() => /Starting session: shell/.test(sshLog().split('\n').slice(-3).join('\n')), 5000);
      await desktop.type(window, 'echo putty-$((6*7))\n');
      await desktop.screenshot('putty-window');
      // The password file is gone once PuTTY read it (grace period) or exited; nothing in argv or environment.
      expect(await procLeaks(login.password)).toEqual([]);
      expect(await knockd.openCount('closeSSH')).toBe(closes);
      for (let attempt = 0; attempt < 3 && (await desktop.exists(window)); attempt++) {
        await desktop.type(window, '\nexit\n');
        await eventually(async () => !(await desktop.exists(window)), 5000);
      }
      await result.client?.closed;
      expect(events.map((e) => e.kind).slice(-2)).toEqual(['client-exited', 'closed']);
      expect(await eventually(async () => (await knockd.openCount('closeSSH')) === closes + 1, 5000)).toBe(true);
      expect(existsSync(join(desktop.home, '.putty', 'sshhostkeys'))).toBe(true);
    } finally {
      await core.dispose();
    }
  });
});
