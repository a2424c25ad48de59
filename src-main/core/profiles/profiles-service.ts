import { randomBytes } from 'node:crypto';
import { contractError } from '../../contract/errors';
import {
  profileFieldsSchema,
  profileSchema,
  type Profile,
  type ProfileFieldsInput,
  type SecretKind,
} from '../../contract/features/profiles';
import type { KnockStep } from '../../contract/schemas/common';
import { secretAccount, secretKinds, type SecretStore } from '../secrets/secret-store';
import type { ProfileDocument } from './document';
import type { ProfileStore } from './profile-store';
import { filterProfiles, nameKey, uniqueName, type ProfileFilter } from './search';
import { parseOrThrow } from './validate';

export interface ProfilesServiceDeps {
  store: ProfileStore;
  secrets: SecretStore;
  now: () => number;
  newId?: () => string;
  /** How long a deleted profile (and its secrets, held in main's memory) can be brought back. */
  undoTtlMs?: number;
}

export type ChangeReason = 'created' | 'updated' | 'deleted' | 'restored' | 'imported' | 'secret';

interface UndoEntry {
  profile: Profile;
  secrets: Partial<Record<SecretKind, string>>;
  expiresAt: number;
}

export function newProfileId(): string {
  return `p_${randomBytes(9).toString('base64url')}`;
}

