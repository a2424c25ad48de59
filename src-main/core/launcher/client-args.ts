import { urlHost } from '../../contract/schemas/host-rules';
import { posixCommand } from './quote';
import { LaunchError } from './validate';
import type { LaunchRequest } from './types';

/**
 * Argument builders for each client program, from an already validated
 * request. They return the program's arguments only; which executable and
 * which terminal window is decided by the plan builder.
 */

/** "[::1]" where a client parses host[:port] or a URL; bare otherwise. */
export function bracketed(request: Pick<LaunchRequest, 'address' | 'family'>): string {
  return request.family === 6 ? `[${request.address}]` : request.address;
}

/**
 * OpenSSH `ssh`: the knocked family (-4/-6) and the pinned address as the
 * destination, with HostKeyAlias so known_hosts still matches the profile's
 * host name rather than an IP that may change. `--` ends option parsing before
 * the destination, so nothing after it can be read as an option.
 */
/**
 * The name known_hosts knows the server by: what plain `ssh -p PORT host` would
 * have recorded, i.e. "[host]:port" off port 22. A bare alias would miss those
 * entries and turn every non-22 server into an "unknown host".
 */
export function hostKeyAlias(request: Pick<LaunchRequest, 'host' | 'port'>): string {
  return request.port === 22 ? request.host : `[${request.host}]:${request.port}`;
}

export function sshArgs(request: LaunchRequest): string[] {
  const args = [`-${request.family}`, '-p', String(request.port), '-o', `HostKeyAlias=${hostKeyAlias(request)}`];
  if (request.user !== undefined) args.push('-l', request.user);
  // RequestTTY auto gives a remote command no pty: interactive programs (top, sudo, vim) need -t.
  if (request.requestTty === true) args.push('-t');
  args.push(...authArgs(request));
  args.push('--', request.address);
  if (request.remoteCommand !== undefined && request.remoteCommand.length > 0) args.push(...request.remoteCommand);
  return args;
}

/**
 * OpenSSH `sftp`: `-P` for the port (its `-p` preserves times) and `-o User=`
 * (its `-l` is a bandwidth limit). sftp splits host:path, so IPv6 goes in brackets.
 */
export function sftpArgs(request: LaunchRequest): string[] {
  if (request.remoteCommand !== undefined && request.remoteCommand.length > 0) {
    throw new LaunchError('client.ssh-only-command', 'UNSUPPORTED', 'remoteCommand');
  }
  const args = [`-${request.family}`, '-P', String(request.port), '-o', `HostKeyAlias=${hostKeyAlias(request)}`];
  if (request.user !== undefined) args.push('-o', `User=${request.user}`);
  args.push(...authArgs(request));
  args.push('--', bracketed(request));
  return args;
}

function authArgs(request: LaunchRequest): string[] {
  if (request.auth === 'key' && request.keyFile !== undefined) {
    // Only the chosen key: agent keys tried first can exhaust MaxAuthTries.
    return ['-i', request.keyFile, '-o', 'IdentitiesOnly=yes'];
  }
  if (request.auth === 'password') {
    // Otherwise an encrypted default key would prompt for its passphrase first
    // and the askpass helper would be asked for the wrong secret.
    return ['-o', 'PreferredAuthentications=keyboard-interactive,password', '-o', 'PubkeyAuthentication=no'];
  }
  return [];
}

/**
 * PuTTY's -loghost: the name its host key cache and window title use instead
 * of the IP. PuTTY parses it as host[:port] and defaults the port to 22
 * (ssh.c, ssh_init: `ssh->savedport = 22` unless loghost has ":port"), so
 * off port 22 the port must be given or the key is cached under 22 —
 * wrongly shared with, and checked against, the server on port 22.
 */
export function puttyLogHost(request: Pick<LaunchRequest, 'host' | 'port'>): string {
  const host = request.host.includes(':') ? `[${request.host}]` : request.host;
  return request.port === 22 ? host : `${host}:${request.port}`;
}

/**
 * PuTTY (putty window) and plink (its console twin, for a terminal). PuTTY has
 * no `--`; the host is the first non-option word and validation guarantees it
 * cannot start with "-". Only plink runs a remote command (as trailing words).
 */
export function puttyArgs(request: LaunchRequest, options: { plink: boolean; passwordFile?: string }): string[] {
  const command = request.remoteCommand ?? [];
  if (command.length > 0 && !options.plink) {
    throw new LaunchError('client.putty-command', 'UNSUPPORTED', 'remoteCommand');
  }
  const args = ['-ssh', `-${request.family}`, '-P', String(request.port), '-loghost', puttyLogHost(request)];
  if (request.user !== undefined) args.push('-l', request.user);
  if (request.auth === 'key' && request.keyFile !== undefined) args.push('-i', request.keyFile);
  // -pwfile (PuTTY 0.77+, manual §3.11.3.8 "using-cmdline-pw") reads the password's first line from a file instead of argv.
  if (options.passwordFile !== undefined) args.push('-pwfile', options.passwordFile);
  if (options.plink && request.requestTty === true) args.push('-t');
  args.push(request.address, ...command);
  return args;
}

