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
      const { profiles: list, ...rest } = await profiles.list(filter);
      return { profiles: list.map(toSummary), ...rest };
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
    setSecret: async ({ id, kind, secret, encoding }) => {
      const profile = await profiles.setSecret(id, kind, secret, encoding);
      await changed('secret', [id]);
      return { profile };
    },
    deleteSecret: async ({ id, kind }) => {
      const profile = await profiles.deleteSecret(id, kind);
      await changed('secret', [id]);
      return { profile };
    },
    getSecretDestination: async ({ id }) => profiles.secretDestination(id),
    // The binding lives in the keychain: the profiles file (and its revision) does not change.
    confirmSecretDestination: async ({ id, destination }) => profiles.confirmSecretDestination(id, destination),
    previewImport: async ({ token, passphrase, language }) => sharing.preview(token, passphrase, language),
    applyImport: async ({ token, decisions, importSecrets, acceptUnverified }) => {
      const result = await sharing.apply(token, decisions, importSecrets, acceptUnverified);
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
