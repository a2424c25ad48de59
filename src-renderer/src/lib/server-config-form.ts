import type { MethodRequest } from '../../../src-main/contract';
import { cliArgument, shellWord } from './cli-command';

export type ServerConfigRequest = Omit<MethodRequest<'getServerConfig'>, 'id' | 'language'>;

/** The panel's fields as typed (strings, so a half-typed number is kept as the user wrote it). */
export interface ServerConfigForm {
  firewall: 'nftables' | 'iptables';
  interface: string;
  timeout: string;
  tcpWrappers: boolean;
  allowFrom: string;
  passiveRange: string;
}

export const defaultServerConfigForm: ServerConfigForm = { firewall: 'nftables', interface: '', timeout: '', tcpWrappers: false, allowFrom: '', passiveRange: '' };

/** Which field is wrong, by its locale key under `serverConfig.errors`. */
export type ServerConfigFormError = { field: 'timeout' | 'passiveRange' | 'allowFrom'; key: 'timeout' | 'passiveRange' | 'allowFrom' };

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/**
 * The contract request for what the user typed, or the first field that cannot
 * be sent as it is. Only what the contract's schema would refuse is checked
 * here (whole numbers, ranges, counts); the kit itself checks the rest (an
 * interface name, a hosts.allow pattern) and names the field in its answer.
 */
export function serverConfigRequest(form: ServerConfigForm): { request: ServerConfigRequest } | { error: ServerConfigFormError } {
  const request: ServerConfigRequest = { firewall: form.firewall };
  if (form.interface.trim() !== '') request.interface = form.interface.trim();
  if (form.timeout.trim() !== '') {
    const seconds = Number(form.timeout.trim());
    if (!/^\d+$/.test(form.timeout.trim()) || seconds < 1 || seconds > 86_400) return { error: { field: 'timeout', key: 'timeout' } };
    request.timeoutSeconds = seconds;
  }
  const allowFrom = words(form.allowFrom);
  if (allowFrom.length > 32 || allowFrom.some((a) => a.length > 100)) return { error: { field: 'allowFrom', key: 'allowFrom' } };
  if (form.tcpWrappers || allowFrom.length > 0) request.tcpWrappers = true;
  if (allowFrom.length > 0) request.allowFrom = allowFrom;
  if (form.passiveRange.trim() !== '') {
    const match = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(form.passiveRange.trim());
    if (!match) return { error: { field: 'passiveRange', key: 'passiveRange' } };
    request.passiveRange = { min: Number(match[1]), max: Number(match[2]) };
  }
  return { request };
}

/** The `sesame server-config` line that prints the same texts (CLI flags: src-main/cli/commands/server-config.ts). */
export function serverConfigCommand(profile: { id: string; name: string }, request: ServerConfigRequest, platform: string): string {
  // Interface names and hosts.allow patterns are plain words (the kit checks them); quoted all the same, so a * cannot glob.
  const quote = (word: string) => shellWord(word, platform) ?? word;
  const parts = ['sesame', 'server-config', cliArgument(profile, platform)];
  if (request.firewall && request.firewall !== 'nftables') parts.push('--firewall', request.firewall);
  if (request.interface !== undefined) parts.push('--interface', quote(request.interface));
  if (request.timeoutSeconds !== undefined) parts.push('--timeout', String(request.timeoutSeconds));
  if (request.tcpWrappers && !request.allowFrom?.length) parts.push('--tcp-wrappers');
  for (const address of request.allowFrom ?? []) parts.push('--allow-from', quote(address));
  if (request.passiveRange) parts.push('--pasv-range', `${request.passiveRange.min}-${request.passiveRange.max}`);
  return parts.join(' ');
}
