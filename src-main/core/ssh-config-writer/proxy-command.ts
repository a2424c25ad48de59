import { posix, win32 } from 'node:path';

/**
 * Which `sesame` a ProxyCommand runs, and how to write it there.
 *
 * OpenSSH runs ProxyCommand through the user's shell (`$SHELL -c "exec …"`,
 * sshconnect.c ssh_proxy_connect). Win32-OpenSSH has no shell there: it hands
 * the expanded string, minus "exec ", to CreateProcessW as the command line
 * (PowerShell/openssh-portable sshconnect.c under FORK_NOT_SUPPORTED, and
 * contrib/win32/win32compat/w32fd.c spawn_child_internal), so the program
 * needs an absolute path (Win32-OpenSSH issue #1185: no PATH search) and a
 * path with spaces must be in double quotes (devpod PR #1001, coder PR #3755
 * hit exactly this with "C:\Program Files\…"). In both, ssh first expands
 * `%` tokens, so a literal "%" is written "%%".
 *
 * An absolute path is used everywhere, as `tsh config` and `gcloud compute
 * config-ssh` do: ssh started from a GUI (VS Code Remote-SSH on macOS, a git
 * client) often has a PATH without /usr/local/bin.
 */
export interface SesameLocation {
  platform: NodeJS.Platform;
  /** process.execPath: Node, or the app's Electron binary in a packaged build. */
  execPath: string;
  /** The CLI script that is running (process.argv[1]). */
  script: string;
  /** process.versions.electron is set: the CLI runs on the app's own runtime. */
  onElectron: boolean;
  env: NodeJS.ProcessEnv;
  /** realpath(2), or undefined when the path does not exist. */
  realpath(path: string): string | undefined;
}

/** The program words (unquoted) that start `sesame`. */
export function sesameProgram(location: SesameLocation): string[] {
  const path = location.platform === 'win32' ? win32 : posix;
  const { script, env } = location;
  if (location.onElectron) {
    // An AppImage's resources live in a mount that changes every run: the AppImage file itself is the stable name.
    if (env.APPIMAGE) return [env.APPIMAGE, '--cli'];
    // Packaged: <resources>/app.asar.unpacked/out/cli/sesame.mjs → the launcher the app ships in <resources>/bin.
    const resources = path.dirname(path.dirname(path.dirname(path.dirname(script))));
    const launcher = location.platform === 'win32' ? path.join(resources, 'bin', 'sesame.cmd') : path.join(resources, 'bin', 'sesame');
    return [onPathAlias(location, launcher) ?? launcher];
  }
  // npm install -g, or a checkout: bin/sesame.mjs beside out/cli (where this CLI was built to).
  const root = /[\\/]out[\\/]cli[\\/][^\\/]+$/.test(script) ? path.dirname(path.dirname(path.dirname(script))) : path.dirname(path.dirname(script));
  const bin = path.join(root, 'bin', 'sesame.mjs');
  const alias = onPathAlias(location, bin);
  return alias ? [alias] : [location.execPath, bin];
}

/**
 * A `sesame` on PATH that leads to `target` (/usr/bin/sesame for the .deb,
 * /usr/local/bin/sesame from the macOS menu, npm's bin link): nicer to read
 * and it survives the app being reinstalled elsewhere. Windows' sesame.cmd is
 * the launcher itself, so there the launcher path is already the answer.
 */
function onPathAlias(location: SesameLocation, target: string): string | undefined {
  if (location.platform === 'win32') return undefined;
  const want = location.realpath(target);
  if (want === undefined) return undefined;
  for (const dir of (location.env.PATH ?? '').split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = posix.join(dir, 'sesame');
    if (location.realpath(candidate) === want) return candidate;
  }
  return undefined;
}

export class UnquotablePathError extends Error {
  override readonly name = 'UnquotablePathError';
  constructor(
    readonly path: string,
    readonly character: string,
  ) {
    super(`cannot write ${path} into a ProxyCommand (it contains ${JSON.stringify(character)})`);
  }
}

/**
 * One word of a ProxyCommand. POSIX: bare when it is plain, else in single
 * quotes — the one quoting that sh, bash, zsh and fish read alike (no `$` or
 * backtick expansion) — so a "'" or "\" cannot be written. Windows: double
 * quotes, which CreateProcessW's command-line parsing and cmd.exe both take;
 * Windows paths cannot contain `"`. Line breaks and "#" never: ssh_config is
 * read line by line.
 */
export function quoteProxyWord(word: string, platform: NodeJS.Platform): string {
  // eslint-disable-next-line no-control-regex -- control characters are what must be refused
  const bad = /[\u0000-\u001f\u007f"#]/.exec(word) ?? (platform === 'win32' ? null : /['\\]/.exec(word));
  if (bad) throw new UnquotablePathError(word, bad[0]);
  const escaped = word.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return escaped;
  return platform === 'win32' ? `"${escaped}"` : `'${escaped}'`;
}

/** `<sesame> proxy %h %p`, quoted for the platform whose ssh reads it. */
export function proxyCommandLine(program: readonly string[], platform: NodeJS.Platform): string {
  return [...program.map((word) => quoteProxyWord(word, platform)), 'proxy', '%h', '%p'].join(' ');
}
