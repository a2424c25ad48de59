import { randomBytes } from 'node:crypto';
import { contractError } from '../../contract/error-codes';
import { secretFlags } from '../../contract/features/profile-facts';
import type { AttentionItem, Profile, ProfileFieldsInput, SecretDestinationStatus, SecretKind } from '../../contract/features/profiles';
import type { KnockStep } from '../../contract/schemas/common';
import type { Destination } from '../secrets/bound-secret';
import { secretAccount, secretKinds, type SecretStore } from '../secrets/secret-store';
import { takenIds, type AttentionEntry, type ProfileDocument } from './document-model';
import type { ProfileStore } from './profile-store';
import { filterProfiles, nameKey, type ProfileFilter } from './search';
import { createSecretBinding } from './secret-binding';
import type { createTrash, PurgedItem, RestoreResult } from './trash-service';
import { trashFileFor } from './trash-path';
import { parseOrThrow } from './validate';
import type { SpaKeyEncoding } from '../../contract/schemas/spa';
import { isSpaKeyKind, storedSpaKey } from '../spa/stored-keys';

export interface ProfilesServiceDeps {
  store: ProfileStore;
  secrets: SecretStore;
  now: () => number;
  newId?: () => string;
  /** Where deleted profiles wait 30 days; defaults to trash.json beside the profiles file. */
  trashFile?: string;
}

export type ChangeReason = 'created' | 'updated' | 'deleted' | 'restored' | 'imported' | 'secret';

/** What the UI/CLI show of an entry that needs attention (never its raw text). */
export function attentionItem(entry: AttentionEntry): AttentionItem {
  return {
    index: entry.index,
    line: entry.line,
    issues: entry.issues,
    ...(entry.id !== undefined ? { id: entry.id } : {}),
    ...(entry.name !== undefined ? { name: entry.name } : {}),
  };
}

export function newProfileId(): string {
  return `p_${randomBytes(9).toString('base64url')}`;
}

