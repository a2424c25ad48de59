/**
 * Proves the lab itself works before any Sesame code is tested in it: the
 * firewall really filters, the stock `knock` client really opens the door
 * (IPv4 and IPv6), TCP wrappers really reset before the banner, vsftpd answers,
 * and the Secret Service round-trips a secret.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  requireLab,
  resetTcpWrappers,
  run,
  setTcpWrappers,
  startFirewall,
  startKnockd,
  startSshd,
  startVsftpd,
  stopAll,
  type Firewall,
  type Knockd,
  type Sshd,
  type Vsftpd,
} from '../lab/lab';

const execFileAsync = promisify(execFile);
const SSH_PORT = 2222;
const FTP_PORT = 2121;

type Attempt = { kind: 'data'; text: string } | { kind: 'closed' } | { kind: 'timeout' } | { kind: 'error'; code: string };

/** One fresh TCP connection: resolves with the first bytes, a close, a timeout or an error. */
function connectOnce(host: string, port: number, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const finish = (attempt: Attempt): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(attempt);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.once('data', (data) => finish({ kind: 'data', text: data.toString() }));
    socket.once('end', () => finish({ kind: 'closed' }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: error.code ?? 'unknown' }));
  });
}

/** Opens a connection within `connectMs` (a dropped SYN never completes), then reads. */
async function tryBanner(host: string, port: number, connectMs: number, readMs = 2_000): Promise<Attempt> {
  const socket = net.connect({ host, port });
  const connected = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), connectMs);
    socket.once('connect', () => (clearTimeout(timer), resolve(true)));
    socket.once('error', () => (clearTimeout(timer), resolve(false)));
  });
  if (!connected) {
    socket.destroy();
    return { kind: 'timeout' };
  }
  return new Promise((resolve) => {
    const finish = (attempt: Attempt): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(attempt);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), readMs);
    socket.once('data', (data) => finish({ kind: 'data', text: data.toString() }));
    socket.once('end', () => finish({ kind: 'closed' }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ kind: 'error', code: error.code ?? 'unknown' }));
  });
}

/** Fresh attempts every 50 ms until one is answered: a retransmitted SYN would cost ~1 s. */
async function bannerWithin(host: string, port: number, totalMs: number): Promise<string> {
  const deadline = Date.now() + totalMs;
  while (Date.now() < deadline) {
    const attempt = await tryBanner(host, port, 50);
    if (attempt.kind === 'data') return attempt.text;
    await delay(attempt.kind === 'timeout' ? 0 : 50);
  }
  throw new Error(`no banner from ${host}:${port} within ${totalMs} ms`);
}

function ssh(server: Sshd, host: string, extra: string[], env?: NodeJS.ProcessEnv) {
  return execFileAsync(
    'ssh',
    [
      '-p', String(server.port),
      '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR',
      // Over 5 s: a TCP-wrappers refusal only arrives after libwrap's 5 s sleep.
      '-o', 'ConnectTimeout=10',
      ...extra,
      `${server.user}@${host}`, 'echo', 'hello',
    ],
    { timeout: 15_000, env: { ...process.env, ...env } },
  );
}

