import { randomBytes } from 'node:crypto';
import { unb64 } from './b64';
import { keyGenHmacLength, limits, type DigestName, type EncryptionMode } from './constants';

/**
 * SPA keys as bytes. fwknop takes each key either as text (KEY, HMAC_KEY: the
 * characters' bytes) or as base64 (KEY_BASE64, HMAC_KEY_BASE64: raw bytes,
 * NUL and 0xff included — what `fwknop --key-gen` makes). Both end up here.
 */
export interface SpaKeys {
  encryption: Buffer;
  /** Absent: the packet carries no HMAC (fwknopd stanzas without HMAC_KEY accept that; not recommended). */
  hmac?: Buffer;
}

/** How a user gives one key: as typed text, or as the base64 that `fwknop --key-gen` prints. */
export type KeyInput = { text: string } | { base64: string };

export class SpaKeyError extends Error {
  override readonly name = 'SpaKeyError';
  constructor(
    readonly field: 'key' | 'hmacKey',
    message: string,
  ) {
    super(message);
  }
}

const label = { key: 'encryption key (KEY / KEY_BASE64)', hmacKey: 'HMAC key (HMAC_KEY / HMAC_KEY_BASE64)' } as const;

/** Bytes of one key; throws naming the field and the fix. */
export function keyBytes(input: KeyInput, field: 'key' | 'hmacKey'): Buffer {
  if ('text' in input) {
    if (input.text.length === 0) throw new SpaKeyError(field, `The ${label[field]} is empty.`);
    return Buffer.from(input.text, 'utf8');
  }
  const trimmed = input.base64.trim();
  const bytes = unb64(trimmed);
  if (!bytes || trimmed === '') {
    throw new SpaKeyError(field, `The ${label[field]} is not base64: paste the value exactly as "fwknop --key-gen" printed it (letters, digits, "+", "/", "=").`);
  }
  return bytes;
}

/** The key rules fwknop's client enforces before it sends anything (client/fwknop.c get_keys, lib/fko_encryption.c). */
export function checkKeys(keys: SpaKeys, mode: EncryptionMode): string[] {
  const warnings: string[] = [];
  const max = mode === 'legacy' ? limits.legacyMinKey : limits.maxKey;
  if (keys.encryption.length === 0) throw new SpaKeyError('key', `The ${label.key} is empty.`);
  if (keys.encryption.length > limits.maxKey) {
    throw new SpaKeyError('key', `The ${label.key} is ${keys.encryption.length} bytes; fwknop uses at most ${limits.maxKey} (a --key-gen key is 32).`);
  }
  if (keys.encryption.length > max) warnings.push(`Legacy mode uses only the first ${max} bytes of the encryption key, as fwknop does.`);
  if (keys.hmac) {
    if (mode === 'legacy') throw new SpaKeyError('hmacKey', 'Legacy encryption mode cannot be combined with an HMAC key (fwknop refuses it too): use CBC mode, or remove the HMAC key.');
    if (keys.hmac.length === 0) throw new SpaKeyError('hmacKey', `The ${label.hmacKey} is empty.`);
    if (keys.hmac.length > limits.maxHmacKey) {
      throw new SpaKeyError('hmacKey', `The ${label.hmacKey} is ${keys.hmac.length} bytes; fwknop uses at most ${limits.maxHmacKey}.`);
    }
    if (keys.hmac.equals(keys.encryption)) {
      throw new SpaKeyError('hmacKey', 'The encryption key and the HMAC key are identical; fwknop refuses that, and so does Sesame: use two different keys.');
    }
  } else {
    warnings.push('No HMAC key: the packet is encrypted but not authenticated. fwknop recommends HMAC (generate a key pair with --key-gen).');
  }
  return warnings;
}

export interface GeneratedKeys {
  keyBase64: string;
  hmacKeyBase64: string;
}

/** `fwknop --key-gen`: 32 random bytes for AES, and an HMAC key as long as fwknop makes for that digest. */
export function generateKeys(
  options: { hmacDigest?: DigestName; keyLength?: number; hmacKeyLength?: number } = {},
  random: (n: number) => Buffer = randomBytes,
): GeneratedKeys {
  const keyLength = options.keyLength ?? limits.maxKey;
  const hmacLength = options.hmacKeyLength ?? keyGenHmacLength[options.hmacDigest ?? 'sha256'];
  if (!Number.isInteger(keyLength) || keyLength < 1 || keyLength > limits.maxKey) throw new SpaKeyError('key', `Key length must be 1–${limits.maxKey} bytes.`);
  if (!Number.isInteger(hmacLength) || hmacLength < 1 || hmacLength > 128) throw new SpaKeyError('hmacKey', 'HMAC key length must be 1–128 bytes.');
  return { keyBase64: random(keyLength).toString('base64'), hmacKeyBase64: random(hmacLength).toString('base64') };
}

/** The two lines `fwknop --key-gen` prints (and --key-gen-file writes). */
export function formatKeyGen(keys: GeneratedKeys): string {
  return `KEY_BASE64: ${keys.keyBase64}\nHMAC_KEY_BASE64: ${keys.hmacKeyBase64}\n`;
}

/** Reads the output of `fwknop --key-gen` / `--key-gen-file` (also "KEY_BASE64 value" rc style). */
export function parseKeyGen(text: string): Partial<GeneratedKeys> {
  const found: Partial<GeneratedKeys> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(KEY_BASE64|HMAC_KEY_BASE64)\s*:?\s+(\S+)\s*$/.exec(line);
    if (match?.[1] === 'KEY_BASE64') found.keyBase64 = match[2];
    if (match?.[1] === 'HMAC_KEY_BASE64') found.hmacKeyBase64 = match[2];
  }
  return found;
}

/**
 * The server's half: an access.conf stanza (fwknopd(8)) that accepts packets
 * made with these keys. Printed next to --key-gen's output and shown by the
 * editor's "generate keys", to paste into /etc/fwknop/access.conf.
 */
export function accessConfStanza(
  keys: GeneratedKeys,
  options: { source?: string; openPorts?: string; hmacDigest?: DigestName; mode?: EncryptionMode; timeoutS?: number; requireSource?: boolean } = {},
): string {
  const lines = [
    `SOURCE                  ${options.source ?? 'ANY'}`,
    ...(options.openPorts ? [`OPEN_PORTS              ${options.openPorts}`] : []),
    ...(options.requireSource ? ['REQUIRE_SOURCE_ADDRESS  Y'] : []),
    `KEY_BASE64              ${keys.keyBase64}`,
    `HMAC_KEY_BASE64         ${keys.hmacKeyBase64}`,
    ...(options.hmacDigest && options.hmacDigest !== 'sha256' ? [`HMAC_DIGEST_TYPE        ${options.hmacDigest}`] : []),
    ...(options.mode && options.mode !== 'cbc' ? [`ENCRYPTION_MODE         ${options.mode}`] : []),
    `FW_ACCESS_TIMEOUT       ${options.timeoutS ?? 30}`,
  ];
  return `${lines.join('\n')}\n`;
}
