import { describe, expect, it } from 'vitest';
import { buildLaunchPlan, type PlanContext } from '../../../src-main/core/launcher/plan';
import type { LaunchPlatform, LaunchRequest, LaunchSecrets } from '../../../src-main/core/launcher/types';
import { detectedFor, fakeAskpass, memoryDirs, request } from './fixtures';

async function plan(platform: LaunchPlatform, req: LaunchRequest, secrets?: LaunchSecrets) {
  const dirs = memoryDirs();
  const askpass = fakeAskpass();
  const ctx: PlanContext = {
    detected: detectedFor[platform],
    env: { PATH: '/usr/bin', SSH_ASKPASS: '/stale', LFTP_PASSWORD: 'stale' },
    askpass: askpass.provider,
    privateDir: dirs.factory,
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
    expect(askpass.started).toEqual([{ kind: 'password' }]);
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
    expect(askpass.started).toEqual([{ kind: 'passphrase' }]);
  });

  it('windows: wt.exe new window running ssh.exe, or ssh.exe alone in its own console', async () => {
    const wt = (await plan('win32', request({ terminal: 'windows-terminal' }))).plan;
    expect(wt.argv).toEqual([
      'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe', '-w', 'new', 'new-tab', '--title', 'Sesame: box.example.org', '--',
      'C:\\Windows\\System32\\OpenSSH\\ssh.exe', '-4', '-p', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-l', 'alice', '--', '192.0.2.10',
    ]);
    expect(wt.tracksExit).toBe(false);
    const con = (await plan('win32', request({ terminal: 'console', service: 'sftp' }))).plan;
    expect(con.argv).toEqual([
      'C:\\Windows\\System32\\OpenSSH\\sftp.exe', '-4', '-P', '2222', '-o', 'HostKeyAlias=[box.example.org]:2222', '-o', 'User=alice', '--', '192.0.2.10',
    ]);
    expect([con.tracksExit, con.detached]).toEqual([true, true]);
  });

  it('windows terminal refuses a key path with ";" (wt splits commands there)', async () => {
    await expect(plan('win32', request({ terminal: 'windows-terminal', auth: 'key', keyFile: 'C:\\keys\\a;b' }))).rejects.toThrow(/split/);
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
  it('lftp: passive/active via set ftp:passive-mode, password only via --env-password + LFTP_PASSWORD', async () => {
    const passive = await plan('linux', request({ service: 'ftp', client: 'lftp', terminal: 'xterm', port: 21, auth: 'password', ftpMode: 'passive' }), { password: 'ftp-pw' });
    expect(passive.plan.argv.slice(4)).toEqual([
      '/usr/bin/lftp', '-e', 'set ftp:passive-mode on', '-p', '21', '-u', 'alice', '--env-password', 'ftp://192.0.2.10',
    ]);
    expect(passive.plan.env).toEqual({ PATH: '/usr/bin', LFTP_PASSWORD: 'ftp-pw' });
    expect(passive.plan.argv.join(' ')).not.toContain('ftp-pw');
    const active = await plan('linux', request({ service: 'ftp', client: 'lftp', terminal: 'xterm', family: 6, address: '::1', ftpMode: 'active' }));
    expect(active.plan.argv.slice(4)).toEqual(['/usr/bin/lftp', '-e', 'set ftp:passive-mode off', '-p', '2222', '-u', 'alice', 'ftp://[::1]']);
    expect(active.plan.env).toEqual({ PATH: '/usr/bin' });
  });

  it('lftp on macOS fetches LFTP_PASSWORD from the askpass wrapper inside the script', async () => {
    const { dirs } = await plan('darwin', request({ service: 'ftp', client: 'lftp', terminal: 'terminal-app', auth: 'password' }), { password: 'x' });
    const script = dirs.files.get('/tmp/sesame-launch-1/launch')?.content ?? '';
    expect(script).toContain(`LFTP_PASSWORD="$('/tmp/sesame-askpass-X/askpass' 'FTP password')" || exit 1; export LFTP_PASSWORD`);
    expect(script).toContain("exec '/opt/homebrew/bin/lftp' '-e' 'set ftp:passive-mode on' '-p' '2222' '-u' 'alice' '--env-password' 'ftp://192.0.2.10'");
  });

  it('WinSCP: session URL, /passive=on|off, password from a 0600 file via /passwordsfromfiles', async () => {
    const { plan: p, dirs } = await plan('win32', request({ service: 'ftp', client: 'winscp', auth: 'password', ftpMode: 'active', port: 21 }), { password: 'w' });
    expect(p.argv).toEqual([
      'C:\\Program Files (x86)\\WinSCP\\WinSCP.exe', 'ftp://alice@192.0.2.10:21/', '/passive=off',
      '/passwordsfromfiles', '/password=/tmp/sesame-pw-1/secret',
    ]);
    expect(dirs.files.get('/tmp/sesame-pw-1/secret')).toEqual({ content: 'w', mode: 0o600 });
    const sftp = await plan('win32', request({ service: 'sftp', client: 'winscp', family: 6, address: '2001:db8::1', auth: 'key', keyFile: 'C:\\k.ppk' }));
    expect(sftp.plan.argv.slice(1)).toEqual(['sftp://alice@[2001:db8::1]:2222/', '/privatekey=C:\\k.ppk']);
  });

  it('FileZilla: URL without password, a modeHint, and the secret only via the clipboard hand-off', async () => {
    const { plan: p } = await plan('linux', request({ service: 'ftp', client: 'filezilla', auth: 'password', ftpMode: 'passive', port: 21 }), { password: 'fz' });
    expect(p.argv).toEqual(['/usr/bin/filezilla', 'ftp://alice@192.0.2.10:21/']);
    expect(p.modeHint).toMatch(/Passive/);
    expect(p.clipboard?.clearAfterMs).toBe(30_000);
    expect(JSON.stringify(p)).not.toContain('fz"');
  });
});

describe('PuTTY', () => {
  it('-ssh -4 -P PORT -loghost HOST -l USER [-pwfile FILE] ADDRESS', async () => {
    const { plan: p, dirs } = await plan('win32', request({ client: 'putty', auth: 'password' }), { password: 'pp' });
    expect(p.argv).toEqual([
      'C:\\Program Files\\PuTTY\\putty.exe', '-ssh', '-4', '-P', '2222', '-loghost', 'box.example.org', '-l', 'alice',
      '-pwfile', '/tmp/sesame-pw-1/secret', '192.0.2.10',
    ]);
    expect(dirs.files.get('/tmp/sesame-pw-1/secret')?.mode).toBe(0o600);
    await p.cleanup();
    expect(dirs.files.size).toBe(0);
  });

  it('is Windows-only and ssh-only', async () => {
    await expect(plan('linux', request({ client: 'putty' }))).rejects.toThrow(/not available on linux/);
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
