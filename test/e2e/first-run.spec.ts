import { buildExport } from '../../src-main/core/sharing/sesame-file';
import { profileSchema } from '../../src-main/contract/features/profiles';
import { writeFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { placeImportSources } from './first-run-helpers';
import { expectAxeClean } from './ui-helpers';

test.describe('first run', () => {
  test('offers the files found on this computer; each leads to its import preview', async ({ page, core, openApp }) => {
    placeImportSources(core.home);
    await openApp();
    const firstRun = page.getByTestId('first-run');
    await expect(firstRun.getByRole('heading', { name: 'Welcome to Sesame' })).toBeVisible();
    const offers = firstRun.locator('.offer[data-format]');
    await expect(offers).toHaveCount(4);
    await expect(offers.nth(0)).toContainText('Hosts from your ssh config');
    await expect(offers.nth(0)).toContainText('~/.ssh/config · 5 hosts');
    await expect(offers.nth(1)).toContainText('Doors from knockd.conf');
    await expect(offers.nth(1)).toContainText('~/etc/knockd.conf · 2 doors');
    await expect(offers.nth(2)).toContainText('~/.fwknoprc · 2 servers');
    await expect(offers.nth(3)).toContainText('~/.config/filezilla/sitemanager.xml · 4 sites');
    await expectAxeClean(page);

    const expected = [
      ['ssh-config', 'ssh config', 'config', 5],
      ['knockd', 'knockd.conf', 'knockd.conf', 2],
      ['fwknoprc', 'fwknop .fwknoprc', '.fwknoprc', 2],
      ['filezilla', 'FileZilla Site Manager', 'sitemanager.xml', 4],
    ] as const;
    for (const [format, formatName, fileName, count] of expected) {
      await page.getByRole('navigation').getByRole('button', { name: 'Profiles' }).click();
      // Previewing changed nothing: still the first-run screen.
      await firstRun.locator(`.offer[data-format="${format}"]`).getByRole('button', { name: /^Preview the import/ }).click();
      await expect(page.getByRole('button', { name: 'Import & export' })).toHaveAttribute('aria-current', 'page');
      const preview = page.getByTestId('import-preview');
      await expect(preview).toContainText(`Format: ${formatName}`);
      await expect(page.getByText(`File: ${fileName}`)).toBeVisible();
      await expect(preview.locator('tbody tr')).toHaveCount(count);
    }
    expect((await core.handlers.listProfiles({})).profiles).toEqual([]);

    // Apply the last one (FileZilla), then go to the list.
    await page.getByTestId('import-preview').getByRole('button', { name: 'Import selected' }).click();
    await expect(page.getByTestId('import-result')).toContainText('Imported: 4 new');
    await page.getByRole('button', { name: 'Show the profiles' }).click();
    await expect(page.getByTestId('match-count')).toHaveText('4 of 4 profiles');
    await expect(page.getByTestId('first-run')).toHaveCount(0);
  });

  test("opens a team's .sesame file through the same preview", async ({ page, core, dialogs, openApp }, testInfo) => {
    const file = testInfo.outputPath('team.sesame');
    const shared = profileSchema.parse({ id: 'p_team1', name: 'team web', host: 'web.team.example', knock: { steps: [{ port: 7001 }] }, createdAt: 1, updatedAt: 1 });
    writeFileSync(file, (await buildExport([shared], { now: Date.now })).text);
    dialogs.openPath = file;
    await openApp();
    await expect(page.getByTestId('import-sources')).toContainText('No ssh config, knockd.conf, .fwknoprc or FileZilla Site Manager was found');
    await page.getByTestId('first-run').getByRole('button', { name: 'Open a .sesame file…' }).click();
    const preview = page.getByTestId('import-preview');
    await expect(preview).toContainText('Format: Sesame export');
    await expect(preview.locator('tbody tr')).toHaveCount(1);
    await preview.getByRole('button', { name: 'Import selected' }).click();
    await expect(page.getByTestId('import-result')).toContainText('Imported: 1 new');
    expect((await core.handlers.listProfiles({})).profiles.map((p) => p.name)).toEqual(['team web']);
  });

  test('creating a profile opens the editor; a cancelled dialog stays on the first-run screen', async ({ page, dialogs, openApp }) => {
    dialogs.openPath = undefined;
    await openApp();
    await page.getByTestId('first-run').getByRole('button', { name: 'Choose a file…' }).click();
    await expect(page.getByTestId('first-run')).toBeVisible();
    await page.getByTestId('first-run').getByRole('button', { name: 'New profile' }).click();
    await expect(page.getByRole('form', { name: 'New profile' })).toBeVisible();
  });
});
