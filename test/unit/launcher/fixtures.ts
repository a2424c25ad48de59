import type { PromptExpectation } from '../../../src-main/core/launcher/askpass-prompts';
import type { AskpassProvider } from '../../../src-main/core/launcher/askpass-session';
import type { Detected } from '../../../src-main/core/launcher/detect';
import type { PrivateDir, PrivateDirFactory } from '../../../src-main/core/launcher/private-dir';
import type { LaunchPlatform, LaunchRequest } from '../../../src-main/core/launcher/types';

export const detectedFor: Record<LaunchPlatform, Detected> = {
  linux: {
    platform: 'linux',
    tools: {
      ssh: '/usr/bin/ssh',
      sftp: '/usr/bin/sftp',
      lftp: '/usr/bin/lftp',
      filezilla: '/usr/bin/filezilla',
      putty: '/usr/bin/putty',
      plink: '/usr/bin/plink',
      'x-terminal-emulator': '/usr/bin/x-terminal-emulator',
      'gnome-terminal': '/usr/bin/gnome-terminal',
      konsole: '/usr/bin/konsole',
      xterm: '/usr/bin/xterm',
    },
    terminals: ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm'],
    clients: ['openssh', 'putty', 'lftp', 'filezilla', 'custom'],
  },
  darwin: {
    platform: 'darwin',
    tools: {
      ssh: '/usr/bin/ssh',
      sftp: '/usr/bin/sftp',
      osascript: '/usr/bin/osascript',
      lftp: '/opt/homebrew/bin/lftp',
      filezilla: '/Applications/FileZilla.app/Contents/MacOS/filezilla',
    },
    terminals: ['iterm2', 'terminal-app'],
    clients: ['openssh', 'lftp', 'filezilla', 'custom'],
  },
  win32: {
    platform: 'win32',
    tools: {
      ssh: 'C:\\Windows\\System32\\OpenSSH\\ssh.exe',
      sftp: 'C:\\Windows\\System32\\OpenSSH\\sftp.exe',
      wt: 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe',
      conhost: 'C:\\Windows\\System32\\conhost.exe',
      putty: 'C:\\Program Files\\PuTTY\\putty.exe',
      plink: 'C:\\Program Files\\PuTTY\\plink.exe',
      winscp: 'C:\\Program Files (x86)\\WinSCP\\WinSCP.exe',
      filezilla: 'C:\\Program Files\\FileZilla FTP Client\\filezilla.exe',
    },
    terminals: ['windows-terminal', 'console'],
    clients: ['openssh', 'putty', 'winscp', 'filezilla', 'custom'],
  },
};

export const baseRequest: LaunchRequest = {
  service: 'ssh',
  host: 'box.example.org',
  address: '192.0.2.10',
  family: 4,
  port: 2222,
  user: 'alice',
  auth: 'agent',
  client: 'openssh',
};

export function request(overrides: Partial<LaunchRequest>): LaunchRequest {
  return { ...baseRequest, ...overrides };
}

/** A private-dir double that records files in memory (argv tests need stable paths). */
export function memoryDirs(): { factory: PrivateDirFactory; files: Map<string, { content: string; mode: number }>; created: string[] } {
  const files = new Map<string, { content: string; mode: number }>();
  const created: string[] = [];
  let n = 0;
  const factory: PrivateDirFactory = async (prefix) => {
    n += 1;
    const path = `/tmp/${prefix}${n}`;
    created.push(path);
    const dir: PrivateDir = {
      path,
      async write(name, content, mode) {
        files.set(`${path}/${name}`, { content, mode });
        return `${path}/${name}`;
      },
      async removeFile(name) {
        files.delete(`${path}/${name}`);
      },
      async remove() {
        for (const key of [...files.keys()]) if (key.startsWith(`${path}/`)) files.delete(key);
      },
    };
    return dir;
  };
  factory.root = '/tmp';
  return { factory, files, created };
}

/** An askpass double with a fixed token and wrapper path; records what each session was told to expect. */
export function fakeAskpass(): { provider: AskpassProvider; started: Array<{ kind: string; expect: PromptExpectation }>; closed: number } {
  const state = {
    started: [] as Array<{ kind: string; expect: PromptExpectation }>,
    closed: 0,
    provider: undefined as unknown as AskpassProvider,
  };
  const programPath = '/tmp/sesame-askpass-X/askpass';
  state.provider = {
    preflight: async () => ({ programPath }),
    start: async (_secret, expect) => {
      state.started.push({ kind: expect.kind, expect });
      const helperEnv = { SESAME_ASKPASS_SOCKET: '/tmp/sesame-askpass-X/socket', SESAME_ASKPASS_TOKEN: 'TOKEN' };
      return {
        env: { SSH_ASKPASS: programPath, SSH_ASKPASS_REQUIRE: 'force', ...helperEnv },
        helperEnv,
        programPath,
        server: undefined as never,
        close: async () => {
          state.closed += 1;
        },
      };
    },
  };
  return state;
}
