import { contractError } from '../../contract/error-codes';
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

/** Why the keychain could not be used; `details.keychain` of a KEYCHAIN_UNAVAILABLE error. */
export type KeychainProblem = 'no-service' | 'locked' | 'no-keyring' | 'refused';

const lockedHelp =
  'The keyring is locked and was not unlocked (no unlock prompt could be shown here, or it was dismissed): ' +
  'unlock it — log in to the desktop session, or unlock the login keyring with Seahorse or "gnome-keyring-daemon --unlock" — then try again.';
const noKeyringHelp =
  'The Secret Service has no keyring to keep passwords in (no default collection): create or unlock the login keyring (Seahorse), then try again.';

/**
 * What went wrong, from the binding's message. Seen on Debian 12 with
 * @napi-rs/keyring 2.1 (keyring-rs' secret-service backend):
 * - no bus: "DBus error: Using X11 for dbus-daemon autolaunch was disabled…", "Failed to connect to socket …";
 * - a bus without org.freedesktop.secrets: "The name org.freedesktop.secrets was not provided by any .service files";
 * - gnome-keyring locked (Secret.Service.Lock) and no prompter: "Secret Service: unlock prompt was dismissed";
 * - gnome-keyring without a login collection, on a write: "Secret Service: no result found".
 */
export function keychainProblem(detail: string): KeychainProblem {
  if (/unlock prompt|prompt was dismissed|\blocked\b/i.test(detail)) return 'locked';
  if (/secret service: no result found/i.test(detail)) return 'no-keyring';
  if (/dbus|org\.freedesktop\.secrets|no such file|connect to socket|autolaunch/i.test(detail)) return 'no-service';
  return 'refused';
}

/** Turns the binding's "Platform failure: DBus error: …" into the contract's KEYCHAIN_UNAVAILABLE with a fix. */
export function keychainError(error: unknown, platform: NodeJS.Platform): unknown {
  const detail = error instanceof Error ? error.message : String(error);
  const problem = platform === 'linux' ? keychainProblem(detail) : 'refused';
  const help =
    problem === 'no-service'
      ? linuxHelp
      : problem === 'locked'
        ? lockedHelp
        : problem === 'no-keyring'
          ? noKeyringHelp
          : `The system keychain refused the request: ${detail.replace(/\.$/, '')}. Unlock the keychain and try again.`;
  const message = problem === 'refused' ? help : `${help} (${detail})`;
  return contractError('KEYCHAIN_UNAVAILABLE', message, { keychain: problem });
}

/** The problem a KEYCHAIN_UNAVAILABLE error carries (undefined for any other error). */
export function keychainProblemOf(error: unknown): KeychainProblem | undefined {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== 'KEYCHAIN_UNAVAILABLE') return undefined;
  const problem = ((error as { details?: { keychain?: unknown } }).details ?? {}).keychain;
  return problem === 'no-service' || problem === 'locked' || problem === 'no-keyring' ? problem : 'refused';
}
