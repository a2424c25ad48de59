import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Emit } from '../../src-main/contract';
import { createCore, type Core, type CoreDeps } from '../../src-main/core/app-core';
import { MemorySecretStore } from '../../src-main/core/secrets/memory-secret-store';

/** A real core over a throwaway profiles folder; secrets in memory unless the test passes a store. */
export function createTestCore(options: Partial<CoreDeps> & { emit?: Emit } = {}): Omit<Core, 'dispose'> & { home: string; dispose(): Promise<void> } {
  const home = mkdtempSync(join(tmpdir(), 'sesame-core-'));
  const core = createCore({
    app: { name: 'Sesame', version: '0.1.0', platform: 'linux', locale: 'en-US' },
    now: Date.now,
    emit: () => {},
    profilesFile: join(home, 'profiles.json'),
    homedir: home,
    secrets: new MemorySecretStore(),
    // First-run discovery looks in this throwaway home only, never at the machine's /etc or real ~.
    importSearch: { env: {}, rootDir: home },
    ...options,
  });
  return {
    ...core,
    home,
    // Waits for a settings write still in flight, which would otherwise recreate the folder.
    dispose: async () => {
      core.dispose();
      await core.settings.whenIdle();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
