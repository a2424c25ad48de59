/**
 * One-time sequences through `sesame proxy`, for real: a knockd door with
 * `one_time_sequences` guards a real sshd; the profile is what
 * `sesame profiles import knockd.conf` makes of it. Each ssh through the
 * ProxyCommand spends exactly one sequence — the one knockd expects next — so
 * knockd's file and the profile's list stay in step; when the list is spent,
 * ssh shows one clear line and nothing is sent.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, isFiltered, requireLab, startFirewall, startKnockd, startSshd, stopAll, type Knockd, type Sshd } from '../lab/lab';
import { builtCli, sesame } from '../support/cli';
import { eventually } from '../support/eventually';

const SSH_PORT = 2293;
const lab = requireLab();
const otpFile = join(lab.dir, 'proxy-otp');
let home: string;
let knockd: Knockd;
let sshd: Sshd;
let sshConfig: string;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Real ssh (argv, no shell) with the lab's SESAME_HOME, which its ProxyCommand inherits. */
function ssh(args: string[]): Promise<Ran> {
  const env: NodeJS.ProcessEnv = { ...process.env, SESAME_HOME: home, LANG: 'C' };
  delete env.LC_ALL;
  const child = spawn('ssh', ['-F', sshConfig, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const usedInProfile = async (): Promise<boolean[]> => {
  const shown = await sesame(['profiles', 'show', 'otp', '--json'], { home });
  expect(shown.code, shown.stderr).toBe(0);
  return (JSON.parse(shown.stdout) as { oneTimeSequences: { usedAt?: number }[] }).oneTimeSequences.map((s) => s.usedAt !== undefined);
};
const usedByKnockd = (): string[] => readFileSync(otpFile, 'utf8').split('\n').filter((line) => line.startsWith('#'));

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-proxy-otp-'));
  const firewall = await startFirewall({ table: 'sesame_proxy_otp', dropTcp: [SSH_PORT] });
  sshd = await startSshd({ port: SSH_PORT });
  // knockd marks a spent sequence by overwriting the line's first character with '#': hence the leading space.
  writeFileSync(otpFile, ' 7601,7602\n 7611,7612:udp\n');
  knockd = await startKnockd({
    // The door stays open only a moment after each knock (as a one-time door usually does):
    // the next ssh finds it shut and must spend the next sequence.
    doors: [{ name: 'otp', oneTimeSequences: otpFile, seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4), cmdTimeout: 2, stopCommand: firewall.closeCommand(SSH_PORT) }],
  });
  const imported = await sesame(['profiles', 'import', knockd.confPath, '--apply'], { home });
  expect(imported.code, imported.stderr).toBe(0);
  const edit = await sesame(['profiles', 'edit', 'otp', '--host', '127.0.0.1', '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath], { home });
  expect(edit.code, edit.stderr).toBe(0);

  const launcher = join(lab.dir, 'sesame-otp-launcher');
  writeFileSync(launcher, `#!/bin/sh\nexec '${process.execPath}' '${builtCli}' "$@"\n`);
  chmodSync(launcher, 0o755);
  const printed = await sesame(['ssh-config', 'otp', '--sesame', launcher], { home });
  expect(printed.code, printed.stderr).toBe(0);
  const knownHosts = join(lab.dir, 'proxy-otp-known_hosts');
  writeFileSync(knownHosts, `${sshd.knownHostsLine('127.0.0.1')}\n`);
  sshConfig = join(lab.dir, 'proxy-otp-ssh_config');
  writeFileSync(
    sshConfig,
    [printed.stdout, 'Host *', `  IdentityFile ${sshd.keyPath}`, '  IdentitiesOnly yes', '  BatchMode yes', `  UserKnownHostsFile ${knownHosts}`, '  GlobalKnownHostsFile /dev/null', '  StrictHostKeyChecking yes', ''].join('\n'),
  );
  expect(await isFiltered(SSH_PORT)).toBe(true);
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('one-time sequences through sesame proxy (real knockd, nftables, sshd)', () => {
  it('each ssh spends the next sequence, in step with knockd; a spent list sends nothing and says so', async () => {
    const first = await ssh(['otp', 'echo first-otp']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('first-otp\n');
    expect(usedByKnockd()).toEqual(['#7601,7602']);
    expect(await usedInProfile()).toEqual([true, false]);
    // knockd's stop_command shuts the door again before the next ssh.
    expect(await eventually(() => isFiltered(SSH_PORT), 10_000), 'the door shut after cmd_timeout').toBe(true);

    const second = await ssh(['otp', 'echo second-otp']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toBe('second-otp\n');
    expect(usedByKnockd()).toEqual(['#7601,7602', '#7611,7612:udp']);
    expect(await usedInProfile()).toEqual([true, true]);
    expect(await knockd.openCount('otp')).toBe(2);
    expect(await eventually(() => isFiltered(SSH_PORT), 10_000), 'the door shut after cmd_timeout').toBe(true);

    const spent = await ssh(['otp', 'true']);
    expect(spent.code).toBe(255);
    expect(spent.stderr).toMatch(/^sesame proxy: otp: Every one-time sequence of "otp" has been used: add new ones\.$/m);
    expect(spent.stderr, 'a refusal, not a crash').not.toMatch(/node:internal|triggerUncaughtException/);
    const direct = await sesame(['proxy', '--profile', 'otp'], { home, program: builtCli, env: { LANG: 'ko_KR.UTF-8' } });
    expect(direct.code).toBe(1);
    expect(direct.stderr).toMatch(/^sesame proxy: otp: .*일회용/m);
    expect(await knockd.openCount('otp')).toBe(2);
    expect(await usedInProfile()).toEqual([true, true]);
  });
});
