import { contractError } from '../../contract/errors';
import { secretService, type SecretStore } from './secret-store';

import type * as Keyring from '@napi-rs/keyring';

type KeyringModule = typeof Keyring;
type EntryOptions = Keyring.EntryOptions;

export interface KeyringSecretStoreOptions {
  /** Keychain service name; tests use their own so the user's real "Sesame" entries stay untouched. */
  service?: string;
  platform?: NodeJS.Platform;
  /** Injected for tests; defaults to loading `@napi-rs/keyring`. */
  loadKeyring?: () => Promise<KeyringModule>;
}

const linuxHelp =
  'No Secret Service is available on the D-Bus session bus. Sesame keeps passwords only in a persistent keychain: ' +
  'install and unlock one (GNOME Keyring — "gnome-keyring", KeePassXC with Secret Service integration, or KWallet), ' +
  'then try again.';

/**
 * {@link SecretStore} over `@napi-rs/keyring`: macOS Keychain, Windows
 * Credential Manager, Secret Service on Linux. On Linux the entry is pinned to
 * `secret-service`: the library's default silently falls back to the kernel
 * keyring, which forgets everything at reboot — a password that vanishes is
 * worse than a clear "no keychain" error.
 */
export function createKeyringSecretStore(options: KeyringSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? secretService;
  const platform = options.platform ?? process.platform;
  const entryOptions: EntryOptions | undefined = platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;
  // Loaded on first use: the native binding is only needed when a secret is touched.
  let modulePromise: Promise<KeyringModule> | undefined;
  const load = options.loadKeyring ?? (() => import('@napi-rs/keyring'));

  async function entry(account: string) {
    modulePromise ??= load();
    let keyring: KeyringModule;
    try {
      keyring = await modulePromise;
    } catch (error) {
      modulePromise = undefined;
      throw keychainError(error, platform);
    }
    try {
      // With a pinned store the constructor itself throws when that store is unreachable.
      return new keyring.AsyncEntry(service, account, entryOptions);
    } catch (error) {
      throw keychainError(error, platform);
    }
  }

  async function guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw keychainError(error, platform);
    }
  }

  return {
    async set(account, secret) {
      const e = await entry(account);
      await guard(() => e.setPassword(secret));
    },
    async get(account) {
      const e = await entry(account);
      return guard(() => e.getPassword());
    },
    async delete(account) {
      const e = await entry(account);
      return guard(() => e.deleteCredential());
    },
  };
}

/** Turns the binding's "Platform failure: DBus error: …" into the contract's KEYCHAIN_UNAVAILABLE with a fix. */
export function keychainError(error: unknown, platform: NodeJS.Platform): unknown {
  const detail = error instanceof Error ? error.message : String(error);
  const noService = /dbus|secret service|org\.freedesktop\.secrets|no such file|connect to socket/i.test(detail);
  const message =
    platform === 'linux' && noService
      ? `${linuxHelp} (${detail})`
      : `The system keychain refused the request: ${detail}. Unlock the keychain and try again.`;
  return contractError('KEYCHAIN_UNAVAILABLE', message);
}
