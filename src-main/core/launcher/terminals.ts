import { appleScriptString, posixCommand, posixQuote, shellInertPath } from './quote';
import { LaunchError } from './validate';
import type { TerminalId, ToolPaths } from './types';

export interface TerminalCommand {
  argv: string[];
  tracksExit: boolean;
  detached: boolean;
  inline?: boolean;
}

function tool(tools: ToolPaths, name: keyof ToolPaths, label: string): string {
  const path = tools[name];
  if (path === undefined) throw new LaunchError(`${label} was not found on this computer`, 'CLIENT_UNAVAILABLE', 'terminal');
  return path;
}

/**
 * Puts a terminal program's argv inside a terminal window, still as argv.
 * Not for macOS (see {@link macTerminalCommand}).
 */
export function wrapInTerminal(terminal: TerminalId, inner: string[], tools: ToolPaths, title: string): TerminalCommand {
  switch (terminal) {
    case 'inline':
      return { argv: inner, tracksExit: true, detached: false, inline: true };
    case 'windows-terminal': {
      // wt.exe splits its command line at ";" into several commands (new tabs)
      // even after "--"; validation keeps ";" out of hosts and users, key paths
      // are checked here.
      const bad = inner.find((word) => word.includes(';'));
      if (bad !== undefined) {
        throw new LaunchError(`Windows Terminal would split "${bad}" at ";": rename the file or use the console`, 'INVALID_INPUT', 'keyFile');
      }
      // wt.exe hands the tab to a running Terminal and exits at once: its exit
      // says nothing. Since Terminal 1.19 a tab given an explicit command line
      // inherits wt.exe's environment (the askpass variables); older ones
      // rebuild it from the registry, so passwords need "console" there.
      return { argv: [tool(tools, 'wt', 'Windows Terminal'), '-w', 'new', 'new-tab', '--title', title, '--', ...inner], tracksExit: false, detached: false };
    }
    case 'console':
      // A detached console program gets a console window of its own.
      return { argv: inner, tracksExit: true, detached: true };
    case 'x-terminal-emulator':
      // Debian policy guarantees -T and "-e command args…"; what runs behind the
      // alternative (and whether it forks) is unknown, so its exit is not trusted.
      return { argv: [tool(tools, 'x-terminal-emulator', 'x-terminal-emulator'), '-T', title, '-e', ...inner], tracksExit: false, detached: true };
    case 'gnome-terminal':
      // Without --wait the client returns as soon as gnome-terminal-server opened the tab.
      return { argv: [tool(tools, 'gnome-terminal', 'GNOME Terminal'), '--wait', '--', ...inner], tracksExit: true, detached: true };
    case 'konsole':
      // --separate: a process of its own (our environment, our exit) even if Konsole already runs.
      return { argv: [tool(tools, 'konsole', 'Konsole'), '--separate', '-e', ...inner], tracksExit: true, detached: true };
    case 'xterm':
      return { argv: [tool(tools, 'xterm', 'xterm'), '-T', title, '-e', ...inner], tracksExit: true, detached: true };
    case 'terminal-app':
    case 'iterm2':
      throw new LaunchError('macOS terminals are driven through a launch script', 'UNSUPPORTED', 'terminal');
  }
}

export interface MacLaunchScript {
  argv: string[];
  /** Variables to export before exec. */
  env: Record<string, string>;
  /** Variables whose value is printed by a program (the askpass wrapper) at run time, e.g. LFTP_PASSWORD. */
  fetched?: { name: string; program: string; prompt: string };
}

const envName = /^[A-Z_][A-Z0-9_]*$/;

/**
 * The /bin/sh script a macOS terminal runs. Terminal.app and iTerm2 start a
 * fresh session that does not inherit osascript's environment, and the text
 * they run is parsed by the user's login shell — which may be fish or tcsh,
 * where '…' quoting differs. So the terminal is only given this script's path
 * (characters every shell takes literally) and everything else lives here,
 * quoted for sh. The script deletes itself first thing; it holds no secret
 * (the askpass token at most, useless without the 0700 socket directory).
 */
export function macLaunchScript(script: MacLaunchScript): string {
  const lines = ['#!/bin/sh', '# Written by Sesame for one launch; removes itself.', 'rm -f -- "$0"'];
  for (const [name, value] of Object.entries(script.env)) {
    if (!envName.test(name)) throw new Error(`bad environment variable name ${name}`);
    lines.push(`${name}=${posixQuote(value)}; export ${name}`);
  }
  if (script.fetched !== undefined) {
    const { name, program, prompt } = script.fetched;
    if (!envName.test(name)) throw new Error(`bad environment variable name ${name}`);
    lines.push(`${name}="$(${posixQuote(program)} ${posixQuote(prompt)})" || exit 1; export ${name}`);
  }
  lines.push(`exec ${posixCommand(script.argv)}`, '');
  return lines.join('\n');
}

/** osascript argv that opens a new Terminal.app or iTerm2 window running `scriptPath`. */
export function macTerminalCommand(terminal: 'terminal-app' | 'iterm2', scriptPath: string, tools: ToolPaths): TerminalCommand {
  if (!shellInertPath.test(scriptPath)) throw new Error(`launch script path ${scriptPath} needs quoting; refusing`);
  const osascript = tool(tools, 'osascript', 'osascript');
  const lines =
    terminal === 'terminal-app'
      ? ['tell application "Terminal"', 'activate', `do script ${appleScriptString(`exec ${posixQuote(scriptPath)}`)}`, 'end tell']
      : // iTerm2 runs the command itself (no shell), splitting it at spaces: a bare inert path is exactly one word.
        ['tell application "iTerm"', 'activate', `create window with default profile command ${appleScriptString(scriptPath)}`, 'end tell'];
  // osascript returns once the window is asked for: the session's end is not observable.
  return { argv: [osascript, ...lines.flatMap((line) => ['-e', line])], tracksExit: false, detached: false };
}
