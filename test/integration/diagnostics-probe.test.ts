/**
 * `probe` against the real causes in the lab: a DROP rule, a closed port, sshd
 * behind TCP wrappers, and the wrong service on the port.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCliDeps } from '../../src-main/cli/commands/knock';
import { createProbeCommand } from '../../src-main/cli/commands/probe';
import type { CliIo } from '../../src-main/cli/io';
import { probe } from '../../src-main/core/diagnostics/probe';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import { requireLab, resetTcpWrappers, setTcpWrappers, startFirewall, startSshd, startVsftpd, stopAll, type Sshd, type Vsftpd } from '../lab/lab';

const DROPPED = 2331;
const CLOSED = 2332;
const SSH_PORT = 2333;
const FTP_PORT = 2334;
const deps = { sockets: nodeSockets, lookup: systemLookup, clock: systemClock };
const execFileAsync = promisify(execFile);

let sshd: Sshd;
let vsftpd: Vsftpd;
let listener: net.Server;

beforeAll(async () => {
  requireLab();
  await startFirewall({ table: 'sesame_probe', dropTcp: [DROPPED] });
  // Something listens behind the DROP, so only the firewall explains the silence.
  listener = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(DROPPED, '127.0.0.1', resolve));
  sshd = await startSshd({ port: SSH_PORT });
  vsftpd = await startVsftpd({ port: FTP_PORT, pasvMin: 30100, pasvMax: 30109 });
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
});
