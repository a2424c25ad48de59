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
});
