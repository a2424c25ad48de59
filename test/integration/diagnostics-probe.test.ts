/**
 * `probe` against the real causes in the lab: a DROP rule, a closed port, sshd
 * and vsftpd behind TCP wrappers (on their own ports 22 and 21 too), and the
 * wrong service on the port.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCliDeps } from '../../src-main/cli/net-args';
import { createProbeCommand } from '../../src-main/cli/commands/probe';
import type { CliIo } from '../../src-main/cli/io';
import { explain } from '../../src-main/core/diagnostics/explain';
import { probe } from '../../src-main/core/diagnostics/probe';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import { readFile } from 'node:fs/promises';
import { LAB_USER, LAB_USER_PASSWORD, requireLab, resetTcpWrappers, setTcpWrappers, startFirewall, startSshd, startVsftpd, stopAll, type Sshd, type Vsftpd } from '../lab/lab';

const DROPPED = 2331;
const CLOSED = 2332;
const SSH_PORT = 2333;
const FTP_PORT = 2334;
const deps = { sockets: nodeSockets, lookup: systemLookup, clock: systemClock };
const execFileAsync = promisify(execFile);

let sshd: Sshd;
let vsftpd: Vsftpd;
let vsftpd21: Vsftpd;
let listener: net.Server;

/** `sesame probe ARGS` in-process, as a terminal user runs it; English unless `lang`. */
async function cliProbe(args: string[], lang = 'C'): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stdin: process.stdin, stdinIsTTY: false, env: { LANG: lang } };
  const code = await createProbeCommand(nodeCliDeps).run(args, io);
  return { code, out: out.join(''), err: err.join('') };
}

/** What lftp (a real FTP client) shows for the server, one command and out. */
function lftpSays(port: number): Promise<string> {
  return execFileAsync('lftp', ['-e', 'set net:max-retries 1; set net:timeout 5; ls; bye', '-u', `${LAB_USER},${LAB_USER_PASSWORD}`, `127.0.0.1:${port}`], {
    timeout: 20_000,
  }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; stderr?: string }) => `${error.stdout ?? ''}${error.stderr ?? ''}`,
  );
}

beforeAll(async () => {
  requireLab();
  await startFirewall({ table: 'sesame_probe', dropTcp: [DROPPED] });
  // Something listens behind the DROP, so only the firewall explains the silence.
  listener = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(DROPPED, '127.0.0.1', resolve));
  sshd = await startSshd({ port: SSH_PORT });
  vsftpd = await startVsftpd({ port: FTP_PORT, pasvMin: 30100, pasvMax: 30109 });
  // The well-known ports, free in the lab's own namespace: probe reads their greeting unasked.
  await startSshd({ port: 22 });
  vsftpd21 = await startVsftpd({ port: 21, pasvMin: 30110, pasvMax: 30119 });
});

afterAll(async () => {
  listener.close();
  await stopAll();
});

