import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { trashKeepMs } from '../../../src-main/core/profiles/trash';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { fields, tempHome } from './helpers';

const day = 24 * 60 * 60_000;

/** A service over a temp folder with a clock the test moves (days pass between rm and restore). */
function setup(dir = tempHome(), secrets = new MemorySecretStore()) {
  const clock = { t: 1_700_000_000_000 };
  const now = () => clock.t++;
  const store = createProfileStore({ filePath: join(dir, 'profiles.json'), now });
  const service = createProfilesService({ store, secrets, now });
  return { dir, clock, secrets, service, store, trashFile: join(dir, 'trash.json') };
}

describe('the trash behind profiles rm / restore and the app\'s undo', () => {
  it('rm moves the profile and its keychain entries to the trash; restore 29 days later brings both back, binding intact', async () => {
    const { service, secrets, clock, trashFile } = setup();
    const p = await service.create(fields({ auth: { method: 'password' } }));
    await service.setSecret(p.id, 'password', 'hunter2');
    const stored = secrets.entries.get(`${p.id}:password`);
    const { undoToken } = await service.remove(p.id);
    expect((await service.list()).profiles).toEqual([]);
    expect(statSync(trashFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(trashFile, 'utf8')).not.toContain('hunter2');
    // Kept in the keychain, byte for byte (destination included), under the trash entry's own account.
    expect([...secrets.entries]).toEqual([[`trash-${undoToken}:password`, stored]]);
    clock.t += 29 * day;
    const result = await service.restore('prod db');
    expect(result).toMatchObject({ profile: { id: p.id, name: 'Prod DB', hasPassword: true }, secretsRestored: true, purged: [] });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    expect((await service.secretDestination(p.id)).confirmed).toBe(true);
    expect([...secrets.entries]).toEqual([[`${p.id}:password`, stored]]);
    expect((await service.listTrash()).items).toEqual([]);
  });

  it('a secret saved for another destination comes back still bound to it: restore never re-binds', async () => {
    const { service } = setup();
    const p = await service.create(fields({ auth: { method: 'password' } }));
    await service.setSecret(p.id, 'password', 'hunter2');
    const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ftpModeLearned: _f, ...edit } = await service.get(p.id);
    await service.update(p.id, { ...edit, host: 'elsewhere.example.com' });
    await service.remove(p.id);
    await service.restore();
    await expect(service.readSecret(p.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED', details: { savedFor: { host: 'db.example.com' } } });
  });

  it('the app\'s undo token and "restore NAME" reach the same entry: deleted in one, restored in the other', async () => {
    const { dir, service } = setup();
    const a = await service.create(fields({ name: 'a' }));
    const { undoToken } = await service.remove(a.id);
    // Another process (the CLI) over the same folder.
    const cli = setup(dir).service;
    expect((await cli.listTrash()).items.map((i) => [i.id, i.name])).toEqual([[undoToken, 'a']]);
    await cli.restore('a');
    await expect(service.undoDelete(undoToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const b = await cli.create(fields({ name: 'b' }));
    const removed = await cli.remove(b.id);
    expect((await service.undoDelete(removed.undoToken)).profile.id).toBe(b.id);
  });

  it('after 30 days the next rm purges the entry and its keychain entries, and says so; listing alone changes nothing', async () => {
    const { service, secrets, clock, trashFile } = setup();
    const old = await service.create(fields({ name: 'old', auth: { method: 'password' } }));
    await service.setSecret(old.id, 'password', 'x');
    const { undoToken } = await service.remove(old.id);
    clock.t += 30 * day;
    const before = readFileSync(trashFile, 'utf8');
    expect((await service.listTrash()).items).toMatchObject([{ name: 'old', expired: true, secrets: ['password'] }]);
    expect(readFileSync(trashFile, 'utf8')).toBe(before);
    expect(secrets.entries.has(`trash-${undoToken}:password`)).toBe(true);
    const other = await service.create(fields({ name: 'other' }));
    const { purged } = await service.remove(other.id);
    expect(purged).toEqual([{ name: 'old', deletedAt: expect.any(Number) }]);
    expect(purged[0]!.deletedAt + trashKeepMs).toBeLessThanOrEqual(clock.t);
    expect(secrets.entries.has(`trash-${undoToken}:password`)).toBe(false);
    expect((await service.listTrash()).items.map((i) => i.name)).toEqual(['other']);
  });

  it('a purge the keychain refuses keeps the entry (and its secret) for the next time', async () => {
    const { service, secrets, clock } = setup();
    const old = await service.create(fields({ name: 'old', auth: { method: 'password' } }));
    await service.setSecret(old.id, 'password', 'x');
    await service.remove(old.id);
    clock.t += 31 * day;
    secrets.failNext();
    await expect(service.restore('nothing-like-this')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.listTrash()).items.map((i) => i.name)).toEqual(['old']);
    expect((await service.restore('also-nothing').catch((e: { code: string }) => e.code))).toBe('NOT_FOUND');
    expect((await service.listTrash()).items).toEqual([]);
    expect(secrets.entries.size).toBe(0);
  });

  it('restoring under a name that is taken now comes back as "NAME (2)" and says what it was', async () => {
    const { service } = setup();
    const p = await service.create(fields());
    await service.remove(p.id);
    await service.create(fields());
    const result = await service.restore('Prod DB');
    expect(result).toMatchObject({ profile: { name: 'Prod DB (2)', id: p.id }, renamedFrom: 'Prod DB' });
  });

  it('a restore that stopped after writing profiles.json is finished by the next trash operation, not restored twice', async () => {
    const { service, dir, store } = setup();
    const p = await service.create(fields());
    await service.remove(p.id);
    // What a process killed between its two writes leaves: the profile back in the file, the entry marked.
    const trash = JSON.parse(readFileSync(join(dir, 'trash.json'), 'utf8')) as { entries: { restoringAs?: string; profile: unknown }[] };
    trash.entries[0]!.restoringAs = p.id;
    writeFileSync(join(dir, 'trash.json'), JSON.stringify(trash));
    await store.update((doc) => void doc.profiles.push(trash.entries[0]!.profile as typeof p));
    await expect(service.restore()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.list()).profiles.map((x) => x.name)).toEqual(['Prod DB']);
  });

  it('an unreadable trash file is never overwritten: rm refuses and the profile stays', async () => {
    const { service, trashFile } = setup();
    const p = await service.create(fields());
    writeFileSync(trashFile, '{ not json');
    await expect(service.remove(p.id)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(trashFile) });
    expect(readFileSync(trashFile, 'utf8')).toBe('{ not json');
    expect((await service.list()).profiles).toHaveLength(1);
  });
});
