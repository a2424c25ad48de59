import { win32 } from 'node:path';
import type { ClientId, LaunchPlatform, LaunchService, TerminalId, ToolName, ToolPaths } from './types';

/**
 * Finds the installed clients and terminals. Lookups are injected (`which` on
 * PATH, `exists` for well-known install locations) so detection is testable
 * and the result carries absolute paths: spawning an absolute path cannot be
 * hijacked by a same-named program earlier on PATH or in the working directory.
 */
export interface DetectDeps {
  platform: LaunchPlatform;
  which(command: string): Promise<string | null>;
  exists(path: string): Promise<boolean>;
  env: Record<string, string | undefined>;
  /** Follows symlinks (Debian's alternatives); omitted, x-terminal-emulator stays opaque. */
  realpath?(path: string): Promise<string>;
}

export interface Detected {
  platform: LaunchPlatform;
  tools: ToolPaths;
  terminals: TerminalId[];
  clients: ClientId[];
  /** What x-terminal-emulator resolves to, when it is a terminal Sesame knows. */
  xTerminalIs?: 'gnome-terminal' | 'konsole' | 'xterm';
}

interface Candidate {
  tool: ToolName;
  commands: string[];
  paths?: string[];
}

function windowsCandidates(env: Record<string, string | undefined>): Candidate[] {
  const system = env.SystemRoot ?? 'C:\\Windows';
  const programFiles = [env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'];
  const local = env.LOCALAPPDATA;
  const under = (...parts: string[]) => programFiles.map((root) => win32.join(root, ...parts));
  return [
    { tool: 'ssh', commands: ['ssh.exe'], paths: [win32.join(system, 'System32', 'OpenSSH', 'ssh.exe')] },
    { tool: 'sftp', commands: ['sftp.exe'], paths: [win32.join(system, 'System32', 'OpenSSH', 'sftp.exe')] },
    // wt.exe is an app execution alias under %LOCALAPPDATA%\Microsoft\WindowsApps.
    { tool: 'wt', commands: ['wt.exe'], paths: local ? [win32.join(local, 'Microsoft', 'WindowsApps', 'wt.exe')] : [] },
    // conhost.exe makes the console window for "console" (a console program started by us would have none).
    { tool: 'conhost', commands: [], paths: [win32.join(system, 'System32', 'conhost.exe')] },
    { tool: 'putty', commands: ['putty.exe'], paths: under('PuTTY', 'putty.exe') },
    { tool: 'plink', commands: ['plink.exe'], paths: under('PuTTY', 'plink.exe') },
    {
      tool: 'winscp',
      commands: ['WinSCP.exe'],
      paths: [...under('WinSCP', 'WinSCP.exe'), ...(local ? [win32.join(local, 'Programs', 'WinSCP', 'WinSCP.exe')] : [])],
    },
    { tool: 'filezilla', commands: ['filezilla.exe'], paths: under('FileZilla FTP Client', 'filezilla.exe') },
  ];
}

// GUI apps on macOS start with launchd's PATH (no Homebrew), hence the fixed locations.
const macCandidates: Candidate[] = [
  { tool: 'ssh', commands: ['ssh'], paths: ['/usr/bin/ssh'] },
  { tool: 'sftp', commands: ['sftp'], paths: ['/usr/bin/sftp'] },
  { tool: 'osascript', commands: ['osascript'], paths: ['/usr/bin/osascript'] },
  { tool: 'lftp', commands: ['lftp'], paths: ['/opt/homebrew/bin/lftp', '/usr/local/bin/lftp', '/opt/local/bin/lftp'] },
  { tool: 'filezilla', commands: ['filezilla'], paths: ['/Applications/FileZilla.app/Contents/MacOS/filezilla'] },
];

const linuxCandidates: Candidate[] = [
  { tool: 'ssh', commands: ['ssh'] },
  { tool: 'sftp', commands: ['sftp'] },
  { tool: 'lftp', commands: ['lftp'] },
  { tool: 'filezilla', commands: ['filezilla'] },
  // Debian's putty / putty-tools (0.78 on Debian 12).
  { tool: 'putty', commands: ['putty'] },
  { tool: 'plink', commands: ['plink'] },
  { tool: 'x-terminal-emulator', commands: ['x-terminal-emulator'] },
  { tool: 'gnome-terminal', commands: ['gnome-terminal'] },
  { tool: 'konsole', commands: ['konsole'] },
  { tool: 'xterm', commands: ['xterm'] },
];

const terminalApp = ['/System/Applications/Utilities/Terminal.app', '/Applications/Utilities/Terminal.app'];
const iterm = ['/Applications/iTerm.app'];

async function firstFound(candidate: Candidate, deps: DetectDeps): Promise<string | undefined> {
  for (const command of candidate.commands) {
    const found = await deps.which(command);
    if (found) return found;
  }
  for (const path of candidate.paths ?? []) if (await deps.exists(path)) return path;
  return undefined;
}

async function anyExists(paths: string[], deps: DetectDeps): Promise<boolean> {
  for (const path of paths) if (await deps.exists(path)) return true;
  return false;
}

export async function detectClients(deps: DetectDeps): Promise<Detected> {
  const candidates =
    deps.platform === 'win32' ? windowsCandidates(deps.env) : deps.platform === 'darwin' ? macCandidates : linuxCandidates;
  const tools: ToolPaths = {};
  // Every tool is looked up at once (a connect waits for this before the first knock); each keeps its own order of places.
  const found = await Promise.all(candidates.map((candidate) => firstFound(candidate, deps)));
  candidates.forEach((candidate, i) => {
    if (found[i] !== undefined) tools[candidate.tool] = found[i];
  });
  const terminals: TerminalId[] = [];
  if (deps.platform === 'win32') {
    if (tools.wt) terminals.push('windows-terminal');
    terminals.push('console');
  } else if (deps.platform === 'darwin') {
    if (tools.osascript && (await anyExists(iterm, deps))) terminals.push('iterm2');
    if (tools.osascript && (await anyExists(terminalApp, deps))) terminals.push('terminal-app');
  } else {
    for (const id of ['x-terminal-emulator', 'gnome-terminal', 'konsole', 'xterm'] as const) if (tools[id]) terminals.push(id);
  }
  const xTerminalIs = tools['x-terminal-emulator'] && deps.realpath ? await resolveXTerminal(tools['x-terminal-emulator'], deps.realpath) : undefined;
  const clients: ClientId[] = [];
  if (tools.ssh || tools.sftp) clients.push('openssh');
  if (tools.putty || tools.plink) clients.push('putty');
  if (tools.lftp) clients.push('lftp');
  if (tools.winscp) clients.push('winscp');
  if (tools.filezilla) clients.push('filezilla');
  clients.push('custom');
  return { platform: deps.platform, tools, terminals, clients, ...(xTerminalIs ? { xTerminalIs } : {}) };
}

/** The alternative's target by file name: gnome-terminal.wrapper, konsole, xterm/uxterm/koi8rxterm (xterm scripts). */
async function resolveXTerminal(path: string, realpath: (p: string) => Promise<string>): Promise<Detected['xTerminalIs']> {
  const target = await realpath(path).catch(() => path);
  const name = target.slice(target.lastIndexOf('/') + 1);
  if (name === 'gnome-terminal.wrapper' || name === 'gnome-terminal') return 'gnome-terminal';
  if (name === 'konsole') return 'konsole';
  if (name === 'xterm' || name === 'uxterm' || name === 'koi8rxterm') return 'xterm';
  return undefined;
}

/** The terminal to use when the user has not picked one: the first found, in preference order. */
export function defaultTerminal(detected: Detected): TerminalId | undefined {
  return detected.terminals[0];
}

/** Which programs need a terminal window around them (PuTTY only as plink, in the caller's terminal). */
export function needsTerminal(client: ClientId, terminal?: TerminalId): boolean {
  return client === 'openssh' || client === 'lftp' || (client === 'putty' && terminal === 'inline');
}

/**
 * The client used when the profile says "auto". Terminal programs count only
 * if there is a terminal to show them in.
 */
export function defaultClient(detected: Detected, service: LaunchService, chosenTerminal?: TerminalId): ClientId | undefined {
  const { tools } = detected;
  // A terminal chosen by the caller (e.g. the CLI's own, "inline") counts even where none is installed.
  const terminal = chosenTerminal !== undefined || defaultTerminal(detected) !== undefined;
  const win = detected.platform === 'win32';
  switch (service) {
    case 'ssh':
      if (tools.ssh && terminal) return 'openssh';
      if (chosenTerminal === 'inline') return tools.plink ? 'putty' : undefined;
      return tools.putty ? 'putty' : undefined;
    case 'sftp':
      if (win && tools.winscp) return 'winscp';
      if (tools.sftp && terminal) return 'openssh';
      if (tools.winscp) return 'winscp';
      return tools.filezilla ? 'filezilla' : undefined;
    case 'ftp':
      if (win && tools.winscp) return 'winscp';
      if (tools.lftp && terminal) return 'lftp';
      if (tools.winscp) return 'winscp';
      return tools.filezilla ? 'filezilla' : undefined;
    case 'custom':
      return 'custom';
  }
}
