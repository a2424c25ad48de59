// `npm run bench:profiles`: import 5,000 profiles, list, search, save after one edit.
// Each time is printed beside the 200 ms target. Runs on a temp SESAME_HOME-like folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createProfileStore } from '../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../src-main/core/profiles/profiles-service';
import { toSummary } from '../../src-main/core/profiles/search';
import { MemorySecretStore } from '../../src-main/core/secrets/memory-secret-store';
import { buildExport, readSesameFile } from '../../src-main/core/sharing/sesame-file';
import { applyImport } from '../../src-main/core/sharing/preview';
import type { Profile } from '../../src-main/contract/features/profiles';

const count = 5000;
const targetMs = 200;
const dir = mkdtempSync(join(tmpdir(), 'sesame-bench-'));

function sampleProfiles(): Profile[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `p_bench${i}`,
    name: `Server ${i}`,
    group: `group-${i % 50}`,
    tags: i % 3 === 0 ? ['prod', `rack${i % 20}`] : ['dev'],
    notes: `Bench profile ${i}`,
    host: `host${i}.example.com`,
    addressFamily: 'auto',
    knock: { steps: [{ port: 7000 + (i % 100), protocol: 'tcp' }, { port: 8000, protocol: 'udp' }, { port: 9000, protocol: 'tcp' }], delayMs: 100 },
    openTimeoutMs: 5000,
    oneTimeSequences: [],
    service: { kind: i % 4 === 0 ? 'ftp' : 'ssh', port: i % 4 === 0 ? 21 : 22, user: `user${i % 10}` },
    auth: { method: 'agent' },
    ftpMode: 'auto',
    preferredClient: 'auto',
    hasPassword: false,
    hasPassphrase: false,
    createdAt: 1,
    updatedAt: 1,
  }));
}

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  const ms = performance.now() - start;
  const verdict = ms <= targetMs ? 'ok' : 'OVER TARGET';
  console.log(`${label.padEnd(34)} ${ms.toFixed(1).padStart(8)} ms   (target ${targetMs} ms: ${verdict})`);
  return value;
}

try {
  const now = () => Date.now();
  const secrets = new MemorySecretStore();
  const store = createProfileStore({ filePath: join(dir, 'profiles.json'), now });
  const { text } = await buildExport(sampleProfiles(), { now });
  console.log(`${count} profiles, .sesame file ${(text.length / 1024 / 1024).toFixed(2)} MB`);
  await time(`import ${count} profiles`, async () => {
    const prepared = await readSesameFile(text);
    return applyImport({ store, secrets, now, newId: () => 'unused' }, prepared, {}, false);
  });
  // A fresh store, as the CLI or a restarted app would see it: no warm cache.
  const cold = createProfilesService({ store: createProfileStore({ filePath: store.filePath, now }), secrets, now });
  await time('list (cold: read + validate file)', async () => (await cold.list()).profiles.map(toSummary));
  await time('list (warm)', async () => (await cold.list()).profiles.map(toSummary));
  const hits = await time('search "prod rack7"', async () => (await cold.list({ query: 'prod rack7' })).profiles);
  const target = hits[0]!;
  await time('save after one edit', async () => {
    const { id, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _p, ...fields } = target;
    return cold.update(id, { ...fields, notes: 'edited' });
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
