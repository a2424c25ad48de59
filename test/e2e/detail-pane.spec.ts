import { expect, test } from './fixtures';
import { detailProfile, historyFor, seedHistory } from './first-run-helpers';
import { createProfile, expectAxeClean } from './ui-helpers';

test.describe('detail pane', () => {
  test('shows the door as steps, what opens, stored secrets, the last runs with timings and diagnoses, notes and the CLI command', async ({ page, core, openApp }) => {
    const id = await createProfile(core, detailProfile);
    await core.handlers.setSecret({ id, kind: 'password', secret: 'correct horse' });
    seedHistory(core.home, historyFor(id, detailProfile.name));
    await openApp();
    // The row shows the last outcome and when, before the profile is even opened.
    const row = page.getByTestId('profile-list').locator('.profile-row', { hasText: 'db-primary' });
    await expect(row).toHaveAttribute('data-status', 'ok');
    await expect(row).toContainText('Launched · opened in 41 ms · 3 minutes ago');
    await row.locator('.row-main').click();

    const detail = page.getByTestId('profile-detail');
    await expect(detail.getByTestId('detail-status')).toHaveText('Launched · opened in 41 ms · 3 minutes ago');
    const steps = detail.getByRole('list', { name: 'Knock sequence, 3 steps' }).locator('li');
    await expect(steps).toHaveText(['1Step 1:7000TCP', '2Step 2:8000UDP+ 4 bytes (hex)', '3Step 3:9000TCP', 'opens port 22']);
    await expect(detail.getByRole('list', { name: 'Close sequence, 2 steps' }).locator('li')).toHaveText(['1Step 1:9000TCP', '2Step 2:7000TCP']);
    await expect(detail).toContainText('Between knocks150 ms');
    await expect(detail.getByTestId('one-time-left')).toHaveText('One-time sequences left: 1 of 2');
    await expect(detail).toContainText('ServiceSSH on port 22');
    await expect(detail).toContainText('User nameadmin');
    await expect(detail).toContainText(/ClientOpenSSH( in .+)? · chosen for this profile/);
    await expect(detail.getByTestId('secrets')).toContainText('Sign-in methodPasswordPasswordStored in the keychain');

    const runs = detail.getByTestId('recent-runs').locator('tbody tr');
    await expect(runs).toHaveText([
      '3 minutes agoConnected41 ms',
      '1 hour agoFailed · No answer (filtered)—',
      'yesterdayFailed · Every one-time sequence of "db-primary" has been used: add new ones.—',
      '3 days agoCancelled—',
    ]);
    await expect(detail).toContainText('Primary PostgreSQL host.');
    await expect(detail.getByTestId('cli-command')).toHaveText('sesame connect db-primary');
    await detail.getByRole('button', { name: 'Copy', exact: true }).last().click();
    await expect(detail.getByTestId('cli-copied')).toHaveText('Copied');
    await expectAxeClean(page);
  });

  test('marks a door open right now in the list and the pane, from a run main started (tray)', async ({ page, core, openApp, mainEmit }) => {
    const id = await createProfile(core, { name: 'web-01' });
    await openApp();
    await expect(page.getByTestId('match-count')).toHaveText('1 of 1 profiles');
    // What the shell forwards for a tray connect: the run starts, the door opens, the client stays.
    mainEmit('connectStarted', { runId: 'r_tray1', profileId: id, source: 'tray' });
    mainEmit('connectProgress', { runId: 'r_tray1', profileId: id, event: { kind: 'step', index: 1, total: 3, port: 7000, protocol: 'tcp', elapsedMs: 0 } });
    const row = page.getByTestId('profile-list').locator('.profile-row', { hasText: 'web-01' });
    await expect(row).toHaveAttribute('data-status', 'running');
    await expect(row).toContainText('Knocking 1/3…');
    mainEmit('connectProgress', { runId: 'r_tray1', profileId: id, event: { kind: 'open', port: 22, msFromFirstKnock: 38, msFromLastKnock: 5, attempts: 1 } });
    mainEmit('connectProgress', { runId: 'r_tray1', profileId: id, event: { kind: 'launched', client: 'openssh', notes: [], clipboard: false, tracksExit: true } });
    await expect(row).toHaveAttribute('data-status', 'open');
    await expect(row).toContainText('Door open · session running');
    await expect(page.getByTestId('detail-status')).toHaveText('Door open · session running');
    mainEmit('connectProgress', { runId: 'r_tray1', profileId: id, event: { kind: 'client-exited', code: 0 } });
    await expect(row).not.toHaveAttribute('data-status', 'open');
  });

  test('counts down a door that closes by itself in the row and the pane; Close now ends it and sends its close sequence', async ({ page, core, openApp }) => {
    const id = await createProfile(core, { name: 'web-01', doorTimeoutS: 120 });
    await openApp();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'web-01' }).click();
    // The real core's open doors as the connector registers one after a launch. A knockd door with
    // cmd_timeout would need the lab; the countdown, the event and Close now are the same either way.
    const closed: string[] = [];
    await core.openDoors.track({
      profileId: id,
      timeoutS: 120,
      keepOpen: false,
      openedAt: Date.now(),
      followsSession: true,
      knock: async () => undefined,
      close: async () => void closed.push(id),
    });
    const row = page.getByTestId('profile-list').locator('.profile-row', { hasText: 'web-01' });
    await expect(row.getByTestId('door-mark')).toHaveText(/^open · (2:00|1:5\d)$/);
    const countdown = page.getByTestId('door-countdown');
    await expect(countdown).toHaveText(/^Closes in (2:00|1:5\d)$/);
    // The renderer's own clock moves it: no event comes from main between these two readings.
    const first = await countdown.textContent();
    await expect(countdown).not.toHaveText(first ?? '', { timeout: 3000 });
    await expectAxeClean(page);

    await page.getByTestId('door-line').getByRole('button', { name: 'Close now' }).click();
    await expect(page.getByTestId('door-line')).toHaveCount(0);
    await expect(row.getByTestId('door-mark')).toHaveCount(0);
    expect(closed).toEqual([id]);
    expect(core.openDoors.list()).toEqual([]);
  });

  test('edits a UDP payload and a custom command with the argv main builds; main asks before saving the command', async ({ page, core, dialogs, openApp }) => {
    const id = await createProfile(core, { name: 'mosh-box', host: '192.0.2.7', service: { kind: 'ssh', port: 2222, user: 'anna' } });
    await openApp();
    await page.getByTestId('profile-list').locator('.row-main', { hasText: 'mosh-box' }).click();
    await page.getByTestId('profile-detail').getByRole('button', { name: 'Edit', exact: true }).click();
    const editor = page.getByRole('form', { name: 'Edit “mosh-box”' });

    await editor.getByLabel('Payload of step 2').selectOption('hex');
    await editor.getByLabel('Payload bytes of step 2').fill('de ad be e');
    await editor.getByLabel('Payload bytes of step 2').blur();
    await expect(editor.getByText('must be hex digits in pairs')).toBeVisible();
    await editor.getByLabel('Payload bytes of step 2').fill('de ad be ef');
    await expect(editor.getByText('4 bytes')).toBeVisible();

    await editor.getByLabel('Client', { exact: true }).selectOption('custom');
    const template = editor.getByLabel('Custom command, one argument per line');
    await template.fill('mosh\n--ssh=ssh -p 2222\n{user}@{host}');
    await expect(editor.getByTestId('template-editor').getByRole('alert')).toHaveText(/^Line 3: "\{user\}@\{host\}" puts \{user\} inside a larger argument/);
    await template.fill('mosh');
    await editor.getByRole('button', { name: /^Insert \{user\}/ }).click();
    await editor.getByRole('button', { name: /^Insert \{address\}/ }).click();
    await expect(template).toHaveValue('mosh\n{user}\n{address}');
    // 192.0.2.7 is an IP literal: {address} is known now, not only at connect time.
    await expect(editor.getByTestId('argv-preview').locator('li')).toHaveText(['mosh', 'anna', '192.0.2.7']);
    await expectAxeClean(page);
    // Declined in main's own dialog: nothing is saved.
    dialogs.confirmCommand = false;
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('alert')).toContainText('The custom command was not saved: you did not confirm it.');
    expect((await core.handlers.getProfile({ id })).profile.customTemplate).toBeUndefined();
    dialogs.confirmCommand = true;
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByText('Saved.')).toBeVisible();
    expect(dialogs.askedCommands).toEqual([
      ['mosh', '{user}', '{address}'],
      ['mosh', '{user}', '{address}'],
    ]);
    const { profile } = await core.handlers.getProfile({ id });
    expect(profile).toMatchObject({
      preferredClient: 'custom',
      customTemplate: ['mosh', '{user}', '{address}'],
      knock: { steps: [{ port: 7000 }, { port: 8000, protocol: 'udp', payload: { encoding: 'hex', data: 'deadbeef' } }, { port: 9000 }] },
    });
  });
});
