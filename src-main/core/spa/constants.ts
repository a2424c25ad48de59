/**
 * fwknop's wire constants (libfko 2.5–2.6.x, protocol "3.0.0"). Numbers and
 * limits are fwknop's own: lib/fko.h (enums), lib/fko_limits.h (sizes),
 * lib/digest.h (base64 lengths). Names are the strings fwknop's client and
 * fwknopd's access.conf use (`-m sha256`, `HMAC_DIGEST_TYPE sha3_256`).
 */

export const SPA_PROTOCOL_VERSION = '3.0.0';
export const DEFAULT_SPA_PORT = 62201;
/** fwknopd's default MAX_SPA_PACKET_AGE: older (or newer) packets are refused. */
export const DEFAULT_MAX_PACKET_AGE_S = 120;

/** fko_message_type_t. 0 (command) is decoded but never built: fwknopd disables it by default. */
export const messageTypes = {
  command: 0,
  access: 1,
  natAccess: 2,
  clientTimeoutAccess: 3,
  clientTimeoutNatAccess: 4,
  localNatAccess: 5,
  clientTimeoutLocalNatAccess: 6,
} as const;
export type MessageType = (typeof messageTypes)[keyof typeof messageTypes];

export const isNatType = (type: number): boolean => type === 2 || type === 4 || type === 5 || type === 6;
export const hasTimeoutField = (type: number): boolean => type === 3 || type === 4 || type === 6;

/** Digest and HMAC names in fwknop's numbering (fko_digest_type_t = fko_hmac_type_t). */
export const digestNames = ['md5', 'sha1', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512'] as const;
export type DigestName = (typeof digestNames)[number];

export const digestNumber: Record<DigestName, number> = { md5: 1, sha1: 2, sha256: 3, sha384: 4, sha512: 5, sha3_256: 6, sha3_512: 7 };

/** node:crypto's name for each (OpenSSL 3 has SHA-3; fwknop's hmac.c is standard HMAC over it). */
export const nodeHash: Record<DigestName, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha3_256: 'sha3-256',
  sha3_512: 'sha3-512',
};

/** Base64 length without "=" (MD5_B64_LEN…): fwknopd tells digests apart by this length alone. */
export const digestB64Length: Record<DigestName, number> = { md5: 22, sha1: 27, sha256: 43, sha384: 64, sha512: 86, sha3_256: 43, sha3_512: 86 };

/**
 * `fwknop --key-gen` HMAC key lengths (lib/fko_funcs.c fko_key_gen): the hash's
 * block size for SHA-2, the digest size for MD5/SHA-1. fwknop 2.6.10 refuses to
 * generate SHA-3 keys at all; Sesame gives them the SHA-256 length.
 */
export const keyGenHmacLength: Record<DigestName, number> = { md5: 16, sha1: 20, sha256: 64, sha384: 128, sha512: 128, sha3_256: 64, sha3_512: 64 };

/**
 * fko_encryption_mode_t for Rijndael. `legacy` is CBC with pre-2.5 key padding
 * (short keys filled with "0"); PCBC has no OpenSSL equivalent and is not offered.
 */
export const encryptionModes = ['cbc', 'cfb', 'ofb', 'ctr', 'ecb', 'legacy'] as const;
export type EncryptionMode = (typeof encryptionModes)[number];
export const encryptionModeNumber: Record<EncryptionMode, number> = { ecb: 1, cbc: 2, cfb: 3, ofb: 5, ctr: 6, legacy: 8 };
export const nodeCipher: Record<EncryptionMode, string> = {
  cbc: 'aes-256-cbc',
  cfb: 'aes-256-cfb',
  ofb: 'aes-256-ofb',
  ctr: 'aes-256-ctr',
  ecb: 'aes-256-ecb',
  legacy: 'aes-256-cbc',
};

/** lib/fko_limits.h and lib/cipher_funcs.h. */
export const limits = {
  randomDigits: 16,
  maxUser: 64,
  maxMessage: 256,
  maxNatAccess: 128,
  maxTimestamp: 12,
  maxVersion: 8,
  minEncoded: 36,
  maxEncoded: 1500,
  /** RIJNDAEL_MAX_KEYSIZE: fwknop refuses longer encryption keys. */
  maxKey: 32,
  /** RIJNDAEL_MIN_KEYSIZE: legacy mode pads shorter keys to this with "0". */
  legacyMinKey: 16,
  /** MAX_DIGEST_BLOCK_LEN (SHA3-256's block): fwknop refuses longer HMAC keys. */
  maxHmacKey: 136,
  /** fwknopd's MIN_SPA_DATA_SIZE (server/fwknopd_common.h): shorter datagrams are not even looked at. */
  minSpaData: 140,
} as const;

/** Base64 of "Salted__": every Rijndael packet starts with it, so the client leaves it off the wire. */
export const SALTED_B64_PREFIX = 'U2FsdGVkX1';
