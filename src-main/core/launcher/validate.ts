import { isIP } from 'node:net';
import { posix, win32 } from 'node:path';
import { contractError, type ContractError } from '../../contract/error-codes';
import { localPathProblem, portProblem, userProblem } from '../../contract/schemas/field-rules';
import { controlChars, hostProblem } from '../../contract/schemas/host-rules';
import { launchText, type LaunchMessageId, type LaunchParams } from './launch-messages';
import type { LaunchPlatform, LaunchRequest } from './types';

/**
 * A request the launcher refuses, raised before anything is written or spawned.
 * Its text is one of {@link launchMessages} by id, so it reads in the user's
 * language wherever it is shown; the message is that text in English.
 */
export class LaunchError extends Error {
  override readonly name = 'LaunchError';
  readonly params: LaunchParams;
  constructor(
    readonly id: LaunchMessageId,
    readonly code: 'INVALID_INPUT' | 'CLIENT_UNAVAILABLE' | 'UNSUPPORTED',
    /** The request field at fault, e.g. `user` or `customTemplate.3`. */
    readonly field?: string,
    params: LaunchParams = {},
  ) {
    const all = field === undefined ? params : { field, ...params };
    super(launchText(id, all));
    this.params = all;
  }

  toContractError(): ContractError {
    const code = this.code === 'INVALID_INPUT' ? 'INVALID_INPUT' : 'NOT_IMPLEMENTED';
    return contractError(code, this.message, this.field === undefined ? undefined : { field: this.field });
  }
}

/**
 * The contract's field rules, as the zod-free predicates its schemas are built
 * from (contract/schemas/field-rules.ts, host-rules.ts): the same words, and no
 * schema library on the way to every client's launch.
 */
function check<T>(problemOf: (value: unknown) => string | undefined, value: T, field: string): T {
  const problem = problemOf(value);
  if (problem !== undefined) throw new LaunchError('request.invalid', 'INVALID_INPUT', field, { problem });
  return value;
}

const hostProblemOf = (value: unknown): string | undefined => (typeof value === 'string' ? hostProblem(value) : 'must be a host name or IP address');

/**
 * Login names: the contract's userSchema rules are the one rule set (POSIX-portable
 * names only; see there why), so the launcher accepts exactly what a profile
 * can be saved with.
 */
export function validateUser(user: string, field = 'user'): string {
  return check(userProblem, user, field);
}

export function validateHost(host: string, field = 'host'): string {
  return check(hostProblemOf, host, field);
}

/** The pinned address must be an IP literal of the family the knock used: no name, no second lookup. */
export function validateAddress(address: string, family: 4 | 6, field = 'address'): string {
  check(hostProblemOf, address, field);
  if (isIP(address) !== family) {
    throw new LaunchError('request.not-address', 'INVALID_INPUT', field, { address: printable(address), family });
  }
  return address;
}

/**
 * Local file paths (key files): the contract's localPathSchema (the rules a
 * profile is saved with), plus the one thing a schema shared by every OS cannot
 * know: which absolute form this computer uses.
 */
export function validatePath(path: string, platform: LaunchPlatform, field = 'keyFile'): string {
  check(localPathProblem, path, field);
  const absolute = platform === 'win32' ? /^(?:[A-Za-z]:\\|\\\\[^\\?.])/.test(path) && win32.isAbsolute(path) : posix.isAbsolute(path);
  if (!absolute) {
    throw new LaunchError(platform === 'win32' ? 'request.posix-path' : 'request.windows-path', 'INVALID_INPUT', field, { path: printable(path) });
  }
  return path;
}

/** Remote command words for `ssh host -- cmd…`: the remote shell parses them, so only the user's own text, never control characters. */
export function validateRemoteCommand(words: string[]): string[] {
  if (words.length > 256) throw new LaunchError('request.too-many-words', 'INVALID_INPUT', 'remoteCommand');
  words.forEach((word, i) => {
    if (typeof word !== 'string' || word.length === 0 || word.length > 4096 || controlChars.test(word)) {
      throw new LaunchError('request.bad-word', 'INVALID_INPUT', `remoteCommand.${i}`);
    }
  });
  return words;
}

/** Validates every field that can reach argv, a URL, a script or an environment variable. */
export function validateRequest(request: LaunchRequest, platform: LaunchPlatform): void {
  validateHost(request.host);
  if (request.family !== 4 && request.family !== 6) {
    throw new LaunchError('request.family', 'INVALID_INPUT', 'family');
  }
  validateAddress(request.address, request.family);
  check(portProblem, request.port, 'port');
  if (request.user !== undefined) validateUser(request.user);
  if (request.keyFile !== undefined) validatePath(request.keyFile, platform);
  if (request.auth === 'key' && request.keyFile === undefined && request.client !== 'custom') {
    throw new LaunchError('request.no-key-file', 'INVALID_INPUT', 'keyFile');
  }
  if (request.remoteCommand !== undefined) validateRemoteCommand(request.remoteCommand);
}

/** For error messages: shows control characters instead of letting them act. */
export function printable(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value).slice(1, -1).replace(/[\u007f-\u009f]/g, '?');
}
