// Child process for the crash-safety and two-writers tests; bundled with esbuild
// by the tests so each spawn costs a plain `node` start, not a TypeScript loader.
import { join } from 'node:path';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import { defaultCliContext } from '../../../src-main/cli/context';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';

const [mode, dir, arg] = process.argv.slice(2);
if (!mode || !dir) throw new Error('usage: writer-child crash|cli DIR [COUNT]');

async function crashLoop(): Promise<void> {
  const store = createProfileStore({ filePath: join(dir!, 'profiles.json'), now: Date.now, lock: { staleMs: 2000 } });
  process.stdout.write('ready\n');
  for (;;) {
    const { value } = await store.update((doc) => {
      const i = doc.profiles.findIndex((p) => p.name === 'counter');
      const p = doc.profiles[i]!;
      const n = Number(p.notes) + 1;
      // Grow and shrink the document so a torn write could not pass for a valid one by luck.
      doc.profiles[i] = { ...p, notes: String(n), tags: Array.from({ length: n % 7 }, (_, k) => `t${k}`) };
      return n;
    });
    process.stdout.write(`${value}\n`);
  }
}

async function cliLoop(count: number): Promise<void> {
  let out = '';
  const io = {
    out: (t: string) => void (out += t),
    err: (t: string) => process.stderr.write(t),
    stdin: process.stdin,
    stdinIsTTY: false,
    env: { ...process.env, SESAME_HOME: dir },
  };
  const context = () => defaultCliContext(io, new MemorySecretStore());
  for (let i = 0; i < count; i++) {
    out = '';
    if ((await runProfiles(['show', 'B', '--json'], io, context)) !== 0) process.exit(1);
    const n = Number((JSON.parse(out) as { notes: string }).notes);
    if ((await runProfiles(['edit', 'B', '--notes', String(n + 1)], io, context)) !== 0) process.exit(1);
  }
}

await (mode === 'crash' ? crashLoop() : cliLoop(Number(arg ?? 20)));
