import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, LAB_USER_PASSWORD, run, startFirewall, startKnockd, startVsftpd, stopAll, type Firewall } from '../lab/lab';
import { sesame } from '../support/cli';

// FTP through `sesame connect`: vsftpd guarded by knockd, its passive data
// range dropped by nftables or not; real lftp lists the directory each time
// the connection is supposed to work.
const FTP_PORT = 2121;
const PASV = Array.from({ length: 10 }, (_, i) => 30000 + i);
const password = `ftp-${randomBytes(10).toString('hex')}`;
let home: string;
let firewall: Firewall;

async function guard(dropPassive: boolean): Promise<void> {
  // The same table is replaced atomically: only the passive range changes.
  firewall = await startFirewall({ dropTcp: dropPassive ? [FTP_PORT, ...PASV] : [FTP_PORT] });
}

async function addFtpProfile(name: string, mode: 'auto' | 'passive' | 'active'): Promise<void> {
  const added = await sesame(
    ['profiles', 'add', '--name', name, '--host', 'lab.sesame.test', '--knock', '7100,8100:udp,9100', '--service', 'ftp', '--port', String(FTP_PORT), '--user', LAB_USER, '--auth', 'password', '--ftp-mode', mode],
    { home },
  );
  expect(added.code, added.stderr).toBe(0);
  const stored = await sesame(['secret', 'set', name], { home, input: `${password}\n` });
  expect(stored.code, stored.stderr).toBe(0);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-ftp-'));
  await guard(true);
  await startVsftpd({ port: FTP_PORT, pasvMin: PASV[0], pasvMax: PASV.at(-1) });
  await startKnockd({
    doors: [{ name: 'openFTP', sequence: '7100,8100:udp,9100', seqTimeout: 5, command: firewall.insertAcceptCommand(FTP_PORT, 4) }],
  });
  await run('chpasswd', [], `${LAB_USER}:${password}\n`);
  await addFtpProfile('ftp-auto', 'auto');
  await addFtpProfile('ftp-passive', 'passive');
});

afterAll(async () => {
  await run('chpasswd', [], `${LAB_USER}:${LAB_USER_PASSWORD}\n`);
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('sesame connect for FTP (real vsftpd, lftp, knockd, nftables)', () => {
  it('auto mode picks active when the passive range is dropped, says why, and lftp lists the directory', async () => {
    const result = await sesame(['connect', 'ftp-auto', '--exec', 'ls'], { home });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/FTP active mode: .*passive data port 300\d\d.*pasv_min_port/s);
    expect(result.stdout).toContain('hello.txt');
    const shown = await sesame(['profiles', 'show', 'ftp-auto', '--json'], { home });
    expect(JSON.parse(shown.stdout)).toMatchObject({ ftpModeLearned: 'active' });
  });

  it('forced passive mode fails with the passive-ports diagnosis instead of hanging', async () => {
    const result = await sesame(['connect', 'ftp-passive', '--exec', 'ls'], { home });
    expect(result.code).toBe(9);
    expect(result.stderr).toContain('Passive FTP data ports are blocked');
    expect(result.stderr).toMatch(/pasv_min_port/);
    expect(result.stdout).not.toContain('hello.txt');
  });

  it('with the passive range open, auto and forced passive both list in passive mode', async () => {
    await guard(false);
    // The replaced table has no accept rule left: each connect knocks afresh.
    const auto = await sesame(['connect', 'ftp-auto', '--exec', 'ls'], { home });
    expect(auto.code, auto.stderr).toBe(0);
    expect(auto.stderr).toMatch(/FTP passive mode: Passive data port 300\d\d answered/);
    expect(auto.stdout).toContain('hello.txt');
    const passive = await sesame(['connect', 'ftp-passive', '--exec', 'ls'], { home });
    expect(passive.code, passive.stderr).toBe(0);
    expect(passive.stdout).toContain('hello.txt');
  });
});