/** The profiles operations shared by the IPC handlers, the CLI and (later) the connect feature. */
export function createProfilesService(deps: ProfilesServiceDeps) {
  const { store, secrets, now } = deps;
  const newId = deps.newId ?? newProfileId;
  const undoTtlMs = deps.undoTtlMs ?? 10 * 60_000;
  const undo = new Map<string, UndoEntry>();

  function find(doc: ProfileDocument, id: string): { profile: Profile; index: number } {
    const index = doc.profiles.findIndex((p) => p.id === id);
    const profile = doc.profiles[index];
    if (!profile) throw contractError('NOT_FOUND', `No profile with id "${id}".`);
    return { profile, index };
  }

  function assertUniqueName(doc: ProfileDocument, name: string, exceptId?: string): void {
    const key = nameKey(name);
    const clash = doc.profiles.find((p) => p.id !== exceptId && nameKey(p.name) === key);
    if (clash) {
      const message = `"${name}" is already used by another profile: choose a different name`;
      throw contractError('INVALID_INPUT', `Invalid profile: name: ${message}`, { issues: [{ path: 'name', message }] });
    }
  }

  function pruneUndo(): void {
    const t = now();
    for (const [token, entry] of undo) if (entry.expiresAt <= t) undo.delete(token);
    // Bounded: secrets held for undo must not pile up in memory.
    while (undo.size > 20) undo.delete(undo.keys().next().value as string);
  }

  async function setFlag(id: string, kind: SecretKind, value: boolean): Promise<Profile> {
    const { value: updated } = await store.update((doc) => {
      const { profile, index } = find(doc, id);
      const next = profileSchema.parse({
        ...profile,
        [kind === 'password' ? 'hasPassword' : 'hasPassphrase']: value,
        updatedAt: Math.max(now(), profile.updatedAt),
      });
      doc.profiles[index] = next;
      return next;
    });
    return updated;
  }

  return {
    store,

    async list(filter: ProfileFilter = {}): Promise<{ profiles: Profile[]; revision: number }> {
      const doc = await store.read();
      return { profiles: filterProfiles(doc.profiles, filter), revision: doc.revision };
    },

    async get(id: string): Promise<Profile> {
      return find(await store.read(), id).profile;
    },

    /** For the CLI: an exact id, else a case-insensitive name. */
    async resolve(ref: string): Promise<Profile> {
      const doc = await store.read();
      const byId = doc.profiles.find((p) => p.id === ref);
      if (byId) return byId;
      const byName = doc.profiles.find((p) => nameKey(p.name) === nameKey(ref));
      if (byName) return byName;
      throw contractError('NOT_FOUND', `No profile named or with id "${ref}". Run "sesame profiles list" to see them.`);
    },

    async create(input: ProfileFieldsInput): Promise<Profile> {
      const fields = parseOrThrow(profileFieldsSchema, input, 'profile');
      const { value } = await store.update((doc) => {
        assertUniqueName(doc, fields.name);
        const t = now();
        const profile = profileSchema.parse({ ...fields, id: newId(), createdAt: t, updatedAt: t });
        doc.profiles.push(profile);
        return profile;
      });
      return value;
    },

    async update(id: string, input: ProfileFieldsInput, expectedUpdatedAt?: number): Promise<Profile> {
      const fields = parseOrThrow(profileFieldsSchema, input, 'profile');
      const { value } = await store.update((doc) => {
        const { profile, index } = find(doc, id);
        if (expectedUpdatedAt !== undefined && profile.updatedAt !== expectedUpdatedAt) {
          throw contractError('CONFLICT', `"${profile.name}" was changed elsewhere since you opened it: reload it and edit again.`);
        }
        assertUniqueName(doc, fields.name, id);
        const next = profileSchema.parse({
          ...fields,
          id,
          hasPassword: profile.hasPassword,
          hasPassphrase: profile.hasPassphrase,
          createdAt: profile.createdAt,
          updatedAt: Math.max(now(), profile.updatedAt),
        });
        doc.profiles[index] = next;
        return next;
      });
      return value;
    },

    /** Deletes the profile and its keychain entries; the secrets stay in memory only for undo. */
    async remove(id: string): Promise<{ undoToken: string; profile: Profile }> {
      const profile = find(await store.read(), id).profile;
      const held: UndoEntry['secrets'] = {};
      // Keychain first: if it is unavailable the profile stays, rather than orphaning its secrets.
      for (const kind of secretKinds) {
        if (!(kind === 'password' ? profile.hasPassword : profile.hasPassphrase)) continue;
        const account = secretAccount(id, kind);
        const secret = await secrets.get(account);
        if (secret !== null) held[kind] = secret;
        await secrets.delete(account);
      }
      try {
        await store.update((doc) => {
          doc.profiles.splice(find(doc, id).index, 1);
        });
      } catch (error) {
        for (const [kind, secret] of Object.entries(held)) await secrets.set(secretAccount(id, kind as SecretKind), secret).catch(() => {});
        throw error;
      }
      pruneUndo();
      const undoToken = `u_${randomBytes(12).toString('base64url')}`;
      undo.set(undoToken, { profile, secrets: held, expiresAt: now() + undoTtlMs });
      return { undoToken, profile };
    },

    async undoDelete(token: string): Promise<{ profile: Profile; secretsRestored: boolean }> {
      pruneUndo();
      const entry = undo.get(token);
      if (!entry) throw contractError('NOT_FOUND', 'Nothing to undo: the deletion is too old or was already undone.');
      undo.delete(token);
      // The id is settled under the lock first: an import may have taken the old one
      // meanwhile, and its keychain entries must not be overwritten by ours.
      const { value: restored } = await store.update((doc) => {
        const taken = new Set(doc.profiles.map((p) => nameKey(p.name)));
        const exists = doc.profiles.some((p) => p.id === entry.profile.id);
        const profile = profileSchema.parse({
          ...entry.profile,
          id: exists ? newId() : entry.profile.id,
          name: uniqueName(entry.profile.name, taken),
          hasPassword: false,
          hasPassphrase: false,
        });
        doc.profiles.push(profile);
        return profile;
      });
      let secretsRestored = true;
      const restoredKinds = new Set<SecretKind>();
      for (const [kind, secret] of Object.entries(entry.secrets) as [SecretKind, string][]) {
        try {
          await secrets.set(secretAccount(restored.id, kind), secret);
          restoredKinds.add(kind);
        } catch {
          secretsRestored = false;
        }
      }
      let value = restored;
      if (restoredKinds.size > 0) {
        ({ value } = await store.update((doc) => {
          const { profile, index } = find(doc, restored.id);
          const next = { ...profile, hasPassword: restoredKinds.has('password'), hasPassphrase: restoredKinds.has('passphrase') };
          doc.profiles[index] = next;
          return next;
        }));
      }
      return { profile: value, secretsRestored };
    },

    /** Write-only from the UI's point of view: stores the secret, then flips the profile's flag. */
    async setSecret(id: string, kind: SecretKind, secret: string): Promise<Profile> {
      await this.get(id);
      // A failed keychain write throws here, before the profile is touched.
      await secrets.set(secretAccount(id, kind), secret);
      try {
        return await setFlag(id, kind, true);
      } catch (error) {
        await secrets.delete(secretAccount(id, kind)).catch(() => {});
        throw error;
      }
    },

    async deleteSecret(id: string, kind: SecretKind): Promise<Profile> {
      await this.get(id);
      await secrets.delete(secretAccount(id, kind));
      return setFlag(id, kind, false);
    },

    /** Main-side only (the launcher): never expose through the contract. */
    async readSecret(id: string, kind: SecretKind): Promise<string | null> {
      const profile = await this.get(id);
      if (!(kind === 'password' ? profile.hasPassword : profile.hasPassphrase)) return null;
      return secrets.get(secretAccount(id, kind));
    },

    /** The next unused one-time sequence, if the profile has a list; it stays unused until {@link markOneTimeUsed}. */
    async nextOneTimeSequence(id: string): Promise<{ index: number; steps: KnockStep[] } | undefined> {
      const profile = await this.get(id);
      const index = profile.oneTimeSequences.findIndex((s) => s.usedAt === undefined);
      const entry = profile.oneTimeSequences[index];
      return entry ? { index, steps: entry.steps } : undefined;
    },

    /** Remembers what the FTP check found, so the UI can show it and the next connect can start from it. */
    async rememberFtpMode(id: string, mode: 'passive' | 'active'): Promise<Profile> {
      const { value } = await store.update((doc) => {
        const { profile, index } = find(doc, id);
        const next = { ...profile, ftpModeLearned: mode };
        doc.profiles[index] = next;
        return next;
      });
      return value;
    },

    /** Call only after a successful knock: a failed knock must not burn a sequence. */
    async markOneTimeUsed(id: string, index: number): Promise<Profile> {
      const { value } = await store.update((doc) => {
        const { profile, index: at } = find(doc, id);
        const entry = profile.oneTimeSequences[index];
        if (!entry) throw contractError('NOT_FOUND', `"${profile.name}" has no one-time sequence #${index + 1}.`);
        if (entry.usedAt !== undefined) {
          throw contractError('CONFLICT', `One-time sequence #${index + 1} of "${profile.name}" was already used.`);
        }
        const oneTimeSequences = profile.oneTimeSequences.map((s, i) => (i === index ? { ...s, usedAt: now() } : s));
        const next = { ...profile, oneTimeSequences, updatedAt: Math.max(now(), profile.updatedAt) };
        doc.profiles[at] = next;
        return next;
      });
      return value;
    },
  };
}

export type ProfilesService = ReturnType<typeof createProfilesService>;
