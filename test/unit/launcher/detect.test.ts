import { describe, expect, it } from 'vitest';
import { defaultClient, defaultTerminal, detectClients, type DetectDeps } from '../../../src-main/core/launcher/detect';

function deps(platform: DetectDeps['platform'], onPath: Record<string, string>, files: string[] = [], env: Record<string, string> = {}): DetectDeps {
  return {
    platform,
    env,
    which: async (command) => onPath[command] ?? null,
    exists: async (path) => files.includes(path),
  };
}

describe('detectClients', () => {
  it('linux: tools from PATH, terminals in preference order, auto clients', async () => {
    const d = await detectClients(deps('linux', { ssh: '/usr/bin/ssh', sftp: '/usr/bin/sftp', xterm: '/usr/bin/xterm', 'gnome-terminal': '/usr/bin/gnome-terminal', lftp: '/usr/bin/lftp' }));
    expect(d.terminals).toEqual(['gnome-terminal', 'xterm']);
    expect(defaultTerminal(d)).toBe('gnome-terminal');
    expect([defaultClient(d, 'ssh'), defaultClient(d, 'sftp'), defaultClient(d, 'ftp')]).toEqual(['openssh', 'openssh', 'lftp']);
  });

  it('linux without any terminal: terminal programs are not a default; FileZilla is', async () => {
    const d = await detectClients(deps('linux', { ssh: '/usr/bin/ssh', filezilla: '/usr/bin/filezilla' }));
    expect(defaultClient(d, 'ssh')).toBeUndefined();
    expect(defaultClient(d, 'ftp')).toBe('filezilla');
  });

  it('windows: well-known locations, Windows Terminal preferred, WinSCP for file transfer', async () => {
    const env = { SystemRoot: 'C:\\Windows', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local', ProgramFiles: 'C:\\Program Files' };
    const d = await detectClients(
      deps('win32', {}, ['C:\\Windows\\System32\\OpenSSH\\ssh.exe', 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe', 'C:\\Program Files\\PuTTY\\putty.exe', 'C:\\Program Files (x86)\\WinSCP\\WinSCP.exe'], env),
    );
    expect(d.tools.ssh).toBe('C:\\Windows\\System32\\OpenSSH\\ssh.exe');
    expect(d.terminals).toEqual(['windows-terminal', 'console']);
    expect([defaultClient(d, 'ssh'), defaultClient(d, 'sftp'), defaultClient(d, 'ftp')]).toEqual(['openssh', 'winscp', 'winscp']);
  });

  it('macOS: iTerm2 before Terminal.app, Homebrew lftp found outside PATH', async () => {
    const d = await detectClients(
      deps('darwin', { ssh: '/usr/bin/ssh', osascript: '/usr/bin/osascript' }, ['/Applications/iTerm.app', '/System/Applications/Utilities/Terminal.app', '/opt/homebrew/bin/lftp']),
    );
    expect(d.terminals).toEqual(['iterm2', 'terminal-app']);
    expect(d.tools.lftp).toBe('/opt/homebrew/bin/lftp');
  });

  it('linux: x-terminal-emulator resolved through the alternatives; PuTTY and plink; plink is the ssh client of an inline terminal', async () => {
    const onPath = { 'x-terminal-emulator': '/usr/bin/x-terminal-emulator', konsole: '/usr/bin/konsole', putty: '/usr/bin/putty', plink: '/usr/bin/plink' };
    const realpath = async (p: string) => (p === '/usr/bin/x-terminal-emulator' ? '/usr/bin/konsole' : p);
    const d = await detectClients({ ...deps('linux', onPath), realpath });
    expect(d.xTerminalIs).toBe('konsole');
    expect(d.clients).toContain('putty');
    expect(defaultClient(d, 'ssh')).toBe('putty');
    expect(defaultClient(d, 'ssh', 'inline')).toBe('putty');
    const unknown = await detectClients({ ...deps('linux', onPath), realpath: async () => '/usr/bin/sakura' });
    expect(unknown.xTerminalIs).toBeUndefined();
  });

  it('windows: conhost.exe and plink.exe from their well-known places', async () => {
    const env = { SystemRoot: 'C:\\Windows', ProgramFiles: 'C:\\Program Files' };
    const d = await detectClients(deps('win32', {}, ['C:\\Windows\\System32\\conhost.exe', 'C:\\Program Files\\PuTTY\\plink.exe'], env));
    expect(d.tools.conhost).toBe('C:\\Windows\\System32\\conhost.exe');
    expect(d.tools.plink).toBe('C:\\Program Files\\PuTTY\\plink.exe');
  });
});
