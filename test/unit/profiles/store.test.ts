import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { fields, makeService, tempHome } from './helpers';

describe('profile store', () => {
  it('starts empty, creates, lists, updates and persists', async () => {
    const { service, store } = makeService();
    expect((await service.list()).profiles).toEqual([]);
    const created = await service.create(fields());
    expect(created).toMatchObject({ name: 'Prod DB', group: '', addressFamily: 'auto', openTimeoutMs: 10_000, hasPassword: false });
    const updated = await service.update(created.id, { ...fields(), name: 'Prod DB 2' }, created.updatedAt);
    expect(updated.name).toBe('Prod DB 2');
    const fresh = createProfileStore({ filePath: store.filePath, now: Date.now });
    expect((await fresh.read()).profiles.map((p) => p.name)).toEqual(['Prod DB 2']);
    expect((await fresh.read()).revision).toBe(2);
  });

  it('rejects bad input with messages that name the field and the fix', async () => {
    const { service } = makeService();
    const bad = async (f: Parameters<typeof fields>[0]) => {
      try {
        await service.create(fields(f));
      } catch (error) {
        return (error as { code: string; message: string });
      }
      throw new Error('accepted');
    };
    expect(await bad({ service: { kind: 'ssh', port: 0 } })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/service\.port: must be from 1 to 65535 \(0 is not/) });
    expect((await bad({ service: { kind: 'ssh', port: 65536 } })).message).toMatch(/service\.port: must be from 1 to 65535/);
    expect((await bad({ knock: { steps: [] } })).message).toMatch(/knock\.steps: is empty: add at least one knock step/);
    expect((await bad({ host: 'has space' })).message).toMatch(/host: must not contain spaces/);
    expect((await bad({ host: '-oProxyCommand=x' })).message).toMatch(/host: must not start with "-"/);
    expect((await bad({ service: { kind: 'ssh', port: 22, user: 'a\u0007b' } })).message).toMatch(/service\.user: must not contain control characters/);
    await service.create(fields());
    expect((await bad({ name: 'prod db' })).message).toMatch(/name: "prod db" is already used by another profile: choose a different name/);
  });

  it('turns a stale edit into CONFLICT instead of overwriting', async () => {
    const { service } = makeService();
    const p = await service.create(fields());
    await service.update(p.id, { ...fields(), notes: 'first' }, p.updatedAt);
    await expect(service.update(p.id, { ...fields(), notes: 'second' }, p.updatedAt)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps a corrupt file as a dated backup, tells the user, and never overwrites it', async () => {
    const dir = tempHome();
    writeFileSync(join(dir, 'profiles.json'), '{"format":"sesame-profiles","version":1,"revision":3,"profiles":[{"id":');
    const { service, notices } = makeService(dir);
    expect((await service.list()).profiles).toEqual([]);
    expect(notices).toHaveLength(1);
    const backup = readdirSync(dir).find((n) => n.includes('.corrupt-'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir, backup!), 'utf8')).toContain('"revision":3');
    expect(notices[0]?.backupPath).toBe(join(dir, backup!));
    await service.create(fields());
    expect((await service.list()).profiles).toHaveLength(1);
  });

  it('salvages valid profiles and backs up the file when some are invalid', async () => {
    const { service, store, dir } = makeService();
    const good = await service.create(fields());
    const doc = JSON.parse(readFileSync(store.filePath, 'utf8'));
    doc.profiles.push({ ...doc.profiles[0], id: 'bad', name: 'Broken', service: { kind: 'ssh', port: 0 } });
    writeFileSync(store.filePath, JSON.stringify(doc));
    const again = makeService(dir);
    expect((await again.service.list()).profiles.map((p) => p.id)).toEqual([good.id]);
    expect(again.notices[0]?.message).toMatch(/Broken: service\.port/);
  });

  it('refuses a file from a newer Sesame and leaves it byte for byte', async () => {
    const dir = tempHome();
    const text = '{"format":"sesame-profiles","version":99,"revision":1,"profiles":[]}';
    writeFileSync(join(dir, 'profiles.json'), text);
    const { service } = makeService(dir);
    await expect(service.list()).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/newer Sesame/) });
    await expect(service.create(fields())).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).toBe(text);
  });

  it('migrates an older format version, keeping the original as a backup', async () => {
    const dir = tempHome();
    writeFileSync(join(dir, 'profiles.json'), JSON.stringify({ format: 'sesame-profiles', version: 0, revision: 1, items: [] }));
    const migrations = new Map([[0, (raw: Record<string, unknown>) => ({ ...raw, profiles: raw.items, items: undefined })]]);
    const { service } = makeService(dir, { migrations });
    expect((await service.list()).profiles).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')).version).toBe(1);
    expect(readdirSync(dir).some((n) => n.includes('.v0-'))).toBe(true);
  });

  it('reports an unreadable file and changes nothing', async () => {
    const dir = tempHome();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'profiles.json'));
    const { service } = makeService(dir);
    await expect(service.list()).rejects.toMatchObject({ message: expect.stringMatching(/Cannot read the profiles file .*EISDIR/) });
  });
});

