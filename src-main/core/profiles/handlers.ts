import type { Emit, FeatureHandlers } from '../../contract/dispatch';
import type { EventPayload } from '../../contract/events';
import type { profilesMethods } from '../../contract/features/profiles';
import type { SharingService } from '../sharing/sharing-service';
import type { ProfilesService } from './profiles-service';
import { toSummary } from './search';

export interface ProfilesHandlersDeps {
  profiles: ProfilesService;
  sharing: SharingService;
  emit: Emit;
}

/**
 * The profiles feature's slice of the contract. Thin on purpose: validation
 * happened in the dispatcher, the logic lives in the services (shared with
 * the CLI), and every change is announced with `profilesChanged`.
 */
export function createProfilesHandlers(deps: ProfilesHandlersDeps): FeatureHandlers<typeof profilesMethods> {
  const { profiles, sharing, emit } = deps;
  const changed = async (reason: EventPayload<'profilesChanged'>['reason'], ids: string[]) => {
    const { revision } = await profiles.store.read();
    emit('profilesChanged', { revision, reason, ids });
  };

  return {
    listProfiles: async ({ query, group }) => {
      const filter = { ...(query !== undefined ? { query } : {}), ...(group !== undefined ? { group } : {}) };
      const { profiles: list, revision } = await profiles.list(filter);
      return { profiles: list.map(toSummary), revision };
    },
    getProfile: async ({ id }) => ({ profile: await profiles.get(id) }),
    createProfile: async ({ fields }) => {
      const profile = await profiles.create(fields);
      await changed('created', [profile.id]);
      return { profile };
    },
    updateProfile: async ({ id, fields, expectedUpdatedAt }) => {
      const profile = await profiles.update(id, fields, expectedUpdatedAt);
      await changed('updated', [id]);
      return { profile };
    },
    deleteProfile: async ({ id }) => {
      const { undoToken } = await profiles.remove(id);
      await changed('deleted', [id]);
      return { undoToken };
    },
    undoDelete: async ({ undoToken }) => {
      const result = await profiles.undoDelete(undoToken);
      await changed('restored', [result.profile.id]);
      return result;
    },
    setSecret: async ({ id, kind, secret }) => {
      const profile = await profiles.setSecret(id, kind, secret);
      await changed('secret', [id]);
      return { profile };
    },
    deleteSecret: async ({ id, kind }) => {
      const profile = await profiles.deleteSecret(id, kind);
      await changed('secret', [id]);
      return { profile };
    },
    previewImport: async ({ token, passphrase }) => sharing.preview(token, passphrase),
    applyImport: async ({ token, decisions, importSecrets }) => {
      const result = await sharing.apply(token, decisions, importSecrets);
      if (result.created.length + result.replaced.length > 0) await changed('imported', [...result.created, ...result.replaced]);
      return result;
    },
    exportProfiles: async ({ token, ids, group, includeCredentials, passphrase, includeOneTimeSequences }) =>
      sharing.exportTo(token, {
        includeCredentials,
        includeOneTimeSequences,
        ...(ids !== undefined ? { ids } : {}),
        ...(group !== undefined ? { group } : {}),
        ...(passphrase !== undefined ? { passphrase } : {}),
      }),
  };
}
