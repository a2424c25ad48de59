import type { Page } from '@playwright/test';
import en from '../../src-main/contract/locales/ui.en.json' with { type: 'json' };
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean } from './ui-helpers';

/**
 * The detail pane's "Server config" panel against the real core: the texts it
 * shows (and copies) are exactly what main's getServerConfig generates for the
 * saved profile — the same kit `sesame server-config` prints and the lab loads
 * into real knockd and nft (test/integration/server-kit-lab) — and the panel's
 * options reach main. Labels come from the English locale file.
 */
const s = en.serverConfig;

/** Records what the page copies (the async clipboard, or the execCommand fallback on a plain-http origin). */
async function recordCopies(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { copied: string[] };
    w.copied = [];
    if (navigator.clipboard) navigator.clipboard.writeText = async (text: string) => void w.copied.push(text);
    const exec = document.execCommand.bind(document);
    document.execCommand = (command: string, ...rest: [boolean?, string?]) => {
      if (command === 'copy') w.copied.push((document.activeElement as HTMLTextAreaElement).value);
      return exec(command, ...rest);
    };
  });
}

test.describe('server config panel', () => {
  test('shows main’s kit for the profile, section by section with where it goes, copies each, and follows the options', async ({ page, core, openApp }) => {
    const id = await createProfile(core, {
      name: 'db primary',
      host: 'db1.example.com',
      knock: { steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }, { port: 9000, protocol: 'tcp' }], delayMs: 150 },
      closeSequence: { steps: [{ port: 9000, protocol: 'tcp' }, { port: 7000, protocol: 'tcp' }], delayMs: 100 },
    });
    await openApp();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'db primary' }).click();
    const detail = page.getByTestId('profile-detail');
    const toggle = detail.getByRole('button', { name: s.button });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const panel = page.getByTestId('server-config');

    // nftables by default: exactly main's sections, in main's order, with main's texts.
    const kit = await core.handlers.getServerConfig({ id, language: 'en' });
    expect(kit.sections.map((x) => x.id)).toEqual(['knockd', 'nftables']);
    await expect(panel.locator('.kit-section h4')).toHaveText(kit.sections.map((x) => x.title));
    for (const section of kit.sections) {
      const block = panel.getByTestId(`kit-${section.id}`);
      await expect(block.locator('p.hint')).toHaveText(section.where);
      expect(await block.getByTestId(`kit-${section.id}-text`).textContent()).toBe(section.text);
    }
    // What the user pastes into knockd.conf: the profile's door, the close sequence as the stop.
    expect(kit.sections[0]!.text).toMatch(/sequence\s*=\s*7000:tcp,\s*8000:udp,\s*9000:tcp/);
    expect(kit.sections[0]!.text).toMatch(/sequence\s*=\s*9000:tcp,\s*7000:tcp/);
    await expect(panel.getByTestId('server-config-cli')).toHaveText("sesame server-config 'db primary'");

    await recordCopies(page);
    await panel.getByTestId('kit-knockd').getByRole('button', { name: `Copy: ${kit.sections[0]!.title}` }).click();
    await expect(panel.getByTestId('kit-knockd-text-copied')).toHaveText('Copied');
    expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied)).toEqual([kit.sections[0]!.text]);

    // iptables, a timeout, TCP wrappers for one network: main's kit for those options.
    await panel.getByLabel(s.firewall).selectOption('iptables');
    await panel.getByLabel(s.timeout).fill('45');
    await panel.getByLabel(s.tcpWrappers).check();
    await panel.getByLabel(s.allowFrom).fill('203.0.113.0/24');
    const options = { firewall: 'iptables' as const, timeoutSeconds: 45, tcpWrappers: true, allowFrom: ['203.0.113.0/24'] };
    const kit2 = await core.handlers.getServerConfig({ id, language: 'en', ...options });
    expect(kit2.sections.map((x) => x.id)).toEqual(['knockd', 'iptables', 'ip6tables', 'hostsAllow']);
    await expect(panel.locator('.kit-section h4')).toHaveText(kit2.sections.map((x) => x.title));
    for (const section of kit2.sections) expect(await panel.getByTestId(`kit-${section.id}-text`).textContent()).toBe(section.text);
    expect(kit2.sections.find((x) => x.id === 'hostsAllow')!.text).toContain('203.0.113.0/24');
    expect(kit2.sections[0]!.text).toMatch(/cmd_timeout\s*=\s*45/);
    await expect(panel.getByTestId('server-config-cli')).toHaveText("sesame server-config 'db primary' --firewall iptables --timeout 45 --allow-from 203.0.113.0/24");
    await expectAxeClean(page);
  });

  test('names the field to fix: a timeout the window refuses, an interface main refuses', async ({ page, core, openApp }) => {
    await createProfile(core, { name: 'web' });
    await openApp();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'web' }).click();
    await page.getByTestId('profile-detail').getByRole('button', { name: s.button }).click();
    const panel = page.getByTestId('server-config');
    await expect(panel.getByTestId('kit-knockd')).toBeVisible();

    await panel.getByLabel(s.timeout).fill('soon');
    await expect(panel.getByText(s.errors.timeout)).toBeVisible();
    await expect(panel.getByLabel(s.timeout)).toHaveAttribute('aria-invalid', 'true');
    await panel.getByLabel(s.timeout).fill('');

    await panel.getByLabel(s.interface).fill('eth0; reboot');
    await expect(panel.getByRole('alert')).toContainText('eth0; reboot');
    await expect(panel.getByTestId('kit-knockd')).toHaveCount(0);
    await panel.getByLabel(s.interface).fill('ens3');
    await expect(panel.getByTestId('kit-knockd-text')).toContainText('ens3');
  });

  test('an FTP profile gets vsftpd’s passive range and its firewall lines, with the range the user types', async ({ page, core, openApp }) => {
    const id = await createProfile(core, { name: 'files', service: { kind: 'ftp', port: 21, user: 'up' } });
    await openApp();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'files' }).click();
    await page.getByTestId('profile-detail').getByRole('button', { name: s.button }).click();
    const panel = page.getByTestId('server-config');
    await panel.getByLabel(s.passiveRange).fill('50000-50010');
    const kit = await core.handlers.getServerConfig({ id, language: 'en', firewall: 'nftables', passiveRange: { min: 50_000, max: 50_010 } });
    expect(kit.sections.map((x) => x.id)).toContain('vsftpd');
    await expect(panel.locator('.kit-section h4')).toHaveText(kit.sections.map((x) => x.title));
    await expect(panel.getByTestId('kit-vsftpd-text')).toContainText('pasv_min_port=50000');
    await panel.getByLabel(s.passiveRange).fill('50000');
    await expect(panel.getByText(s.errors.passiveRange)).toBeVisible();
  });
});
