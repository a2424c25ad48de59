import { contractError } from '../../contract/error-codes';
import { hasSecret, profileSchema, type Profile, type SecretKind } from '../../contract/features/profiles';
import { secretAccount, secretKinds, type SecretStore } from '../secrets/secret-store';
import { takenIds, type ProfileDocument } from './document';
import type { ProfileStore } from './profile-store';
import { nameKey, uniqueName } from './search';
import { createTrashFile, newTrashId, trashAccount, trashFileFor, trashItem, trashKeepMs, type TrashEntry, type TrashItem } from './trash';

export interface TrashDeps {
  store: ProfileStore;
  secrets: SecretStore;
  now: () => number;
  newId: () => string;
  /** Defaults to trash.json beside the profiles file. */
  trashFile?: string;
}

/** A trash entry that was emptied for good (its 30 days were over), for the caller to tell the user. */
export interface PurgedItem {
  name: string;
  deletedAt: number;
}

export interface RestoreResult {
  profile: Profile;
  /** False when a secret the entry held could not be found in the keychain any more. */
  secretsRestored: boolean;
  /** The name it was deleted with, when that name is taken now and it came back as "NAME (2)". */
  renamedFrom?: string;
  purged: PurgedItem[];
}

const hasKind = (profile: Profile, kind: SecretKind) => hasSecret(profile, kind);

/**
 * The trash behind `sesame profiles rm`/`restore` and the app's undo of a
 * delete: one on-disk list (trash.json, 0600), so a profile deleted in the app
 * can be restored from a terminal and the other way round, for 30 days.
 * Expired entries are purged lazily, by the next delete or restore, which
 * reports them; a purge deletes their keychain entries, and a purge the
 * keychain refuses keeps the entry for the next time.
 *
 * Lock order: the store's "trash" lock, then the profiles file's lock (inside
 * `store.update`). The trash file is written before a delete rewrites
 * profiles.json and after a restore did, so a crash in between leaves the
 * profile in both places, never in neither.
 */
