import { contractError } from '../../contract/error-codes';
import type { SecretKind } from '../../contract/features/profiles';
import type { SpaKeyEncoding } from '../../contract/schemas/spa';
import { limits } from './constants';
import { keyBytes, SpaKeyError, type KeyInput, type SpaKeys } from './keys';

/**
 * SPA keys in the keychain. Whatever way the user gave a key (typed text as
 * in KEY, or base64 as in KEY_BASE64 / fwknop --key-gen), the keychain holds
 * one form: the base64 of its bytes. So a key with NUL or 0xff bytes survives
 * every store (Secret Service, Keychain, Credential Manager take strings), an
 * encrypted export carries it unchanged, and reading never has to guess.
 */
export const spaKeyKinds = ['spa-key', 'spa-hmac-key'] as const satisfies readonly SecretKind[];
export type SpaKeyKind = (typeof spaKeyKinds)[number];

export function isSpaKeyKind(kind: SecretKind): kind is SpaKeyKind {
  return kind === 'spa-key' || kind === 'spa-hmac-key';
}

const fieldOf = { 'spa-key': 'key', 'spa-hmac-key': 'hmacKey' } as const;
const maxBytes = { 'spa-key': limits.maxKey, 'spa-hmac-key': limits.maxHmacKey } as const;

/** The keychain form of a key; throws INVALID_INPUT naming the field and the fix. */
export function storedSpaKey(kind: SpaKeyKind, secret: string, encoding: SpaKeyEncoding = 'text'): string {
  const input: KeyInput = encoding === 'base64' ? { base64: secret } : { text: secret };
  let bytes: Buffer;
  try {
    bytes = keyBytes(input, fieldOf[kind]);
  } catch (error) {
    if (error instanceof SpaKeyError) throw invalid(kind, error.message);
    throw error;
  }
  if (bytes.length > maxBytes[kind]) {
    throw invalid(kind, `The key is ${bytes.length} bytes; fwknop uses at most ${maxBytes[kind]}${kind === 'spa-key' ? ' (a --key-gen key is 32)' : ''}.`);
  }
  return bytes.toString('base64');
}

function invalid(kind: SpaKeyKind, message: string): unknown {
  return contractError('INVALID_INPUT', `Invalid ${kind}: ${message}`, { issues: [{ path: 'secret', message }] });
}

/** A stored key back to bytes (values written by hand with secret-tool may be anything: say so). */
export function spaKeyFromStored(kind: SpaKeyKind, stored: string): Buffer {
  try {
    return keyBytes({ base64: stored }, fieldOf[kind]);
  } catch {
    throw contractError('INVALID_INPUT', `The ${kind === 'spa-key' ? 'SPA encryption key' : 'SPA HMAC key'} in the keychain is not in Sesame's form: set it again (sesame secret set PROFILE --kind ${kind}).`);
  }
}

/** Both keys for one send; the HMAC key is absent only when the profile sends without HMAC. */
export function spaKeysFromStored(key: string | null, hmacKey: string | null, profileName: string, hmacOff: boolean): SpaKeys {
  if (key === null) {
    throw contractError(
      'INVALID_INPUT',
      `"${profileName}" has no SPA encryption key in the keychain: set it in the editor (or "sesame secret set '${profileName}' --kind spa-key"), or generate a key pair.`,
      { issues: [{ path: 'spa-key', message: 'is not set' }] },
    );
  }
  if (hmacKey === null && !hmacOff) {
    throw contractError(
      'INVALID_INPUT',
      `"${profileName}" has no SPA HMAC key in the keychain: set it (or "sesame secret set '${profileName}' --kind spa-hmac-key"), or set the HMAC type to "none" if the server's stanza has no HMAC_KEY.`,
      { issues: [{ path: 'spa-hmac-key', message: 'is not set' }] },
    );
  }
  return { encryption: spaKeyFromStored('spa-key', key), ...(hmacKey !== null && !hmacOff ? { hmac: spaKeyFromStored('spa-hmac-key', hmacKey) } : {}) };
}
