import { randomInt } from 'node:crypto';
import { b64, isBase64, unb64 } from './b64';
import { digestB64Length, digestNames, limits, SALTED_B64_PREFIX, type DigestName, type EncryptionMode } from './constants';
import { decrypt, digestB64, encrypt, hmacB64, sameB64 } from './crypto';
import { decodeFields, encodeFields, type SpaFields } from './fields';
import { checkKeys, type SpaKeys } from './keys';

/**
 * Builds and reads SPA packets exactly as libfko does (fko_spa_data_final and
 * fko_new_with_data): encode → digest → encrypt → base64 → HMAC over that
 * base64 *with* its "U2FsdGVkX1" prefix → prefix cut from the wire, HMAC
 * appended. The C client's own output is the unit tests' reference.
 */

export interface BuildOptions {
  digest?: DigestName;
  /** null: no HMAC (only for servers configured without HMAC_KEY). */
  hmac?: DigestName | null;
  mode?: EncryptionMode;
  /** Tests only: the C client's salt, to reproduce its packet byte for byte. */
  salt?: Uint8Array;
}

export interface BuiltPacket {
  /** What goes on the wire: ASCII, one UDP datagram or the TCP payload. */
  data: string;
  encoded: string;
  digest: string;
  hmac?: string;
  warnings: string[];
}

/** Sixteen random decimal digits, first one non-zero, as fko_set_rand_value makes them. */
export function randomValue(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < limits.randomDigits) digits += String(randomInt(0, 10));
  return digits;
}

export function buildPacket(fields: SpaFields, keys: SpaKeys, options: BuildOptions = {}): BuiltPacket {
  const mode = options.mode ?? 'cbc';
  const digestName = options.digest ?? 'sha256';
  const hmacName = options.hmac === undefined ? 'sha256' : options.hmac;
  if (keys.hmac && hmacName === null) throw new Error('an HMAC key was given but the HMAC type is "none"');
  if (!keys.hmac && hmacName !== null) throw new Error('no HMAC key was given: pass hmac: null to build a packet without HMAC');
  const warnings = checkKeys(keys, mode);
  // client/fwknop.c: in legacy mode only the first 16 key bytes are used.
  const encryptionKey = mode === 'legacy' ? keys.encryption.subarray(0, limits.legacyMinKey) : keys.encryption;
  const encoded = encodeFields(fields);
  if (encoded.length < limits.minEncoded || encoded.length > limits.maxEncoded) throw new Error(`encoded SPA data is ${encoded.length} bytes, outside fwknop's 36–1500`);
  const digest = digestB64(digestName, encoded);
  const encrypted = b64(encrypt(`${encoded}:${digest}`, encryptionKey, mode, options.salt));
  if (!keys.hmac || hmacName === null) return { data: encrypted.slice(SALTED_B64_PREFIX.length), encoded, digest, warnings };
  const hmac = hmacB64(hmacName, keys.hmac, encrypted);
  return { data: `${encrypted.slice(SALTED_B64_PREFIX.length)}${hmac}`, encoded, digest, hmac, warnings };
}

/** Why a packet was refused, named as fwknopd names it in its log (FKO_ERROR_…). */
export type DecodeError =
  | 'NOT_SPA_DATA'
  | 'INVALID_DATA_HMAC_COMPAREFAIL'
  | 'INVALID_DATA_ENCRYPT_CIPHERLEN_VALIDFAIL'
  | 'DECRYPTION_FAILURE'
  | 'INVALID_DIGEST_TYPE'
  | 'DIGEST_VERIFICATION_FAILED'
  | string;

export interface DecodeOptions {
  /** The server's HMAC_DIGEST_TYPE; 'auto' tries each type (for diagnosis); null: the stanza has no HMAC key. */
  hmac?: DigestName | 'auto' | null;
  mode?: EncryptionMode;
}

