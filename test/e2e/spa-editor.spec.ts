import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { expectAxeClean } from './ui-helpers';

/**
 * The editor's SPA door on the real core: the door switch, SPA fields checked
 * with the contract's schema as you type, write-only key fields, and
 * "Generate keys", which stores a new pair in the keychain and shows the
 * access.conf stanza once — whose keys are exactly the ones stored.
 */
test.describe('profile editor: SPA door', () => {
  test('switches the door, validates SPA fields, stores keys write-only and generates the server stanza', async ({ page, core, openApp }) => {
    await openApp();
    await page.getByRole('button', { name: 'New profile' }).click();
    const editor = page.getByRole('form', { name: 'New profile' });
    await editor.getByLabel('Name', { exact: true }).fill('Bastion');
    await editor.getByLabel('Host name or IP address').fill('bastion.example.org');
    await editor.getByLabel('Door', { exact: true }).selectOption('spa');
    await expect(editor.getByTestId('spa-fields')).toBeVisible();
    await expect(editor.getByLabel('Paste a sequence or a knock command line')).toBeHidden();

    await editor.getByLabel('Open (ACCESS)').fill('tcp22');
    await editor.getByLabel('fwknopd port').focus();
    await expect(editor.getByText('must be proto/port, e.g. "tcp/22"')).toBeVisible();
    await editor.getByLabel('Open (ACCESS)').fill('tcp/22');
    await editor.getByLabel('Allow IP').fill('resolve');
    await editor.getByLabel('Resolve URL').fill('https://ip.example.org/');
    await editor.getByLabel('Keep open (s)').fill('45');
    // Keys need a saved profile (they are bound to its destination).
    await expect(editor.getByLabel('SPA encryption key')).toBeDisabled();
    await expectAxeClean(page);
    await editor.getByRole('button', { name: 'Save' }).click();

    const saved = page.getByRole('form', { name: 'Edit “Bastion”' });
    await expect(saved).toBeVisible();
    const [summary] = (await core.handlers.listProfiles({})).profiles;
    const id = summary!.id;
    expect((await core.handlers.getProfile({ id })).profile).toMatchObject({
      door: 'spa',
      spa: { access: 'tcp/22', allowIp: 'resolve', resolveUrl: 'https://ip.example.org/', clientTimeoutS: 45, serverPort: 62201, serverProto: 'udp' },
    });

    // A typed key (base64 box unticked) goes to main and is cleared here; only "stored" comes back.
    await saved.getByLabel('Keys are base64').uncheck();
    await saved.getByLabel('SPA encryption key').fill('a typed key');
    await saved.getByRole('button', { name: 'Store in keychain' }).first().click();
    await expect(saved.getByTestId('spa-key-status')).toHaveText('Stored in the keychain');
    await expect(saved.getByLabel('SPA encryption key')).toHaveValue('');
    expect((await core.profiles.readSecret(id, 'spa-key'))).toBe(Buffer.from('a typed key').toString('base64'));
    await expect(saved.getByTestId('spa-hmac-key-status')).toHaveText('Not stored');

    await saved.getByRole('button', { name: 'Generate keys' }).click();
    const stanza = saved.getByTestId('spa-stanza');
    await expect(stanza).toContainText('OPEN_PORTS              tcp/22');
    await expect(saved.getByTestId('spa-hmac-key-status')).toHaveText('Stored in the keychain');
    const text = (await stanza.locator('pre').textContent()) ?? '';
    const key = /^KEY_BASE64\s+(\S+)$/m.exec(text)?.[1];
    const hmac = /^HMAC_KEY_BASE64\s+(\S+)$/m.exec(text)?.[1];
    expect(key && hmac).toBeTruthy();
    // The stanza's keys are the keychain's (the old typed key was replaced).
    expect(await core.profiles.readSecret(id, 'spa-key')).toBe(key);
    expect(await core.profiles.readSecret(id, 'spa-hmac-key')).toBe(hmac);
    expect(text).toMatch(/^FW_ACCESS_TIMEOUT\s+45$/m);
    expect(text).toMatch(/^CMD_CYCLE_OPEN\s+\/usr\/sbin\/nft add element/m);
    // Never in the profiles file.
    expect(readFileSync(`${core.home}/profiles.json`, 'utf8')).not.toContain(key!);
    await expectAxeClean(page);
  });
});