describe('lab smoke', () => {
  let firewall: Firewall;
  let knockd: Knockd;
  let sshd: Sshd;
  let vsftpd: Vsftpd;

  beforeAll(async () => {
    requireLab();
    firewall = await startFirewall({ dropTcp: [SSH_PORT] });
    knockd = await startKnockd({
      doors: [
        { name: 'openSSH', sequence: '7000,8000,9000', seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) },
        { name: 'openSSH6', sequence: '7100,7200:udp', seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 6) },
      ],
    });
    [sshd, vsftpd] = await Promise.all([
      startSshd({ port: SSH_PORT, listen: ['127.0.0.1', '::1'] }),
      startVsftpd({ port: FTP_PORT, pasvMin: 30100, pasvMax: 30109 }),
    ]);
  });
  afterAll(stopAll);

  it('filters the guarded port before any knock (IPv4 and IPv6)', async () => {
    const [v4, v6] = await Promise.all([connectOnce('127.0.0.1', SSH_PORT, 1_500), connectOnce('::1', SSH_PORT, 1_500)]);
    expect([v4.kind, v6.kind]).toEqual(['timeout', 'timeout']);
  });

  it('opens to the stock knock client and reaches the SSH banner', async () => {
    await run('knock', ['127.0.0.1', '7000', '8000', '9000']);
    expect(await bannerWithin('127.0.0.1', SSH_PORT, 5_000)).toMatch(/^SSH-2\.0-/);
    const stages = await knockd.stageLines('openSSH');
    expect(stages.map((line) => /Stage (\d+)/.exec(line)?.[1])).toEqual(['1', '2', '3']);
    expect(await knockd.openCount('openSSH')).toBe(1);
    expect(await firewall.listRules()).toMatch(/ip saddr 127\.0\.0\.1 tcp dport 2222 accept/);
  });

  it('logs in with the key, the passphrase key and the password', async () => {
    expect((await ssh(sshd, '127.0.0.1', ['-i', sshd.keyPath, '-o', 'BatchMode=yes'])).stdout).toBe('hello\n');
    const { dir } = requireLab();
    // ssh reads secrets only from a tty or SSH_ASKPASS; "force" uses askpass even without a tty.
    const askpass = async (secret: string): Promise<NodeJS.ProcessEnv> => {
      const path = join(dir, `askpass-${secret.length}`);
      await writeFile(path, `#!/bin/sh\nprintf '%s\\n' '${secret}'\n`, { mode: 0o700 });
      return { SSH_ASKPASS: path, SSH_ASKPASS_REQUIRE: 'force', DISPLAY: ':0' };
    };
    const withPassphrase = await ssh(
      sshd,
      '127.0.0.1',
      ['-i', sshd.keyWithPassphrasePath, '-o', 'IdentitiesOnly=yes', '-o', 'PasswordAuthentication=no'],
      await askpass(sshd.keyPassphrase),
    );
    expect(withPassphrase.stdout).toBe('hello\n');
    const withPassword = await ssh(
      sshd,
      '127.0.0.1',
      ['-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password'],
      await askpass(sshd.password),
    );
    expect(withPassword.stdout).toBe('hello\n');
  });

  it('hosts.deny closes the accepted connection before the banner, ~5 s later', async () => {
    setTcpWrappers({ deny: 'sshd: 127.0.0.1' });
    try {
      const started = Date.now();
      // libwrap's refuse() sleeps 5 s before exiting when stdin is not a tty
      // (clean_exit() in tcp_wrappers), so the close comes late: a banner
      // timeout shorter than that would misread this as "accepted, silent".
      const [attempt, failed] = await Promise.all([
        tryBanner('127.0.0.1', SSH_PORT, 1_000, 8_000),
        ssh(sshd, '127.0.0.1', ['-i', sshd.keyPath, '-o', 'BatchMode=yes']).then(
          () => 'logged in',
          (error: { stderr: string }) => error.stderr,
        ),
      ]);
      expect(['closed', 'error']).toContain(attempt.kind);
      expect(failed).toContain('kex_exchange_identification');
      expect(Date.now() - started).toBeGreaterThan(4_000);
    } finally {
      resetTcpWrappers();
    }
    expect(await bannerWithin('127.0.0.1', SSH_PORT, 2_000)).toMatch(/^SSH-2\.0-/);
  });

  it('opens an IPv6 door to a knock from ::1 (mixed TCP/UDP)', async () => {
    await run('knock', ['-6', '::1', '7100', '7200:udp']);
    expect(await bannerWithin('::1', SSH_PORT, 5_000)).toMatch(/^SSH-2\.0-/);
    expect(await knockd.openCount('openSSH6')).toBe(1);
    expect((await knockd.stageLines('openSSH6')).every((line) => line.includes('::1: openSSH6'))).toBe(true);
  });

  it('closeCommand removes the accept rules again', async () => {
    await run('sh', ['-c', firewall.closeCommand(SSH_PORT)]);
    expect(await firewall.listRules()).not.toMatch(/dport 2222 accept/);
    expect((await connectOnce('127.0.0.1', SSH_PORT, 1_500)).kind).toBe('timeout');
  });

  it('vsftpd answers with 220 and lists the home directory', async () => {
    const attempt = await connectOnce('127.0.0.1', vsftpd.port, 2_000);
    expect(attempt.kind === 'data' && attempt.text).toMatch(/^220/);
    const { stdout } = await execFileAsync(
      'lftp',
      ['-u', `${vsftpd.user},${vsftpd.password}`, '-p', String(vsftpd.port), '-e', 'set ftp:ssl-allow no; set net:max-retries 1; ls; bye', '127.0.0.1'],
      { timeout: 15_000 },
    );
    expect(stdout).toContain('hello.txt');
  });

  it.skipIf(!process.env.SESAME_LAB_KEYRING)('Secret Service round-trips a secret (--keyring)', async () => {
    const attributes = ['service', 'sesame-lab-smoke', 'account', `run-${process.pid}`];
    await run('secret-tool', ['store', '--label=sesame lab smoke', ...attributes], 'open sesame');
    expect(await run('secret-tool', ['lookup', ...attributes])).toBe('open sesame');
    await run('secret-tool', ['clear', ...attributes]);
  });
});
