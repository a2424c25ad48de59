import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from '../../src-main/contract/features/profiles';
import en from '../../src-main/contract/locales/ui.en.json' with { type: 'json' };
import { createTestCore } from '../support/test-core';
import type { Page, TestInfo } from '@playwright/test';
import { expect, test, type ScriptedDialogs } from './fixtures';

/**
 * The import preview's decisions through the window, against the real core
 * and the lab's real gnome-keyring: "replace", "keep both" and credentials
 * left in the file. Each is checked on the stored profile, field by field,
 * and in the keychain. Labels come from the English locale file, so a
 * reworded button does not break the test but a missing control does.
 */
const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));
const s = en.sharing;
const fill = (text: string, values: Record<string, string>) => text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '');
type Core = ReturnType<typeof createTestCore>;

async function local(core: Pick<Core, 'profiles'>, name: string): Promise<Profile> {
  const created = await core.profiles.create({
    name,
    group: 'Prod',
    tags: ['db'],
    notes: 'local notes',
    host: 'prod.example.com',
    knock: { steps: [{ port: 1111, protocol: 'tcp' }], delayMs: 250 },
    oneTimeSequences: [{ steps: [{ port: 4444, protocol: 'tcp' }] }],
    service: { kind: 'ssh', port: 2200, user: 'alice' },
    auth: { method: 'password' },
  });
  await core.profiles.setSecret(created.id, 'password', 'local-password');
  return core.profiles.get(created.id);
}

/** A teammate's export (made on its own core and memory keychain): profile "Shared", its password encrypted with "correct horse battery". */
async function teamFile(testInfo: TestInfo): Promise<{ file: string; source: Profile }> {
  const other = createTestCore();
  const source = await local(other, 'Shared');
  await other.profiles.setSecret(source.id, 'password', 'file-password');
  const file = testInfo.outputPath('team.sesame');
  writeFileSync(file, (await other.sharing.exportText({ includeCredentials: true, passphrase: 'correct horse battery' })).text);
  await other.dispose();
  return { file, source };
}

/** Opens the app on Import & export and previews `path` as main's dialog would hand it over. */
async function previewFile(page: Page, dialogs: ScriptedDialogs, openApp: () => Promise<void>, path: string) {
  dialogs.openPath = path;
  await openApp();
  await page.getByRole('button', { name: en.nav.sharing }).click();
  await page.getByRole('button', { name: s.chooseFile }).click();
  return page.getByTestId('import-preview');
}