export function createTrash(deps: TrashDeps) {
  const { store, secrets, now, newId } = deps;
  const file = createTrashFile(deps.trashFile ?? trashFileFor(store.filePath));
  const locked = <T>(fn: () => Promise<T>) => store.exclusive('trash', fn, { waitMs: 15_000 });

  async function dropSecrets(entry: TrashEntry): Promise<void> {
    for (const kind of entry.secrets) await secrets.delete(trashAccount(entry.id, kind));
  }

  /**
   * Under the trash lock: finishes restores that stopped after writing
   * profiles.json, then empties what has been in the trash for 30 days.
   */
  async function purge(): Promise<PurgedItem[]> {
    let doc = await file.read();
    const ids = takenIds(await store.read());
    const finished = doc.entries.filter((e) => e.restoringAs !== undefined && ids.has(e.restoringAs));
    if (finished.length > 0) {
      doc = { ...doc, entries: doc.entries.filter((e) => !finished.includes(e)) };
      await file.write(doc);
      for (const entry of finished) await dropSecrets(entry).catch(() => {});
    }
    const t = now();
    const expired = doc.entries.filter((e) => e.deletedAt + trashKeepMs <= t);
    if (expired.length === 0) return [];
    const purged: TrashEntry[] = [];
    for (const entry of expired) {
      try {
        await dropSecrets(entry);
        purged.push(entry);
      } catch {
        // The keychain said no (locked, unavailable): the entry stays, so its secrets are not orphaned; tried again next time.
      }
    }
    if (purged.length > 0) await file.write({ ...doc, entries: doc.entries.filter((e) => !purged.includes(e)) });
    return purged.map((e) => ({ name: e.profile.name, deletedAt: e.deletedAt }));
  }

  function pick(entries: TrashEntry[], ref: string | undefined): TrashEntry {
    const newestFirst = [...entries].sort((a, b) => b.deletedAt - a.deletedAt);
    const found =
      ref === undefined
        ? newestFirst[0]
        : (newestFirst.find((e) => e.id === ref) ?? newestFirst.find((e) => e.profile.id === ref) ?? newestFirst.find((e) => nameKey(e.profile.name) === nameKey(ref)));
    if (!found) {
      throw contractError('NOT_FOUND', ref === undefined ? 'The trash is empty.' : `Nothing named or with id "${ref}" is in the trash.`);
    }
    return found;
  }

  return {
    filePath: file.filePath,

    /** Moves the profile to the trash with its keychain entries; returns the entry's id (the undo token). */
    async moveToTrash(id: string): Promise<{ entryId: string; profile: Profile; purged: PurgedItem[] }> {
      return locked(async () => {
        const purged = await purge();
        const entryId = newTrashId();
        const moved: SecretKind[] = [];
        let written = false;
        const change = store.update(async (doc) => {
          const index = doc.profiles.findIndex((p) => p.id === id);
          const profile = doc.profiles[index];
          if (!profile) throw contractError('NOT_FOUND', `No profile with id "${id}".`);
          try {
            // Keychain first: if it is unavailable the profile stays where it is, with its secrets.
            for (const kind of secretKinds) {
              if (!hasKind(profile, kind)) continue;
              const stored = await secrets.get(secretAccount(id, kind));
              if (stored === null) continue;
              // As stored, binding included: restored, the secret goes only where it went before.
              await secrets.set(trashAccount(entryId, kind), stored);
              moved.push(kind);
            }
            const trash = await file.read();
            const extras = doc.extras?.profiles?.get(id);
            const entry: TrashEntry = { id: entryId, deletedAt: now(), profile, secrets: moved, ...(extras ? { extras } : {}) };
            await file.write({ ...trash, entries: [...trash.entries, entry] });
            written = true;
          } catch (error) {
            for (const kind of moved) await secrets.delete(trashAccount(entryId, kind)).catch(() => {});
            throw error;
          }
          doc.profiles.splice(index, 1);
          return profile;
        });
        let profile: Profile;
        try {
          ({ value: profile } = await change);
        } catch (error) {
          // profiles.json was not rewritten: the profile is still there, so its trash entry must go.
          if (written) {
            const trash = await file.read();
            await file.write({ ...trash, entries: trash.entries.filter((e) => e.id !== entryId) });
            for (const kind of moved) await secrets.delete(trashAccount(entryId, kind)).catch(() => {});
          }
          throw error;
        }
        // The copies are safe in the trash's accounts; a failure here only leaves a copy under the old id.
        for (const kind of moved) await secrets.delete(secretAccount(id, kind)).catch(() => {});
        return { entryId, profile, purged };
      });
    },

    /** Puts an entry back (by entry id, profile id or name; the newest deletion first, or the last one when `ref` is omitted). */
    async restore(ref?: string, options: { exactEntry?: boolean } = {}): Promise<RestoreResult> {
      return locked(async () => {
        const purged = await purge();
        const trash = await file.read();
        const entry = options.exactEntry ? trash.entries.find((e) => e.id === ref) : pick(trash.entries, ref);
        if (!entry) throw contractError('NOT_FOUND', 'Nothing to undo: the deleted profile is no longer in the trash.');
        const copied: string[] = [];
        let secretsRestored = true;
        let result;
        try {
          result = await store.update(async (doc: ProfileDocument) => {
            // An import may have taken the old id meanwhile: then the profile comes back under a new one.
            const taken = takenIds(doc);
            let profileId = entry.profile.id;
            while (taken.has(profileId)) profileId = newId();
            const kinds = new Set<SecretKind>();
            for (const kind of entry.secrets) {
              const stored = await secrets.get(trashAccount(entry.id, kind));
              if (stored === null) {
                secretsRestored = false;
                continue;
              }
              const account = secretAccount(profileId, kind);
              await secrets.set(account, stored);
              copied.push(account);
              kinds.add(kind);
            }
            const names = new Set(doc.profiles.map((p) => nameKey(p.name)));
            const profile = profileSchema.parse({
              ...entry.profile,
              id: profileId,
              name: uniqueName(entry.profile.name, names),
              hasPassword: kinds.has('password'),
              hasPassphrase: kinds.has('passphrase'),
              hasSpaKey: kinds.has('spa-key') || undefined,
              hasSpaHmacKey: kinds.has('spa-hmac-key') || undefined,
            });
            await file.write({ ...trash, entries: trash.entries.map((e) => (e === entry ? { ...e, restoringAs: profileId } : e)) });
            doc.profiles.push(profile);
            if (entry.extras) {
              const profiles = new Map(doc.extras?.profiles ?? []);
              profiles.set(profileId, entry.extras);
              doc.extras = { ...doc.extras, profiles };
            }
            return profile;
          });
        } catch (error) {
          // Nothing changed in the profiles file: the entry stays in the trash, with its secrets.
          for (const account of copied) await secrets.delete(account).catch(() => {});
          await file.write(trash).catch(() => {});
          throw error;
        }
        await file.write({ ...trash, entries: trash.entries.filter((e) => e !== entry) });
        await dropSecrets(entry).catch(() => {});
        const profile = result.value;
        return {
          profile,
          secretsRestored,
          purged,
          ...(profile.name !== entry.profile.name ? { renamedFrom: entry.profile.name } : {}),
        };
      });
    },

    /** The trash, newest deletion first. A read: expired entries are shown as such, and purged by the next delete or restore. */
    async list(): Promise<{ items: TrashItem[]; unreadable: number }> {
      const doc = await file.read();
      const t = now();
      return { items: doc.entries.map((e) => trashItem(e, t)).sort((a, b) => b.deletedAt - a.deletedAt), unreadable: doc.unreadable.length };
    },
  };
}

export type Trash = ReturnType<typeof createTrash>;
