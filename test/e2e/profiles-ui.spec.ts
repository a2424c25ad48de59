import { sesame } from '../support/cli';
import { expect, test } from './fixtures';
import { createProfile, expectAxeClean, seedMany } from './ui-helpers';

test.describe('profile list', () => {
  test('follows a profile the sesame CLI adds while the window is open', async ({ page, core, openApp }) => {
    await createProfile(core, { name: 'From the app' });
    await openApp();
    await expect(page.getByTestId('match-count')).toHaveText('1 of 1 profiles');
    const added = await sesame(['profiles', 'add', '--name', 'From the CLI', '--host', 'cli.example.org', '--knock', '7000,8000'], { home: core.home });
    expect(added.code, added.stderr).toBe(0);
    await expect(page.getByTestId('profile-list').getByRole('button', { name: /^From the CLI/ })).toBeVisible();
    await expect(page.getByTestId('match-count')).toHaveText('2 of 2 profiles');
  });

  test('groups, searches as you type and moves by keyboard', async ({ page, core, openApp }) => {
    await createProfile(core, { name: 'Alpha db', group: 'Prod', host: 'db.example.com' });
    await createProfile(core, { name: 'Beta web', group: 'Prod', host: 'web.example.com' });
    await createProfile(core, { name: 'Gamma', group: 'Lab', host: '10.0.0.7' });
    await openApp();
    const list = page.getByTestId('profile-list');
    await expect(list.getByRole('button', { name: /^Alpha db/ })).toBeVisible();
    await expect(page.getByTestId('match-count')).toHaveText('3 of 3 profiles');

    await page.getByLabel('Search profiles').fill('web');
    await expect(page.getByTestId('match-count')).toHaveText('1 of 3 profiles');
    await expect(list.getByRole('button', { name: /^Beta web/ })).toBeVisible();
    await expect(list.getByRole('button', { name: /^Alpha db/ })).toHaveCount(0);

    await page.getByLabel('Search profiles').fill('');
    await page.getByLabel('Search profiles').press('ArrowDown');
    await expect(list.getByRole('button', { name: 'Lab (1)' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(list.getByRole('button', { name: /^Gamma/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('profile-detail').getByRole('heading', { name: 'Gamma' })).toBeVisible();
    // Collapsing a group by keyboard hides its rows.
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await expect(list.getByRole('button', { name: 'Lab (1)' })).toHaveAttribute('aria-expanded', 'false');
    await expect(list.getByRole('button', { name: /^Gamma/ })).toHaveCount(0);
    await expectAxeClean(page);
  });

  test('stays a short DOM with 5,000 profiles', async ({ page, core, openApp }) => {
    await seedMany(core, 5000);
    await openApp();
    await expect(page.getByTestId('match-count')).toHaveText('5000 of 5000 profiles');
    expect(await page.locator('.list > li').count()).toBeLessThan(60);
    await page.getByLabel('Search profiles').fill('server 4321');
    await expect(page.getByTestId('match-count')).toHaveText('1 of 5000 profiles');
    await expect(page.getByRole('button', { name: /^Server 4321/ })).toBeVisible();
  });
});

test.describe('profile editor', () => {
  test('validates inline, parses a knock command line, saves and stores a password write-only', async ({ page, core, openApp }) => {
    await openApp();
    await page.getByRole('button', { name: 'New profile' }).click();
    const editor = page.getByRole('form', { name: 'New profile' });
    await editor.getByLabel('Name', { exact: true }).fill('Staging');
    await editor.getByLabel('Host name or IP address').fill('-oProxyCommand');
    await editor.getByLabel('Name', { exact: true }).focus();
    await expect(editor.getByText('must not start with "-"')).toBeVisible();
    await expect(editor.getByLabel('Host name or IP address')).toHaveAttribute('aria-invalid', 'true');
    await editor.getByLabel('Host name or IP address').fill('');

    await editor.getByLabel('Paste a sequence or a knock command line').fill('knock -d 250 staging.example.com 7000 8000:udp 9000');
    await editor.getByRole('button', { name: 'Use this sequence' }).click();
    await expect(editor.getByLabel('Port of step 2')).toHaveValue('8000');
    await expect(editor.getByLabel('Protocol of step 2')).toHaveValue('udp');
    await expect(editor.getByLabel('Host name or IP address')).toHaveValue('staging.example.com');
    await expect(editor.getByLabel('Delay between knocks (ms)')).toHaveValue('250');
    // Reorder: step 3 up becomes step 2.
    await editor.getByRole('button', { name: 'Move step 3 up' }).click();
    await expect(editor.getByLabel('Port of step 2')).toHaveValue('9000');
    await editor.getByRole('button', { name: 'Remove step 1' }).click();
    await expect(editor.getByLabel('Port of step 1')).toHaveValue('9000');
    await editor.getByLabel('Port of step 1').fill('70000');
    await expect(editor.getByText('must be from 1 to 65535')).toBeVisible();
    await editor.getByLabel('Port of step 1').fill('7000');

    await editor.getByLabel('Service', { exact: true }).selectOption('ftp');
    await expect(editor.getByLabel('Port', { exact: true })).toHaveValue('21');
    await expect(editor.getByText(/Passive: your client opens/)).toBeVisible();
    await editor.getByLabel('FTP mode').selectOption('active');
    await editor.getByLabel('User name').fill('deploy');
    await editor.getByLabel('Sign-in method').selectOption('password');
    await expect(editor.getByLabel('Password', { exact: true })).toBeDisabled();
    await editor.getByLabel('Send a close sequence when the client exits').check();
    await editor.getByLabel('New one-time sequences, one per line').fill('1111,2222\n3333:udp,4444');
    await editor.getByRole('button', { name: 'Add sequences' }).click();
    await expect(editor.getByText('Sequence 2: 3333:udp,4444')).toBeVisible();
    await expectAxeClean(page);

    await editor.getByRole('button', { name: 'Save' }).click();
    const saved = page.getByRole('form', { name: 'Edit “Staging”' });
    await expect(saved).toBeVisible();
    const [summary] = (await core.handlers.listProfiles({})).profiles;
    const { profile } = await core.handlers.getProfile({ id: summary!.id });
    expect(profile).toMatchObject({
      host: 'staging.example.com',
      knock: { steps: [{ port: 7000 }, { port: 8000, protocol: 'udp' }], delayMs: 250 },
      service: { kind: 'ftp', port: 21, user: 'deploy' },
      ftpMode: 'active',
      auth: { method: 'password' },
      closeSequence: { steps: [{ port: 8000 }, { port: 7000 }] },
      oneTimeSequences: [{ steps: [{ port: 1111 }, { port: 2222 }] }, { steps: [{ port: 3333, protocol: 'udp' }, { port: 4444 }] }],
    });

    await saved.getByLabel('Password', { exact: true }).fill('s3cret-pass');
    await saved.getByRole('button', { name: 'Store in keychain' }).click();
    await expect(page.getByTestId('password-status')).toHaveText('Stored in the keychain');
    await expect(saved.getByLabel('Password', { exact: true })).toHaveValue('');
    expect((await core.handlers.getProfile({ id: profile.id })).profile.hasPassword).toBe(true);
    // Write-only: nothing the page can read holds the secret.
    expect(await page.content()).not.toContain('s3cret-pass');
  });
});

test.describe('profile editor in Korean', () => {
  test('shows schema messages, and main\'s duplicate-name issue, in Korean', async ({ page, core, openApp }) => {
    await createProfile(core, { name: 'Web 1' });
    await core.settings.update({ language: 'ko' });
    await openApp();
    await page.getByRole('button', { name: '새 프로필' }).click();
    const editor = page.getByRole('form', { name: '새 프로필' });
    await editor.getByLabel('1단계 포트').fill('0');
    await expect(editor.getByText('1부터 65535 사이여야 합니다 (0번 포트는 쓸 수 없습니다).')).toBeVisible();
    await expect(editor.getByText('must be from 1 to 65535')).toHaveCount(0);
    await editor.getByLabel('1단계 포트').fill('7000');
    await editor.getByLabel('호스트 이름 또는 IP 주소').fill('-oProxyCommand');
    await editor.getByLabel('이름', { exact: true }).focus();
    await expect(editor.getByText('"-"로 시작할 수 없습니다 (명령줄 옵션으로 읽힙니다).')).toBeVisible();

    // The name clash is found by main, not by the schema: it comes back as an INVALID_INPUT issue.
    await editor.getByLabel('호스트 이름 또는 IP 주소').fill('web.example.com');
    await editor.getByLabel('이름', { exact: true }).fill('Web 1');
    await editor.getByRole('button', { name: '저장' }).click();
    await expect(editor.getByText('“Web 1”은(는) 다른 프로필이 이미 쓰고 있습니다. 다른 이름을 고르세요.')).toBeVisible();
    await expect(editor.getByLabel('이름', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(editor.getByText('already used')).toHaveCount(0);
    await expectAxeClean(page);
  });
});
