import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfileStore } from '../../src-main/core/profiles/profile-store';
import { MemorySecretStore } from '../../src-main/core/secrets/memory-secret-store';
import { buildExport, readSesameFile } from '../../src-main/core/sharing/sesame-file';
import { applyImport } from '../../src-main/core/sharing/preview';
const profiles = Array.from({ length: 5000 }, (_, i) => ({ id: `p_b${i}`, name: `Server ${i}`, group: `group-${i % 50}`, tags: ['prod', `rack${i % 20}`], notes: `Bench profile ${i}`, host: `host${i}.example.com`, addressFamily: 'auto', knock: { steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }, { port: 9000, protocol: 'tcp' }], delayMs: 100 }, openTimeoutMs: 5000, oneTimeSequences: [], service: { kind: 'ssh', port: 22, user: 'u' }, auth: { method: 'agent' }, ftpMode: 'auto', preferredClient: 'auto', hasPassword: false, hasPassphrase: false, createdAt: 1, updatedAt: 1 })) as never[];
const { text } = await buildExport(profiles, { now: Date.now });
for (let r = 0; r < 8; r++) {
const store = createProfileStore({ filePath: join(mkdtempSync(join(tmpdir(), 'b-')), 'p.json'), now: Date.now });
const t = performance.now();
const prepared = await readSesameFile(text);
const t2 = performance.now();
await applyImport({ store, secrets: new MemorySecretStore(), now: Date.now, newId: () => 'x' }, prepared, {}, false);
console.log('read', (t2 - t).toFixed(0), 'apply', (performance.now() - t2).toFixed(0));
}
