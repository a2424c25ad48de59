import { digestNames, encryptionModes, type DigestName, type EncryptionMode } from './constants';
import { isIpv4, parseAccess } from './fields';
import { DEFAULT_STANZA, findStanza, layeredValues, type RcFile, type RcValue } from './fwknoprc';
import type { KeyInput } from './keys';
import type { SpaRequest, SpaWireOptions } from './request';
import { parseTimeOffset } from './time-offset';

/**
 * One .fwknoprc stanza (with [default] under it) as Sesame settings: what it
 * asks of the server, how to send it, and its keys. Every variable ends up in
 * exactly one place — used, unsupported (with the reason) or unknown — so an
 * importer can show all of it and lose nothing.
 */
export interface RcSettings {
  stanza: string;
  server?: string;
  request: Partial<SpaRequest>;
  wire: Partial<SpaWireOptions>;
  /** ALLOW_IP resolve: the address comes from RESOLVE_URL (never a built-in service). */
  resolveUrl?: string;
  allowIpResolve: boolean;
  keys: { key?: KeyInput; hmacKey?: KeyInput };
  /** Values fwknop would refuse, or that Sesame cannot honour, with the line to fix. */
  problems: { line: number; variable: string; message: string }[];
  /** Variables read but without effect in Sesame (VERBOSE, NO_SAVE_ARGS…), kept for display and export. */
  ignored: { line: number; variable: string; value: string; reason: string }[];
}

// Shown instead of the value for these (the value may be a secret or is irrelevant).
const ignoredReasons: Record<string, string> = {
  VERBOSE: 'output detail of the fwknop client',
  NO_SAVE_ARGS: 'fwknop writes ~/.fwknop.run; Sesame keeps no such file',
  USE_WGET_USER_AGENT: 'Sesame does not run wget',
  WGET_CMD: 'Sesame does not run wget',
  RESOLVE_HTTP_ONLY: 'Sesame fetches RESOLVE_URL exactly as written',
  SERVER_RESOLVE_IPV4: 'SPA always goes over IPv4 (fwknop 2.6 listens on IPv4 only)',
  HTTP_USER_AGENT: 'Sesame sends the User-Agent fwknopd accepts by default (Fwknop/…)',
};
const unsupportedReasons: Record<string, string> = {
  USE_GPG: 'GnuPG-encrypted SPA is not supported: use Rijndael keys (fwknop --key-gen)',
  USE_GPG_AGENT: 'GnuPG-encrypted SPA is not supported',
  GPG_RECIPIENT: 'GnuPG-encrypted SPA is not supported',
  GPG_SIGNER: 'GnuPG-encrypted SPA is not supported',
  GPG_HOMEDIR: 'GnuPG-encrypted SPA is not supported',
  GPG_EXE: 'GnuPG-encrypted SPA is not supported',
  GPG_SIGNING_PW: 'GnuPG-encrypted SPA is not supported',
  GPG_SIGNING_PW_BASE64: 'GnuPG-encrypted SPA is not supported',
  GPG_NO_SIGNING_PW: 'GnuPG-encrypted SPA is not supported',
  SPOOF_SOURCE_IP: 'forging the source address needs raw sockets (root); Sesame sends from this computer’s address',
  RAND_PORT: 'a random server port needs a matching PCAP_FILTER on the server; set SPA_SERVER_PORT instead',
  NAT_RAND_PORT: 'set NAT_PORT to the port you want instead',
  KEY_FILE: 'give the key itself (it is stored in the keychain)',
  HMAC_KEY_FILE: 'give the HMAC key itself (it is stored in the keychain)',
  SPA_SOURCE_PORT: 'Sesame lets the OS pick the source port',
};

// fwknop's is_yes_str: strcasecmp(value, "Y") — "yes" is *not* yes.
function yes(entry: RcValue, variable: string, problems: RcSettings['problems']): boolean {
  if (/^y$/i.test(entry.value)) return true;
  if (!/^n$/i.test(entry.value)) problems.push({ line: entry.line, variable, message: `fwknop reads only "Y" as yes; "${entry.value}" counts as N` });
  return false;
}

function int(entry: RcValue, variable: string, min: number, max: number, problems: RcSettings['problems']): number | undefined {
  const n = /^\d+$/.test(entry.value) ? Number(entry.value) : Number.NaN;
  if (n >= min && n <= max) return n;
  problems.push({ line: entry.line, variable, message: `must be a whole number from ${min} to ${max}, got "${entry.value}"` });
  return undefined;
}

function digestName(entry: RcValue, variable: string, problems: RcSettings['problems']): DigestName | undefined {
  const name = entry.value.toLowerCase() as DigestName;
  if (digestNames.includes(name)) return name;
  problems.push({ line: entry.line, variable, message: `must be one of ${digestNames.join(', ')}, got "${entry.value}"` });
  return undefined;
}

