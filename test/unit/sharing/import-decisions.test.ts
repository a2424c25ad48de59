import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileFieldsShape, type Profile } from '../../../src-main/contract/features/profiles';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { decodeBound } from '../../../src-main/core/secrets/bound-secret';
import { secretAccount } from '../../../src-main/core/secrets/secret-store';
import { createTestCore } from '../../support/test-core';

/**
 * The three decisions a user takes in the import preview, through the
 * contract as the window takes them, each checked on the stored profile
 * field by field and in the keychain: "replace" keeps what the file does not
 * carry, "keep both" leaves the existing profile untouched, and an unticked
 * "import secrets" stores none.
 */
/** The secret a keychain entry holds (entries carry the destination they are bound to), or null. */
async function storedSecret(secrets: MemorySecretStore, account: string): Promise<string | null> {
  const raw = await secrets.get(account);
  return raw === null ? null : decodeBound(raw).secret;
}

const fixtures = new URL('../../fixtures/import/', import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const editable = Object.keys(profileFieldsShape) as Array<keyof typeof profileFieldsShape>;

async function coreWithSecrets() {
  const secrets = new MemorySecretStore();
  const core = createTestCore({ secrets });
  return { core, secrets };
}

/** The local profile an import meets: every field set, a password in the keychain. */
async function existing(core: Awaited<ReturnType<typeof coreWithSecrets>>['core'], name: string): Promise<Profile> {
  const created = await core.profiles.create({
    name,
    group: 'Prod',
    tags: ['db', 'eu'],
    notes: 'local notes',
    host: 'prod.example.com',
    addressFamily: 'ipv4',
    knock: { steps: [{ port: 1111, protocol: 'tcp' }, { port: 2222, protocol: 'udp', payload: { encoding: 'hex', data: 'beef' } }], delayMs: 250 },
    openTimeoutMs: 4000,
    closeSequence: { steps: [{ port: 3333, protocol: 'tcp' }], delayMs: 0 },
    oneTimeSequences: [{ steps: [{ port: 4444, protocol: 'tcp' }] }],
    service: { kind: 'ssh', port: 2200, user: 'alice' },
    auth: { method: 'password' },
    ftpMode: 'auto',
    preferredClient: 'openssh',
  });
  await core.profiles.setSecret(created.id, 'password', 'local-password');
  return core.profiles.get(created.id);
}

async function preview(core: Awaited<ReturnType<typeof coreWithSecrets>>['core'], path: string, passphrase?: string) {
  const token = core.sharing.registerImportFile(path);
  const result = await core.handlers.previewImport({ token, ...(passphrase ? { passphrase } : {}) });
  return { token, result };
}

const fieldsOf = (p: Profile): Record<string, unknown> => Object.fromEntries(editable.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));

const byName = async (core: Awaited<ReturnType<typeof coreWithSecrets>>['core'], name: string): Promise<Profile> => {
  const summary = (await core.profiles.list()).profiles.find((p) => p.name === name);
  if (!summary) throw new Error(`no profile named ${name}`);
  return core.profiles.get(summary.id);
};

describe('import "replace"', () => {
  it('takes the file’s fields and keeps, field by field, what the file does not carry (knockd.conf: host, auth, one-time list)', async () => {
    const { core, secrets } = await coreWithSecrets();
    try {
      const before = await existing(core, 'SSH');
      const { token, result } = await preview(core, join(fixtures, 'knockd.conf'));
      const item = result.items.find((i) => i.name === 'SSH')!;
      expect(item).toMatchObject({ status: 'conflict', existingId: before.id, defaultAction: 'skip' });
      const decisions = Object.fromEntries(result.items.map((i) => [i.key, i === item ? 'replace' : 'skip'] as const));
      const applied = await core.handlers.applyImport({ token, decisions, importSecrets: true, acceptUnverified: false });
      expect(applied).toMatchObject({ created: [], replaced: [before.id], skipped: 1, secretsStored: 0 });

      const after = await core.profiles.get(before.id);
      const fromFile = Object.fromEntries(item.changes.map((c) => [c.field, c.after]));
      const kept = ['host', 'auth', 'oneTimeSequences'];
      for (const field of editable) {
        const expected = kept.includes(field) ? before[field] : field in fromFile ? fromFile[field] : before[field];
        expect(after[field], field).toEqual(expected);
      }
      // The named cases, spelled out.
      expect(after.host).toBe('prod.example.com');
      expect(after.auth).toEqual({ method: 'password' });
      expect(after.oneTimeSequences).toEqual(before.oneTimeSequences);
      expect(after.knock).toEqual({ steps: [7000, 8000, 9000].map((port) => ({ port, protocol: 'tcp' })), delayMs: 100 });
      expect(after.service).toEqual({ kind: 'ssh', port: 22 });
      expect(after.group).toBe('knockd');
      expect({ id: after.id, createdAt: after.createdAt, hasPassword: after.hasPassword }).toEqual({ id: before.id, createdAt: before.createdAt, hasPassword: true });
      expect(after.updatedAt).toBeGreaterThan(before.updatedAt);
      // The keychain still holds the local password: the file had none to replace it with.
      expect(await storedSecret(secrets, secretAccount(before.id, 'password'))).toBe('local-password');
      expect((await core.profiles.list()).profiles).toHaveLength(1);
    } finally {
      await core.dispose();
    }
  });
});

