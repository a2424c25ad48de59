/**
 * The passive-FTP advice as a sysadmin uses it: `sesame connect` on a
 * forced-passive profile fails against vsftpd whose firewall drops the passive
 * range; the commands it prints are pasted on the server as they stand; the
 * next connect lists the directory in passive mode. nftables and iptables.
 *
 * The server runs in a second namespace (test/lab/remote-host.ts): on loopback
 * the kernel confirms a connection's conntrack entry before the server's
 * prerouting chain sees it, so no server-side helper rule could ever work there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, LAB_USER_PASSWORD, startVsftpd, stopAll } from '../lab/lab';
import { startRemoteHost, type RemoteHost } from '../lab/remote-host';
import { sesame } from '../support/cli';

const FTP_PORT = 2121;
const PASV_MIN = 30120;
const PASV_MAX = 30129;
let home: string;
let server: RemoteHost;

/** The lines under one "# …" heading of the printed "Commands for the server:" block. */
function printedCommands(stderr: string, heading: RegExp): string[] {
  const block = stderr.split('Commands for the server:\n')[1]?.split('\n\n')[0] ?? '';
  const lines = block.split('\n').map((line) => line.trim());
  const start = lines.findIndex((line) => line.startsWith('#') && heading.test(line));
  if (start < 0) throw new Error(`no "${heading.source}" commands in:\n${stderr}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith('#'));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The server's firewall: only the passive range is dropped; the control port is open. */
async function dropPassiveRange(tool: 'nftables' | 'iptables'): Promise<void> {
  await server.run('nft', ['flush', 'ruleset']);
  if (tool === 'iptables') await server.run('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', `${PASV_MIN}:${PASV_MAX}`, '-j', 'DROP']);
  else {
    // Debian's /etc/nftables.conf names: table inet filter, chain input.
    const ruleset = `table inet filter {\n  chain input {\n    type filter hook input priority filter; policy accept;\n    tcp dport ${PASV_MIN}-${PASV_MAX} drop\n  }\n}\n`;
    await server.run('nft', ['-f', '-'], ruleset);
  }
}

const connect = () => sesame(['connect', 'ftp-passive', '--exec', 'ls'], { home });

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-ftp-advice-'));
  server = await startRemoteHost();
  await startVsftpd({ port: FTP_PORT, listen: server.address, pasvMin: PASV_MIN, pasvMax: PASV_MAX, netns: server });
  // No knockd on this host: the knock goes out and is ignored; the control port is simply open.
  const added = await sesame(
    ['profiles', 'add', '--name', 'ftp-passive', '--host', server.address, '--knock', '7199:udp', '--service', 'ftp', '--port', String(FTP_PORT), '--user', LAB_USER, '--auth', 'password', '--ftp-mode', 'passive'],
    { home },
  );
  expect(added.code, added.stderr).toBe(0);
  const stored = await sesame(['secret', 'set', 'ftp-passive'], { home, input: `${LAB_USER_PASSWORD}\n` });
  expect(stored.code, stored.stderr).toBe(0);
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('passive FTP advice, applied on the server as printed', () => {
  it.each(['nftables', 'iptables'] as const)('%s: the printed helper commands make passive mode work', async (tool) => {
    await dropPassiveRange(tool);
    const blocked = await connect();
    expect(blocked.code, blocked.stderr).toBe(9);
    expect(blocked.stderr).toContain('Passive FTP data ports are blocked');
    // Forced passive: no fallback happens, so the text must not claim one.
    expect(blocked.stderr).not.toMatch(/uses active mode instead/);
    // The port the server really offered, from its own 227 reply, in this server's range.
    const offered = /offered passive data port (\d+) \(227 Entering Passive Mode \(192,0,2,2,\d+,\d+\)\.?\)/.exec(blocked.stderr);
    expect(offered, blocked.stderr).not.toBeNull();
    const dataPort = Number(offered?.[1]);
    expect(dataPort).toBeGreaterThanOrEqual(PASV_MIN);
    expect(dataPort).toBeLessThanOrEqual(PASV_MAX);
    expect(blocked.stderr).toContain(`(the range contains ${dataPort})`);
    expect(blocked.stdout).not.toContain('hello.txt');

    const commands = printedCommands(blocked.stderr, new RegExp(`^# ${tool}:`));
    expect(commands.join('\n')).toContain(tool === 'nftables' ? `tcp dport ${FTP_PORT} ct helper set "ftp-standard"` : `--dport ${FTP_PORT} -j CT --helper ftp`);
    // Pasted into a root shell on the server, as they stand.
    await server.run('sh', ['-e', '-c', commands.join('\n')]);

    const works = await connect();
    expect(works.code, works.stderr).toBe(0);
    expect(works.stderr).toMatch(/FTP passive mode|lftp/);
    expect(works.stdout).toContain('hello.txt');
  }, 60_000);
});