/** Settings of stanza `name`, [default] applied under it. */
export function rcSettings(file: RcFile, name: string): RcSettings {
  if (!findStanza(file, name) && name.toLowerCase() !== DEFAULT_STANZA) throw new Error(`No stanza [${name}] in the .fwknoprc file.`);
  const values = layeredValues(file, name);
  const settings: RcSettings = { stanza: findStanza(file, name)?.name ?? name, request: {}, wire: {}, allowIpResolve: false, keys: {}, problems: [], ignored: [] };
  const { problems, request, wire } = settings;
  let useHmac = false;
  for (const [variable, entry] of values) {
    const v = entry.value;
    const problem = (message: string): void => void problems.push({ line: entry.line, variable, message });
    switch (variable) {
      case 'SPA_SERVER': settings.server = v; break;
      case 'ACCESS':
        try {
          parseAccess(v, 'ACCESS');
          request.access = v;
        } catch (error) {
          problem((error as Error).message.replace(/^ACCESS: /, ''));
        }
        break;
      case 'ALLOW_IP':
        if (/^source$/i.test(v)) request.allowIp = 'source';
        else if (/^resolve$/i.test(v)) settings.allowIpResolve = true;
        else if (isIpv4(v)) request.allowIp = v;
        else problem(`must be "source", "resolve" or an IPv4 address, got "${v}"`);
        break;
      case 'RESOLVE_IP_HTTPS':
      case 'RESOLVE_IP_HTTP':
        if (yes(entry, variable, problems)) settings.allowIpResolve = true;
        break;
      case 'RESOLVE_URL':
        if (/^https?:\/\/[^\s/]+/i.test(v)) settings.resolveUrl = v;
        else problem(`must be an http:// or https:// URL, got "${v}"`);
        break;
      case 'SPOOF_USER': request.user = v; break;
      case 'FW_TIMEOUT': { const n = int(entry, variable, 0, 131_072, problems); if (n !== undefined) request.clientTimeoutS = n; break; }
      case 'TIME_OFFSET':
        try {
          request.timeOffsetS = parseTimeOffset(v);
        } catch (error) {
          problem((error as Error).message.replace(/^TIME_OFFSET /, ''));
        }
        break;
      case 'NAT_ACCESS': {
        const match = /^([^,:]+)[,:](\d{1,5})$/.exec(v);
        const port = Number(match?.[2]);
        if (match?.[1] && port >= 1 && port <= 65535) request.nat = { host: match[1], port };
        else problem(`must be host,port (e.g. 192.168.10.5,22), got "${v}"`);
        break;
      }
      case 'NAT_LOCAL': request.natLocal = yes(entry, variable, problems); break;
      case 'NAT_PORT': { const n = int(entry, variable, 1, 65535, problems); if (n !== undefined) request.natPort = n; break; }
      case 'SPA_SERVER_PORT': { const n = int(entry, variable, 1, 65535, problems); if (n !== undefined) wire.serverPort = n; break; }
      case 'SPA_SERVER_PROTO': {
        const proto = v.toLowerCase();
        if (proto === 'udp' || proto === 'tcp' || proto === 'http') wire.serverProto = proto;
        else if (['tcpraw', 'udpraw', 'icmp'].includes(proto)) problem(`"${v}" needs raw sockets (root); Sesame sends udp, tcp or http`);
        else problem(`must be udp, tcp or http, got "${v}"`);
        break;
      }
      case 'DIGEST_TYPE': { const d = digestName(entry, variable, problems); if (d) wire.digest = d; break; }
      case 'HMAC_DIGEST_TYPE': { const d = digestName(entry, variable, problems); if (d) wire.hmac = d; break; }
      case 'ENCRYPTION_MODE': {
        const mode = v.toLowerCase() as EncryptionMode;
        if (encryptionModes.includes(mode)) wire.mode = mode;
        else problem(`Sesame supports ${encryptionModes.join(', ')}; got "${v}"${/^pcbc$/i.test(v) ? ' (PCBC has no OpenSSL equivalent)' : ''}`);
        break;
      }
      case 'USE_HMAC': useHmac = yes(entry, variable, problems); break;
      case 'KEY': settings.keys.key = { text: v }; break;
      case 'KEY_BASE64': settings.keys.key = { base64: v }; break;
      case 'HMAC_KEY': settings.keys.hmacKey = { text: v }; break;
      case 'HMAC_KEY_BASE64': settings.keys.hmacKey = { base64: v }; break;
      default:
        if (variable in unsupportedReasons) problem(unsupportedReasons[variable] as string);
        else settings.ignored.push({ line: entry.line, variable, value: variable in ignoredReasons ? v : '(kept)', reason: ignoredReasons[variable] ?? 'not an fwknop variable' });
    }
  }
  // fwknop: --use-hmac (USE_HMAC Y) without a key prompts for one; Sesame needs it given.
  if (useHmac && !settings.keys.hmacKey) problems.push({ line: values.get('USE_HMAC')?.line ?? 0, variable: 'USE_HMAC', message: 'HMAC is on but no HMAC_KEY or HMAC_KEY_BASE64 is set: add the key' });
  if (!settings.keys.hmacKey && wire.hmac === undefined) wire.hmac = null;
  if (settings.allowIpResolve && !settings.resolveUrl) {
    problems.push({ line: values.get('ALLOW_IP')?.line ?? 0, variable: 'ALLOW_IP', message: 'resolve needs RESOLVE_URL: Sesame never asks a built-in third-party service for your address' });
  }
  return settings;
}
