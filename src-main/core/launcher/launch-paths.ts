import type { Detected } from './detect';
import { buildLaunchPlan } from './plan';
import type { ClientId, LaunchPlatform, LaunchService, SecretTransport, TerminalId } from './types';
import { formatVersion, minimumVersions, type ToolVersions } from './versions';

/**
 * Every way Sesame starts a client (client × terminal × OS), described by
 * running the plan builder itself as a dry run on a machine that has
 * everything. The README's table of launch paths is rendered from this
 * (scripts/launch-table.ts), and a unit test keeps both in step: what the
 * table says is what the launcher does.
 */
export interface LaunchPath {
  os: LaunchPlatform;
  client: ClientId;
  service: LaunchService;
  terminal?: TerminalId;
  /** What the plan builder said, from a dry run. */
  secretVia: SecretTransport;
  tracksExit: boolean;
  inline: boolean;
  /** Run for real in the lab (CI), or checked against the client's source and manuals only. */
  verified: { ci: { file: string; test: string } } | { source: string };
}

const win = 'C:\\Program Files';
const machines: Record<LaunchPlatform, Detected> = {
  linux: {
    platform: 'linux',
    tools: {
      ssh: '/usr/bin/ssh', sftp: '/usr/bin/sftp', lftp: '/usr/bin/lftp', filezilla: '/usr/bin/filezilla', putty: '/usr/bin/putty', plink: '/usr/bin/plink',
      'x-terminal-emulator': '/usr/bin/x-terminal-emulator', 'gnome-terminal': '/usr/bin/gnome-terminal', konsole: '/usr/bin/konsole', xterm: '/usr/bin/xterm',
    },
    terminals: ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm'],
    clients: ['openssh', 'putty', 'lftp', 'filezilla', 'custom'],
    xTerminalIs: 'gnome-terminal',
  },
  darwin: {
    platform: 'darwin',
    tools: { ssh: '/usr/bin/ssh', sftp: '/usr/bin/sftp', osascript: '/usr/bin/osascript', lftp: '/opt/homebrew/bin/lftp', filezilla: '/Applications/FileZilla.app/Contents/MacOS/filezilla' },
    terminals: ['iterm2', 'terminal-app'],
    clients: ['openssh', 'lftp', 'filezilla', 'custom'],
  },
  win32: {
    platform: 'win32',
    tools: {
      ssh: 'C:\\Windows\\System32\\OpenSSH\\ssh.exe', sftp: 'C:\\Windows\\System32\\OpenSSH\\sftp.exe', conhost: 'C:\\Windows\\System32\\conhost.exe',
      wt: 'C:\\Users\\me\\AppData\\Local\\Microsoft\\WindowsApps\\wt.exe', putty: `${win}\\PuTTY\\putty.exe`, plink: `${win}\\PuTTY\\plink.exe`,
      winscp: `${win}\\WinSCP\\WinSCP.exe`, filezilla: `${win}\\FileZilla FTP Client\\filezilla.exe`,
    },
    terminals: ['windows-terminal', 'console'],
    clients: ['openssh', 'putty', 'winscp', 'filezilla', 'custom'],
  },
};

const current: ToolVersions = {
  ssh: { major: 9, minor: 9, raw: '9.9' },
  putty: { major: 0, minor: 83, raw: '0.83' },
  plink: { major: 0, minor: 83, raw: '0.83' },
  winscp: { major: 6, minor: 5, raw: '6.5' },
};

const ci = (file: string, test: string) => ({ ci: { file: `test/integration/${file}`, test } });
const terminalsTest = 'launch-terminals.test.ts';

