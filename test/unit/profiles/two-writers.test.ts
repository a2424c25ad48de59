import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundleWriterChild } from './child-bundle';
import { fields, makeService, tempHome } from './helpers';

describe('two writers', () => {
  it('the app-side store and the CLI updating different profiles at once lose nothing', async () => {
    const dir = tempHome();
    const script = await bundleWriterChild(tempHome());
    const { service, store } = makeService(dir);
    await service.create(fields({ name: 'A', notes: '0' }));
    await service.create(fields({ name: 'B', notes: '0' }));
    const rounds = 40;
    // The CLI side: `profiles show B` then `profiles edit B --notes n+1`, in its own process.
    const cli = new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [script, 'cli', dir, String(rounds)], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`cli writer failed (${code}): ${err}`))));
    });
    // The app side: read-modify-write increments of A under the store's lock.
    for (let i = 0; i < rounds; i++) {
      await store.update((doc) => {
        const at = doc.profiles.findIndex((p) => p.name === 'A');
        const p = doc.profiles[at]!;
        doc.profiles[at] = { ...p, notes: String(Number(p.notes) + 1) };
      });
      await new Promise((r) => setTimeout(r, Math.random() * 5));
    }
    await cli;
    const { profiles } = await service.list();
    expect(Object.fromEntries(profiles.map((p) => [p.name, p.notes]))).toEqual({ A: String(rounds), B: String(rounds) });
  }, 60_000);
});
