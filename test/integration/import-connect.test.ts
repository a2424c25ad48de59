/**
 * An import that must lead to a working connect (issue 16): the server's own
 * knockd.conf, read by `sesame profiles import`, gives an FTP door its
 * service and port (from the door's nft command), and a one-time door its
 * list (from the file knockd names). After adding only what knockd.conf
 * cannot know (host, user, credentials), real lftp lists vsftpd's folder and
 * real ssh runs a command behind real knockd + nftables; knockd marks the
 * one-time sequence it accepted.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, requireLab, startFirewall, startKnockd, startSshd, startVsftpd, stopAll, type Knockd, type Sshd, type Vsftpd } from '../lab/lab';
import { sesame } from '../support/cli';

const lab = requireLab();
const FTP_PORT = 2131;
const SSH_PORT = 2232;
const otpFile = join(lab.dir, 'import-otp');
let home: string;
let knockd: Knockd;
let sshd: Sshd;
let vsftpd: Vsftpd;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-import-'));
  const firewall = await startFirewall({ table: 'sesame_import', dropTcp: [FTP_PORT, SSH_PORT] });
  vsftpd = await startVsftpd({ port: FTP_PORT });
  sshd = await startSshd({ port: SSH_PORT });
  // As knockd leaves it after one accepted knock: the first sequence is marked used.
  writeFileSync(otpFile, '#7501,7502\n 7511,7512:udp\n 7521,7522\n');
  knockd = await startKnockd({
    doors: [
      { name: 'openFTP', sequence: '7401,7402:udp', seqTimeout: 5, command: firewall.insertAcceptCommand(FTP_PORT, 4) },
      { name: 'otpSSH', oneTimeSequences: otpFile, seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) },
    ],
  });
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('lab.sesame.test')}\n`);
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('sesame profiles import knockd.conf, then connect (real knockd, nftables, vsftpd, sshd)', () => {
  it('previews each door with its sequence and service, then imports them as drafts that need only a host', async () => {
    const preview = await sesame(['profiles', 'import', knockd.confPath], { home });
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toMatch(new RegExp(`^new +openFTP  \\[draft\\] → import\\n +knock 7401:tcp,7402:udp  ftp port ${FTP_PORT}$`, 'm'));
    expect(preview.stdout).toMatch(new RegExp(`^new +otpSSH  \\[draft\\] → import\\n +knock 7511:tcp,7512:udp  2 one-time sequence\\(s\\)  ssh port ${SSH_PORT}$`, 'm'));
    const applied = await sesame(['profiles', 'import', knockd.confPath, '--apply'], { home });
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/^Imported 2, replaced 0, skipped 0;/m);
  });

  it('the FTP door connects as FTP on its port: lftp lists the folder', async () => {
    const edit = await sesame(['profiles', 'edit', 'openFTP', '--host', 'lab.sesame.test', '--user', LAB_USER, '--auth', 'password'], { home });
    expect(edit.code, edit.stderr).toBe(0);
    const stored = await sesame(['secret', 'set', 'openFTP'], { home, input: `${vsftpd.password}\n` });
    expect(stored.code, stored.stderr).toBe(0);
    const run = await sesame(['connect', 'openFTP', '--exec', 'ls'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('hello.txt');
    expect(await knockd.openCount('openFTP')).toBe(1);
  });

  it("the one-time door connects with the list's first unused sequence, which knockd then marks used", async () => {
    const edit = await sesame(['profiles', 'edit', 'otpSSH', '--host', 'lab.sesame.test', '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath], { home });
    expect(edit.code, edit.stderr).toBe(0);
    const run = await sesame(['connect', 'otpSSH', '--exec', 'echo imported-otp-ok'], { home });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('imported-otp-ok');
    expect(await knockd.openCount('otpSSH')).toBe(1);
    expect(readFileSync(otpFile, 'utf8').split('\n').filter((line) => line.startsWith('#'))).toEqual(['#7501,7502', '#7511,7512:udp']);
    const shown = JSON.parse((await sesame(['profiles', 'show', 'otpSSH', '--json'], { home })).stdout) as { oneTimeSequences: { usedAt?: number }[] };
    expect(shown.oneTimeSequences.map((s) => s.usedAt !== undefined)).toEqual([true, false]);
  });
});
