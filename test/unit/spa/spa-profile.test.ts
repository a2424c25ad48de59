import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingForConnect, profileFieldsSchema, profileSchema } from '../../../src-main/contract/features/profiles';
import { digestNames, encryptionModes } from '../../../src-main/core/spa/constants';
import { spaDigestNames, spaEncryptionModes } from '../../../src-main/contract/schemas/spa';
import { decodeBound } from '../../../src-main/core/secrets/bound-secret';
import { secretAccount } from '../../../src-main/core/secrets/secret-store';
import { fields, makeService } from '../profiles/helpers';

const spaFields = (spa: Record<string, unknown> = {}) => fields({ door: 'spa', knock: undefined, spa: spa as never });

describe('profile schema: SPA door', () => {
  it('reads a profile saved before doors existed as a knock door, and writes nothing back for it', async () => {
    const { service, store } = makeService();
    const p = await service.create(fields());
    expect(p.door).toBeUndefined();
    const text = readFileSync(store.filePath, 'utf8');
    expect(text).not.toMatch(/"door"|hasSpaKey|hasSpaHmacKey|"spa"/);
    expect(missingForConnect(p)).toEqual([]);
  });

  it('an SPA profile needs no knock sequence, and gets fwknop defaults', () => {
    const parsed = profileFieldsSchema.parse(spaFields({}));
    expect(parsed.door).toBe('spa');
    expect(parsed.spa).toEqual({ serverPort: 62201, serverProto: 'udp', allowIp: 'source', digest: 'sha256', hmac: 'sha256', mode: 'cbc' });
    expect(missingForConnect(parsed)).toEqual([]);
    // The same profile as a knock door is a draft.
    expect(missingForConnect({ ...parsed, door: 'knock' })).toEqual(['knock.steps: is empty: add at least one knock step']);
  });

  it.each([
    [{ access: 'tcp22' }, 'spa.access', /proto\/port/],
    [{ access: 'tcp/0' }, 'spa.access', /1–65535/],
    [{ allowIp: '10.0.0' }, 'spa.allowIp', /IPv4/],
    [{ allowIp: 'resolve' }, 'spa.allowIp', /no resolve URL/],
    [{ allowIp: 'resolve', resolveUrl: 'ftp://x' }, 'spa.resolveUrl', /http/],
    [{ user: 'a:b' }, 'spa.user', /fwknop refuses/],
    [{ natPort: 2222 }, 'spa.natPort', /NAT/],
    [{ digest: 'sha999' }, 'spa.digest', /sha256/],
    [{ hmac: 'sha999' }, 'spa.hmac', /none/],
    [{ mode: 'pcbc' }, 'spa.mode', /cbc/],
    [{ clientTimeoutS: -1 }, 'spa.clientTimeoutS', /negative/],
    [{ serverPort: 0 }, 'spa.serverPort', /1 to 65535/],
    [{ extra: 1 }, 'spa', /Unrecognized/],
  ])('refuses %j naming the field (%s)', (spa, path, message) => {
    const result = profileFieldsSchema.safeParse(spaFields(spa));
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path.join('.')).toBe(path);
    expect(issue.message).toMatch(message);
  });

  it('accepts every SPA setting fwknop has, and an explicit allow IP or a resolve URL of the user', () => {
    const spa = {
      serverPort: 40000, serverProto: 'tcp', access: 'tcp/22,udp/53', allowIp: 'resolve', resolveUrl: 'https://ip.example.org/',
      user: 'alice', clientTimeoutS: 60, natLocal: true, natPort: 2222, timeOffsetS: -300, digest: 'sha512', hmac: 'sha3_256', mode: 'ctr', maxPacketAgeS: 60,
    };
    expect(profileFieldsSchema.parse(spaFields(spa)).spa).toEqual(spa);
    expect(profileFieldsSchema.parse(spaFields({ allowIp: '203.0.113.7', nat: { host: '10.0.0.5', port: 22 } })).spa).toMatchObject({ allowIp: '203.0.113.7', nat: { host: '10.0.0.5', port: 22 } });
  });

  it("the contract's digest and mode lists are fwknop's (core/spa/constants)", () => {
    expect([...spaDigestNames]).toEqual([...digestNames]);
    expect([...spaEncryptionModes]).toEqual([...encryptionModes]);
  });

  it('a file written by a newer Sesame with door fields reads back unchanged (no attention)', async () => {
    const { service, store } = makeService();
    const p = await service.create(spaFields({ access: 'tcp/22' }));
    const { store: again } = makeService(store.filePath.replace(/\/profiles\.json$/, ''));
    const doc = await again.read();
    expect(doc.attention).toEqual([]);
    expect(doc.profiles[0]).toEqual(profileSchema.parse(p));
  });
});

