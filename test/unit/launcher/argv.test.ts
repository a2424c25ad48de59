import { describe, expect, it } from 'vitest';
import { buildLaunchPlan, type PlanContext } from '../../../src-main/core/launcher/plan';
import type { LaunchPlatform, LaunchRequest, LaunchSecrets } from '../../../src-main/core/launcher/types';
import type { ToolVersions } from '../../../src-main/core/launcher/versions';
import { detectedFor, fakeAskpass, memoryDirs, request } from './fixtures';

const v = (major: number, minor: number, raw = `${major}.${minor}`) => ({ major, minor, raw });
/** What the system launcher's probes report on an up-to-date machine. */
const current: ToolVersions = { ssh: v(9, 2, 'OpenSSH_9.2p1'), putty: v(0, 78), plink: v(0, 78), winscp: v(6, 3) };

async function plan(platform: LaunchPlatform, req: LaunchRequest, secrets?: LaunchSecrets, extra: Partial<PlanContext> = {}) {
  const dirs = memoryDirs();
  const askpass = fakeAskpass();
  const ctx: PlanContext = {
    detected: detectedFor[platform],
    env: { PATH: '/usr/bin', SSH_ASKPASS: '/stale', LFTP_PASSWORD: 'stale' },
    askpass: askpass.provider,
    privateDir: dirs.factory,
    versions: current,
    ...extra,
  };
  if (secrets !== undefined) ctx.secrets = secrets;
  const p = await buildLaunchPlan(req, ctx);
  return { plan: p, dirs, askpass };
}

