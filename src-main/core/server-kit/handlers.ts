import type { Emit, FeatureHandlers } from '../../contract/dispatch';
import { contractError } from '../../contract/errors';
import { doorOf } from '../../contract/features/profiles';
import type { serverKitMethods } from '../../contract/features/server-kit';
import { pickLanguage } from '../../contract/locales';
import type { ProfilesService } from '../profiles/profiles-service';
import { generateKeys } from '../spa/keys';
import { kitForProfile } from './from-profile';

/** The "Server config" button: the kit for a saved profile, in the UI's language; and "Generate keys" for SPA profiles. */
export function createServerKitHandlers(deps: { profiles: Pick<ProfilesService, 'get' | 'setSecret' | 'store'>; locale: string; emit?: Emit }): FeatureHandlers<typeof serverKitMethods> {
  return {
    getServerConfig: async ({ id, language, ...request }) => kitForProfile(await deps.profiles.get(id), request, language ?? pickLanguage(deps.locale)),
    generateSpaKeys: async ({ id, language }) => {
      const profile = await deps.profiles.get(id);
      if (doorOf(profile) !== 'spa') throw contractError('INVALID_INPUT', `"${profile.name}" opens with a knock sequence: switch its door to SPA to generate keys.`);
      const keys = generateKeys({ hmacDigest: profile.spa?.hmac && profile.spa.hmac !== 'none' ? profile.spa.hmac : 'sha256' });
      await deps.profiles.setSecret(id, 'spa-key', keys.keyBase64, 'base64');
      const saved = await deps.profiles.setSecret(id, 'spa-hmac-key', keys.hmacKeyBase64, 'base64');
      if (deps.emit) deps.emit('profilesChanged', { revision: (await deps.profiles.store.read()).revision, reason: 'secret', ids: [id] });
      const kit = kitForProfile(saved, { spaKeys: keys }, language ?? pickLanguage(deps.locale));
      const section = kit.sections.find((s) => s.id === 'fwknopd');
      if (!section) throw contractError('INTERNAL', 'The fwknopd stanza was not generated.');
      return { profile: saved, section };
    },
  };
}
