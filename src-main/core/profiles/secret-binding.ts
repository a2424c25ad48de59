import { contractError } from '../../contract/error-codes';
import { hasSecret, secretLabels } from '../../contract/features/profile-facts';
import type { Profile, SecretDestinationStatus, SecretKind } from '../../contract/features/profiles';
import { decodeBound, describeDestination, destinationOf, encodeBound, sameDestination, type Destination } from '../secrets/bound-secret';
import { secretAccount, secretKinds, type SecretStore } from '../secrets/secret-store';


/**
 * Secrets bound to their destination (host, port, user). The destination is
 * stored with the secret in the keychain, never in the profiles file: an
 * edit, an import that replaces the profile, or another process rewriting the
 * file changes where the profile points, and the saved secret is then held
 * back until the user confirms the new destination.
 */
export function createSecretBinding(secrets: SecretStore) {
  async function stored(profile: Profile, kind: SecretKind): Promise<{ secret: string; boundTo?: Destination } | null> {
    if (!hasSecret(profile, kind)) return null;
    const raw = await secrets.get(secretAccount(profile.id, kind));
    return raw === null ? null : decodeBound(raw);
  }

  return {
    /** Stores a secret for the profile's current destination (the user typed it for this profile as it is). */
    async set(profile: Profile, kind: SecretKind, secret: string): Promise<void> {
      const to = destinationOf(profile);
      await secrets.set(secretAccount(profile.id, kind), to ? encodeBound(secret, to) : secret);
    },

    /**
     * The secret for connecting, or null if none is stored. Throws
     * DESTINATION_UNCONFIRMED, before anything is sent anywhere, when the
     * profile no longer points where the secret was saved for.
     */
    async readForConnect(profile: Profile, kind: SecretKind): Promise<string | null> {
      const found = await stored(profile, kind);
      if (found === null) return null;
      const current = destinationOf(profile);
      if (current && sameDestination(found.boundTo, current)) return found.secret;
      const status = await this.status(profile);
      const what = secretLabels[kind];
      const was = found.boundTo ? `was saved for ${describeDestination(found.boundTo)}` : 'was saved before Sesame recorded which server it belongs to';
      const now = current ? describeDestination(current) : '(no host)';
      throw contractError(
        'DESTINATION_UNCONFIRMED',
        `The saved ${what} of "${profile.name}" ${was}, but the profile now connects to ${now}. Sesame sends it only after you confirm the new destination.`,
        status,
      );
    },

    /** Whether every saved secret of the profile is bound to where it points now. Reads the keychain. */
    async status(profile: Profile): Promise<SecretDestinationStatus> {
      const current = destinationOf(profile) ?? null;
      const unconfirmed: SecretKind[] = [];
      let savedFor: Destination | null = null;
      for (const kind of secretKinds) {
        const found = await stored(profile, kind);
        if (found === null) continue;
        if (!current || !sameDestination(found.boundTo, current)) {
          unconfirmed.push(kind);
          savedFor ??= found.boundTo ?? null;
        }
      }
      return { profileId: profile.id, confirmed: unconfirmed.length === 0, unconfirmed, current, savedFor };
    },

    /** Binds every saved secret to the profile's current destination, which must be the one the user was shown. */
    async confirm(profile: Profile, shown: Destination): Promise<SecretDestinationStatus> {
      const current = destinationOf(profile);
      if (!current || !sameDestination(current, shown) || current.host !== shown.host) {
        throw contractError(
          'CONFLICT',
          `"${profile.name}" changed again while you were asked (it now connects to ${current ? describeDestination(current) : '(no host)'}): connect again to confirm what it is now.`,
        );
      }
      for (const kind of secretKinds) {
        const found = await stored(profile, kind);
        if (found === null || sameDestination(found.boundTo, current)) continue;
        await secrets.set(secretAccount(profile.id, kind), encodeBound(found.secret, current));
      }
      return this.status(profile);
    },

    /** The plain secret, for an encrypted export only (the recipient binds it again on import). */
    async readForExport(profile: Profile, kind: SecretKind): Promise<string | null> {
      return (await stored(profile, kind))?.secret ?? null;
    },
  };
}

export type SecretBinding = ReturnType<typeof createSecretBinding>;
