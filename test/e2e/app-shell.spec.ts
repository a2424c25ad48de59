import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test.describe('app shell', () => {
  test('renders its title in English and reaches the core through the contract', async ({ page, openApp }, testInfo) => {
    await openApp();
    await expect(page.getByTestId('app-title')).toHaveText('Sesame');
    await expect(page.getByTestId('app-version')).toHaveText('Version 0.1.0');
    await expect(page).toHaveTitle('Sesame');
    await page.screenshot({ path: testInfo.outputPath('shell-en.png') });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations).toEqual([]);
  });

  test.describe('with a Korean OS', () => {
    test.use({ osLocale: 'ko-KR' });
    test('follows the OS locale and renders its title in Korean', async ({ page, openApp }, testInfo) => {
      await openApp();
      await expect(page.getByTestId('app-title')).toHaveText('세사미');
      await expect(page.getByTestId('app-version')).toHaveText('버전 0.1.0');
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await page.screenshot({ path: testInfo.outputPath('shell-ko.png') });
    });
  });

  test('switches language from the picker', async ({ page, openApp }) => {
    await openApp();
    await expect(page.getByTestId('app-title')).toHaveText('Sesame');
    await page.getByLabel('Language').selectOption('ko');
    await expect(page.getByTestId('app-title')).toHaveText('세사미');
    await page.getByLabel('언어').selectOption('en');
    await expect(page.getByTestId('app-title')).toHaveText('Sesame');
  });

  test('a malformed call from the page is rejected by the same validation as Electron', async ({ page, openApp }) => {
    await openApp();
    const error = await page.evaluate(() => window.sesame.ping({ nonce: 7 as unknown as string }).catch((e: unknown) => e));
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
  });
});
