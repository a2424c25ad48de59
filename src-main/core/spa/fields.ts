import { b64, unb64 } from './b64';
import { hasTimeoutField, isNatType, limits, type MessageType } from './constants';

/**
 * The plaintext fields of an SPA packet, in wire order (lib/fko_encode.c):
 * random:b64(user):time:version:type:b64(message)[:b64(nat)][:b64(server auth)][:client timeout]
 * The digest is appended by the packet builder, not here.
 */
export interface SpaFields {
  /** 16 decimal digits. */
  random: string;
  user: string;
  /** Unix seconds, as the client wants fwknopd to read it (TIME_OFFSET already applied). */
  timestamp: number;
  version: string;
  type: MessageType;
  /** "ALLOW_IP,proto/port[,proto/port…]" (or "ALLOW_IP,command" for type 0). */
  message: string;
  /** "host,port" for the NAT types. */
  nat?: string;
  /** Never built (fwknopd has no use for it); kept when decoding. */
  serverAuth?: string;
  /** Seconds; only for types 3, 4 and 6. */
  clientTimeout?: number;
}

export type AccessProto = 'tcp' | 'udp' | 'icmp' | 'none';
export interface AccessSpec {
  proto: AccessProto;
  port: number;
}

/** A field fwknop would refuse, with the field's name and what to change. */
export class SpaFieldError extends Error {
  override readonly name = 'SpaFieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

// lib/fko_user.c validate_username: printable ASCII minus the characters Windows forbids in names.
const badUserChar = /["/\\[\]:;|=,+*?<>]/;

export function checkUser(user: string): void {
  if (user.length === 0) throw new SpaFieldError('user', 'is empty: set the SPA user name (fwknop -U, SPOOF_USER)');
  if (user.length >= limits.maxUser) throw new SpaFieldError('user', `must be shorter than ${limits.maxUser} characters`);
  for (const char of user) {
    if (!/^[\x20-\x7e]$/.test(char) || badUserChar.test(char)) {
      throw new SpaFieldError('user', `contains "${char}", which fwknop refuses in a user name (none of " / \\ [ ] : ; | = , + * ? < > or non-ASCII)`);
    }
  }
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** fwknop 2.6 carries IPv4 allow addresses only (lib/fko_message.c have_allow_ip). */
export function isIpv4(text: string): boolean {
  return ipv4.test(text);
}

/** "tcp/22,udp/53" → specs; throws naming `field` on anything fwknopd would refuse. */
export function parseAccess(text: string, field = 'access'): AccessSpec[] {
  const parts = text.split(',').map((part) => part.trim());
  if (text.trim() === '' || parts.some((part) => part === '')) {
    throw new SpaFieldError(field, 'is empty: give at least one proto/port, e.g. "tcp/22" (several: "tcp/22,udp/53")');
  }
  return parts.map((part) => {
    const match = /^(tcp|udp|icmp|none)\/(\d{1,5})$/i.exec(part);
    const port = Number(match?.[2]);
    const proto = match?.[1]?.toLowerCase() as AccessProto | undefined;
    // "none/0" is what fwknop sends when no -A was given; every other entry needs a real port.
    if (!proto || !(proto === 'none' ? port >= 0 : port >= 1) || port > 65535) {
      throw new SpaFieldError(field, `"${part}" is not proto/port: write e.g. "tcp/22" (proto tcp, udp or icmp; port 1–65535)`);
    }
    return { proto, port };
  });
}

export function formatAccess(access: AccessSpec[]): string {
  return access.map((a) => `${a.proto}/${a.port}`).join(',');
}

/** The message field of an access request: "ALLOW_IP,tcp/22[,…]". "0.0.0.0" asks fwknopd to use the packet's source. */
export function accessMessage(allowIp: string, access: AccessSpec[]): string {
  if (!isIpv4(allowIp)) throw new SpaFieldError('allowIp', `"${allowIp}" is not an IPv4 address (fwknop 2.6 carries IPv4 only; "source" means 0.0.0.0)`);
  if (access.length === 0) throw new SpaFieldError('access', 'is empty: give at least one proto/port, e.g. "tcp/22"');
  return `${allowIp},${formatAccess(access)}`;
}

/** Splits an access message back into its allow IP and proto/port list. */
export function parseAccessMessage(message: string): { allowIp: string; access: AccessSpec[] } {
  const comma = message.indexOf(',');
  const allowIp = comma < 0 ? message : message.slice(0, comma);
  if (!isIpv4(allowIp)) throw new SpaFieldError('message', `allow IP "${allowIp}" is not an IPv4 address`);
  return { allowIp, access: parseAccess(message.slice(comma + 1), 'message') };
}

/** "host,port" for NAT requests (lib/fko_message.c validate_nat_access_msg). */
export function natMessage(host: string, port: number): string {
  if (host === '' || host.length > 254 || /[\s/?"'\\,:]/.test(host)) {
    throw new SpaFieldError('nat', `"${host}" is not a host name or IPv4 address fwknopd accepts`);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SpaFieldError('nat', `port ${port} must be from 1 to 65535`);
  return `${host},${port}`;
}

const fieldOrder = ['random', 'user', 'timestamp', 'version', 'type', 'message'] as const;

/** Checks the fields as libfko does before encoding (fko_encode_spa_data and the setters). */
export function checkFields(fields: SpaFields): void {
  if (!new RegExp(`^\\d{${limits.randomDigits}}$`).test(fields.random)) throw new SpaFieldError('random', 'must be exactly 16 decimal digits');
  checkUser(fields.user);
  if (!Number.isInteger(fields.timestamp) || fields.timestamp < 0 || fields.timestamp > 0xffffffff) {
    throw new SpaFieldError('timestamp', 'must be a whole number of seconds since 1970 that fits 32 bits');
  }
  if (fields.type < 1 || fields.type > 6) throw new SpaFieldError('type', 'must be 1–6 (access, NAT, client timeout, local NAT)');
  if (fields.message.length >= limits.maxMessage) throw new SpaFieldError('message', `must be shorter than ${limits.maxMessage} characters`);
  parseAccessMessage(fields.message);
  if (isNatType(fields.type) !== (fields.nat !== undefined)) {
    throw new SpaFieldError('nat', isNatType(fields.type) ? `message type ${fields.type} needs a NAT host,port` : `message type ${fields.type} carries no NAT field`);
  }
  if (fields.nat !== undefined && fields.nat.length >= limits.maxNatAccess) throw new SpaFieldError('nat', `must be shorter than ${limits.maxNatAccess} characters`);
  const timeout = fields.clientTimeout ?? 0;
  if (hasTimeoutField(fields.type) !== timeout > 0) {
    throw new SpaFieldError('clientTimeout', hasTimeoutField(fields.type) ? `message type ${fields.type} needs a client timeout above 0` : `message type ${fields.type} carries no client timeout`);
  }
  if (!Number.isInteger(timeout) || timeout < 0 || timeout > 65535 * 2) throw new SpaFieldError('clientTimeout', 'must be whole seconds from 1 to 131070');
}

/** The encoded message (without digest), byte for byte as libfko writes it. */
export function encodeFields(fields: SpaFields): string {
  checkFields(fields);
  const parts = [fields.random, b64(fields.user), String(fields.timestamp), fields.version, String(fields.type), b64(fields.message)];
  if (fields.nat !== undefined) parts.push(b64(fields.nat));
  if (fields.serverAuth !== undefined) parts.push(b64(fields.serverAuth));
  if (hasTimeoutField(fields.type)) parts.push(String(fields.clientTimeout));
  return parts.join(':');
}

/** Fields decoded from a plaintext, and why they could not be: the libfko error name. */
export type DecodeFieldsResult = { ok: true; fields: SpaFields } | { ok: false; error: string };

const text = (data: Buffer): string => data.toString('latin1');

/** Parses an encoded message (digest already removed) the way lib/fko_decode.c does. */
export function decodeFields(encoded: string): DecodeFieldsResult {
  const parts = encoded.split(':');
  if (parts.length < fieldOrder.length) return { ok: false, error: 'INVALID_DATA_DECODE_LT_MIN_FIELDS' };
  const [random = '', userB64 = '', time = '', version = '', typeText = '', messageB64 = '', ...rest] = parts;
  if (!/^\d{16}/.test(random)) return { ok: false, error: 'INVALID_DATA_DECODE_RAND_MISSING' };
  const user = unb64(userB64);
  if (!user || userB64.length > limits.maxUser) return { ok: false, error: 'INVALID_DATA_DECODE_USERNAME_DECODEFAIL' };
  if (!/^\d{1,12}$/.test(time)) return { ok: false, error: 'INVALID_DATA_DECODE_TIMESTAMP_DECODEFAIL' };
  if (version === '' || version.length > limits.maxVersion) return { ok: false, error: 'INVALID_DATA_DECODE_VERSION_MISSING' };
  if (!/^[0-6]$/.test(typeText)) return { ok: false, error: 'INVALID_DATA_DECODE_MSGTYPE_DECODEFAIL' };
  const type = Number(typeText) as MessageType;
  const maxRest = isNatType(type) ? (hasTimeoutField(type) ? 3 : 2) : hasTimeoutField(type) ? 2 : 1;
  if (rest.length > maxRest) return { ok: false, error: 'INVALID_DATA_DECODE_WRONG_NUM_FIELDS' };
  const message = unb64(messageB64);
  if (!message || messageB64 === '') return { ok: false, error: 'INVALID_DATA_DECODE_MESSAGE_DECODEFAIL' };
  const fields: SpaFields = { random: random.slice(0, 16), user: text(user), timestamp: Number(time), version, type, message: text(message) };
  try {
    checkUser(fields.user);
  } catch {
    return { ok: false, error: 'INVALID_DATA_DECODE_USERNAME_VALIDFAIL' };
  }
  if (type !== 0) {
    try {
      parseAccessMessage(fields.message);
    } catch {
      return { ok: false, error: 'INVALID_DATA_DECODE_ACCESS_VALIDFAIL' };
    }
  }
  if (isNatType(type)) {
    const nat = unb64(rest.shift() ?? '');
    if (!nat || nat.length === 0) return { ok: false, error: 'INVALID_DATA_DECODE_NATACCESS_DECODEFAIL' };
    fields.nat = text(nat);
  }
  if (hasTimeoutField(type)) {
    const timeout = rest.pop() ?? '';
    if (!/^\d{1,6}$/.test(timeout)) return { ok: false, error: 'INVALID_DATA_DECODE_TIMEOUT_VALIDFAIL' };
    fields.clientTimeout = Number(timeout);
  }
  if (rest.length > 0) {
    const auth = unb64(rest[0] ?? '');
    if (!auth) return { ok: false, error: 'INVALID_DATA_DECODE_SRVAUTH_DECODEFAIL' };
    fields.serverAuth = text(auth);
  }
  return { ok: true, fields };
}
