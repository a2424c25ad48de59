import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encryptJson } from '../../../src-main/core/sharing/crypto';
import { applyImport } from '../../../src-main/core/sharing/preview';
import { writePrivateFile } from '../../../src-main/core/sharing/private-file';
import { readSesameFile } from '../../../src-main/core/sharing/sesame-file';
import { createSharingService } from '../../../src-main/core/sharing/sharing-service';
import { makeService } from '../profiles/helpers';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function exportWithCredentials() {
  const a = makeService();
  const p = await a.service.create({ name: 'X', host: 'x.example.com', knock: { steps: [{ port: 1 }] } });
  await a.service.create({ name: 'Y', host: 'y.example.com', knock: { steps: [{ port: 2 }] } });
  await a.service.setSecret(p.id, 'password', 'hunter2-secret');
  const sharing = createSharingService({ profiles: a.service, secrets: a.secrets, now: a.now, homedir: '/h' });
  return (await sharing.exportText({ includeCredentials: true, passphrase: 'correct horse' })).text;
}

describe('.sesame files with credentials authenticate the whole document', () => {
  it('new files: version 2, scrypt N=2^17 r=8 p=1; a changed host of a profile without a secret breaks the tag too', async () => {
    const text = await exportWithCredentials();
    const file = JSON.parse(text);
    expect(file.version).toBe(2);
    expect(file.credentials.kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect((await readSesameFile(text, 'correct horse')).authenticity).toBe('verified');
    await expect(readSesameFile(text.replace('y.example.com', 'evil.example.com'), 'correct horse')).rejects.toThrow(/Wrong passphrase or damaged file/);
    await expect(readSesameFile(JSON.stringify({ ...file, exportedAt: 'tampered' }), 'correct horse')).rejects.toThrow(/Wrong passphrase/);
    await expect(readSesameFile(JSON.stringify({ ...file, extra: 1 }), 'correct horse')).rejects.toThrow(/Wrong passphrase/);
  }, 60_000);

  it('without the passphrase the import is "unverified" and refused unless accepted explicitly (no secrets then)', async () => {
    const tampered = (await exportWithCredentials()).replace('x.example.com', 'evil.example.com');
    const prepared = await readSesameFile(tampered);
    expect(prepared.authenticity).toBe('unverified');
    expect(prepared.warnings.join()).toMatch(/cannot check that nobody changed its hosts/);
    const b = makeService();
    await expect(applyImport({ store: b.store, secrets: b.secrets, now: b.now, newId: () => 'n' }, prepared, {}, true)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/Enter the passphrase, or explicitly accept/),
    });
    expect(existsSync(b.store.filePath)).toBe(false);
    const result = await applyImport({ store: b.store, secrets: b.secrets, now: b.now, newId: () => 'n' }, prepared, {}, true, true);
    expect(result).toMatchObject({ created: [expect.any(String), expect.any(String)], secretsStored: 0 });
  }, 60_000);

  it('files from Sesame 0.1 (version 1, N=2^15, tag over the profiles) still import', async () => {
    const profiles = [{ id: 'p_old', name: 'Old', host: 'old.example.com', knock: { steps: [{ port: 1 }] } }];
    const credentials = await encryptJson({ p_old: { password: 'old-pw' } }, 'correct horse', JSON.stringify(profiles), { N: 2 ** 15, r: 8, p: 1 });
    const text = JSON.stringify({ format: 'sesame-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', profiles, credentials });
    const prepared = await readSesameFile(text, 'correct horse');
    expect(prepared).toMatchObject({ authenticity: 'verified', candidates: [{ sourceId: 'p_old', secrets: { password: 'old-pw' } }] });
  }, 30_000);
});

describe('export files are written privately', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-export-'));
  dirs.push(dir);

  it('replaces an existing 0644 file with a new 0600 one (never in place)', async () => {
    const path = join(dir, 'team.sesame');
    writeFileSync(path, 'old', { mode: 0o644 });
    const before = statSync(path).ino;
    await writePrivateFile(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(path).ino).not.toBe(before);
  });

  it('never writes through a symlink: the link itself is replaced, its target untouched', async () => {
    const target = join(dir, 'victim');
    writeFileSync(target, 'precious', { mode: 0o644 });
    const link = join(dir, 'link.sesame');
    symlinkSync(target, link);
    expect(readlinkSync(link)).toBe(target);
    await writePrivateFile(link, 'export');
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
    expect(readFileSync(link, 'utf8')).toBe('export');
  });
});
