import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { detailProfile, expectNoEnglish, historyFor, placeImportSources, seedHistory } from './first-run-helpers';
import { createProfile, expectAxeClean, screenCombos, shoot } from './ui-helpers';

/**
 * The screens of issue 15 in both languages and both themes, as screens.spec.ts
 * does for the others: the first-run offers, and the detail pane of a profile
 * with history (door drawn as steps, recent runs, CLI command) and its server
 * config panel. Each is
 * compared with its reviewed baseline (update: npm run test:e2e -- --update-snapshots),
 * axe-checked, and the Korean ones are swept for English too.
 */

/** The seeded history is relative to now ("3 minutes ago"): stable. What this machine has installed is not. */
async function compare(page: Page, name: string): Promise<void> {
  await expect(page).toHaveScreenshot(`${name}.png`, { animations: 'disabled', caret: 'hide', mask: [page.getByTestId('detail-client')] });
}
const combos = screenCombos;

for (const { language, theme } of combos) {
  test(`first run and detail pane: ${language}, ${theme}`, async ({ page, core, openApp }, testInfo) => {
    test.setTimeout(120_000);
    const tag = `${language}-${theme}`;
    await core.settings.update({ language, theme });
    placeImportSources(core.home);
    await page.setViewportSize({ width: 1200, height: 820 });
    await openApp();
    await expect(page.getByTestId('first-run').locator('.offer[data-format]')).toHaveCount(4);
    await shoot(page, testInfo, `first-run-${tag}`);
    await compare(page, `first-run-${tag}`);
    await expectAxeClean(page);
    if (language === 'ko') await expectNoEnglish(page, 'first-run');

    const id = await createProfile(core, detailProfile);
    await core.handlers.setSecret({ id, kind: 'password', secret: 'correct horse' });
    await createProfile(core, { name: 'web-01', group: 'Staging', host: 'web1.staging.example.com' });
    await createProfile(core, { name: 'files', group: 'Production', host: 'ftp.example.com', service: { kind: 'ftp', port: 21, user: 'upload' } });
    seedHistory(core.home, historyFor(id, detailProfile.name));
    // The list follows the profiles file; reload so the seeded history is read at start, as after a restart.
    await page.reload();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'db-primary' }).click();
    await expect(page.getByTestId('recent-runs').locator('tbody tr')).toHaveCount(4);
    await expect(page.getByTestId('detail-client')).not.toHaveText(/…|Loading/);
    await shoot(page, testInfo, `detail-${tag}`);
    await compare(page, `detail-${tag}`);
    await expectAxeClean(page);
    if (language === 'ko') await expectNoEnglish(page, 'detail');

    // The server config panel, opened from the detail pane: main's kit with comments in the UI language.
    await page.getByTestId('profile-detail').getByRole('button', { name: language === 'ko' ? '서버 설정' : 'Server config', exact: true }).click();
    const kit = page.getByTestId('server-config');
    await expect(kit.getByTestId('kit-nftables')).toBeVisible();
    await kit.scrollIntoViewIfNeeded();
    await shoot(page, testInfo, `server-config-${tag}`);
    await compare(page, `server-config-${tag}`);
    await expectAxeClean(page);
    if (language === 'ko') await expectNoEnglish(page, 'server config');
  });
}
