import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sesame } from '../../support/cli';
import { createTestCore } from '../../support/test-core';

/**
 * Everything Sesame writes maps out hosts, knock sequences and user names:
 * the data folder is 0700 and every file it writes — profiles.json, its
 * backups, settings.json, history, every export — is 0600, however the file
 * or folder came to exist first.
 */
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-modes-'));
  dirs.push(dir);
  return dir;
};
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

/** Every file and folder under `dir` with its mode. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out[path.slice(dir.length + 1)] = mode(path);
  }
  return out;
}

const fields = { name: 'web', host: 'web.example.com', knock: { steps: [{ port: 7000 }] }, service: { kind: 'ssh' as const, port: 22, user: 'alice' } };

describe('file modes', () => {
  it('a data folder first created by a profile write is 0700, and profiles.json (and its backups) 0600', async () => {
    const parent = scratch();
    const home = join(parent, 'Sesame');
    const core = createTestCore({ profilesFile: join(home, 'profiles.json') });
    try {
      const created = await core.profiles.create(fields);
      await core.profiles.update(created.id, { ...fields, notes: 'edited' }, created.updatedAt);
      expect(mode(home)).toBe('0700');
      expect(mode(join(home, 'profiles.json'))).toBe('0600');
      for (const [path, m] of Object.entries(modes(home))) expect(m, path).toBe(statSync(join(home, path)).isDirectory() ? '0700' : '0600');
    } finally {
      await core.dispose();
    }
  });

  it('a data folder first created by a settings write is 0700 too, and settings.json 0600', async () => {
    const parent = scratch();
    const home = join(parent, 'Sesame');
    const core = createTestCore({ profilesFile: join(home, 'profiles.json') });
    try {
      await core.settings.update({ theme: 'dark' });
      expect(mode(join(home, 'settings.json'))).toBe('0600');
      expect(mode(home)).toBe('0700');
    } finally {
      await core.dispose();
    }
  });

  it('the app’s export is 0600, also over an existing file that was 0644', async () => {
    const core = createTestCore();
    const out = scratch();
    try {
      await core.profiles.create(fields);
      const fresh = join(out, 'new.sesame');
      await core.sharing.exportTo(core.sharing.registerExportFile(fresh), {});
      expect(mode(fresh)).toBe('0600');
      const existing = join(out, 'existing.sesame');
      writeFileSync(existing, 'old');
      chmodSync(existing, 0o644);
      await core.sharing.exportTo(core.sharing.registerExportFile(existing), {});
      expect(mode(existing)).toBe('0600');
    } finally {
      await core.dispose();
    }
  });

  it('`sesame profiles export --out` is 0600, also over an existing file that was 0644 (with --force)', async () => {
    const home = join(scratch(), 'Sesame');
    const out = scratch();
    const added = await sesame(['profiles', 'add', '--name', 'web', '--host', 'web.example.com', '--knock', '7000'], { home });
    expect(added.code, added.stderr).toBe(0);
    const fresh = join(out, 'new.sesame');
    const first = await sesame(['profiles', 'export', '--out', fresh], { home });
    expect(first.code, first.stderr).toBe(0);
    expect(mode(fresh)).toBe('0600');
    const existing = join(out, 'existing.sesame');
    writeFileSync(existing, 'old');
    chmodSync(existing, 0o644);
    const again = await sesame(['profiles', 'export', '--out', existing, '--force'], { home });
    expect(again.code, again.stderr).toBe(0);
    expect(mode(existing)).toBe('0600');
    // The CLI's data folder, created by its first write.
    expect(mode(home)).toBe('0700');
    expect(mode(join(home, 'profiles.json'))).toBe('0600');
    // Three real CLI runs: seconds each on a loaded machine.
  }, 60_000);
});
