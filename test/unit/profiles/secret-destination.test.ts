import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src-main/contract/features/profiles';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { decodeBound } from '../../../src-main/core/secrets/bound-secret';
import { secretAccount } from '../../../src-main/core/secrets/secret-store';
import { applyImport, previewImport } from '../../../src-main/core/sharing/preview';
import type { PreparedImport } from '../../../src-main/core/sharing/candidates';
import { fields, makeService } from './helpers';

const editable = (p: Profile) => {
  const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ftpModeLearned: _f, ...rest } = p;
  return rest;
};

async function withPassword() {
  const made = makeService();
  const p = await made.service.create(fields({ auth: { method: 'password' } }));
  await made.service.setSecret(p.id, 'password', 'hunter2');
  return { ...made, p: await made.service.get(p.id) };
}

describe('a saved secret is bound to its destination (host, port, user)', () => {
  it('is stored with the destination it was saved for, in the keychain item (not the profiles file)', async () => {
    const { secrets, store, p, service } = await withPassword();
    expect(decodeBound(secrets.entries.get(secretAccount(p.id, 'password'))!)).toEqual({
      secret: 'hunter2',
      boundTo: { host: 'db.example.com', port: 22, user: 'alice' },
    });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(store.filePath, 'utf8')).not.toMatch(/hunter2|boundTo/);
  });

  it.each([
    ['host', { host: 'db.evil.example' }],
    ['port', { service: { kind: 'ssh' as const, port: 2222, user: 'alice' } }],
    ['user', { service: { kind: 'ssh' as const, port: 22, user: 'root' } }],
  ])('an edit of the %s holds it back with DESTINATION_UNCONFIRMED until confirmed', async (_what, change) => {
    const { service, p } = await withPassword();
    const moved = await service.update(p.id, { ...editable(p), ...change });
    const error = await service.readSecret(p.id, 'password').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DESTINATION_UNCONFIRMED',
      details: { profileId: p.id, confirmed: false, unconfirmed: ['password'], savedFor: { host: 'db.example.com', port: 22, user: 'alice' } },
    });
    const current = { host: moved.host!, port: moved.service.port, ...(moved.service.user ? { user: moved.service.user } : {}) };
    expect(await service.secretDestination(p.id)).toMatchObject({ confirmed: false, current });
    expect(await service.confirmSecretDestination(p.id, current)).toMatchObject({ confirmed: true, unconfirmed: [] });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
  });

  it('does not ask again for a change of letter case or back to the saved destination', async () => {
    const { service, p } = await withPassword();
    await service.update(p.id, { ...editable(p), host: 'DB.Example.COM' });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    await service.update(p.id, { ...editable(p), host: 'elsewhere.example.com' });
    await service.update(p.id, { ...editable(p) });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
  });

  it('a change made by another process (sync, CLI) is caught too', async () => {
    const { service, p, store, secrets } = await withPassword();
    const other = createProfilesService({ store: createProfileStore({ filePath: store.filePath, now: Date.now }), secrets, now: Date.now });
    await other.store.update((doc) => {
      doc.profiles[0] = { ...doc.profiles[0]!, host: 'sync.evil.example' };
    });
    await expect(service.readSecret(p.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED' });
  });

  it('refuses a confirmation for a destination the profile no longer has', async () => {
    const { service, p } = await withPassword();
    await service.update(p.id, { ...editable(p), host: 'one.example.com' });
    await service.update(p.id, { ...editable(p), host: 'two.example.com' });
    await expect(service.confirmSecretDestination(p.id, { host: 'one.example.com', port: 22, user: 'alice' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.readSecret(p.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED' });
  });

  it('a secret stored without a destination (older Sesame, secret-tool) counts as unconfirmed', async () => {
    const { service, p, secrets } = await withPassword();
    secrets.entries.set(secretAccount(p.id, 'password'), 'legacy-plain');
    await expect(service.readSecret(p.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED', details: { savedFor: null } });
    await service.confirmSecretDestination(p.id, { host: 'db.example.com', port: 22, user: 'alice' });
    expect(await service.readSecret(p.id, 'password')).toBe('legacy-plain');
  });

  it('undo of a delete keeps the binding; the import preview flags a replace that moves a saved password', async () => {
    const { service, store, secrets, p, now } = await withPassword();
    const { undoToken } = await service.remove(p.id);
    await service.undoDelete(undoToken);
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    const candidate = (host: string) => ({ key: '0', sourceId: p.id, fields: { ...editable(p), host }, omits: [], secrets: {} });
    const prepared: PreparedImport = { format: 'sesame', candidates: [candidate('db.evil.example')], warnings: [], encryptedSecrets: false };
    const [item] = previewImport(await store.read(), prepared);
    expect(item).toMatchObject({ status: 'changed', secretDestinationChanges: true });
    const same: PreparedImport = { ...prepared, candidates: [{ ...candidate('db.example.com'), fields: { ...editable(p), notes: 'new notes' } }] };
    expect(previewImport(await store.read(), same)[0]).toMatchObject({ status: 'changed', secretDestinationChanges: false });
    await applyImport({ store, secrets, now, newId: () => 'unused' }, prepared, { '0': 'replace' }, false);
    await expect(service.readSecret(p.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED' });
  });
});
