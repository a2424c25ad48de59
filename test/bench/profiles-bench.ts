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
import { percentile, printTable } from './stats';

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

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

const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const samples = new Map<string, number[]>();

async function time<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await fn();
  samples.set(label, [...(samples.get(label) ?? []), performance.now() - start]);
  return value;
}

/** One round on a fresh folder: import, then list (cold and warm), search, and save one edit. */
async function round(text: string, index: number): Promise<void> {
  const now = () => Date.now();
  const secrets = new MemorySecretStore();
  const folder = join(dir, `round-${index}`);
  const store = createProfileStore({ filePath: join(folder, 'profiles.json'), now });
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
    const { id, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _p, ftpModeLearned: _f, ...fields } = target;
    return cold.update(id, { ...fields, notes: 'edited' });
  });
}

try {
  const { text } = await buildExport(sampleProfiles(), { now: () => Date.now() });
  console.log(`${count} profiles, .sesame file ${(text.length / 1024 / 1024).toFixed(2)} MB, ${rounds} rounds on fresh folders`);
  for (let i = 0; i < rounds; i++) await round(text, i);
  // The first round runs in a cold process (nothing compiled or cached yet): shown beside the median.
  const rows = [['operation', 'first round', `median of ${rounds}`, `target ${targetMs} ms`]];
  for (const [label, times] of samples) {
    const med = median(times);
    rows.push([label, `${times[0]!.toFixed(1)} ms`, `${med.toFixed(1)} ms`, med <= targetMs ? 'ok' : 'OVER TARGET']);
  }
  printTable(rows);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
