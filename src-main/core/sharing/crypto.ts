import { createCipheriv, createDecipheriv, randomBytes, scrypt, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { ImportError } from './limits';

/**
 * Credentials inside a .sesame file: scrypt-derived key, AES-256-GCM. All
 * parameters travel in the file so a future Sesame can raise them and still
 * read old files. `aad` binds the ciphertext to the profiles it belongs to:
 * editing a host in the file (to send the passwords elsewhere) breaks the tag.
 */
// N=2^17, r=8, p=1: the cost OWASP's password-storage cheat sheet lists for scrypt
// (128 MiB, about half a second here). Files written with 2^15 (Sesame 0.1) still read.
export const defaultKdf = { name: 'scrypt', N: 2 ** 17, r: 8, p: 1 } as const;

const b64 = (min: number, max: number) =>
  z
    .string()
    .max(Math.ceil((max * 4) / 3) + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .transform((s) => Buffer.from(s, 'base64'))
    .refine((b) => b.length >= min && b.length <= max, `must decode to ${min}–${max} bytes`);

// Bounds for hostile files. scrypt's memory is 128·N·r bytes and its work grows
// with N·r·p, so those products are capped, not each number alone: a file may
// ask for at most our own memory (128 MiB) and twice our work (~1 s here), never
// gigabytes or minutes that would also starve the libuv pool every fs and DNS call shares.
export const maxKdfMemory = 128 * defaultKdf.N * defaultKdf.r;
const maxKdfWork = 2 * defaultKdf.N * defaultKdf.r * defaultKdf.p;

export const encryptedBlobSchema = z
  .object({
    kdf: z
      .object({
        name: z.literal('scrypt'),
        N: z.number().int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'must be a power of two'),
        r: z.number().int().min(1).max(16),
        p: z.number().int().min(1).max(4),
        salt: b64(16, 64),
      })
      .strict()
      .refine((k) => 128 * k.N * k.r <= maxKdfMemory && k.N * k.r * k.p <= maxKdfWork, {
        message: 'asks for more key-derivation work than Sesame allows',
      }),
    cipher: z.object({ name: z.literal('aes-256-gcm'), iv: b64(12, 12), tag: b64(16, 16) }).strict(),
    data: b64(1, 5 * 1024 * 1024),
  })
  .strict();

export interface EncryptedBlob {
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string };
  data: string;
}

function deriveKey(passphrase: string, salt: BinaryLike, N: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N, r, p, maxmem: maxKdfMemory + 1024 * 1024 };
  // Async scrypt runs on the libuv pool: a ~100 ms derivation must not freeze the main process.
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** `kdf` other than the default only to write files as an older Sesame did (tests of reading them). */
export async function encryptJson(
  value: unknown,
  passphrase: string,
  aad: string,
  kdf: { N: number; r: number; p: number } = defaultKdf,
): Promise<EncryptedBlob> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, kdf.N, kdf.r, kdf.p);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return {
    kdf: { name: 'scrypt', N: kdf.N, r: kdf.r, p: kdf.p, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    data: data.toString('base64'),
  };
}

export const wrongPassphrase = 'Wrong passphrase or damaged file: the credentials could not be decrypted.';

export async function decryptJson(blob: unknown, passphrase: string, aad: string): Promise<unknown> {
  const parsed = encryptedBlobSchema.safeParse(blob);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ImportError(`The encrypted credentials are damaged (${issue?.path.join('.')}: ${issue?.message}).`);
  }
  const { kdf, cipher, data } = parsed.data;
  const key = await deriveKey(passphrase, kdf.salt, kdf.N, kdf.r, kdf.p);
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, cipher.iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(cipher.tag);
    plain = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  } catch {
    // GCM cannot tell a wrong key from a flipped bit, and neither can we.
    throw new ImportError(wrongPassphrase);
  }
  try {
    return JSON.parse(plain) as unknown;
  } catch {
    throw new ImportError(wrongPassphrase);
  }
}
