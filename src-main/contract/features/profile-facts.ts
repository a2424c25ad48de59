import type { Profile, SecretKind } from './profiles';

/**
 * What the core asks of a stored profile (which door, which secrets, can it
 * connect): plain functions without zod, so `sesame connect` can use a profile
 * without building the contract's schemas (~45 ms of zod at every start).
 * profiles.ts re-exports them; the types stay there, inferred from the schemas.
 */

/** The profile flag that says a secret of this kind is in the keychain (the secret itself never is in the profile). */
export const secretFlags = {
  password: 'hasPassword',
  passphrase: 'hasPassphrase',
  'spa-key': 'hasSpaKey',
  'spa-hmac-key': 'hasSpaHmacKey',
} as const satisfies Record<SecretKind, string>;
export type SecretFlag = (typeof secretFlags)[SecretKind];

export function hasSecret(profile: Partial<Record<SecretFlag, boolean>>, kind: SecretKind): boolean {
  return profile[secretFlags[kind]] === true;
}

/** What the user calls each secret, in messages. */
export const secretLabels: Record<SecretKind, string> = {
  password: 'password',
  passphrase: 'key passphrase',
  'spa-key': 'SPA encryption key',
  'spa-hmac-key': 'SPA HMAC key',
};

/**
 * How long the profile's door stays open after a knock, in seconds, when it
 * closes by itself: the profile's own setting, else an SPA packet's FW_TIMEOUT.
 */
export function doorTimeoutOf(profile: { doorTimeoutS?: number | undefined; door?: 'knock' | 'spa' | undefined; spa?: { clientTimeoutS?: number | undefined } | undefined }): number | undefined {
  if (profile.doorTimeoutS !== undefined) return profile.doorTimeoutS;
  const spaTimeout = profile.door === 'spa' ? profile.spa?.clientTimeoutS : undefined;
  return spaTimeout !== undefined && spaTimeout >= 2 ? spaTimeout : undefined;
}

/** The profile's door type ("knock" for every profile saved before SPA doors). */
export function doorOf(profile: { door?: 'knock' | 'spa' | undefined }): 'knock' | 'spa' {
  return profile.door ?? 'knock';
}

/**
 * Why a profile cannot be used to connect yet (empty when it can). An SPA
 * door needs only the host here (its settings have fwknop's defaults); its
 * keys are checked in the keychain before the first packet.
 */
export function missingForConnect(profile: Pick<Profile, 'host' | 'knock'> & { door?: 'knock' | 'spa' | undefined }): string[] {
  const missing: string[] = [];
  if (profile.host === undefined) missing.push('host: is empty: enter a host name or IP address');
  if (doorOf(profile) === 'knock' && profile.knock === undefined) missing.push('knock.steps: is empty: add at least one knock step');
  return missing;
}
