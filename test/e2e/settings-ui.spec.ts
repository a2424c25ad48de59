import { expect, test } from './fixtures';
import { expectAxeClean } from './ui-helpers';

test.describe('settings', () => {
  test('switches language and theme, and saves them in main', async ({ page, core, openApp }) => {
    await openApp();
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
    await expect(page.getByLabel('Terminal', { exact: true })).toHaveValue('auto');
    await expect(page.getByLabel('Terminal', { exact: true }).locator('option').first()).toHaveText('Automatic (xterm)');
    await expectAxeClean(page);

    await page.getByLabel('Dark').check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect.poll(async () => (await core.settings.read()).theme).toBe('dark');

    await page.getByTestId('settings-language').selectOption('ko');
    await expect(page.getByTestId('app-title')).toHaveText('세사미');
    await expect(page.getByRole('heading', { name: '설정' })).toBeVisible();
    await expect.poll(async () => (await core.settings.read()).language).toBe('ko');
    await expectAxeClean(page);

    await page.getByLabel('노크 사이 간격 (ms)').fill('70000');
    await page.getByLabel('노크 사이 간격 (ms)').press('Enter');
    await expect(page.getByText('60000ms 이하여야 합니다.')).toBeVisible();
    await page.getByLabel('노크 사이 간격 (ms)').fill('250');
    await page.getByLabel('노크 사이 간격 (ms)').press('Enter');
    await expect.poll(async () => (await core.settings.read()).defaultDelayMs).toBe(250);
    await page.getByLabel('로그인할 때 실행').check();
    await expect.poll(async () => (await core.settings.read()).launchAtLogin).toBe(true);

    await page.getByTestId('settings-language').selectOption('system');
    await expect(page.getByTestId('app-title')).toHaveText('Sesame');
    await expect.poll(async () => (await core.settings.read()).language).toBe('system');
  });

  test('a saved language wins over the OS locale on the next start', async ({ page, core, openApp }) => {
    await core.settings.update({ language: 'ko', theme: 'light' });
    await openApp();
    await expect(page.getByTestId('app-title')).toHaveText('세사미');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});