export type DecodedPacket =
  | {
      ok: true;
      fields: SpaFields;
      digestType: DigestName;
      hmacType: DigestName | null;
      encoded: string;
      digest: string;
    }
  | { ok: false; error: DecodeError; stage: 'format' | 'hmac' | 'decrypt' | 'decode' };

const hmacOrder: DigestName[] = ['sha256', 'sha512', 'sha384', 'sha1', 'md5', 'sha3_256', 'sha3_512'];

function withPrefix(data: string): string {
  return data.startsWith(SALTED_B64_PREFIX) ? data : `${SALTED_B64_PREFIX}${data}`;
}

/** fko_verify_hmac: the HMAC is the last N characters; it covers the prefixed base64 before it. */
function verifyHmac(data: string, key: Uint8Array, type: DigestName): string | undefined {
  const length = digestB64Length[type];
  if (data.length - length < limits.minEncoded) return undefined;
  const body = data.slice(0, data.length - length);
  return sameB64(data.slice(data.length - length), hmacB64(type, key, withPrefix(body))) ? body : undefined;
}

/**
 * Reads a packet the way fwknopd does, in its order: HMAC first (so a wrong
 * HMAC key is told apart from a wrong encryption key), then decryption, then
 * the digest and the fields.
 */
export function decodePacket(data: string, keys: SpaKeys, options: DecodeOptions = {}): DecodedPacket {
  const mode = options.mode ?? 'cbc';
  const wanted = options.hmac === undefined ? (keys.hmac ? 'sha256' : null) : options.hmac;
  if (!isBase64(data) || data.length < limits.minEncoded) return { ok: false, error: 'NOT_SPA_DATA', stage: 'format' };
  let body = data;
  let hmacType: DigestName | null = null;
  if (wanted !== null) {
    if (!keys.hmac) throw new Error('an HMAC type was given without an HMAC key');
    const candidates = wanted === 'auto' ? hmacOrder : [wanted];
    const match = candidates.find((type) => verifyHmac(data, keys.hmac as Buffer, type) !== undefined);
    if (match === undefined) return { ok: false, error: 'INVALID_DATA_HMAC_COMPAREFAIL', stage: 'hmac' };
    body = verifyHmac(data, keys.hmac, match) as string;
    hmacType = match;
  }
  const cipher = unb64(withPrefix(body));
  if (!cipher || cipher.length % 16 !== 0) return { ok: false, error: 'INVALID_DATA_ENCRYPT_CIPHERLEN_VALIDFAIL', stage: 'decrypt' };
  const plain = decrypt(cipher, keys.encryption, mode);
  // _rijndael_decrypt: a good key gives 16 digits and a colon; anything else is the wrong key (or mode).
  if (!plain || !/^\d{16}:/.test(plain.subarray(0, 17).toString('latin1'))) return { ok: false, error: 'DECRYPTION_FAILURE', stage: 'decrypt' };
  const text = plain.toString('latin1');
  if (!/^[\x20-\x7e]*$/.test(text)) return { ok: false, error: 'INVALID_DATA_DECODE_NON_ASCII', stage: 'decode' };
  const cut = text.lastIndexOf(':');
  const encoded = text.slice(0, cut);
  const digest = text.slice(cut + 1);
  // fwknopd knows the digest type only by its length; SHA3 shares SHA-256's and SHA-512's.
  const types = digestNames.filter((name) => digestB64Length[name] === digest.length);
  if (types.length === 0) return { ok: false, error: 'INVALID_DIGEST_TYPE', stage: 'decode' };
  const digestType = types.find((name) => sameB64(digest, digestB64(name, encoded)));
  if (digestType === undefined) return { ok: false, error: 'DIGEST_VERIFICATION_FAILED', stage: 'decode' };
  const decoded = decodeFields(encoded);
  if (!decoded.ok) return { ok: false, error: decoded.error, stage: 'decode' };
  return { ok: true, fields: decoded.fields, digestType, hmacType, encoded, digest };
}