describe('probe classifies real failures', () => {
  it('filtered: a DROP rule answers nothing', async () => {
    const result = await probe({ host: '127.0.0.1', family: 'auto', port: DROPPED, timeoutMs: 1000 }, deps);
    expect(result).toMatchObject({ status: 'failed', class: 'filtered' });
  });

  it('refused: nothing listens', async () => {
    const result = await probe({ host: '127.0.0.1', family: 'auto', port: CLOSED }, deps);
    expect(result).toMatchObject({ status: 'failed', class: 'refused' });
  });

  it('open: sshd greets with SSH-', async () => {
    const result = await probe({ host: '127.0.0.1', family: 'auto', port: SSH_PORT, expect: 'ssh' }, deps);
    expect(result).toMatchObject({ status: 'open' });
    expect(result.status === 'open' && result.banner).toMatch(/^SSH-2\.0-OpenSSH/);
  });

  it('reset-before-banner: hosts.deny matches (OpenSSH says kex_exchange_identification)', async () => {
    setTcpWrappers({ deny: 'sshd: 127.0.0.1' });
    try {
      const [result, sshError] = await Promise.all([
        probe({ host: '127.0.0.1', family: 'auto', port: SSH_PORT, expect: 'ssh' }, deps),
        execFileAsync('ssh', [
          '-p', String(SSH_PORT), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
          '-o', 'ConnectTimeout=10', `${sshd.user}@127.0.0.1`, 'true',
        ]).then(
          () => 'logged in',
          (error: { stderr: string }) => error.stderr,
        ),
      ]);
      expect(sshError).toContain('kex_exchange_identification');
      expect(result).toMatchObject({ status: 'failed', class: 'reset-before-banner' });
    } finally {
      resetTcpWrappers();
    }
  }, 30_000);

  it('wrong-service: FTP where SSH was expected, and SSH where FTP was expected', async () => {
    const ftpAsSsh = await probe({ host: '127.0.0.1', family: 'auto', port: vsftpd.port, expect: 'ssh' }, deps);
    expect(ftpAsSsh).toMatchObject({ status: 'failed', class: 'wrong-service' });
    expect(ftpAsSsh.status === 'failed' && ftpAsSsh.detail).toMatch(/banner: 220/);
    const sshAsFtp = await probe({ host: '127.0.0.1', family: 'auto', port: SSH_PORT, expect: 'ftp' }, deps);
    expect(sshAsFtp).toMatchObject({ status: 'failed', class: 'wrong-service' });
    expect(await probe({ host: '127.0.0.1', family: 'auto', port: vsftpd.port, expect: 'ftp' }, deps)).toMatchObject({ status: 'open' });
  });

  it('`sesame probe` exits with the class code and explains it', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stdin: process.stdin, stdinIsTTY: false, env: { LANG: 'ko_KR.UTF-8' } };
    const command = createProbeCommand(nodeCliDeps);
    expect(await command.run(['127.0.0.1', String(DROPPED), '--timeout', '0.5'], io)).toBe(3);
    expect(err.join('')).toContain('응답 없음');
    expect(await command.run(['127.0.0.1', String(CLOSED), '--json'], io)).toBe(4);
    expect(JSON.parse(out.at(-1) ?? '')).toMatchObject({ class: 'refused' });
    expect(await command.run(['127.0.0.1', String(SSH_PORT), '--expect', 'ssh'], io)).toBe(0);
  });

  it('vsftpd denied by TCP wrappers answers 421 before login: turned away, with the hosts.allow advice, not "a different service"', async () => {
    setTcpWrappers({ deny: 'vsftpd: 127.0.0.1' });
    try {
      expect(await lftpSays(FTP_PORT)).toMatch(/421 Service not available/);
      const result = await probe({ host: '127.0.0.1', family: 'auto', port: FTP_PORT, expect: 'ftp' }, deps);
      expect(result).toMatchObject({ status: 'failed', class: 'reset-before-banner', detail: 'banner: 421 Service not available.' });
      // vsftpd's own log names the cause the explanation gives.
      expect(await readFile(vsftpd.logPath, 'utf8')).toContain('Connection refused: tcp_wrappers denial.');
      const cli = await cliProbe(['127.0.0.1', String(FTP_PORT), '--expect', 'ftp']);
      expect(cli.code).toBe(5);
      expect(cli.err).toContain("that is vsftpd's TCP-wrappers denial");
      expect(cli.err).toContain('hosts.allow is read first and the first match wins; an address that matches neither file is allowed');
      expect(cli.err).toContain('"vsftpd: 203.0.113.7"');
      expect(cli.err).not.toContain('A different service answers');
      const ko = explain('reset-before-banner', 'ko', { detail: result.status === 'failed' ? result.detail : '' });
      expect(ko.notes?.[0]).toContain('TCP 래퍼 거부');
    } finally {
      resetTcpWrappers();
    }
  }, 40_000);

  it('without --expect: reads the greeting on 22 and 21, listens briefly elsewhere, and says what it could not see', async () => {
    // Allowed first: the well-known ports greet, and the output says why the greeting was read.
    const allowed = await cliProbe(['127.0.0.1', '22']);
    expect(allowed.code).toBe(0);
    expect(allowed.out).toMatch(/^open: 127\.0\.0\.1:22 answered in \d+ ms\nSSH-2\.0-OpenSSH.*\n\(port 22 is the SSH port, so its greeting was checked/);
    setTcpWrappers({ deny: 'sshd: 127.0.0.1\nvsftpd: 127.0.0.1' });
    try {
      // sshd's libwrap denial closes ~5 s after the handshake: run the slow ones side by side.
      const [ssh22, ftp21, ftpOther, sshOther, sshAsked] = await Promise.all([
        cliProbe(['127.0.0.1', '22', '--json']),
        cliProbe(['127.0.0.1', String(vsftpd21.port)]),
        cliProbe(['127.0.0.1', String(FTP_PORT)]),
        cliProbe(['127.0.0.1', String(SSH_PORT)]),
        cliProbe(['127.0.0.1', String(SSH_PORT), '--expect', 'ssh']),
      ]);
      expect(JSON.parse(ssh22.out)).toMatchObject({ status: 'failed', class: 'reset-before-banner' });
      expect(ssh22.code).toBe(5);
      expect(ftp21.code).toBe(5);
      expect(ftp21.err).toContain("vsftpd's TCP-wrappers denial");
      // An unknown port: vsftpd's refusal comes within the listening window.
      expect(ftpOther.code).toBe(5);
      expect(ftpOther.out).toBe(`127.0.0.1:${FTP_PORT}: reset-before-banner\n`);
      // sshd on an unknown port: nothing within the window; the result says it is no verdict on the service.
      expect(sshOther.code).toBe(0);
      expect(sshOther.out).toMatch(
        new RegExp(`^open \\(no banner read\\): 127\\.0\\.0\\.1:${SSH_PORT} accepted the connection in \\d+ ms and said nothing for \\d+ ms\\. A TCP-wrappers denial \\(libwrap\\) only shows about 5 s after the connection: use --expect ssh or --expect ftp`),
      );
      // Asked for the greeting, the same port shows the denial.
      expect(sshAsked.code).toBe(5);
    } finally {
      resetTcpWrappers();
    }
  }, 60_000);
});
