import type { SecretStore } from './secret-store';

/**
 * The in-memory double of {@link SecretStore} for unit tests (GitHub Desktop's
 * async in-memory store, same idea). `failNext` makes the next call reject, to
 * test that a failed keychain write leaves the profile unchanged.
 */
export class MemorySecretStore implements SecretStore {
  readonly entries = new Map<string, string>();
  private failures: Error[] = [];

  failNext(error: Error = new Error('simulated keychain failure')): void {
    this.failures.push(error);
  }

  private check(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  async set(account: string, secret: string): Promise<void> {
    this.check();
    this.entries.set(account, secret);
  }

  async get(account: string): Promise<string | null> {
    this.check();
    return this.entries.get(account) ?? null;
  }

  async has(account: string): Promise<boolean> {
    this.check();
    return this.entries.has(account);
  }

  async delete(account: string): Promise<boolean> {
    this.check();
    return this.entries.delete(account);
  }
}
