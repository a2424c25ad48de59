import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keychainProblem } from '../../../src-main/core/secrets/keyring-secret-store';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { dataFolderSecretStore, dataFolderStoreId, storeIdFileName } from '../../../src-main/core/secrets/store-keychain';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { fields } from './helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-folder-'));
  dirs.push(dir);
  return dir;
};

describe('keychain entries per data folder', () => {
  it('two data folders with the same profile id keep, replace and delete their own secrets', async () => {
    const keychain = new MemorySecretStore();
    const a = dataFolderSecretStore(keychain, folder());
    const b = dataFolderSecretStore(keychain, folder());
    await a.set('p_same:password', 'for-a');
    await b.set('p_same:password', 'for-b');
    expect(await a.get('p_same:password')).toBe('for-a');
    expect(await b.get('p_same:password')).toBe('for-b');
    expect(await a.delete('p_same:password')).toBe(true);
    expect(await a.get('p_same:password')).toBeNull();
    expect(await b.get('p_same:password')).toBe('for-b');
    expect(keychain.entries.size).toBe(1);
  });

  it('migrates a legacy entry on read by copying it, and loses nothing a read or a write did not ask to change', async () => {
    const keychain = new MemorySecretStore();
    keychain.entries.set('p_old:password', 'saved-before');
    const dirA = folder();
    const a = dataFolderSecretStore(keychain, dirA);
    const b = dataFolderSecretStore(keychain, folder());
    expect(await a.get('p_old:password')).toBe('saved-before');
    const idA = readFileSync(join(dirA, storeIdFileName), 'utf8').trim();
    // Copied under A's name, the original left as it was.
    expect(keychain.entries.get(`${idA}/p_old:password`)).toBe('saved-before');
    expect(keychain.entries.get('p_old:password')).toBe('saved-before');
    // A changes its password: B, which has not read it yet, still gets what it saved.
    await a.set('p_old:password', 'new-for-a');
    expect(await b.get('p_old:password')).toBe('saved-before');
    expect(await a.get('p_old:password')).toBe('new-for-a');
    // A deletes it: its entry and the legacy one go; B's own copy (made by its read) stays.
    await a.delete('p_old:password');
    expect(await a.get('p_old:password')).toBeNull();
    expect(keychain.entries.has('p_old:password')).toBe(false);
    expect(await b.get('p_old:password')).toBe('saved-before');
  });

  it('the folder id is created once (0600, concurrent creators agree), never by a presence check, never replaced', async () => {
    const dir = folder();
    const keychain = new MemorySecretStore();
    keychain.entries.set('p_x:password', 'legacy');
    expect(await dataFolderSecretStore(keychain, dir).has('p_x:password')).toBe(true);
    expect(existsSync(join(dir, storeIdFileName))).toBe(false);
    const ids = await Promise.all(Array.from({ length: 5 }, () => dataFolderStoreId(dir, { create: true })));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toMatch(/^k_[A-Za-z0-9_-]{22}$/);
    expect(statSync(join(dir, storeIdFileName)).mode & 0o777).toBe(0o600);
    writeFileSync(join(dir, storeIdFileName), 'edited by hand\n');
    await expect(dataFolderSecretStore(keychain, dir).get('p_x:password')).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/keychain-id does not hold a keychain id/) });
    expect(readFileSync(join(dir, storeIdFileName), 'utf8')).toBe('edited by hand\n');
  });

  it('"password: yes" is checked against the keychain', async () => {
    const dir = folder();
    const keychain = new MemorySecretStore();
    const store = createProfileStore({ filePath: join(dir, 'profiles.json'), now: Date.now });
    const profiles = createProfilesService({ store, secrets: dataFolderSecretStore(keychain, dir), now: Date.now });
    const p = await profiles.create(fields({ auth: { method: 'password' } }));
    await profiles.setSecret(p.id, 'password', 'pw');
    const saved = await profiles.get(p.id);
    expect(await profiles.secretPresence(saved)).toEqual({ password: 'yes', passphrase: 'no' });
    // Removed behind Sesame's back (secret-tool, another program).
    keychain.entries.clear();
    expect(await profiles.secretPresence(saved)).toEqual({ password: 'missing', passphrase: 'no' });
    keychain.failNext(new Error('locked'));
    expect(await profiles.secretPresence(saved)).toEqual({ password: 'unchecked', passphrase: 'no' });
  });
});

describe('what the keychain error says', () => {
  it.each([
    ['Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead', 'no-service'],
    ['Platform failure: DBus error: Failed to connect to socket /nonexistent: No such file or directory', 'no-service'],
    ['Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files', 'no-service'],
    ["Couldn't access platform storage: Secret Service: unlock prompt was dismissed", 'locked'],
    ["Couldn't access platform storage: Secret Service: no result found", 'no-keyring'],
    ['Access denied', 'refused'],
  ])('%s → %s', (detail, problem) => {
    expect(keychainProblem(detail)).toBe(problem);
  });
});