describe('secrets and delete/undo', () => {
  it('stores secrets only in the secret store; the profile keeps a flag', async () => {
    const { service, secrets, store } = makeService();
    const p = await service.create(fields());
    const after = await service.setSecret(p.id, 'password', 'hunter2');
    expect(after.hasPassword).toBe(true);
    expect([...secrets.entries.values()]).toEqual(['hunter2']);
    expect(readFileSync(store.filePath, 'utf8')).not.toContain('hunter2');
    expect((await service.deleteSecret(p.id, 'password')).hasPassword).toBe(false);
    expect(secrets.entries.size).toBe(0);
  });

  it('a failed keychain write leaves the profile unchanged', async () => {
    const { service, secrets, store } = makeService();
    const p = await service.create(fields());
    const before = readFileSync(store.filePath, 'utf8');
    secrets.failNext();
    await expect(service.setSecret(p.id, 'password', 'x')).rejects.toThrow(/simulated/);
    expect(readFileSync(store.filePath, 'utf8')).toBe(before);
  });

  it('deleting removes the secrets; undo brings back profile and secrets', async () => {
    const { service, secrets } = makeService();
    const p = await service.create(fields());
    await service.setSecret(p.id, 'password', 'hunter2');
    const { undoToken } = await service.remove(p.id);
    expect(secrets.entries.size).toBe(0);
    expect((await service.list()).profiles).toEqual([]);
    const { profile, secretsRestored } = await service.undoDelete(undoToken);
    expect(secretsRestored).toBe(true);
    expect(profile).toMatchObject({ id: p.id, name: p.name, hasPassword: true });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    await expect(service.undoDelete(undoToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('undo after the old id was taken again (re-import) restores under a new id, leaving the other secrets alone', async () => {
    const { service, store } = makeService();
    const p = await service.create(fields());
    await service.setSecret(p.id, 'password', 'old-secret');
    const { undoToken } = await service.remove(p.id);
    // An import reuses the free id for another profile with its own password.
    await store.update((doc) => {
      doc.profiles.push({ ...p, name: 'Imported', hasPassword: false });
    });
    await service.setSecret(p.id, 'password', 'imported-secret');
    const { profile } = await service.undoDelete(undoToken);
    expect(profile.id).not.toBe(p.id);
    expect(await service.readSecret(p.id, 'password')).toBe('imported-secret');
    expect(await service.readSecret(profile.id, 'password')).toBe('old-secret');
  });

  it('keeps the profile if its secrets cannot be deleted', async () => {
    const { service, secrets } = makeService();
    const p = await service.create(fields());
    await service.setSecret(p.id, 'password', 'x');
    secrets.failNext();
    await expect(service.remove(p.id)).rejects.toThrow();
    expect((await service.list()).profiles).toHaveLength(1);
  });

  it('one-time sequences: next unused in order, marked only when told', async () => {
    const { service } = makeService();
    const p = await service.create(fields({ oneTimeSequences: [{ steps: [{ port: 1111 }] }, { steps: [{ port: 2222 }] }] }));
    expect((await service.nextOneTimeSequence(p.id))?.steps[0]?.port).toBe(1111);
    expect((await service.nextOneTimeSequence(p.id))?.index).toBe(0);
    await service.markOneTimeUsed(p.id, 0);
    expect((await service.nextOneTimeSequence(p.id))?.steps[0]?.port).toBe(2222);
    await expect(service.markOneTimeUsed(p.id, 0)).rejects.toMatchObject({ code: 'CONFLICT' });
    await service.markOneTimeUsed(p.id, 1);
    expect(await service.nextOneTimeSequence(p.id)).toBeUndefined();
  });

  it('searches by words across name, host, group, tags and user', async () => {
    const { service } = makeService();
    await service.create(fields({ name: 'Alpha', group: 'work', tags: ['prod'] }));
    await service.create(fields({ name: 'Beta', host: 'beta.example.net' }));
    expect((await service.list({ query: 'work prod' })).profiles.map((p) => p.name)).toEqual(['Alpha']);
    expect((await service.list({ query: 'EXAMPLE.NET' })).profiles.map((p) => p.name)).toEqual(['Beta']);
    expect((await service.list({ group: '' })).profiles.map((p) => p.name)).toEqual(['Beta']);
  });
});