test.describe('import decisions', () => {
  test('"Replace" takes the file’s door and keeps the local host, sign-in, one-time list and password', async ({ page, core, dialogs, openApp }) => {
    const before = await local(core, 'SSH');
    const preview = await previewFile(page, dialogs, openApp, join(fixtures, 'knockd.conf'));
    await expect(preview.locator('tbody tr[data-status="conflict"]')).toHaveCount(1);
    await expect(preview.getByTestId('destination-changes')).toHaveCount(1);
    await preview.getByLabel(fill(s.actionFor, { name: 'SSH' })).selectOption('replace');
    await preview.getByLabel(fill(s.actionFor, { name: 'openHTTPS' })).selectOption('skip');
    await preview.getByRole('button', { name: s.apply }).click();
    await expect(page.getByTestId('import-result')).toHaveText(fill(s.imported, { created: '0', replaced: '1', skipped: '1', secrets: '0' }));

    const after = await core.profiles.get(before.id);
    expect(after).toEqual({
      ...before,
      group: 'knockd',
      notes: expect.stringContaining('Imported from knockd.conf'),
      tags: [],
      knock: { steps: [7000, 8000, 9000].map((port) => ({ port, protocol: 'tcp' })), delayMs: 100 },
      closeSequence: { steps: [9000, 8000, 7000].map((port) => ({ port, protocol: 'tcp' })), delayMs: 100 },
      service: { kind: 'ssh', port: 22 },
      updatedAt: expect.any(Number),
    });
    expect(after.host).toBe('prod.example.com');
    // The file moves the service from port 2200 to 22: the kept password was saved for
    // alice@prod.example.com:2200, so it is not sent until the user confirms the new destination.
    await expect(core.profiles.readSecret(before.id, 'password')).rejects.toMatchObject({ code: 'DESTINATION_UNCONFIRMED' });
    await core.profiles.confirmSecretDestination(before.id, { host: 'prod.example.com', port: 22 });
    expect(await core.profiles.readSecret(before.id, 'password')).toBe('local-password');
  });

  test('"Keep both" adds the file’s profile beside the untouched local one, with no secret of its own', async ({ page, core, dialogs, openApp }) => {
    const before = await local(core, 'SSH');
    const preview = await previewFile(page, dialogs, openApp, join(fixtures, 'knockd.conf'));
    await preview.getByLabel(fill(s.actionFor, { name: 'SSH' })).selectOption('keepBoth');
    await preview.getByLabel(fill(s.actionFor, { name: 'openHTTPS' })).selectOption('skip');
    await preview.getByRole('button', { name: s.apply }).click();
    await expect(page.getByTestId('import-result')).toHaveText(fill(s.imported, { created: '1', replaced: '0', skipped: '1', secrets: '0' }));

    expect(await core.profiles.get(before.id)).toEqual(before);
    expect(await core.profiles.readSecret(before.id, 'password')).toBe('local-password');
    const copyId = (await core.profiles.list()).profiles.find((p) => p.name === 'SSH (2)')?.id;
    expect(copyId).toBeDefined();
    const copy = await core.profiles.get(copyId!);
    expect(copy.host).toBeUndefined();
    expect(copy).toMatchObject({ auth: { method: 'agent' }, oneTimeSequences: [], hasPassword: false, service: { kind: 'ssh', port: 22 } });
    expect(await core.profiles.readSecret(copy.id, 'password')).toBeNull();
  });

  test('a .sesame file’s credentials are stored only when unlocked with its passphrase', async ({ page, core, dialogs, openApp }, testInfo) => {
    const { file, source } = await teamFile(testInfo);

    let preview = await previewFile(page, dialogs, openApp, file);
    for (const unlock of [false, true]) {
      if (unlock) {
        await page.getByRole('button', { name: s.chooseFile }).click();
        preview = page.getByTestId('import-preview');
        const passphrase = preview.getByLabel(s.passphrase, { exact: true });
        await passphrase.fill('correct horse battery');
        await preview.getByRole('button', { name: s.unlock }).click();
        // The unlocked preview replaces the first one (and its decisions): it says so, and the passphrase field goes.
        // The passphrase's key derivation is slow on purpose (seconds on a loaded 2-core machine): wait for it, not for a guess.
        await expect(preview.getByTestId('unlocked')).toBeVisible({ timeout: 60_000 });
        await expect(passphrase).toHaveCount(0);
        // Unlocked, storing the credentials is offered and on by default.
        await expect(preview.getByLabel(s.importSecrets)).toBeChecked();
        await preview.getByLabel(fill(s.actionFor, { name: 'Shared' })).selectOption('keepBoth');
      } else {
        // Locked, the file's hosts cannot be checked: importing it needs an explicit "unverified".
        await expect(preview.getByRole('button', { name: s.apply })).toBeDisabled();
        await preview.getByLabel(s.acceptUnverified).check();
      }
      await preview.getByRole('button', { name: s.apply }).click();
      await expect(page.getByTestId('import-result')).toHaveText(fill(s.imported, { created: '1', replaced: '0', skipped: '0', secrets: unlock ? '1' : '0' }));
      const name = unlock ? 'Shared (2)' : 'Shared';
      const id = (await core.profiles.list()).profiles.find((p) => p.name === name)!.id;
      const imported = await core.profiles.get(id);
      expect(imported.hasPassword).toBe(unlock);
      expect(await core.profiles.readSecret(id, 'password')).toBe(unlock ? 'file-password' : null);
      const strip = (p: Profile) => ({ ...p, id: undefined, name: undefined, createdAt: undefined, updatedAt: undefined, hasPassword: undefined });
      expect(strip(imported)).toEqual({ ...strip(source), oneTimeSequences: [] });
    }
  });

  test('an unlocked .sesame file’s credentials can still be declined: unticked, none reach the keychain', async ({ page, core, dialogs, openApp }, testInfo) => {
    const { file } = await teamFile(testInfo);

    const preview = await previewFile(page, dialogs, openApp, file);
    // Locked: nothing to decline yet (the passphrase is the way to the credentials).
    await expect(preview.getByLabel(s.importSecrets)).toHaveCount(0);
    await preview.getByLabel(s.passphrase, { exact: true }).fill('correct horse battery');
    await preview.getByRole('button', { name: s.unlock }).click();
    const store = preview.getByLabel(s.importSecrets);
    await expect(store).toBeChecked({ timeout: 60_000 }); // after the slow key derivation, as above
    await expect(preview.getByTestId('unlocked')).toHaveText(s.unlocked);
    await store.uncheck();
    await preview.getByRole('button', { name: s.apply }).click();
    await expect(page.getByTestId('import-result')).toHaveText(fill(s.imported, { created: '1', replaced: '0', skipped: '0', secrets: '0' }));
    const id = (await core.profiles.list()).profiles.find((p) => p.name === 'Shared')!.id;
    const imported = await core.profiles.get(id);
    expect(imported.hasPassword).toBe(false);
    expect(await core.profiles.readSecret(id, 'password')).toBeNull();
  });

  test('FileZilla passwords are stored only when "store the file’s credentials" is ticked', async ({ page, core, dialogs, openApp }) => {
    const preview = await previewFile(page, dialogs, openApp, join(fixtures, 'filezilla-3.63-sitemanager.xml'));
    const store = preview.getByLabel(s.importSecrets);
    await store.setChecked(false);
    await preview.getByRole('button', { name: s.apply }).click();
    await expect(page.getByTestId('import-result')).toBeVisible();
    const { profiles } = await core.profiles.list();
    expect(profiles.length).toBeGreaterThan(0);
    for (const summary of profiles) {
      const profile = await core.profiles.get(summary.id);
      expect(profile.hasPassword, profile.name).toBe(false);
      expect(await core.profiles.readSecret(profile.id, 'password'), profile.name).toBeNull();
    }
    // The same file again, ticked: the passwords the file carries reach the keychain.
    await page.getByRole('button', { name: s.chooseFile }).click();
    const again = page.getByTestId('import-preview');
    await again.getByLabel(s.importSecrets).setChecked(true);
    const rows = await again.locator('tbody th').allInnerTexts();
    for (const name of rows) await again.getByLabel(fill(s.actionFor, { name })).selectOption('keepBoth');
    await again.getByRole('button', { name: s.apply }).click();
    await expect(page.getByTestId('import-result')).toBeVisible();
    const withPassword = (await Promise.all((await core.profiles.list()).profiles.map((p) => core.profiles.get(p.id)))).filter((p) => p.hasPassword);
    expect(withPassword.length).toBeGreaterThan(0);
    // Only the copies made by this second import carry passwords, and each is in the keychain.
    for (const p of withPassword) {
      expect(p.name, p.name).toMatch(/\(2\)$/);
      expect(await core.profiles.readSecret(p.id, 'password'), p.name).not.toBeNull();
    }
  });
});
