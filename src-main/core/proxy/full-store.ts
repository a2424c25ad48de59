import { config as zodConfig } from 'zod';
import { missingForConnect } from '../../contract/features/profile-facts';
import { createProfileStore } from '../profiles/profile-store';
import { createProfilesService, type ProfilesService } from '../profiles/profiles-service';
import type { SecretStore } from '../secrets/secret-store';
import { doorProfileFromProfile } from './door-profile';
import type { Candidate } from './find-profile';

/**
 * The proxy's slow path: the profile store as every other command reads it
 * (zod-validated, "needs attention" entries kept and explained). Loaded only
 * when the quick read of profiles.json cannot answer (see find-profile.ts),
 * and for one-time sequences, which are spent under the store's lock.
 */

// The proxy never touches a secret: ssh does its own authentication.
const noSecrets: SecretStore = {
  set: () => Promise.reject(new Error('sesame proxy handles no secrets')),
  get: () => Promise.resolve(null),
  delete: () => Promise.resolve(false),
};

function store(profilesFile: string, notice: (message: string) => void) {
  // One process, a handful of parses: zod's JIT (new Function per schema) costs more than it saves here.
  zodConfig({ jitless: true });
  return createProfileStore({ filePath: profilesFile, now: Date.now, onRecovered: (n) => notice(n.message) });
}

export function fullProfilesService(profilesFile: string, notice: (message: string) => void): ProfilesService {
  return createProfilesService({ store: store(profilesFile, notice), secrets: noSecrets, now: Date.now });
}

export async function fullCandidates(profilesFile: string, notice: (message: string) => void): Promise<{ candidates: Candidate[]; unusable: Map<string, string> }> {
  const doc = await store(profilesFile, notice).read();
  const unusable = new Map<string, string>();
  const candidates: Candidate[] = doc.profiles.map((profile) => {
    const door = doorProfileFromProfile(profile);
    if (!door) unusable.set(profile.id, missingForConnect(profile).join('; '));
    return { id: profile.id, name: profile.name, group: profile.group, ...(profile.host !== undefined ? { host: profile.host } : {}), port: profile.service.port, ...(door ? { door } : {}) };
  });
  // Entries that need attention can still be asked for by name or host: say what to fix rather than "not found".
  for (const entry of doc.attention) {
    const id = entry.id ?? `attention-${entry.index}`;
    let raw: { host?: unknown; service?: { port?: unknown }; group?: unknown } = {};
    try {
      raw = JSON.parse(entry.raw) as typeof raw;
    } catch {
      // the raw text is what the user wrote; matching by name still works
    }
    const issue = entry.issues[0];
    unusable.set(id, issue ? `${issue.path}: ${issue.message}` : 'needs attention');
    candidates.push({
      id,
      name: entry.name ?? id,
      group: typeof raw.group === 'string' ? raw.group : '',
      ...(typeof raw.host === 'string' ? { host: raw.host } : {}),
      port: typeof raw.service?.port === 'number' ? raw.service.port : 22,
    });
  }
  return { candidates, unusable };
}
