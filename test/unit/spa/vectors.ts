import { readFileSync } from 'node:fs';
import { encryptionModeNumber, encryptionModes, digestNames, type DigestName, type EncryptionMode, type MessageType } from '../../../src-main/core/spa/constants';
import type { SpaFields } from '../../../src-main/core/spa/fields';
import { keyBytes, type SpaKeys } from '../../../src-main/core/spa/keys';

/** One packet the C client built (see vectors/make-c-client-vectors.mjs). */
export interface CVector {
  fwknopArgs: string[];
  keys: { key?: string; keyBase64?: string; hmacKey?: string; hmacKeyBase64?: string };
  randomValue: string;
  username: string;
  timestamp: number;
  version: string;
  messageType: number;
  message: string;
  natAccess: string | null;
  clientTimeout: number;
  digestType: string;
  hmacType: string;
  encryptionMode: string;
  encodedData: string;
  digest: string;
  hmac: string | null;
  spaData: string;
}

export const cVectors: Record<string, CVector> = JSON.parse(readFileSync(new URL('./vectors/c-client-vectors.json', import.meta.url), 'utf8')).vectors;

/** "3 (SHA256)" → "sha256"; "0 (None)" → null. */
export function digestOf(text: string): DigestName | null {
  const n = Number.parseInt(text, 10);
  return n === 0 ? null : (digestNames[n - 1] as DigestName);
}

export function modeOf(text: string): EncryptionMode {
  const n = Number.parseInt(text, 10);
  const mode = encryptionModes.find((m) => encryptionModeNumber[m] === n);
  if (!mode) throw new Error(`unknown mode ${text}`);
  return mode;
}

export function keysOf(v: CVector): SpaKeys {
  const k = v.keys;
  const encryption = keyBytes(k.keyBase64 !== undefined ? { base64: k.keyBase64 } : { text: k.key ?? '' }, 'key');
  const hmac =
    k.hmacKeyBase64 !== undefined ? keyBytes({ base64: k.hmacKeyBase64 }, 'hmacKey') : k.hmacKey !== undefined ? keyBytes({ text: k.hmacKey }, 'hmacKey') : undefined;
  return hmac ? { encryption, hmac } : { encryption };
}

export function fieldsOf(v: CVector): SpaFields {
  return {
    random: v.randomValue,
    user: v.username,
    timestamp: v.timestamp,
    version: v.version,
    type: v.messageType as MessageType,
    message: v.message,
    ...(v.natAccess !== null ? { nat: v.natAccess } : {}),
    ...(v.clientTimeout > 0 ? { clientTimeout: v.clientTimeout } : {}),
  };
}

/** The salt the C client drew: bytes 8–16 of the ciphertext once "Salted__" is put back in front. */
export function saltOf(v: CVector): Buffer {
  const body = v.hmac ? v.spaData.slice(0, v.spaData.length - v.hmac.length) : v.spaData;
  return Buffer.from(`U2FsdGVkX1${body}`, 'base64').subarray(8, 16);
}
