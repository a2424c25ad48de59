import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { decodeBound } from '../../../src-main/core/secrets/bound-secret';
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

  it('a corrupt file is never rewritten or backed up by a read, and writes refuse until it is fixed', async () => {
    const dir = tempHome();
    const text = '{"format":"sesame-profiles","version":1,"revision":3,"profiles":[{"id":';
    writeFileSync(join(dir, 'profiles.json'), text);
    const { service, notices } = makeService(dir);
    expect(await service.list()).toMatchObject({ profiles: [], damaged: expect.stringMatching(/is not valid JSON/) });
    await service.list();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.message).toMatch(/changes nothing/);
    await expect(service.create(fields())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/fix it in a text editor, or move it away/) });
    await expect(service.resolve('anything')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readdirSync(dir).sort()).toEqual(['profiles.json']);
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).toBe(text);
  });

  it('keeps invalid profiles byte for byte through reads and writes, and reports field, fix and line', async () => {
    const { service, store, dir } = makeService();
    const good = await service.create(fields());
    const lines = readFileSync(store.filePath, 'utf8').split('\n');
    // A hand-edited entry, in its own spacing, between the header and the valid profile.
    const broken = '{ "id": "bad",  "name": "Broken", "service": {"kind":"ssh","port":0}, "createdAt": 1, "updatedAt": 1 }';
    lines.splice(1, 0, `${broken},`);
    const text = lines.join('\n');
    writeFileSync(store.filePath, text);
    const again = makeService(dir);
    const listed = await again.service.list();
    expect(listed.profiles.map((p) => p.id)).toEqual([good.id]);
    expect(listed.attention).toEqual([
      { index: 0, line: 2, id: 'bad', name: 'Broken', issues: [{ path: 'service.port', message: expect.stringMatching(/must be from 1 to 65535/) }] },
    ]);
    expect(again.notices[0]?.message).toMatch(/Broken \(line 2\): service\.port/);
    // Reading (even a failed lookup, as `sesame connect nosuch` does) writes nothing.
    await expect(again.service.resolve('nosuch')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(again.service.resolve('broken')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/needs attention.*line 2/) });
    expect(readFileSync(store.filePath, 'utf8')).toBe(text);
    expect(readdirSync(dir).filter((n) => n.endsWith('.bak'))).toEqual([]);
    // A user's change elsewhere writes the file, with the broken entry exactly as it was, where it was.
    await again.service.update(good.id, { ...fields(), notes: 'edited' });
    const written = readFileSync(store.filePath, 'utf8');
    expect(written.split('\n')[1]).toBe(`${broken},`);
    expect((await again.service.list()).attention).toHaveLength(1);
    // Its id stays taken.
    await again.store.update((doc) => void expect(doc.attention[0]?.id).toBe('bad'));
  });

  it('keeps keys a newer Sesame added, on the document and on profiles, across a write', async () => {
    const { service, store, dir } = makeService();
    const p = await service.create(fields());
    const doc = JSON.parse(readFileSync(store.filePath, 'utf8'));
    doc.syncedAt = 'yesterday';
    doc.profiles[0].jumpHost = { host: 'bastion.example.com' };
    writeFileSync(store.filePath, JSON.stringify(doc));
    const again = makeService(dir);
    expect((await again.service.list()).attention).toEqual([]);
    await again.service.update(p.id, { ...fields(), notes: 'changed by the old Sesame' });
    const after = JSON.parse(readFileSync(store.filePath, 'utf8'));
    expect(after.syncedAt).toBe('yesterday');
    expect(after.profiles[0]).toMatchObject({ notes: 'changed by the old Sesame', jumpHost: { host: 'bastion.example.com' } });
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

  it('migrates an older format in memory; the first write keeps the original as a backup', async () => {
    const dir = tempHome();
    const text = JSON.stringify({ format: 'sesame-profiles', version: 0, revision: 1, items: [] });
    writeFileSync(join(dir, 'profiles.json'), text);
    const migrations = new Map([[0, (raw: Record<string, unknown>) => ({ ...raw, profiles: raw.items, items: undefined })]]);
    const { service } = makeService(dir, { migrations });
    expect((await service.list()).profiles).toEqual([]);
    expect(readFileSync(join(dir, 'profiles.json'), 'utf8')).toBe(text);
    await service.create(fields());
    expect(JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8')).version).toBe(1);
    const backups = readdirSync(dir).filter((n) => n.includes('.v0-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe(text);
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
    expect([...secrets.entries.values()].map((v) => decodeBound(v).secret)).toEqual(['hunter2']);
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

  it('deleting moves the secrets to the trash\'s keychain account; undo brings back profile and secrets', async () => {
    const { service, secrets } = makeService();
    const p = await service.create(fields());
    await service.setSecret(p.id, 'password', 'hunter2');
    const { undoToken } = await service.remove(p.id);
    expect([...secrets.entries.keys()]).toEqual([`trash-${undoToken}:password`]);
    expect((await service.list()).profiles).toEqual([]);
    const { profile, secretsRestored } = await service.undoDelete(undoToken);
    expect(secretsRestored).toBe(true);
    expect(profile).toMatchObject({ id: p.id, name: p.name, hasPassword: true });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    await expect(service.undoDelete(undoToken)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect([...secrets.entries.keys()]).toEqual([`${p.id}:password`]);
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

  it('keeps the profile (and no trash entry) if its secrets cannot be moved', async () => {
    const { service, secrets } = makeService();
    const p = await service.create(fields());
    await service.setSecret(p.id, 'password', 'x');
    secrets.failNext();
    await expect(service.remove(p.id)).rejects.toThrow();
    expect((await service.list()).profiles).toHaveLength(1);
    expect((await service.listTrash()).items).toEqual([]);
    expect(await service.readSecret(p.id, 'password')).toBe('x');
  });

  it('one-time sequences: in order, each spent in the file before its knock runs, even when the knock throws', async () => {
    const { service, store } = makeService();
    const p = await service.create(fields({ oneTimeSequences: [{ steps: [{ port: 1111 }] }, { steps: [{ port: 2222 }] }] }));
    expect((await service.nextOneTimeSequence(p.id))?.steps[0]?.port).toBe(1111);
    const seen: number[] = [];
    await service.withOneTimeSequence(p.id, async (next) => {
      // Already spent on disk while the knock runs: a crash here cannot leave it for the next run.
      const onDisk = JSON.parse(readFileSync(store.filePath, 'utf8')).profiles[0].oneTimeSequences;
      expect(onDisk[0].usedAt).toBeTypeOf('number');
      seen.push(next.steps[0]!.port);
    });
    await expect(
      service.withOneTimeSequence(p.id, async (next) => {
        seen.push(next.steps[0]!.port);
        throw new Error('crashed mid-knock');
      }),
    ).rejects.toThrow(/crashed/);
    expect(seen).toEqual([1111, 2222]);
    expect(await service.nextOneTimeSequence(p.id)).toBeUndefined();
    await expect(service.withOneTimeSequence(p.id, async () => undefined)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has been used/) });
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