describe('SPA keys in the keychain', () => {
  it('are stored as base64 of their bytes, bound to the destination, and only flags reach the profile file', async () => {
    const { service, secrets, store } = makeService();
    const p = await service.create(spaFields());
    const raw = Buffer.from([0, 1, 255, 128, 10, 13]).toString('base64');
    await service.setSecret(p.id, 'spa-key', raw, 'base64');
    const saved = await service.setSecret(p.id, 'spa-hmac-key', 'typed hmac key');
    expect(saved).toMatchObject({ hasSpaKey: true, hasSpaHmacKey: true });
    expect(decodeBound(secrets.entries.get(secretAccount(p.id, 'spa-key'))!)).toEqual({ secret: raw, boundTo: { host: 'db.example.com', port: 22, user: 'alice' } });
    expect(decodeBound(secrets.entries.get(secretAccount(p.id, 'spa-hmac-key'))!).secret).toBe(Buffer.from('typed hmac key').toString('base64'));
    const file = readFileSync(store.filePath, 'utf8');
    expect(file).not.toContain(raw);
    expect(file).not.toContain(Buffer.from('typed hmac key').toString('base64'));
    expect(file).toMatch(/"hasSpaKey":\s?true/);
    expect(await service.readSecret(p.id, 'spa-key')).toBe(raw);
  });

  it('refuses keys fwknop would refuse, naming the kind and the fix; the keychain stays empty', async () => {
    const { service, secrets } = makeService();
    const p = await service.create(spaFields());
    await expect(service.setSecret(p.id, 'spa-key', 'not base64!', 'base64')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /spa-key.*not base64/ });
    await expect(service.setSecret(p.id, 'spa-key', 'x'.repeat(33))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /33 bytes.*at most 32/ });
    await expect(service.setSecret(p.id, 'password', 'pw', 'base64')).rejects.toMatchObject({ code: 'INVALID_INPUT', message: /encoding/ });
    expect(secrets.entries.size).toBe(0);
    expect((await service.get(p.id)).hasSpaKey).toBeUndefined();
  });

  it('are held back when the destination changes, like passwords, and go with a delete (and come back with undo)', async () => {
    const { service } = makeService();
    const p = await service.create(spaFields());
    await service.setSecret(p.id, 'spa-key', 'k'.repeat(32));
    const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, hasSpaKey: _k, ...rest } = await service.get(p.id);
    await service.update(p.id, { ...rest, host: 'other.example.com' });
    await expect(service.readSecret(p.id, 'spa-key')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED', message: /SPA encryption key/, details: { unconfirmed: ['spa-key'] } });
    const { undoToken } = await service.remove(p.id);
    const { profile, secretsRestored } = await service.undoDelete(undoToken);
    expect(secretsRestored).toBe(true);
    expect(profile.hasSpaKey).toBe(true);
  });

  it('a hand-edited file keeps its door fields through a rewrite by another change', async () => {
    const { service, store } = makeService();
    const p = await service.create(spaFields({ access: 'tcp/2222' }));
    const q = await service.create(fields({ name: 'other' }));
    await service.remove(q.id);
    const doc = JSON.parse(readFileSync(store.filePath, 'utf8'));
    expect(doc.profiles[0]).toMatchObject({ id: p.id, door: 'spa', spa: { access: 'tcp/2222' } });
  });
});
