import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { b64 } from './b64';
import { limits, nodeCipher, nodeHash, type DigestName, type EncryptionMode } from './constants';

/**
 * The cryptography of an SPA packet, with node:crypto only. fwknop encrypts
 * exactly like `openssl enc -aes-256-cbc -md md5` (lib/cipher_funcs.c
 * rij_salt_and_iv): OpenSSL's EVP_BytesToKey with MD5 and one round turns the
 * key and an 8-byte salt into the AES-256 key and IV, the output is
 * "Salted__" ‖ salt ‖ ciphertext, and the plaintext is PKCS#7-padded in every
 * mode (even the stream modes).
 */

export const SALT_LENGTH = 8;
const BLOCK = 16;

export function digest(name: DigestName, data: string | Uint8Array): Buffer {
  return createHash(nodeHash[name]).update(data).digest();
}

/** The message digest field: base64 of the hash, "=" stripped. */
export function digestB64(name: DigestName, data: string | Uint8Array): string {
  return b64(digest(name, data));
}

/** HMAC as fwknop's lib/hmac.c computes it (standard HMAC, keys longer than a block hashed first). */
export function hmacB64(name: DigestName, key: Uint8Array, data: string): string {
  return b64(createHmac(nodeHash[name], key).update(data, 'latin1').digest());
}

/** Constant-time comparison of two base64 strings (fwknop's constant_runtime_cmp). */
export function sameB64(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Pre-2.5 fwknop padded short keys with "0" up to 16 bytes; `legacy` mode still
 * does (rij_salt_and_iv). The client also cuts longer keys to 16 bytes before
 * that (client/fwknop.c), which is the builder's business, not this one's.
 */
export function legacyKey(key: Uint8Array): Buffer {
  const bytes = Buffer.from(key);
  return bytes.length >= limits.legacyMinKey ? bytes : Buffer.concat([bytes, Buffer.alloc(limits.legacyMinKey - bytes.length, '0')]);
}

/** OpenSSL's EVP_BytesToKey(MD5, count 1): D_i = MD5(D_{i-1} ‖ key ‖ salt) until 48 bytes. */
export function deriveKeyIv(key: Uint8Array, salt: Uint8Array): { key: Buffer; iv: Buffer } {
  const chunks: Buffer[] = [];
  let previous = Buffer.alloc(0);
  while (chunks.length * 16 < 48) {
    previous = createHash('md5').update(previous).update(key).update(salt).digest();
    chunks.push(previous);
  }
  const material = Buffer.concat(chunks);
  return { key: material.subarray(0, 32), iv: material.subarray(32, 48) };
}

function cipherKey(key: Uint8Array, mode: EncryptionMode): Uint8Array {
  return mode === 'legacy' ? legacyKey(key) : key;
}

/** "Salted__" ‖ salt ‖ AES-256(plaintext + PKCS#7) in `mode`. A fresh random salt unless one is given (tests). */
export function encrypt(plaintext: string, key: Uint8Array, mode: EncryptionMode, salt: Uint8Array = randomBytes(SALT_LENGTH)): Buffer {
  if (salt.length !== SALT_LENGTH) throw new Error(`salt must be ${SALT_LENGTH} bytes`);
  const derived = deriveKeyIv(cipherKey(key, mode), salt);
  const data = Buffer.from(plaintext, 'latin1');
  const pad = BLOCK - (data.length % BLOCK);
  const padded = Buffer.concat([data, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv(nodeCipher[mode], derived.key, mode === 'ecb' ? null : derived.iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([Buffer.from('Salted__', 'latin1'), salt, cipher.update(padded), cipher.final()]);
}

/**
 * Reverses `encrypt`; undefined when the data cannot be AES output at all.
 * Padding is removed as lib/cipher_funcs.c rij_decrypt does — only when it is
 * well-formed — because a wrong key yields garbage, and what tells a wrong
 * key apart is the plaintext's shape, checked by the caller.
 */
export function decrypt(data: Uint8Array, key: Uint8Array, mode: EncryptionMode): Buffer | undefined {
  if (data.length < SALT_LENGTH * 2 + BLOCK || data.length % BLOCK !== 0) return undefined;
  const salt = data.subarray(SALT_LENGTH, SALT_LENGTH * 2);
  const derived = deriveKeyIv(cipherKey(key, mode), salt);
  const decipher = createDecipheriv(nodeCipher[mode], derived.key, mode === 'ecb' ? null : derived.iv);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data.subarray(SALT_LENGTH * 2)), decipher.final()]);
  const pad = plain[plain.length - 1] ?? 0;
  if (pad >= 1 && pad <= BLOCK && plain.subarray(plain.length - pad).every((byte) => byte === pad)) {
    return plain.subarray(0, plain.length - pad);
  }
  return plain;
}
