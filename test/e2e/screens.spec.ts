import type { Page, TestInfo } from '@playwright/test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean, screenCombos, shoot } from './ui-helpers';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

/**
 * Every main screen in both languages and both themes: compared with its
 * reviewed baseline (test/e2e/__screenshots__; after a deliberate UI change,
 * review the new pictures and run `npm run test:e2e -- --update-snapshots`),
 * checked by axe-core (contrast differs per theme, text length per language),
 * and in Korean every heading must be Korean. The comparison forgives font
 * antialiasing (per-pixel colour threshold) but not a moved block or a
 * missing string (a few hundred differing pixels at most).
 */
const combos = screenCombos;

const labels = {
  en: { history: 'History', sharing: 'Import & export', settings: 'Settings', profiles: 'Profiles', edit: 'Edit', test: 'Test knock', connect: 'Connect', choose: 'Choose a file…', includeOneTime: 'Include one-time sequences', refused: 'Connection refused' },
  ko: { history: '기록', sharing: '가져오기·내보내기', settings: '설정', profiles: '프로필', edit: '편집', test: '노크 시험', connect: '접속', choose: '파일 선택…', includeOneTime: '일회용 순서 포함', refused: null },
} as const;

/** Profile names and host names are data, not UI text: they may stay Latin in a Korean heading. */
const dataWords = /db-primary|files|web-01|closed-door|sandbox|Production|Staging|[\w.-]+\.example\.com|\d+/g;

async function screen(page: Page, testInfo: TestInfo, name: string, language: 'en' | 'ko'): Promise<void> {
  await shoot(page, testInfo, name);
  await expect(page).toHaveScreenshot(`${name}.png`, {
    animations: 'disabled',
    caret: 'hide',
    // Times and measured milliseconds change from run to run.
    mask: [page.locator('time'), page.getByTestId('run-result'), page.getByTestId('history-table').locator('tbody td:first-child')],
  });
  if (language === 'ko') {
    const headings = await page.getByRole('heading').allInnerTexts();
    expect(headings.length, `${name}: headings`).toBeGreaterThan(0);
    for (const heading of headings) expect(heading.replace(dataWords, ''), `${name}: heading "${heading}"`).toMatch(/^[^A-Za-z]*$/);
    expect(headings.join(' '), `${name}: Korean text`).toMatch(/[\uac00-\ud7a3]/);
  }
}

for (const { language, theme } of combos) {
  test(`main screens: ${language}, ${theme}`, async ({ page, core, dialogs, openApp }, testInfo) => {
    // Six screens, each compared until stable and checked by axe: minutes on a loaded 2-core machine.
    test.setTimeout(240_000);
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
      service: { kind: 'ssh', port: 2463, user: 'ops' },
      openTimeoutMs: 1000,
    });
    await createProfile(core, { name: 'sandbox', host: '10.0.0.5' });
    await page.setViewportSize({ width: 1200, height: 820 });
    await openApp();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    const tag = `${language}-${theme}`;

    await page.locator('.row-main', { hasText: 'db-primary' }).click();
    await screen(page, testInfo, `profiles-${tag}`, language);
    await expectAxeClean(page);

    await page.locator('.row-main', { hasText: 'closed-door' }).click();
    await page.getByRole('button', { name: l.test, exact: true }).click();
    await expect(page.getByTestId('diagnosis-card')).toBeVisible({ timeout: 15_000 });
    if (l.refused) await expect(page.getByTestId('diagnosis-card').getByRole('heading', { level: 3 })).toHaveText(l.refused);
    await screen(page, testInfo, `diagnosis-${tag}`, language);
    await expectAxeClean(page);

    await page.locator('.row-main', { hasText: 'files' }).click();
    await page.getByRole('button', { name: l.edit, exact: true }).click();
    await expect(page.getByRole('form')).toBeVisible();
    await screen(page, testInfo, `editor-${tag}`, language);
    await expectAxeClean(page);

    // A connect that fails leaves a history entry.
    await page.locator('.row-main', { hasText: 'closed-door' }).click();
    await page.getByTestId('profile-detail').getByRole('button', { name: l.connect, exact: true }).click();
    await expect(page.getByTestId('run-result')).not.toBeEmpty({ timeout: 15_000 });
    await page.getByRole('button', { name: l.history }).click();
    await screen(page, testInfo, `history-${tag}`, language);
    await expectAxeClean(page);

    dialogs.openPath = join(fixtures, 'ssh', 'config');
    await page.getByRole('button', { name: l.sharing }).click();
    await page.getByRole('button', { name: l.choose }).click();
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await page.getByLabel(l.includeOneTime).check();
    await screen(page, testInfo, `sharing-${tag}`, language);
    await expectAxeClean(page);

    await page.getByRole('navigation').getByRole('button', { name: l.settings }).click();
    await screen(page, testInfo, `settings-${tag}`, language);
    await expectAxeClean(page);
  });
}