describe('OpenSSH', () => {
  it('linux ssh in each terminal: family flag, HostKeyAlias, -l, then -- before the pinned address', async () => {
    const argv = async (terminal: LaunchRequest['terminal']) => (await plan('linux', request({ terminal }))).plan.argv;
    const ssh = ['/usr/bin/ssh', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '--', '192.0.2.10'];
    expect(await argv('x-terminal-emulator')).toEqual(['/usr/bin/x-terminal-emulator', '-T', 'Sesame: box.example.org', '-e', ...ssh]);
    expect(await argv('gnome-terminal')).toEqual(['/usr/bin/gnome-terminal', '--wait', '--', ...ssh]);
    expect(await argv('konsole')).toEqual(['/usr/bin/konsole', '--separate', '-e', ...ssh]);
    expect(await argv('xterm')).toEqual(['/usr/bin/xterm', '-T', 'Sesame: box.example.org', '-e', ...ssh]);
  });

  it('IPv6: -6 and the bare address for ssh, brackets for sftp (host:path syntax)', async () => {
    const v6 = { address: '2001:db8::7', family: 6 as const, terminal: 'xterm' as const };
    const ssh = (await plan('linux', request(v6))).plan.argv;
    expect(ssh.slice(4)).toEqual(['/usr/bin/ssh', '-6', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '--', '2001:db8::7']);
    const sftp = (await plan('linux', request({ ...v6, service: 'sftp' }))).plan.argv;
    expect(sftp.slice(4)).toEqual(['/usr/bin/sftp', '-6', '-P', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-o', 'User=alice', '--', '[2001:db8::7]']);
  });

  it('key auth: -i KEY -o IdentitiesOnly=yes; password auth prefers password methods', async () => {
    const key = (await plan('linux', request({ auth: 'key', keyFile: '/home/alice/.ssh/id ed25519', terminal: 'xterm' }))).plan.argv;
    expect(key.slice(4)).toEqual([
      '/usr/bin/ssh', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice',
      '-i', '/home/alice/.ssh/id ed25519', '-o', 'IdentitiesOnly=yes', '--', '192.0.2.10',
    ]);
    const pw = (await plan('linux', request({ auth: 'password', terminal: 'xterm' }))).plan.argv;
    expect(pw.slice(pw.indexOf('--') - 4)).toEqual([
      '-o', 'PreferredAuthentications=keyboard-interactive,password', '-o', 'PubkeyAuthentication=no', '--', '192.0.2.10',
    ]);
  });

  it('remote command words follow the destination', async () => {
    const argv = (await plan('linux', request({ terminal: 'xterm', remoteCommand: ['tmux', 'attach'] }))).plan.argv;
    expect(argv.slice(-4)).toEqual(['--', '192.0.2.10', 'tmux', 'attach']);
  });

  it('a password goes through askpass: env has SSH_ASKPASS + force + token, never the secret', async () => {
    const { plan: p, askpass } = await plan('linux', request({ auth: 'password', terminal: 'xterm' }), { password: 's3cret!' });
    // Only the exact prompt of alice at the HostKeyAlias ssh will print may get it.
    expect(askpass.started).toEqual([{ kind: 'password', expect: { kind: 'password', user: 'alice', hosts: ['[box.example.org]:2222'] } }]);
    expect(p.secretVia).toBe('askpass');
    expect(p.env).toEqual({
      PATH: '/usr/bin',
      SSH_ASKPASS: '/tmp/sesame-askpass-X/askpass',
      SSH_ASKPASS_REQUIRE: 'force',
      SESAME_ASKPASS_SOCKET: '/tmp/sesame-askpass-X/socket',
      SESAME_ASKPASS_TOKEN: 'TOKEN',
    });
    expect(JSON.stringify([p.argv, p.env, p.notes])).not.toContain('s3cret!');
    await p.cleanup();
    expect(askpass.closed).toBe(1);
  });

  it('a key passphrase asks askpass for a passphrase prompt', async () => {
    const { askpass } = await plan('linux', request({ auth: 'key', keyFile: '/k', terminal: 'xterm' }), { passphrase: 'pp' });
    expect(askpass.started).toEqual([{ kind: 'passphrase', expect: { kind: 'passphrase', keyFile: '/k' } }]);
  });

  it('-t when asked (an interactive --exec), before the destination', async () => {
    const argv = (await plan('linux', request({ terminal: 'inline', remoteCommand: ['top'], requestTty: true }))).plan.argv;
    expect(argv).toEqual(['/usr/bin/ssh', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '-t', '--', '192.0.2.10', 'top']);
  });

  it('OpenSSH older than 8.4 (Windows 10/11 ship 8.1): no askpass (it would be ignored); says so and offers the clipboard', async () => {
    const old = { ssh: v(8, 1, 'OpenSSH_for_Windows_8.1p1') };
    const { plan: p, askpass } = await plan('win32', request({ auth: 'password', terminal: 'console' }), { password: 'pw' }, { versions: old });
    expect(askpass.started).toEqual([]);
    expect(p.env.SSH_ASKPASS).toBeUndefined();
    expect(p.secretVia).toBe('clipboard');
    expect(p.clipboard?.reason).toMatch(/OpenSSH_for_Windows_8\.1p1 is older than OpenSSH 8\.4 .*ssh asks for it itself/);
    const fine = await plan('win32', request({ auth: 'password', terminal: 'console' }), { password: 'pw' }, { versions: { ssh: v(9, 5) } });
    expect(fine.plan.secretVia).toBe('askpass');
  });

  it('windows: wt.exe new window running ssh.exe, or ssh.exe in a console window made by conhost.exe', async () => {
    const wt = (await plan('win32', request({ terminal: 'windows-terminal' }))).plan;
    expect(wt.argv).toEqual([
      'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe', '-w', 'new', 'new-tab', '--title', 'Sesame: box.example.org', '--',
      'C:\\Windows\\System32\\OpenSSH\\ssh.exe', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '--', '192.0.2.10',
    ]);
    expect([wt.tracksExit, wt.captureStderr]).toEqual([false, true]);
    const con = (await plan('win32', request({ terminal: 'console', service: 'sftp' }))).plan;
    expect(con.argv).toEqual([
      'C:\\Windows\\System32\\conhost.exe', '--',
      'C:\\Windows\\System32\\OpenSSH\\sftp.exe', '-4', '-P', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-o', 'User=alice', '--', '192.0.2.10',
    ]);
    expect([con.tracksExit, con.detached, con.inline]).toEqual([true, true, undefined]);
    // The CLI on Windows: ssh.exe in the caller's own console, no conhost.
    const inline = (await plan('win32', request({ terminal: 'inline' }))).plan;
    expect(inline.argv[0]).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe');
    expect(inline.inline).toBe(true);
  });

  it('windows: conhost and Windows Terminal expand %VAR%, so a word with "%" is refused (before knocking)', async () => {
    const zone = { family: 6 as const, address: 'fe80::1%12' };
    await expect(plan('win32', request({ terminal: 'console', ...zone }))).rejects.toThrow(/"fe80::1%12" contains "%", which conhost\.exe would expand/);
    await expect(plan('win32', request({ terminal: 'windows-terminal', ...zone }))).rejects.toThrow(/Windows Terminal would expand/);
    // The caller's own console does not expand anything.
    expect((await plan('win32', request({ terminal: 'inline', ...zone }))).plan.argv).toContain('fe80::1%12');
  });

  it('windows terminal: ";" is escaped as "\\;" and quotes survive its re-quoting', async () => {
    const p = (await plan('win32', request({ terminal: 'windows-terminal', auth: 'key', keyFile: 'C:\\keys\\a;b "x"' }))).plan;
    const i = p.argv.indexOf('-i');
    expect(p.argv[i + 1]).toBe('C:\\keys\\a\\;b \\"x\\"');
  });

  it('macOS: osascript gets only an inert script path; the script holds the quoted command and askpass env', async () => {
    const { plan: p, dirs } = await plan('darwin', request({ terminal: 'terminal-app', auth: 'password', user: 'obrien' }), { password: 'pw' });
    expect(p.argv).toEqual([
      '/usr/bin/osascript', '-e', 'tell application "Terminal"', '-e', 'activate',
      '-e', `do script "exec '/tmp/sesame-launch-1/launch'"`, '-e', 'end tell',
    ]);
    expect(p.tracksExit).toBe(false);
    const script = dirs.files.get('/tmp/sesame-launch-1/launch');
    expect(script?.mode).toBe(0o700);
    expect(script?.content).toBe(
      [
        '#!/bin/sh',
        '# Written by Sesame for one launch; removes itself.',
        'rm -f -- "$0"',
        "SSH_ASKPASS='/tmp/sesame-askpass-X/askpass'; export SSH_ASKPASS",
        "SSH_ASKPASS_REQUIRE='force'; export SSH_ASKPASS_REQUIRE",
        "SESAME_ASKPASS_SOCKET='/tmp/sesame-askpass-X/socket'; export SESAME_ASKPASS_SOCKET",
        "SESAME_ASKPASS_TOKEN='TOKEN'; export SESAME_ASKPASS_TOKEN",
        "exec '/usr/bin/ssh' '-4' '-p' '2222' '-o' 'HostKeyAlias=[box.example.org]:2222' '-l' 'obrien' '-o' 'PreferredAuthentications=keyboard-interactive,password' '-o' 'PubkeyAuthentication=no' '--' '192.0.2.10'",
        '',
      ].join('\n'),
    );
    expect(script?.content).not.toContain('pw\n');
  });

  it('macOS iTerm2: create window with the script as its command', async () => {
    const { plan: p } = await plan('darwin', request({ terminal: 'iterm2', service: 'sftp' }));
    expect(p.argv).toEqual([
      '/usr/bin/osascript', '-e', 'tell application "iTerm"', '-e', 'activate',
      '-e', 'create window with default profile command "/tmp/sesame-launch-1/launch"', '-e', 'end tell',
    ]);
  });
});

describe('FTP', () => {
  it('lftp: passive/active via set ftp:passive-mode; the password via source -e and the helper, never argv or environment', async () => {
    const passive = await plan('linux', request({ service: 'ftp', client: 'lftp', terminal: 'xterm', port: 21, auth: 'password', ftpMode: 'passive' }), { password: 'ftp-pw' });
    expect(passive.plan.argv.slice(4)).toEqual([
      '/usr/bin/lftp', '-e', `set ftp:passive-mode on; source -e "'/tmp/sesame-askpass-X/askpass' '--lftp' 'alice'"`, '-p', '21', 'ftp://192.0.2.10',
    ]);
    // Only the helper's socket and single-use token: no LFTP_PASSWORD, nothing for `!env` to print.
    expect(passive.plan.env).toEqual({ PATH: '/usr/bin', SESAME_ASKPASS_SOCKET: '/tmp/sesame-askpass-X/socket', SESAME_ASKPASS_TOKEN: 'TOKEN' });
    expect(passive.askpass.started).toEqual([{ kind: 'lftp', expect: { kind: 'lftp', user: 'alice' } }]);
    expect(passive.plan.secretVia).toBe('lftp-source');
    expect(JSON.stringify(passive.plan)).not.toContain('ftp-pw');
    const active = await plan('linux', request({ service: 'ftp', client: 'lftp', terminal: 'xterm', family: 6, address: '::1', ftpMode: 'active' }));
    expect(active.plan.argv.slice(4)).toEqual(['/usr/bin/lftp', '-e', 'set ftp:passive-mode off', '-p', '2222', '-u', 'alice', 'ftp://[::1]']);
    expect(active.plan.env).toEqual({ PATH: '/usr/bin' });
    const exec = await plan('linux', request({ service: 'ftp', client: 'lftp', terminal: 'inline', auth: 'password', remoteCommand: ['ls'] }), { password: 'p' });
    expect(exec.plan.argv[2]).toBe(`set ftp:passive-mode on; source -e "'/tmp/sesame-askpass-X/askpass' '--lftp' 'alice'"; ls; bye`);
  });

  it('lftp on macOS: the script exports only the helper channel and execs lftp with source -e', async () => {
    const { dirs } = await plan('darwin', request({ service: 'ftp', client: 'lftp', terminal: 'terminal-app', auth: 'password' }), { password: 'x' });
    const script = dirs.files.get('/tmp/sesame-launch-1/launch')?.content ?? '';
    expect(script).not.toContain('LFTP_PASSWORD');
    expect(script).toContain("SESAME_ASKPASS_TOKEN='TOKEN'; export SESAME_ASKPASS_TOKEN");
    expect(script).toContain(`exec '/opt/homebrew/bin/lftp' '-e' 'set ftp:passive-mode on; source -e "'\\''/tmp/sesame-askpass-X/askpass'\\'' '\\''--lftp'\\'' '\\''alice'\\''"' '-p' '2222' 'ftp://192.0.2.10'`);
  });

  it('WinSCP: /newinstance, session URL, /passive=on|off, password from a 0600 file via /passwordsfromfiles (6.0+)', async () => {
    const { plan: p, dirs } = await plan('win32', request({ service: 'ftp', client: 'winscp', auth: 'password', ftpMode: 'active', port: 21 }), { password: 'w' });
    expect(p.argv).toEqual([
      'C:\\Program Files (x86)\\WinSCP\\WinSCP.exe', 'ftp://alice@192.0.2.10:21', '/newinstance', '/passive=off',
      '/passwordsfromfiles', '/password=/tmp/sesame-pw-1/secret',
    ]);
    expect(dirs.files.get('/tmp/sesame-pw-1/secret')).toEqual({ content: 'w\n', mode: 0o600 });
    expect([p.secretVia, p.tracksExit]).toEqual(['password-file', true]);
    const sftp = await plan('win32', request({ service: 'sftp', client: 'winscp', family: 6, address: '2001:db8::1', auth: 'key', keyFile: 'C:\\k.ppk' }));
    expect(sftp.plan.argv.slice(1)).toEqual(['sftp://alice@[2001:db8::1]:2222', '/newinstance', '/privatekey=C:\\k.ppk']);
  });

  it('WinSCP before 6.0 (or of unknown version) would take the file path as the password: the clipboard instead', async () => {
    for (const winscp of [v(5, 21), null]) {
      const { plan: p, dirs } = await plan('win32', request({ service: 'sftp', client: 'winscp', auth: 'password' }), { password: 'w' }, { versions: { winscp } });
      expect(p.argv).toEqual(['C:\\Program Files (x86)\\WinSCP\\WinSCP.exe', 'sftp://alice@192.0.2.10:2222', '/newinstance']);
      expect(dirs.files.size).toBe(0);
      expect(p.secretVia).toBe('clipboard');
      expect(p.clipboard?.reason).toMatch(winscp ? /WinSCP 5\.21 is older than 6\.0/ : /version could not be read/);
    }
  });

  it('FileZilla: --logontype=ask so its password dialog appears, a modeHint naming the global setting, the secret via the clipboard', async () => {
    const { plan: p } = await plan('linux', request({ service: 'ftp', client: 'filezilla', auth: 'password', ftpMode: 'active', port: 21 }), { password: 'fz' });
    expect(p.argv).toEqual(['/usr/bin/filezilla', '--logontype=ask', 'ftp://alice@192.0.2.10:21']);
    expect(p.modeHint).toBe(
      'FileZilla: this server needs active mode. FileZilla takes it from its global setting for a link: Edit › Settings › Connection › FTP › Transfer Mode: Active (macOS: FileZilla › Settings).',
    );
    expect(p.clipboard?.clearAfterMs).toBe(30_000);
    expect(p.secretVia).toBe('clipboard');
    expect(JSON.stringify(p)).not.toContain('fz"');
    const key = await plan('darwin', request({ service: 'sftp', client: 'filezilla', auth: 'agent' }));
    expect(key.plan.argv).toEqual(['/Applications/FileZilla.app/Contents/MacOS/filezilla', 'sftp://alice@192.0.2.10:2222']);
  });
});

describe('PuTTY', () => {
  it('-ssh -4 -P PORT -loghost HOST:PORT -l USER [-pwfile FILE] ADDRESS, on Windows and Linux', async () => {
    const { plan: p, dirs } = await plan('win32', request({ client: 'putty', auth: 'password' }), { password: 'pp' });
    expect(p.argv).toEqual([
      'C:\\Program Files\\PuTTY\\putty.exe', '-ssh', '-4', '-P', '2222', '-loghost', 'box.example.org:2222', '-l', 'alice',
      '-pwfile', '/tmp/sesame-pw-1/secret', '192.0.2.10',
    ]);
    expect(dirs.files.get('/tmp/sesame-pw-1/secret')?.mode).toBe(0o600);
    await p.cleanup();
    expect(dirs.files.size).toBe(0);
    const linux = (await plan('linux', request({ client: 'putty', port: 22, family: 6, address: '::1', host: '2001:db8::5' }))).plan;
    expect(linux.argv).toEqual(['/usr/bin/putty', '-ssh', '-6', '-P', '22', '-loghost', '[2001:db8::5]', '-l', 'alice', '::1']);
    const v6port = (await plan('linux', request({ client: 'putty', host: '2001:db8::5' }))).plan;
    expect(v6port.argv).toContain('[2001:db8::5]:2222');
  });

  it("plink in the caller's terminal (the CLI): remote command and -t, same -pwfile", async () => {
    const { plan: p } = await plan('linux', request({ client: 'putty', terminal: 'inline', auth: 'password', remoteCommand: ['top'], requestTty: true }), { password: 'pp' });
    expect(p.argv).toEqual([
      '/usr/bin/plink', '-ssh', '-4', '-P', '2222', '-loghost', 'box.example.org:2222', '-l', 'alice', '-pwfile', '/tmp/sesame-pw-1/secret', '-t', '192.0.2.10', 'top',
    ]);
    expect(p.inline).toBe(true);
  });

  it('PuTTY older than 0.77 has no -pwfile: the clipboard instead; a key passphrase always goes that way', async () => {
    const old = await plan('win32', request({ client: 'putty', auth: 'password' }), { password: 'pp' }, { versions: { putty: v(0, 76) } });
    expect(old.plan.argv).not.toContain('-pwfile');
    expect(old.plan.clipboard?.reason).toMatch(/PuTTY 0\.76 is older than 0\.77 \(-pwfile\)/);
    const pass = await plan('win32', request({ client: 'putty', auth: 'key', keyFile: 'C:\\k.ppk' }), { passphrase: 'kp' });
    expect(pass.plan.argv).toContain('-i');
    expect(pass.plan.clipboard?.reason).toMatch(/cannot read a key passphrase from a file/);
  });

  it('refuses an OpenSSH-format key for PuTTY and WinSCP, and a key file that is not there, before anything starts', async () => {
    const heads: Record<string, string> = { '/k/openssh': '-----BEGIN OPENSSH PRIVATE KEY-----\n', '/k/id.ppk': 'PuTTY-User-Key-File-3: ssh-ed25519\n' };
    const readKeyHead = async (path: string) => heads[path];
    await expect(plan('linux', request({ client: 'putty', auth: 'key', keyFile: '/k/openssh' }), undefined, { readKeyHead })).rejects.toThrow(
      /is not a PuTTY key \(\.ppk\): PuTTY cannot use it\. Convert it with PuTTYgen/,
    );
    expect((await plan('linux', request({ client: 'putty', auth: 'key', keyFile: '/k/id.ppk' }), undefined, { readKeyHead })).plan.argv).toContain('/k/id.ppk');
    await expect(plan('linux', request({ auth: 'key', keyFile: '/k/gone', terminal: 'xterm' }), undefined, { readKeyHead })).rejects.toThrow(/does not exist/);
    expect((await plan('linux', request({ auth: 'key', keyFile: '/k/openssh', terminal: 'xterm' }), undefined, { readKeyHead })).plan.argv).toContain('/k/openssh');
  });

  it('is ssh-only and not offered on macOS', async () => {
    await expect(plan('darwin', request({ client: 'putty' }))).rejects.toThrow(/not available on darwin/);
    await expect(plan('win32', request({ client: 'putty', service: 'ftp' }))).rejects.toThrow(/cannot open a ftp session/);
  });
});

describe('custom template', () => {
  it('fills whole-element placeholders and offers askpass to the command', async () => {
    const template = ['tmux', '-L', 'sesame', 'new-session', '-d', '-s', 't1', '--', 'ssh', '{familyFlag}', '-p', '{port}', '-l', '{user}', '--', '{address}'];
    const { plan: p } = await plan('linux', request({ client: 'custom', customTemplate: template, auth: 'password' }), { password: 'x' });
    expect(p.argv).toEqual(['tmux', '-L', 'sesame', 'new-session', '-d', '-s', 't1', '--', 'ssh', '-4', '-p', '2222', '-l', 'alice', '--', '192.0.2.10']);
    expect(p.env.SSH_ASKPASS_REQUIRE).toBe('force');
  });
});

describe('Linux terminals', () => {
  it('x-terminal-emulator resolved to a terminal Sesame knows uses that terminal (its exit is trusted); unknown stays untracked', async () => {
    const inner = ['/usr/bin/ssh', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '--', '192.0.2.10'];
    const known = await plan('linux', request({ terminal: 'x-terminal-emulator' }), undefined, { detected: { ...detectedFor.linux, xTerminalIs: 'gnome-terminal' } });
    expect(known.plan.argv).toEqual(['/usr/bin/gnome-terminal', '--wait', '--', ...inner]);
    expect(known.plan.tracksExit).toBe(true);
    const unknown = await plan('linux', request({ terminal: 'x-terminal-emulator' }));
    expect(unknown.plan.tracksExit).toBe(false);
  });
});
