import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { ProfileFieldsInput } from '../../../src-main/contract/features/profiles';
import { createProfileStore, type ProfileStoreDeps, type RecoveryNotice } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';

const made: string[] = [];
// Registered on the importing test file: its temp folders go when it ends (the crash test alone makes 200).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-test-'));
  made.push(dir);
  return dir;
}

export function makeService(dir = tempHome(), extra: Partial<ProfileStoreDeps> = {}) {
  let t = 1_700_000_000_000;
  const now = () => ++t;
  const notices: RecoveryNotice[] = [];
  const store = createProfileStore({ filePath: join(dir, 'profiles.json'), now, onRecovered: (n) => notices.push(n), ...extra });
  const secrets = new MemorySecretStore();
  const service = createProfilesService({ store, secrets, now });
  return { dir, store, secrets, service, notices, now };
}

export function fields(overrides: Partial<ProfileFieldsInput> = {}): ProfileFieldsInput {
  return {
    name: 'Prod DB',
    host: 'db.example.com',
    knock: { steps: [{ port: 7000 }, { port: 8000, protocol: 'udp' }, { port: 9000 }], delayMs: 100 },
    service: { kind: 'ssh', port: 22, user: 'alice' },
    ...overrides,
  };
}
