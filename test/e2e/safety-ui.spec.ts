import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean } from './ui-helpers';

test.describe('safety in the window', () => {
  test('notices from main are shown, also those sent before the window listened, until dismissed', async ({ page, core, openApp, mainEmit }) => {
    // As the shell does for sesame://connect/nosuch at start-up, before any window exists.
    core.notices.push({ level: 'error', message: 'No profile named “nosuch”.' });
    await openApp();
    const notices = page.getByTestId('notices');
    await expect(notices.getByRole('alert')).toHaveText(/No profile named “nosuch”/);
    mainEmit('appNotice', core.notices.push({ level: 'error', message: 'The tray connect failed: keychain locked.' }));
    await expect(notices.getByRole('alert')).toHaveCount(2);
    await expectAxeClean(page);
    await notices.getByRole('alert').first().getByRole('button', { name: 'Dismiss' }).click();
    await expect(notices.getByRole('alert')).toHaveCount(1);
    expect(core.notices.list().map((n) => n.message)).toEqual(['The tray connect failed: keychain locked.']);
  });

  test('profiles that fail validation are listed as needing attention, with the field and the fix', async ({ page, core, openApp }) => {
    await createProfile(core, { name: 'Good' });
    const file = join(core.home, 'profiles.json');
    const { readFileSync } = await import('node:fs');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.profiles.push({ ...doc.profiles[0], id: 'p_bad', name: 'Broken', host: '[::1]' });
    writeFileSync(file, JSON.stringify(doc));
    const before = readFileSync(file, 'utf8');
    await openApp();
    const attention = page.getByTestId('needs-attention');
    await expect(attention.getByRole('heading')).toHaveText('1 profile needs attention');
    await expect(attention).toContainText('Broken');
    await expect(attention).toContainText('host: must not contain "[" or "]": write an IPv6 address bare');
    await expect(page.getByTestId('profile-list')).toContainText('Good');
    await expect(page.getByTestId('notices')).toContainText(/need attention/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  test('a run refused because the saved password belongs elsewhere asks; "Send" rebinds it, "Do not send" does not', async ({ page, core, openApp, mainEmit }) => {
    const id = await createProfile(core, { name: 'Moved', host: '127.0.0.1', auth: { method: 'password' }, openTimeoutMs: 500 });
    await core.profiles.setSecret(id, 'password', 'hunter2');
    const current = await core.profiles.get(id);
    const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ftpModeLearned: _f, ...edit } = current;
    await core.profiles.update(id, { ...edit, host: '127.0.0.2' });
    await openApp();
    await expect(page.getByTestId('app-version')).toBeVisible();
    // What main emits for a tray or link connect that the secret check refused.
    const refuse = (runId: string) => {
      mainEmit('connectStarted', { runId, profileId: id, source: 'tray' });
      mainEmit('connectProgress', { runId, profileId: id, event: { kind: 'error', code: 'DESTINATION_UNCONFIRMED', message: 'held back' } });
    };
    refuse('r1');
    const dialog = page.getByTestId('confirm-destination');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('127.0.0.1:22');
    await expect(dialog).toContainText('127.0.0.2:22');
    await dialog.getByRole('button', { name: 'Do not send' }).click();
    await expect(dialog).toBeHidden();
    expect((await core.profiles.secretDestination(id)).confirmed).toBe(false);
    refuse('r2');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Send the password there' }).click();
    await expect.poll(async () => (await core.profiles.secretDestination(id)).confirmed).toBe(true);
  });
});