/** Which paths the lab runs for real, and where (the test's name must appear in the file). */
const labRuns: Record<string, LaunchPath['verified']> = {
  'linux openssh ssh inline': ci('connect-ssh.test.ts', 'logs in with the stored password through askpass, runs a command, then closes the door'),
  'linux openssh ssh xterm': ci(terminalsTest, 'ssh: logs in with the stored password through askpass; the close sequence follows the window'),
  'linux openssh ssh gnome-terminal': ci(terminalsTest, 'ssh: logs in with the stored password through askpass; the close sequence follows the window'),
  'linux openssh ssh konsole': ci(terminalsTest, 'ssh: logs in with the stored password through askpass; the close sequence follows the window'),
  'linux openssh ssh x-terminal-emulator': ci(terminalsTest, 'x-terminal-emulator resolves to GNOME Terminal and is tracked like it'),
  'linux openssh sftp xterm': ci(terminalsTest, 'sftp in xterm: the subsystem login on the server, the door closed at exit'),
  'linux lftp ftp inline': ci('connect-ftp.test.ts', 'auto mode picks active when the passive range is dropped, says why, and lftp lists the directory'),
  'linux lftp ftp xterm': ci(terminalsTest, 'lftp: logs in through source -e (no password in any environment), LIST and RETR reach vsftpd'),
  'linux lftp ftp gnome-terminal': ci(terminalsTest, 'lftp: logs in through source -e (no password in any environment), LIST and RETR reach vsftpd'),
  'linux lftp ftp konsole': ci(terminalsTest, 'lftp: logs in through source -e (no password in any environment), LIST and RETR reach vsftpd'),
  'linux putty ssh inline': ci('launch-putty.test.ts', 'first login: password through -pwfile, the host key stored under port 2222 (not 22), the door closed after'),
  'linux putty ssh -': ci('launch-putty.test.ts', 'logs in with -pwfile, titles the session host:port, and closes the door when the window closes'),
  'linux filezilla ftp -': ci('launch-filezilla.test.ts', 'FTP passive: the password pasted from the clipboard Sesame filled, PASV + LIST on the server, clipboard cleared after the grace period'),
  'linux filezilla sftp -': ci('launch-filezilla.test.ts', "SFTP: password dialog, FileZilla's host-key question, sshd logs the password login"),
};

/** What each path that cannot run here was checked against. */
const sources: Partial<Record<ClientId | TerminalId, string>> = {
  'windows-terminal': 'microsoft/terminal AppCommandlineArgs.cpp, Commandline.cpp, ConptyConnection.cpp',
  console: 'microsoft/terminal ConsoleArguments.cpp, Entrypoints.cpp; Win32-OpenSSH readpass.c',
  'terminal-app': 'Apple TCC / NSAppleEventsUsageDescription docs; osascript(1)',
  iterm2: 'iTerm2 AppleScript docs; osascript(1)',
  'x-terminal-emulator': 'Debian policy §11.8.3',
  winscp: 'winscp.net/eng/docs/commandline (/newinstance, /passwordsfromfiles)',
  putty: 'PuTTY manual §3.11.3 (-pwfile, -loghost), ssh.c ssh_init',
  filezilla: 'filezilla(1) (--logontype), optionspage_connection_ftp.cpp',
  lftp: 'lftp(1) (source -e, user)',
  openssh: 'OpenSSH-portable readpass.c, sshconnect2.c',
};

interface Candidate {
  os: LaunchPlatform;
  client: ClientId;
  service: LaunchService;
  terminal?: TerminalId;
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (const os of ['linux', 'darwin', 'win32'] as const) {
    const terminals = [...machines[os].terminals, 'inline' as const];
    for (const service of ['ssh', 'sftp'] as const) for (const terminal of terminals) out.push({ os, client: 'openssh', service, terminal });
    if (os !== 'win32') for (const terminal of terminals) out.push({ os, client: 'lftp', service: 'ftp', terminal });
    if (os !== 'darwin') {
      out.push({ os, client: 'putty', service: 'ssh' }, { os, client: 'putty', service: 'ssh', terminal: 'inline' });
    }
    if (os === 'win32') out.push({ os, client: 'winscp', service: 'sftp' }, { os, client: 'winscp', service: 'ftp' });
    out.push({ os, client: 'filezilla', service: 'sftp' }, { os, client: 'filezilla', service: 'ftp' });
  }
  return out;
}

export const pathKey = (p: Pick<LaunchPath, 'os' | 'client' | 'service' | 'terminal'>): string => `${p.os} ${p.client} ${p.service} ${p.terminal ?? '-'}`;

/** The launch paths, each described by a dry-run plan with a saved password. */
export async function launchPaths(): Promise<LaunchPath[]> {
  const rows: LaunchPath[] = [];
  for (const c of candidates()) {
    const plan = await buildLaunchPlan(
      {
        service: c.service,
        client: c.client,
        host: 'server.example.org',
        address: '192.0.2.10',
        family: 4,
        port: c.service === 'ftp' ? 21 : 22,
        user: 'alice',
        auth: 'password',
        ...(c.terminal ? { terminal: c.terminal } : {}),
      },
      {
        detected: machines[c.os],
        env: {},
        secrets: { password: 'example' },
        versions: current,
        dryRun: true,
        askpass: { preflight: async () => ({ programPath: '/askpass' }), start: async () => Promise.reject(new Error('dry run')) },
        privateDir: Object.assign(async () => Promise.reject(new Error('dry run')), { root: '/tmp' }),
      },
    );
    const verified = labRuns[pathKey(c)] ?? { source: sources[c.terminal && c.terminal !== 'inline' ? c.terminal : c.client] ?? sources[c.client] ?? '' };
    rows.push({ ...c, secretVia: plan.secretVia, tracksExit: plan.tracksExit, inline: plan.inline === true, verified });
  }
  return rows;
}