/** lftp's `set ftp:passive-mode` value; lftp's own default (passive) when unspecified. */
function lftpMode(request: LaunchRequest): string {
  return request.ftpMode === 'active' ? 'off' : 'on';
}

/**
 * lftp. The password never appears here, nor in any environment: with a saved
 * password, `source -e "<askpass helper> --lftp USER"` makes lftp run Sesame's
 * helper (through sh -c, lftp's way) and execute what it prints — `user "USER"
 * "PASSWORD"` — so the secret goes from Sesame through a pipe into lftp's memory,
 * once. Without one, `-u USER` makes lftp ask. The mode command is a constant;
 * the user's own `--exec` text is lftp's command language, run after the
 * login is set up (lftp connects lazily) and then left with "bye" so scripts end.
 */
export function lftpArgs(request: LaunchRequest, login?: { helper: readonly string[] }): string[] {
  const commands = [`set ftp:passive-mode ${lftpMode(request)}`];
  if (login !== undefined) {
    if (request.user === undefined) {
      throw new LaunchError('client.lftp-needs-user', 'INVALID_INPUT', 'user');
    }
    commands.push(`source -e ${lftpWord(posixCommand([...login.helper, '--lftp', request.user]))}`);
  }
  if (request.remoteCommand?.length) commands.push(request.remoteCommand.join(' '), 'bye');
  const args = ['-e', commands.join('; '), '-p', String(request.port)];
  if (request.user !== undefined && login === undefined) args.push('-u', request.user);
  // In a URL a zone id's "%" is "%25" (RFC 6874); lftp decodes it back (checked with lftp 4.9).
  args.push(`ftp://${urlHost(request.address)}`);
  return args;
}

/** One word for lftp's parser: "…" with "\\" and '"' escaped (the helper's lftpQuote, same rule). */
function lftpWord(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/**
 * "sftp://user@[::1]:2222" — user percent-encoded, never a password, and no
 * path: with "/" FileZilla and WinSCP open the server's root directory instead
 * of the login's home.
 */
export function sessionUrl(request: LaunchRequest, scheme: 'sftp' | 'ftp'): string {
  const user = request.user === undefined ? '' : `${encodeURIComponent(request.user)}@`;
  return `${scheme}://${user}${urlHost(request.address)}:${request.port}`;
}

/**
 * WinSCP. `/newinstance`: without it WinSCP hands the session to an idle
 * running instance and exits at once (winscp.net/eng/docs/commandline,
 * "Session"), and Sesame would close the door and delete the password file
 * under a live session. FTP mode via `/passive=on|off`. A password goes
 * through a file: `/passwordsfromfiles` makes WinSCP read `/password=` as a
 * path (WinSCP 6.0+; the plan falls back to the clipboard before that).
 */
export function winscpArgs(request: LaunchRequest, secretFile?: { kind: 'password' | 'passphrase'; path: string }): string[] {
  const scheme = request.service === 'ftp' ? 'ftp' : 'sftp';
  const args = [sessionUrl(request, scheme), '/newinstance'];
  if (scheme === 'ftp') args.push(`/passive=${request.ftpMode === 'active' ? 'off' : 'on'}`);
  if (scheme === 'sftp' && request.auth === 'key' && request.keyFile !== undefined) args.push(`/privatekey=${request.keyFile}`);
  if (secretFile !== undefined) args.push('/passwordsfromfiles', `/${secretFile.kind}=${secretFile.path}`);
  return args;
}

/**
 * FileZilla: a URL only. With a user and no password in the URL, FileZilla
 * would log in with an empty password ("normal" logon type) and never ask;
 * `--logontype=ask` makes it show its password dialog (filezilla(1): "-l,
 * --logontype: ask or interactive, only with a URL"), where the user pastes
 * the secret Sesame put on the clipboard or types it. Key logins keep the
 * normal type (FileZilla uses its own key list / the agent).
 */
export function filezillaArgs(request: LaunchRequest): string[] {
  const url = sessionUrl(request, request.service === 'ftp' ? 'ftp' : 'sftp');
  return request.auth === 'password' && request.user !== undefined ? ['--logontype=ask', url] : [url];
}

/**
 * FileZilla has no transfer-mode flag, and a URL session has no Site Manager
 * entry: it uses the global setting (Settings › Connection › FTP, option
 * OPTION_USEPASV in optionspage_connection_ftp.cpp).
 */
export function filezillaModeHint(request: LaunchRequest): string | undefined {
  if (request.service !== 'ftp' || request.ftpMode === undefined) return undefined;
  const mode = request.ftpMode === 'active' ? 'Active' : 'Passive';
  return `FileZilla: this server needs ${mode.toLowerCase()} mode. FileZilla takes it from its global setting for a link: Edit › Settings › Connection › FTP › Transfer Mode: ${mode} (macOS: FileZilla › Settings).`;
}
