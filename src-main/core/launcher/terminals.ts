import { appleScriptString, posixCommand, posixQuote, shellInertPath } from './quote';
import { LaunchError, printable } from './validate';
import type { TerminalId, ToolPaths } from './types';

export interface TerminalCommand {
  argv: string[];
  tracksExit: boolean;
  detached: boolean;
  inline?: boolean;
  captureStderr?: boolean;
}

/** What terminal wrapping needs from detection: program paths and what x-terminal-emulator really is. */
export interface TerminalTools {
  tools: ToolPaths;
  /** x-terminal-emulator resolved through Debian's alternatives to a terminal Sesame knows (gnome-terminal, konsole, xterm). */
  xTerminalIs?: 'gnome-terminal' | 'konsole' | 'xterm';
}

function tool(tools: ToolPaths, name: keyof ToolPaths, label: string): string {
  const path = tools[name];
  if (path === undefined) throw new LaunchError('terminal.not-found', 'CLIENT_UNAVAILABLE', 'terminal', { program: label });
  return path;
}

/**
 * conhost.exe and Windows Terminal both run the command line they are given
 * through ExpandEnvironmentStrings before CreateProcess (terminal repo:
 * src/server/Entrypoints.cpp and src/cascadia/TerminalConnection/ConptyConnection.cpp),
 * so "%NAME%" in any word would be replaced by a variable. There is no escape:
 * refuse, naming the word.
 */
function refusePercent(inner: readonly string[], program: string): void {
  const bad = inner.find((word) => word.includes('%'));
  if (bad !== undefined) {
    throw new LaunchError('terminal.percent', 'UNSUPPORTED', 'terminal', { word: printable(bad), program });
  }
}

/**
 * One argument as Windows Terminal must receive it so that the tab's program
 * gets it back intact. wt.exe splits its arguments at ";" (AppCommandlineArgs.cpp,
 * `_commandDelimiterRegex` "^;|[^\\];") and turns "\;" back into ";"
 * (Commandline.cpp AddArg); it then joins the command's words with spaces,
 * wrapping a word that contains a space in "…" without escaping anything
 * inside (AppCommandlineArgs.cpp `_getNewTerminalArgs`), and the tab's program
 * re-parses that line with the usual Windows rules. So: escape '"' (and the
 * backslashes before it) the Windows way, double trailing backslashes of a
 * word that wt will quote, and write ";" as "\;".
 */
export function wtArgument(word: string): string {
  let out = '';
  let slashes = 0;
  for (const ch of word) {
    if (ch === '\\') {
      slashes += 1;
      continue;
    }
    if (ch === '"') out += '\\'.repeat(slashes * 2 + 1) + '"';
    else out += '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  out += '\\'.repeat(word.includes(' ') ? slashes * 2 : slashes);
  return out.replaceAll(';', '\\;');
}

/**
 * Puts a terminal program's argv inside a terminal window, still as argv.
 * Not for macOS (see {@link macTerminalCommand}).
 */
export function wrapInTerminal(terminal: TerminalId, inner: string[], found: TerminalTools, title: string): TerminalCommand {
  const { tools } = found;
  switch (terminal) {
    case 'inline':
      return { argv: inner, tracksExit: true, detached: false, inline: true };
    case 'windows-terminal': {
      refusePercent(inner, 'Windows Terminal');
      // wt.exe hands the tab to a running Terminal and exits at once: its exit
      // says nothing. Since Terminal 1.19 a tab given an explicit command line
      // inherits wt.exe's environment (the askpass variables); older ones
      // rebuild it from the registry, so passwords need "console" there.
      const argv = [tool(tools, 'wt', 'Windows Terminal'), '-w', 'new', 'new-tab', '--title', wtArgument(title), '--', ...inner.map(wtArgument)];
      return { argv, tracksExit: false, detached: false, captureStderr: true };
    }
    case 'console':
      // libuv's `detached` is DETACHED_PROCESS and stdio "ignore" hands NUL
      // handles: a console program started that way has no console at all and
      // reads EOF. conhost.exe is a GUI-subsystem program that creates a real
      // console window and starts the command line after "--" in it
      // (ConsoleArguments.cpp, CLIENT_COMMANDLINE_ARG), re-quoting each word
      // (EscapeArgument); it lives until its client exits, also when the
      // console is handed to Windows Terminal as the default terminal.
      refusePercent(inner, 'conhost.exe');
      return { argv: [tool(tools, 'conhost', 'conhost.exe'), '--', ...inner], tracksExit: true, detached: true };
    case 'x-terminal-emulator':
      // Debian policy (§11.8.3) only promises "-e command args" and "-T title";
      // which terminal runs behind the alternative, and whether its process
      // lasts as long as the session, is unknown. Resolved to one Sesame knows,
      // that terminal's own invocation is used (and its exit trusted).
      if (found.xTerminalIs !== undefined && tools[found.xTerminalIs] !== undefined) {
        return wrapInTerminal(found.xTerminalIs, inner, found, title);
      }
      return { argv: [tool(tools, 'x-terminal-emulator', 'x-terminal-emulator'), '-T', title, '-e', ...inner], tracksExit: false, detached: true };
    case 'gnome-terminal':
      // The gnome-terminal client only asks gnome-terminal-server (D-Bus) for a
      // tab; --wait keeps it running until the tab's command exits.
      return { argv: [tool(tools, 'gnome-terminal', 'GNOME Terminal'), '--wait', '--', ...inner], tracksExit: true, detached: true };
    case 'konsole':
      // --separate: a process of its own (our environment, our exit) even if Konsole already runs.
      return { argv: [tool(tools, 'konsole', 'Konsole'), '--separate', '-e', ...inner], tracksExit: true, detached: true };
    case 'xterm':
      return { argv: [tool(tools, 'xterm', 'xterm'), '-T', title, '-e', ...inner], tracksExit: true, detached: true };
    case 'terminal-app':
    case 'iterm2':
      throw new LaunchError('terminal.macos-script', 'UNSUPPORTED', 'terminal');
  }
}

export interface MacLaunchScript {
  argv: string[];
  /** Variables to export before exec. */
  env: Record<string, string>;
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
  // osascript returns once the window is asked for: the session's end is not observable. Its exit
  // code and stderr are: a refused Apple event (TCC, error -1743) must reach the user.
  return { argv: [osascript, ...lines.flatMap((line) => ['-e', line])], tracksExit: false, detached: false, captureStderr: true };
}