const clientNames: Record<ClientId, string> = { openssh: 'OpenSSH', putty: 'PuTTY', lftp: 'lftp', winscp: 'WinSCP', filezilla: 'FileZilla', custom: 'custom' };
const terminalNames: Record<TerminalId, string> = {
  inline: 'the terminal of `sesame connect`',
  'windows-terminal': 'Windows Terminal (`wt`)',
  console: 'console window (conhost.exe)',
  'terminal-app': 'Terminal.app (osascript)',
  iterm2: 'iTerm2 (osascript)',
  'x-terminal-emulator': 'x-terminal-emulator',
  'gnome-terminal': 'GNOME Terminal (`--wait`)',
  konsole: 'Konsole (`--separate`)',
  xterm: 'xterm',
};
const osNames: Record<LaunchPlatform, string> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

function secretText(p: LaunchPath): string {
  const older = (what: string) => `; older: clipboard (${what})`;
  switch (p.secretVia) {
    case 'askpass':
      return `SSH_ASKPASS helper, one answer to the exact \`user@host\` prompt${older('ssh asks itself')}`;
    case 'lftp-source':
      return 'askpass helper through lftp `source -e` (never in an environment)';
    case 'password-file':
      return p.client === 'putty' ? `0600 file, \`-pwfile\`${older('no -pwfile')}` : `0600 file, \`/passwordsfromfiles\`${older('path sent as password')}`;
    case 'clipboard':
      return 'clipboard for the password dialog (`--logontype=ask`), cleared after 30 s';
    case 'typed':
      return 'typed by the user';
    case 'none':
      return 'none needed';
  }
}

function minimumText(p: LaunchPath): string {
  if (p.client === 'openssh') return `OpenSSH ${formatVersion(minimumVersions.opensshAskpassRequire)}`;
  if (p.client === 'putty') return `PuTTY ${formatVersion(minimumVersions.puttyPwfile)}`;
  if (p.client === 'winscp') return `WinSCP ${formatVersion(minimumVersions.winscpPasswordsFromFiles)}`;
  return '—';
}

function sessionEndText(p: LaunchPath): string {
  if (!p.tracksExit) return 'not observable (hand-off): no close sequence; a failed hand-off is reported';
  if (p.inline) return "the client's exit";
  if (p.terminal === undefined) return "the client window's process exits";
  if (p.terminal === 'x-terminal-emulator') return 'the terminal process exits (resolved to GNOME Terminal here; unknown alternatives: not observable)';
  return 'the terminal process exits';
}

/** The README table (markdown), one row per launch path. */
export function renderLaunchTable(paths: readonly LaunchPath[]): string {
  const lines = [
    '| OS | client | runs in | minimum version | how the secret travels | "session ended" is | checked |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const p of paths) {
    const client = `${clientNames[p.client]} ${p.client === 'putty' && p.inline ? '(plink) ' : ''}${p.service}`;
    const where = p.terminal === undefined ? 'its own window' : terminalNames[p.terminal];
    const checked = 'ci' in p.verified ? `run in CI (\`${p.verified.ci.file}\`)` : `checked against the source only (${p.verified.source})`;
    lines.push(`| ${osNames[p.os]} | ${client} | ${where} | ${minimumText(p)} | ${secretText(p)} | ${sessionEndText(p)} | ${checked} |`);
  }
  return `${lines.join('\n')}\n`;
}

export const tableMarkers = { start: '<!-- launch-paths:start (generated by scripts/launch-table.ts) -->', end: '<!-- launch-paths:end -->' };

/** README text with the table between the markers replaced. */
export function withLaunchTable(readme: string, table: string): string {
  const start = readme.indexOf(tableMarkers.start);
  const end = readme.indexOf(tableMarkers.end);
  if (start === -1 || end === -1 || end < start) throw new Error('README.md has no launch-paths markers');
  return `${readme.slice(0, start + tableMarkers.start.length)}\n\n${table}\n${readme.slice(end)}`;
}
