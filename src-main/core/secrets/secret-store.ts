import type { SecretKind } from '../../contract/features/profiles';

/**
 * Where passwords and key passphrases live: the OS keychain in the app, an
 * in-memory double in unit tests. Accounts are opaque strings; see
 * {@link secretAccount}. `get` exists for main-side consumers (the launcher,
 * undo of a delete); nothing hands its result to the renderer.
 */
export interface SecretStore {
  set(account: string, secret: string): Promise<void>;
  get(account: string): Promise<string | null>;
  /** Resolves `true` if something was deleted, `false` if there was nothing. */
  delete(account: string): Promise<boolean>;
  /** Whether something is stored, reading only (no migration copy); `get` stands in when absent. */
  has?(account: string): Promise<boolean>;
}

export const secretService = 'Sesame';

/** The keychain account for one secret of one profile, e.g. `p_3fa9…:password`. */
export function secretAccount(profileId: string, kind: SecretKind): string {
  return `${profileId}:${kind}`;
}

export const secretKinds: readonly SecretKind[] = ['password', 'passphrase', 'spa-key', 'spa-hmac-key'];
