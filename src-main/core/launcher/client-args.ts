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
    throw new LaunchError('remoteCommand: only an ssh session can run a remote command', 'UNSUPPORTED', 'remoteCommand');
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
 * PuTTY. `-loghost` is PuTTY's HostKeyAlias: the host key cache and the window
 * title use the profile's name, not the IP. PuTTY has no `--`; the host is the
 * first non-option word and validation guarantees it cannot start with "-".
 */
export function puttyArgs(request: LaunchRequest, passwordFile?: string): string[] {
  if (request.remoteCommand !== undefined && request.remoteCommand.length > 0) {
    throw new LaunchError('remoteCommand: PuTTY takes a remote command only from a file (-m); use OpenSSH', 'UNSUPPORTED', 'remoteCommand');
  }
  const args = ['-ssh', `-${request.family}`, '-P', String(request.port), '-loghost', request.host];
  if (request.user !== undefined) args.push('-l', request.user);
  if (request.auth === 'key' && request.keyFile !== undefined) args.push('-i', request.keyFile);
  // -pwfile (PuTTY 0.77+) reads the password from a file instead of argv.
  if (passwordFile !== undefined) args.push('-pwfile', passwordFile);
  args.push(request.address);
  return args;
}

/** lftp's `set ftp:passive-mode` value; lftp's own default (passive) when unspecified. */
function lftpMode(request: LaunchRequest): string {
  return request.ftpMode === 'active' ? 'off' : 'on';
}

/**
 * lftp. The password never appears here: `--env-password` makes lftp read
 * LFTP_PASSWORD from its environment. `-u` takes "user[,password]", which is
 * why validated user names cannot contain ",". The mode command is a constant,
 * so nothing user-supplied reaches lftp's command parser.
 */
export function lftpArgs(request: LaunchRequest, withEnvPassword: boolean): string[] {
  // lftp connects lazily, so the mode set first applies to the session. A remote
  // command (`sesame connect --exec`) is lftp's own command language, run and then
  // left with "bye" so scripts end.
  const commands = request.remoteCommand?.length ? `; ${request.remoteCommand.join(' ')}; bye` : '';
  const args = ['-e', `set ftp:passive-mode ${lftpMode(request)}${commands}`, '-p', String(request.port)];
  if (request.user !== undefined) args.push('-u', request.user);
  if (withEnvPassword) {
    if (request.user === undefined) {
      throw new LaunchError('user: lftp needs a user name to log in with a password', 'INVALID_INPUT', 'user');
    }
    args.push('--env-password');
  }
  args.push(`ftp://${bracketed(request)}`);
  return args;
}

/** "sftp://user@[::1]:2222/" — user percent-encoded, never a password. */
export function sessionUrl(request: LaunchRequest, scheme: 'sftp' | 'ftp'): string {
  const user = request.user === undefined ? '' : `${encodeURIComponent(request.user)}@`;
  return `${scheme}://${user}${bracketed(request)}:${request.port}/`;
}

/**
 * WinSCP. FTP mode via its `/passive=on|off` switch. A password goes through a
 * file: `/passwordsfromfiles` makes WinSCP read `/password=` as a path (WinSCP 6+).
 */
export function winscpArgs(request: LaunchRequest, secretFile?: { kind: 'password' | 'passphrase'; path: string }): string[] {
  const scheme = request.service === 'ftp' ? 'ftp' : 'sftp';
  const args = [sessionUrl(request, scheme)];
  if (scheme === 'ftp') args.push(`/passive=${request.ftpMode === 'active' ? 'off' : 'on'}`);
  if (scheme === 'sftp' && request.auth === 'key' && request.keyFile !== undefined) args.push(`/privatekey=${request.keyFile}`);
  if (secretFile !== undefined) args.push('/passwordsfromfiles', `/${secretFile.kind}=${secretFile.path}`);
  return args;
}

/** FileZilla: a URL only. It has no transfer-mode flag, hence the plan's modeHint. */
export function filezillaArgs(request: LaunchRequest): string[] {
  return [sessionUrl(request, request.service === 'ftp' ? 'ftp' : 'sftp')];
}

export function filezillaModeHint(request: LaunchRequest): string | undefined {
  if (request.service !== 'ftp' || request.ftpMode === undefined) return undefined;
  return request.ftpMode === 'active'
    ? 'FileZilla: set Transfer mode to Active for this site (Site Manager › Transfer Settings); this server needs active mode.'
    : 'FileZilla: set Transfer mode to Passive for this site (Site Manager › Transfer Settings); this server needs passive mode.';
}
