import { isIP } from 'node:net';
import { posix, win32 } from 'node:path';
import type { z } from 'zod';
import { contractError, type ContractError } from '../../contract/errors';
import { controlChars, hostSchema, portSchema, userSchema } from '../../contract/schemas/common';
import type { LaunchPlatform, LaunchRequest } from './types';

/** A request the launcher refuses, raised before anything is written or spawned. */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  constructor(
    message: string,
    readonly code: 'INVALID_INPUT' | 'CLIENT_UNAVAILABLE' | 'UNSUPPORTED',
    /** The request field at fault, e.g. `user` or `customTemplate.3`. */
    readonly field?: string,
  ) {
    super(message);
  }

  toContractError(): ContractError {
    const code = this.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'NOT_IMPLEMENTED';
    return contractError(code, this.message, this.field === undefined ? undefined : { field: this.field });
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const message = result.error.issues[0]?.message ?? 'is invalid';
    throw new LaunchError(`${field}: ${message}`, 'INVALID_INPUT', field);
  }
  return result.data;
}

/**
 * Login names reach argv (`-l`), URLs (`user@host`) and lftp's `-u user[,pass]`.
 * The shared userSchema only keeps out "-", whitespace and control characters;
 * here only POSIX-portable names pass, because "@" would re-target the login
 * ("user@evil"), "," would split lftp's -u, and quotes/backslashes are
 * re-parsed by ssh's `-o` and by wt.exe.
 */
const portableUser = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

export function validateUser(user: string, field = 'user'): string {
  check(userSchema, user, field);
  if (!portableUser.test(user)) {
    throw new LaunchError(
      `${field}: "${printable(user)}" is not a plain login name (letters, digits, ".", "_" and "-" only; no "@")`,
      'INVALID_INPUT',
      field,
    );
  }
  return user;
}

export function validateHost(host: string, field = 'host'): string {
  return check(hostSchema, host, field);
}

/** The pinned address must be an IP literal of the family the knock used: no name, no second lookup. */
export function validateAddress(address: string, family: 4 | 6, field = 'address'): string {
  check(hostSchema, address, field);
  if (isIP(address) !== family) {
    throw new LaunchError(`${field}: "${printable(address)}" is not an IPv${family} address`, 'INVALID_INPUT', field);
  }
  return address;
}

/**
 * Local file paths (key files). Absolute for the target platform, so a leading
 * "-" is impossible and nothing depends on the working directory. Plain spaces
 * are allowed — "C:\Users\Jane Doe\.ssh\id_ed25519" is ordinary and argv arrays
 * carry them safely — but no other whitespace, no control characters.
 */
export function validatePath(path: string, platform: LaunchPlatform, field = 'keyFile'): string {
  if (typeof path !== 'string' || path.length === 0) throw new LaunchError(`${field}: is empty`, 'INVALID_INPUT', field);
  if (path.length > 4096) throw new LaunchError(`${field}: is longer than 4096 characters`, 'INVALID_INPUT', field);
  if (path.startsWith('-')) {
    throw new LaunchError(`${field}: must not start with "-" (it would be read as an option)`, 'INVALID_INPUT', field);
  }
  if (controlChars.test(path) || /[^\S ]/.test(path)) {
    throw new LaunchError(`${field}: must not contain control characters, tabs or line breaks`, 'INVALID_INPUT', field);
  }
  const absolute = platform === 'win32' ? /^(?:[A-Za-z]:\\|\\\\[^\\?.])/.test(path) && win32.isAbsolute(path) : posix.isAbsolute(path);
  if (!absolute) {
    throw new LaunchError(`${field}: "${printable(path)}" must be an absolute path`, 'INVALID_INPUT', field);
  }
  return path;
}

/** Remote command words for `ssh host -- cmd…`: the remote shell parses them, so only the user's own text, never control characters. */
export function validateRemoteCommand(words: string[]): string[] {
  if (words.length > 256) throw new LaunchError('remoteCommand: has more than 256 words', 'INVALID_INPUT', 'remoteCommand');
  words.forEach((word, i) => {
    if (typeof word !== 'string' || word.length === 0 || word.length > 4096 || controlChars.test(word)) {
      throw new LaunchError(
        `remoteCommand.${i}: must be 1–4096 characters without control characters`,
        'INVALID_INPUT',
        `remoteCommand.${i}`,
      );
    }
  });
  return words;
}

/** Validates every field that can reach argv, a URL, a script or an environment variable. */
export function validateRequest(request: LaunchRequest, platform: LaunchPlatform): void {
  validateHost(request.host);
  if (request.family !== 4 && request.family !== 6) {
    throw new LaunchError('family: must be 4 or 6', 'INVALID_INPUT', 'family');
  }
  validateAddress(request.address, request.family);
  check(portSchema, request.port, 'port');
  if (request.user !== undefined) validateUser(request.user);
  if (request.keyFile !== undefined) validatePath(request.keyFile, platform);
  if (request.auth === 'key' && request.keyFile === undefined && request.client !== 'custom') {
    throw new LaunchError('keyFile: is empty: choose the key file for key authentication', 'INVALID_INPUT', 'keyFile');
  }
  if (request.remoteCommand !== undefined) validateRemoteCommand(request.remoteCommand);
}

/** For error messages: shows control characters instead of letting them act. */
export function printable(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value).slice(1, -1).replace(/[\u007f-\u009f]/g, '?');
}
