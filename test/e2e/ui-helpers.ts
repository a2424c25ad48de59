import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import type { ProfileFieldsInput } from '../../src-main/contract/features/profiles';
import type { Core } from '../../src-main/core/app-core';
import { MemorySecretStore } from '../../src-main/core/secrets/memory-secret-store';
import { applyImport } from '../../src-main/core/sharing/preview';
import { buildExport, readSesameFile } from '../../src-main/core/sharing/sesame-file';

/** A complete profile's fields; tests override what they care about. */
export function profileFields(overrides: Partial<ProfileFieldsInput> = {}): ProfileFieldsInput {
  return {
    name: 'Web 1',
    group: 'Prod',
    host: '127.0.0.1',
    knock: { steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }, { port: 9000, protocol: 'tcp' }], delayMs: 100 },
    service: { kind: 'ssh', port: 22, user: 'deploy' },
    ...overrides,
  };
}

export async function createProfile(core: Pick<Core, 'handlers'>, overrides: Partial<ProfileFieldsInput> = {}): Promise<string> {
  const { profile } = await core.handlers.createProfile({ fields: profileFields(overrides) as never });
  return profile.id;
}

/** axe-core over the whole page: every screen must come out clean. */
export async function expectAxeClean(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(' ')) }))).toEqual([]);
}

export async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: false });
}

/** Every screen is checked in both languages and both themes. */
export const screenCombos = [
  { language: 'en', theme: 'light' },
  { language: 'en', theme: 'dark' },
  { language: 'ko', theme: 'light' },
  { language: 'ko', theme: 'dark' },
] as const;

export const inLab = process.env.SESAME_LAB === '1';

/** Many profiles in one store write (as the profiles bench does): one create per profile would rewrite the file 5,000 times. */
export async function seedMany(core: Pick<Core, 'profiles'>, count: number): Promise<void> {
  const profiles = Array.from({ length: count }, (_, i) => ({
    id: `p_seed${i}`,
    name: `Server ${String(i).padStart(4, '0')}`,
    group: `group-${String(i % 50).padStart(2, '0')}`,
    tags: i % 3 === 0 ? ['prod', `rack${i % 20}`] : ['dev'],
    notes: '',
    host: `host${i}.example.com`,
    addressFamily: 'auto' as const,
    knock: { steps: [{ port: 7000 + (i % 100), protocol: 'tcp' as const }, { port: 8000, protocol: 'udp' as const }], delayMs: 100 },
    openTimeoutMs: 5000,
    oneTimeSequences: [],
    service: { kind: 'ssh' as const, port: 22, user: `user${i % 10}` },
    auth: { method: 'agent' as const },
    ftpMode: 'auto' as const,
    preferredClient: 'auto' as const,
    hasPassword: false,
    hasPassphrase: false,
    createdAt: 1,
    updatedAt: 1,
  }));
  const now = () => Date.now();
  const { text } = await buildExport(profiles, { now });
  let n = 0;
  await applyImport(
    { store: core.profiles.store, secrets: new MemorySecretStore(), now, newId: () => `p_new${(n += 1)}` },
    await readSesameFile(text),
    {},
    false,
  );
}
