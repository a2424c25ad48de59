import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { contractError } from '../../contract/error-codes';
import { profileSchema, secretKindSchema, type Profile, type SecretKind } from '../../contract/features/profiles';
import { ensurePrivateDir } from '../app-paths';
import { writeFileAtomically } from '../files/lazy-io';
import { secretAccount } from '../secrets/secret-store';

/** How long a deleted profile (with its keychain entries) can be restored. */
export const trashKeepMs = 30 * 24 * 60 * 60_000;

/**
 * One deleted profile. Its keychain values are moved, byte for byte (so still
 * bound to their destination, see core/secrets/bound-secret.ts), to accounts
 * of the trash entry itself: a profile imported meanwhile with the old id
 * (a .sesame file keeps ids) can neither overwrite them nor inherit them.
 */
export interface TrashEntry {
  /** The entry's own id: the app's undo token, and what `sesame profiles restore --list` shows. */
  id: string;
  deletedAt: number;
  profile: Profile;
  /** Keys a newer Sesame wrote on the profile, written back when it is restored. */
  extras?: Record<string, unknown>;
  /** The secrets held in the keychain for this entry. */
  secrets: SecretKind[];
  /**
   * Set, with the profile id it is being restored as, just before a restore
   * writes profiles.json: if the process stops before the entry is removed,
   * the next trash operation sees that id in the file and finishes the job
   * instead of restoring a second copy.
   */
  restoringAs?: string;
}

export interface TrashDocument {
  entries: TrashEntry[];
  /** Entries this Sesame cannot read (a newer one wrote them, or a hand edit): kept and written back as they are. */
  unreadable: unknown[];
}

const trashFormat = 'sesame-trash';
const entrySchema = z.object({
  id: z.string().regex(/^t_[A-Za-z0-9_-]+$/),
  deletedAt: z.number().int().min(0),
  profile: profileSchema,
  extras: z.record(z.string(), z.unknown()).optional(),
  secrets: z.array(secretKindSchema),
  restoringAs: z.string().optional(),
});
const fileSchema = z.object({ format: z.literal(trashFormat), version: z.literal(1), entries: z.array(z.unknown()) });

/** The keychain account that holds a trashed secret (never a profile's own account). */
export function trashAccount(entryId: string, kind: SecretKind): string {
  return secretAccount(`trash-${entryId}`, kind);
}

export function newTrashId(): string {
  return `t_${randomBytes(9).toString('base64url')}`;
}

/** The trash file, beside profiles.json. Callers hold the store's "trash" lock around read → write. */
export function createTrashFile(filePath: string) {
  return {
    filePath,
    async read(): Promise<TrashDocument> {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: [] };
        throw contractError('INTERNAL', `Cannot read the trash file ${filePath} (${(error as NodeJS.ErrnoException).code ?? 'error'}); Sesame changes nothing in it.`);
      }
      let parsed;
      try {
        parsed = fileSchema.safeParse(JSON.parse(text));
      } catch {
        parsed = undefined;
      }
      // Never overwritten when unreadable: the deleted profiles (and the way to their secrets) are in it.
      if (!parsed?.success) {
        throw contractError('CONFLICT', `The trash file ${filePath} is not a Sesame trash file Sesame can read: fix it, or move it away to start an empty trash.`);
      }
      const doc: TrashDocument = { entries: [], unreadable: [] };
      for (const raw of parsed.data.entries) {
        const entry = entrySchema.safeParse(raw);
        if (entry.success) doc.entries.push(entry.data as TrashEntry);
        else doc.unreadable.push(raw);
      }
      return doc;
    },
    async write(doc: TrashDocument): Promise<void> {
      await ensurePrivateDir(dirname(filePath));
      const entries = [...doc.entries, ...doc.unreadable].map((e) => JSON.stringify(e));
      const text = `{"format":"${trashFormat}","version":1,"entries":[\n${entries.join(',\n')}\n]}\n`;
      await writeFileAtomically(filePath, text, { mode: 0o600, fsync: true });
    },
  };
}

export type TrashFile = ReturnType<typeof createTrashFile>;

export { trashFileFor } from './trash-path';

/** What a user sees of an entry: never the secrets, only which kinds are kept. */
export interface TrashItem {
  id: string;
  profileId: string;
  name: string;
  host?: string;
  deletedAt: number;
  expiresAt: number;
  expired: boolean;
  secrets: SecretKind[];
}

export function trashItem(entry: TrashEntry, now: number): TrashItem {
  const expiresAt = entry.deletedAt + trashKeepMs;
  return {
    id: entry.id,
    profileId: entry.profile.id,
    name: entry.profile.name,
    ...(entry.profile.host !== undefined ? { host: entry.profile.host } : {}),
    deletedAt: entry.deletedAt,
    expiresAt,
    expired: expiresAt <= now,
    secrets: entry.secrets,
  };
}