/** The profiles operations shared by the IPC handlers, the CLI and (later) the connect feature. */
export function createProfilesService(deps: ProfilesServiceDeps) {
  const { store, secrets, now } = deps;
  const newId = deps.newId ?? newProfileId;
  const trashFile = deps.trashFile ?? trashFileFor(store.filePath);
  // The trash and the profile schemas (zod) load on first use: `sesame connect`
  // reads a profile and never edits or deletes one, and building the schemas
  // would cost it ~45 ms before its first knock.
  let trashLoaded: Promise<ReturnType<typeof createTrash>> | undefined;
  const trash = () => (trashLoaded ??= import('./trash-service').then((m) => m.createTrash({ store, secrets, now, newId, trashFile })));
  const schemas = () => import('../../contract/features/profiles');
  const binding = createSecretBinding(secrets);

  function find(doc: ProfileDocument, id: string): { profile: Profile; index: number } {
    const index = doc.profiles.findIndex((p) => p.id === id);
    const profile = doc.profiles[index];
    if (!profile) throw notFound(doc, `No profile with id "${id}".`, id);
    return { profile, index };
  }

  /** NOT_FOUND, unless the profile is there but needs attention, or the file cannot be read at all. */
  function notFound(doc: ProfileDocument, message: string, ref: string): unknown {
    if (doc.damaged !== undefined) return contractError('CONFLICT', `The profiles file ${store.filePath} ${doc.damaged}: fix it first.`);
    const kept = doc.attention.find((e) => e.id === ref || (e.name !== undefined && nameKey(e.name) === nameKey(ref)));
    if (kept) {
      const issue = kept.issues[0];
      return contractError(
        'INVALID_INPUT',
        `"${kept.name ?? ref}" needs attention and cannot be used until it is fixed: ${issue?.path}: ${issue?.message} (${store.filePath}, line ${kept.line}).`,
        { issues: kept.issues },
      );
    }
    return contractError('NOT_FOUND', message);
  }

  function assertUniqueName(doc: ProfileDocument, name: string, exceptId?: string): void {
    const key = nameKey(name);
    const clash = doc.profiles.find((p) => p.id !== exceptId && nameKey(p.name) === key);
    if (clash) {
      const message = `"${name}" is already used by another profile: choose a different name`;
      throw contractError('INVALID_INPUT', `Invalid profile: name: ${message}`, { issues: [{ path: 'name', message }] });
    }
  }

  async function setFlag(id: string, kind: SecretKind, value: boolean): Promise<Profile> {
    const { profileSchema } = await schemas();
    const { value: updated } = await store.update((doc) => {
      const { profile, index } = find(doc, id);
      const next = profileSchema.parse({
        ...profile,
        [secretFlags[kind]]: value || undefined,
        updatedAt: Math.max(now(), profile.updatedAt),
      });
      doc.profiles[index] = next;
      return next;
    });
    return updated;
  }

  return {
    store,

    async list(
      filter: ProfileFilter = {},
    ): Promise<{ profiles: Profile[]; revision: number; attention: AttentionItem[]; damaged?: string }> {
      const doc = await store.read();
      return {
        profiles: filterProfiles(doc.profiles, filter),
        revision: doc.revision,
        attention: doc.attention.map(attentionItem),
        ...(doc.damaged !== undefined ? { damaged: doc.damaged } : {}),
      };
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
      throw notFound(doc, `No profile named or with id "${ref}". Run "sesame profiles list" to see them.`, ref);
    },

    async create(input: ProfileFieldsInput): Promise<Profile> {
      const { profileFieldsSchema, profileSchema } = await schemas();
      const fields = parseOrThrow(profileFieldsSchema, input, 'profile');
      const { value } = await store.update((doc) => {
        assertUniqueName(doc, fields.name);
        const t = now();
        const taken = takenIds(doc);
        let id = newId();
        while (taken.has(id)) id = newId();
        const profile = profileSchema.parse({ ...fields, id, createdAt: t, updatedAt: t });
        doc.profiles.push(profile);
        return profile;
      });
      return value;
    },

    async update(id: string, input: ProfileFieldsInput, expectedUpdatedAt?: number): Promise<Profile> {
      const { profileFieldsSchema, profileSchema } = await schemas();
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
          ...(profile.hasSpaKey ? { hasSpaKey: true } : {}),
          ...(profile.hasSpaHmacKey ? { hasSpaHmacKey: true } : {}),
          createdAt: profile.createdAt,
          updatedAt: Math.max(now(), profile.updatedAt),
        });
        doc.profiles[index] = next;
        return next;
      });
      return value;
    },

    /**
     * Moves the profile to the trash for 30 days, its keychain entries with it
     * (see ./trash-service). The undo token is the trash entry's id, so the
     * app's undo and `sesame profiles restore` bring back the same thing.
     */
    async remove(id: string): Promise<{ undoToken: string; profile: Profile; purged: PurgedItem[] }> {
      find(await store.read(), id);
      const { entryId, profile, purged } = await (await trash()).moveToTrash(id);
      return { undoToken: entryId, profile, purged };
    },

    /** The app's undo: exactly the entry that delete made, while it is in the trash. */
    async undoDelete(token: string): Promise<{ profile: Profile; secretsRestored: boolean }> {
      const { profile, secretsRestored } = await (await trash()).restore(token, { exactEntry: true });
      return { profile, secretsRestored };
    },

    /** `sesame profiles restore [REF]`: by entry id, profile id or name (the newest deletion), or the last deleted. */
    restore: async (ref?: string): Promise<RestoreResult> => (await trash()).restore(ref),

    listTrash: async () => (await trash()).list(),

    trashFile,

    /** Write-only from the UI's point of view: stores the secret (bound to where the profile points now), then flips the flag. */
    async setSecret(id: string, kind: SecretKind, secret: string, encoding?: SpaKeyEncoding): Promise<Profile> {
      if (encoding !== undefined && !isSpaKeyKind(kind)) {
        throw contractError('INVALID_INPUT', `Invalid secret: encoding: only SPA keys have an encoding, not a ${kind}`, { issues: [{ path: 'encoding', message: 'only applies to spa-key and spa-hmac-key' }] });
      }
      // SPA keys are checked and stored as the base64 of their bytes (see stored-keys.ts).
      if (isSpaKeyKind(kind)) secret = storedSpaKey(kind, secret, encoding);
      const profile = await this.get(id);
      // A failed keychain write throws here, before the profile is touched.
      await binding.set(profile, kind, secret);
      try {
        return await setFlag(id, kind, true);
      } catch (error) {
        await secrets.delete(secretAccount(id, kind)).catch(() => {});
        throw error;
      }
    },

    async deleteSecret(id: string, kind: SecretKind): Promise<Profile> {
      return (await this.removeSecret(id, kind)).profile;
    },

    /** deleteSecret, also saying whether the keychain held one (the CLI says when nothing was stored). */
    async removeSecret(id: string, kind: SecretKind): Promise<{ profile: Profile; deleted: boolean }> {
      await this.get(id);
      const deleted = await secrets.delete(secretAccount(id, kind));
      return { profile: await setFlag(id, kind, false), deleted };
    },

    /**
     * Main-side only (the launcher, for connecting): never expose through the
     * contract. Throws DESTINATION_UNCONFIRMED when the profile's host, port or
     * user is no longer the one the secret was saved (or confirmed) for.
     */
    async readSecret(id: string, kind: SecretKind): Promise<string | null> {
      return binding.readForConnect(await this.get(id), kind);
    },

    /** The secret as stored, for an encrypted export (main side only). */
    async readSecretForExport(profile: Profile, kind: SecretKind): Promise<string | null> {
      return binding.readForExport(profile, kind);
    },

    /**
     * The saved-secret flags checked against the keychain: "missing" when the
     * profile says saved but the keychain has nothing (deleted elsewhere),
     * "unchecked" when the keychain cannot be asked (missing, locked).
     */
    async secretPresence(profile: Profile): Promise<Record<SecretKind, 'yes' | 'no' | 'missing' | 'unchecked'>> {
      const out = { password: 'no', passphrase: 'no' } as Record<SecretKind, 'yes' | 'no' | 'missing' | 'unchecked'>;
      for (const kind of secretKinds) {
        if (!(kind === 'password' ? profile.hasPassword : profile.hasPassphrase)) continue;
        const account = secretAccount(profile.id, kind);
        try {
          const there = secrets.has ? await secrets.has(account) : (await secrets.get(account)) !== null;
          out[kind] = there ? 'yes' : 'missing';
        } catch {
          out[kind] = 'unchecked';
        }
      }
      return out;
    },

    /** Whether the profile's saved secrets may be sent where it points now. */
    async secretDestination(id: string): Promise<SecretDestinationStatus> {
      return binding.status(await this.get(id));
    },

    /** The user agreed to send the saved secrets to `shown`, which must still be where the profile points. */
    async confirmSecretDestination(id: string, shown: Destination): Promise<SecretDestinationStatus> {
      return binding.confirm(await this.get(id), shown);
    },

    /** The next unused one-time sequence, if the profile has a list (for display; connecting uses {@link withOneTimeSequence}). */
    async nextOneTimeSequence(id: string): Promise<{ index: number; steps: KnockStep[] } | undefined> {
      const profile = await this.get(id);
      const index = profile.oneTimeSequences.findIndex((s) => s.usedAt === undefined);
      const entry = profile.oneTimeSequences[index];
      return entry ? { index, steps: entry.steps } : undefined;
    },

    /**
     * Runs `knock` with the profile's next one-time sequence, which is spent
     * (marked used, under the profiles file's cross-process lock) before the
     * first packet can leave: two processes never send the same sequence, and a
     * run that crashes mid-knock never leaves it for the next run to send again.
     * Knocks of the same profile from several processes take turns, so the
     * second one sends the sequence the server expects next, after the first.
     */
    async withOneTimeSequence<T>(
      id: string,
      knock: (next: { index: number; steps: KnockStep[]; left: number }) => Promise<T>,
      options: { signal?: AbortSignal } = {},
    ): Promise<T> {
      const profile = await this.get(id);
      // Long enough for the other process to knock (up to 64 steps) and wait for the port.
      const waitMs = profile.openTimeoutMs + (profile.knock?.delayMs ?? 100) * 64 + 10_000;
      return store.exclusive(
        `onetime-${id}`,
        async () => {
          const { value: next } = await store.update((doc) => {
            const { profile: current, index: at } = find(doc, id);
            const index = current.oneTimeSequences.findIndex((s) => s.usedAt === undefined);
            const entry = current.oneTimeSequences[index];
            if (!entry) throw contractError('CONFLICT', `Every one-time sequence of "${current.name}" has been used: add new ones.`);
            const t = now();
            const oneTimeSequences = current.oneTimeSequences.map((s, i) => (i === index ? { ...s, usedAt: t } : s));
            doc.profiles[at] = { ...current, oneTimeSequences, updatedAt: Math.max(t, current.updatedAt) };
            return { index, steps: entry.steps, left: oneTimeSequences.filter((s) => s.usedAt === undefined).length };
          });
          return knock(next);
        },
        { waitMs, ...(options.signal ? { signal: options.signal } : {}) },
      );
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
  };
}

export type ProfilesService = ReturnType<typeof createProfilesService>;
