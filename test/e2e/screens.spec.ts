import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean, shoot } from './ui-helpers';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

/**
 * Every main screen in both languages and both themes: a screenshot of each
 * (saved under test-results as artifacts) and an axe-core check, since colour
 * contrast differs per theme and text length per language.
 */
const combos = [
  { language: 'en', theme: 'light' },
  { language: 'en', theme: 'dark' },
  { language: 'ko', theme: 'light' },
  { language: 'ko', theme: 'dark' },
] as const;

const labels = {
  en: { history: 'History', sharing: 'Import & export', settings: 'Settings', profiles: 'Profiles', edit: 'Edit', test: 'Test knock', connect: 'Connect', choose: 'Choose a file…', includeOneTime: 'Include one-time sequences', refused: 'Connection refused' },
  ko: { history: '기록', sharing: '가져오기·내보내기', settings: '설정', profiles: '프로필', edit: '편집', test: '노크 시험', connect: '접속', choose: '파일 선택…', includeOneTime: '일회용 순서 포함', refused: null },
} as const;

for (const { language, theme } of combos) {
  test(`main screens: ${language}, ${theme}`, async ({ page, core, dialogs, openApp }, testInfo) => {
    const l = labels[language];
    await core.settings.update({ language, theme });
    await createProfile(core, { name: 'db-primary', group: 'Production', host: 'db1.example.com', service: { kind: 'ssh', port: 22, user: 'admin' } });
    await createProfile(core, { name: 'files', group: 'Production', host: 'ftp.example.com', service: { kind: 'ftp', port: 21, user: 'upload' }, auth: { method: 'password' } });
    await createProfile(core, { name: 'web-01', group: 'Staging', host: 'web1.staging.example.com' });
    // A door nobody answers on (closed port on this machine): its Test knock ends in the "refused" diagnosis.
    await createProfile(core, {
      name: 'closed-door',
      group: 'Staging',
      knock: { steps: [{ port: 7291, protocol: 'tcp' }, { port: 7292, protocol: 'udp' }], delayMs: 20 },
      service: { kind: 'ssh', port: 2463 },
      openTimeoutMs: 1000,
    });
    await createProfile(core, { name: 'sandbox', host: '10.0.0.5' });
    await page.setViewportSize({ width: 1200, height: 820 });
    await openApp();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const tag = `${language}-${theme}`;

    await page.locator('.row-main', { hasText: 'db-primary' }).click();
    await shoot(page, testInfo, `profiles-${tag}`);
    await expectAxeClean(page);

    await page.locator('.row-main', { hasText: 'closed-door' }).click();
    await page.getByRole('button', { name: l.test, exact: true }).click();
    await expect(page.getByTestId('diagnosis-card')).toBeVisible({ timeout: 15_000 });
    if (l.refused) await expect(page.getByTestId('diagnosis-card').getByRole('heading', { level: 3 })).toHaveText(l.refused);
    await shoot(page, testInfo, `diagnosis-${tag}`);
    await expectAxeClean(page);

    await page.locator('.row-main', { hasText: 'files' }).click();
    await page.getByRole('button', { name: l.edit, exact: true }).click();
    await expect(page.getByRole('form')).toBeVisible();
    await shoot(page, testInfo, `editor-${tag}`);
    await expectAxeClean(page);

    // A connect that fails leaves a history entry.
    await page.locator('.row-main', { hasText: 'closed-door' }).click();
    await page.getByTestId('profile-detail').getByRole('button', { name: l.connect, exact: true }).click();
    await expect(page.getByTestId('run-result')).not.toBeEmpty({ timeout: 15_000 });
    await page.getByRole('button', { name: l.history }).click();
    await shoot(page, testInfo, `history-${tag}`);
    await expectAxeClean(page);

    dialogs.openPath = join(fixtures, 'ssh', 'config');
    await page.getByRole('button', { name: l.sharing }).click();
    await page.getByRole('button', { name: l.choose }).click();
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await page.getByLabel(l.includeOneTime).check();
    await shoot(page, testInfo, `sharing-${tag}`);
    await expectAxeClean(page);

    await page.getByRole('navigation').getByRole('button', { name: l.settings }).click();
    await shoot(page, testInfo, `settings-${tag}`);
    await expectAxeClean(page);
  });
}
