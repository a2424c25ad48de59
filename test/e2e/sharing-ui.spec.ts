import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean } from './ui-helpers';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

test.describe('import and export', () => {
  test('imports a knockd.conf through the preview with a choice per item', async ({ page, core, dialogs, openApp }) => {
    dialogs.openPath = join(fixtures, 'knockd.conf');
    await openApp();
    await page.getByRole('button', { name: 'Import & export' }).click();
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    const preview = page.getByTestId('import-preview');
    await expect(preview).toBeVisible();
    await expect(page.getByText('File: knockd.conf')).toBeVisible();
    const rows = preview.locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toHaveAttribute('data-status', 'new');
    // Each door's sequence and service are shown before anything is imported.
    await expect(rows.first().getByTestId('item-door')).toHaveText(/Knock: 7000\D+8000\D+9000.*Close: 9000\D+8000\D+7000.*SSH on port 22/);
    await expect(rows.nth(1).getByTestId('item-door')).toHaveText(/Knock: 12345\D+54321\D+24680\D+13579.*on port 443/);
    await expectAxeClean(page);
    // Skip the second door, import the rest.
    const second = (await rows.nth(1).locator('th').textContent()) ?? '';
    await preview.getByLabel(`Action for ${second}`).selectOption('skip');
    await preview.getByRole('button', { name: 'Import selected' }).click();
    await expect(page.getByTestId('import-result')).toHaveText(/Imported: 1 new, 0 replaced, 1 skipped/);
    expect((await core.handlers.listProfiles({})).profiles).toHaveLength(1);

    // The same file again: what was imported is now identical.
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await expect(preview.locator('tbody tr[data-status="identical"]')).toHaveCount(1);
  });

  test('a file opened from the file manager (main registers it) shows its preview', async ({ page, core, openApp, mainEmit }) => {
    await openApp();
    await expect(page.getByTestId('app-version')).toBeVisible();
    // What the Electron shell does for a double-clicked .sesame (or knockd.conf passed on the command line).
    const token = core.sharing.registerImportFile(join(fixtures, 'knockd.conf'));
    mainEmit('importRequested', { token, fileName: 'knockd.conf' });
    const preview = page.getByTestId('import-preview');
    await expect(preview).toBeVisible();
    await expect(page.getByText('File: knockd.conf')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Import & export' })).toHaveAttribute('aria-current', 'page');
  });

  test('cancelling the dialog changes nothing', async ({ page, dialogs, openApp }) => {
    dialogs.openPath = undefined;
    await openApp();
    await page.getByRole('button', { name: 'Import & export' }).click();
    await page.getByRole('button', { name: 'Choose a file…' }).click();
    await expect(page.getByTestId('import-preview')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });

  test('exports with options: one-time warning, credentials need a matching passphrase', async ({ page, core, dialogs, openApp }, testInfo) => {
    await createProfile(core, { name: 'To export', oneTimeSequences: [{ steps: [{ port: 1234, protocol: 'tcp' }] }] });
    const out = testInfo.outputPath('mine.sesame');
    dialogs.savePath = out;
    await openApp();
    await page.getByRole('button', { name: 'Import & export' }).click();
    await page.getByLabel('Include one-time sequences').check();
    await expect(page.getByText(/Whoever has the file can use the unused one-time sequences/)).toBeVisible();
    await page.getByLabel('Include credentials (encrypted with a passphrase)').check();
    await page.getByLabel('Passphrase', { exact: true }).fill('correct horse battery');
    await page.getByLabel('Repeat the passphrase').fill('correct horse');
    await expect(page.getByText('The passphrases differ.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Export…' })).toBeDisabled();
    await page.getByLabel('Repeat the passphrase').fill('correct horse battery');
    await expectAxeClean(page);
    await page.getByRole('button', { name: 'Export…' }).click();
    // The credentials' key derivation (scrypt, N=2^17) alone takes seconds on a loaded 2-core machine.
    await expect(page.getByText('Exported 1 profiles to mine.sesame.')).toBeVisible({ timeout: 30_000 });
    const file = JSON.parse(readFileSync(out, 'utf8')) as { format: string };
    expect(file.format).toBe('sesame-export');
  });
});