describe('import "keep both"', () => {
  it('adds the file’s profile under a new name and id; the existing one is byte-for-byte what it was', async () => {
    const { core, secrets } = await coreWithSecrets();
    try {
      const before = await existing(core, 'SSH');
      const { token, result } = await preview(core, join(fixtures, 'knockd.conf'));
      const item = result.items.find((i) => i.name === 'SSH')!;
      const decisions = Object.fromEntries(result.items.map((i) => [i.key, i === item ? 'keepBoth' : 'skip'] as const));
      const applied = await core.handlers.applyImport({ token, decisions, importSecrets: true, acceptUnverified: false });
      expect(applied.created).toHaveLength(1);
      expect(applied).toMatchObject({ replaced: [], skipped: 1 });
      expect(await core.profiles.get(before.id)).toEqual(before);
      const copy = await byName(core, 'SSH (2)');
      expect(copy.id).not.toBe(before.id);
      expect(copy.id).toBe(applied.created[0]);
      // Every field from the file, nothing from the local profile (knockd.conf has no host: a draft).
      expect(copy.host).toBeUndefined();
      expect(copy.knock).toEqual({ steps: [7000, 8000, 9000].map((port) => ({ port, protocol: 'tcp' })), delayMs: 100 });
      expect(copy.service).toEqual({ kind: 'ssh', port: 22 });
      expect(copy.auth).toEqual({ method: 'agent' });
      expect(copy.oneTimeSequences).toEqual([]);
      expect({ hasPassword: copy.hasPassword, hasPassphrase: copy.hasPassphrase }).toEqual({ hasPassword: false, hasPassphrase: false });
      expect(await storedSecret(secrets, secretAccount(copy.id, 'password'))).toBeNull();
      expect(await storedSecret(secrets, secretAccount(before.id, 'password'))).toBe('local-password');
    } finally {
      await core.dispose();
    }
  });
});

describe('import with "import secrets" unticked', () => {
  /** A .sesame export with encrypted credentials, from another machine's core. */
  async function exportWithCredentials(): Promise<{ path: string; source: Profile }> {
    const { core } = await coreWithSecrets();
    try {
      const source = await existing(core, 'Shared');
      await core.profiles.setSecret(source.id, 'password', 'file-password');
      const { text } = await core.sharing.exportText({ includeCredentials: true, passphrase: 'correct horse battery', includeOneTimeSequences: true });
      const dir = mkdtempSync(join(tmpdir(), 'sesame-import-'));
      dirs.push(dir);
      const path = join(dir, 'team.sesame');
      writeFileSync(path, text);
      return { path, source: await core.profiles.get(source.id) };
    } finally {
      await core.dispose();
    }
  }

  it('a new profile arrives without any secret; ticked, the same file stores it', async () => {
    const { path, source } = await exportWithCredentials();
    for (const importSecrets of [false, true]) {
      const { core, secrets } = await coreWithSecrets();
      try {
        const { token, result } = await preview(core, path, 'correct horse battery');
        expect(result.items.map((i) => [i.status, i.offersSecrets])).toEqual([['new', ['password']]]);
        const applied = await core.handlers.applyImport({ token, decisions: {}, importSecrets, acceptUnverified: false });
        expect(applied.secretsStored).toBe(importSecrets ? 1 : 0);
        const imported = await core.profiles.get(applied.created[0]!);
        for (const field of editable) expect(imported[field], field).toEqual(source[field]);
        expect(imported.hasPassword).toBe(importSecrets);
        expect(await storedSecret(secrets, secretAccount(imported.id, 'password'))).toBe(importSecrets ? 'file-password' : null);
        expect([...secrets.entries.keys()]).toEqual(importSecrets ? [secretAccount(imported.id, 'password')] : []);
      } finally {
        await core.dispose();
      }
    }
  });

  it('a replaced profile keeps its own keychain entry untouched', async () => {
    const { path } = await exportWithCredentials();
    const { core, secrets } = await coreWithSecrets();
    try {
      const local = await existing(core, 'Shared');
      await core.profiles.update(local.id, { ...fieldsOf(local), notes: 'edited here' } as never, local.updatedAt);
      const { token, result } = await preview(core, path, 'correct horse battery');
      const [item] = result.items;
      expect(item?.status).toBe('conflict');
      await core.handlers.applyImport({ token, decisions: { [item!.key]: 'replace' }, importSecrets: false, acceptUnverified: false });
      expect(await storedSecret(secrets, secretAccount(local.id, 'password'))).toBe('local-password');
      expect((await core.profiles.get(local.id)).hasPassword).toBe(true);
      expect([...secrets.entries.keys()]).toEqual([secretAccount(local.id, 'password')]);
    } finally {
      await core.dispose();
    }
  });
});
