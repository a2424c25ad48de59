import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { contractError } from '../../contract/error-codes';
import type { SecretStore } from './secret-store';

/** The file in the data folder that names this folder's keychain entries. */
export const storeIdFileName = 'keychain-id';
const idPattern = /^k_[A-Za-z0-9_-]{16,64}$/;

async function readId(path: string): Promise<string | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const id = text.trim();
  if (!idPattern.test(id)) {
    // Never replaced: a new id would orphan every secret saved under the old one.
    throw contractError(
      'CONFLICT',
      `${path} does not hold a keychain id (expected one line like "k_…"): restore it from a backup of this data folder, or move it away (passwords saved under it will then have to be saved again).`,
    );
  }
  return id;
}

/**
 * This data folder's keychain id: read, or created once (random, 0600, never
 * overwritten: `wx` makes a concurrent second creator read the first one's).
 * `create: false` only reads (undefined when there is none yet).
 */
export async function dataFolderStoreId(dataDir: string, options: { create: boolean }): Promise<string | undefined> {
  const path = join(dataDir, storeIdFileName);
  const existing = await readId(path);
  if (existing !== undefined || !options.create) return existing;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const id = `k_${randomBytes(16).toString('base64url')}`;
  try {
    await writeFile(path, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return (await readId(path)) as string;
  }
}

/** The keychain account of `account` in the store `storeId`. */
export const storeAccount = (storeId: string, account: string) => `${storeId}/${account}`;

/**
 * Keychain entries of one data folder. Before, entries were keyed by profile
 * id only, so two data folders (two SESAME_HOMEs) that imported the same file
 * shared — and deleted — each other's passwords. Now every account is prefixed
 * with the folder's own id ({@link dataFolderStoreId}).
 *
 * Entries saved before ("legacy", unprefixed) are migrated without loss:
 * - a read finds this folder's entry first; failing that, the legacy one,
 *   which it copies under this folder's name and leaves in place (another
 *   data folder may not have read it yet);
 * - a write goes to this folder's entry only, so the legacy value stays what
 *   the other folders saved;
 * - a delete removes this folder's entry and the legacy one: the user asked
 *   for that secret to be gone, and a password the user deleted must not stay
 *   in the keychain. (A folder that has not read the shared legacy entry
 *   since the upgrade loses it then, exactly as it would have before; once
 *   each folder has read its secrets, they are independent.)
 */
export function dataFolderSecretStore(inner: SecretStore, dataDir: string): SecretStore & { has(account: string): Promise<boolean> } {
  let id: Promise<string> | undefined;
  const ownId = async () => {
    id ??= dataFolderStoreId(dataDir, { create: true }).then((value) => value as string);
    return id.catch((error: unknown) => {
      id = undefined;
      throw error;
    });
  };
  return {
    async get(account) {
      const store = await ownId();
      const own = await inner.get(storeAccount(store, account));
      if (own !== null) return own;
      const legacy = await inner.get(account);
      // A copy, never a move: the read changes nothing that was saved.
      if (legacy !== null) await inner.set(storeAccount(store, account), legacy).catch(() => undefined);
      return legacy;
    },
    async set(account, secret) {
      await inner.set(storeAccount(await ownId(), account), secret);
    },
    async delete(account) {
      const own = await inner.delete(storeAccount(await ownId(), account));
      const legacy = await inner.delete(account);
      return own || legacy;
    },
    /** Whether a secret is there (this folder's or a legacy one), without creating the id or copying anything. */
    async has(account) {
      const store = await (id ?? dataFolderStoreId(dataDir, { create: false }));
      if (store !== undefined && (await inner.get(storeAccount(store, account))) !== null) return true;
      return (await inner.get(account)) !== null;
    },
  };
}
