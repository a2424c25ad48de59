import { expect, test } from './fixtures';
import { createProfile, expectAxeClean, inLab, shoot } from './ui-helpers';

/**
 * The stage timeline and the diagnosis card against real doors. The lab ones
 * run inside test/lab/run-in-lab.mjs (this process is in the namespace, so the
 * core's knocks reach the lab's knockd on 127.0.0.1); the "refused" one needs
 * only a closed port and runs anywhere.
 */

const GUARD = 2461;
const SEQUENCE = [7261, 7262, 7263];
const SHUT = 2462;

test.describe('diagnosis card', () => {
  test('a closed port shows "refused" with causes, fixes and copyable commands', async ({ page, core, openApp }) => {
    const id = await createProfile(core, {
      name: 'Closed door',
      knock: { steps: [{ port: 7291, protocol: 'tcp' }], delayMs: 0 },
      service: { kind: 'ssh', port: 2463 },
      openTimeoutMs: 1000,
    });
    await openApp();
    await page.getByRole('button', { name: /^Closed door/ }).click();
    await page.getByRole('button', { name: 'Test knock' }).click();
    const card = page.getByTestId('diagnosis-card');
    await expect(card.getByRole('heading', { name: 'Connection refused' })).toBeVisible({ timeout: 15_000 });
    await expect(card.getByRole('heading', { name: 'Likely causes' })).toBeVisible();
    await expect(card.getByRole('button', { name: 'Copy command: sudo ss -ltnp' })).toBeVisible();
    await expect(page.getByTestId('timeline').locator('[data-state="failed"]')).toHaveCount(1);
    await expectAxeClean(page);
    // The list row now shows the last outcome.
    await expect(page.getByRole('button', { name: /^Closed door/ })).toContainText('Failed: Connection refused');
    void id;
  });
});

test.describe('against the lab door', () => {
  // Not a skip: outside the lab these tests must fail loudly (npm run test:e2e runs them in the lab).
  test.beforeAll(() => {
    if (!inLab) throw new Error('needs the lab: node test/lab/run-in-lab.mjs --keyring -- npx playwright test -c test/e2e/playwright.config.ts');
  });

  test.afterAll(async () => {
    const { stopAll } = await import('../lab/lab');
    await stopAll();
  });

  test('a door without knockd behind a DROP shows the "filtered" diagnosis', async ({ page, core, openApp }, testInfo) => {
    const { startFirewall } = await import('../lab/lab');
    await startFirewall({ table: 'sesame_ui_shut', dropTcp: [SHUT] });
    await createProfile(core, {
      name: 'Shut door',
      knock: { steps: [{ port: 7281, protocol: 'tcp' }, { port: 7282, protocol: 'tcp' }], delayMs: 50 },
      service: { kind: 'ssh', port: SHUT },
      openTimeoutMs: 1500,
    });
    await openApp();
    await page.getByRole('button', { name: /^Shut door/ }).click();
    await page.getByRole('button', { name: 'Test knock' }).click();
    await expect(page.getByTestId('diagnosis-card').getByRole('heading', { name: 'No answer (filtered)' })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByTestId('timeline').locator('[data-stage="knock-2"]')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('timeline').locator('[data-stage="wait"]')).toHaveAttribute('data-state', 'failed');
    await shoot(page, testInfo, 'diagnosis-filtered-en');
    await expectAxeClean(page);
  });

  test('create a profile in the editor, store its password, test-knock to "open", then connect', async ({ page, openApp, terminal }, testInfo) => {
    const lab = await import('../lab/lab');
    const firewall = await lab.startFirewall({ table: 'sesame_ui_door', dropTcp: [GUARD, ...SEQUENCE] });
    await lab.startKnockd({
      doors: [{ name: 'ui', sequence: SEQUENCE.join(','), seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD) }],
    });
    await lab.startSshd({ port: GUARD });

    await openApp();
    await page.getByRole('button', { name: 'New profile' }).click();
    const editor = page.getByRole('form', { name: 'New profile' });
    await editor.getByLabel('Name', { exact: true }).fill('Lab door');
    await editor.getByLabel('Paste a sequence or a knock command line').fill(`knock 127.0.0.1 ${SEQUENCE.join(' ')}`);
    await editor.getByRole('button', { name: 'Use this sequence' }).click();
    await editor.getByLabel('Port', { exact: true }).fill(String(GUARD));
    await editor.getByLabel('User name').fill(lab.LAB_USER);
    await editor.getByLabel('Sign-in method').selectOption('password');
    await editor.getByRole('button', { name: 'Save' }).click();
    const saved = page.getByRole('form', { name: 'Edit “Lab door”' });
    await saved.getByLabel('Password', { exact: true }).fill(lab.LAB_USER_PASSWORD);
    await saved.getByRole('button', { name: 'Store in keychain' }).click();
    await expect(page.getByTestId('password-status')).toHaveText('Stored in the keychain');

    await saved.getByRole('button', { name: 'Test knock' }).click();
    const timeline = page.getByTestId('timeline');
    await expect(timeline.locator('[data-stage="open"]')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });
    for (const i of [1, 2, 3]) await expect(timeline.locator(`[data-stage="knock-${i}"]`)).toHaveAttribute('data-state', 'done');
    await expect(timeline.locator('[data-stage="resolve"]')).toContainText('127.0.0.1');
    await expect(page.getByTestId('run-result')).toContainText(/The door opened in \d+ ms/);
    await shoot(page, testInfo, 'test-knock-open-en');

    // Connect from the list: knock, open, then the real ssh starts in the fixture's terminal (tmux).
    await saved.getByRole('button', { name: 'Close editor' }).click();
    await page.getByRole('button', { name: 'Connect to Lab door' }).click();
    const result = page.getByTestId('run-result');
    await expect(timeline.locator('[data-stage="launch"]')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    await expect(timeline.locator('[data-stage="open"]')).toHaveAttribute('data-state', 'done');
    await expect(result).toContainText('Connected');
    await shoot(page, testInfo, 'connect-en');
    // The password went from the keychain to ssh through askpass: a shell prompt shows in the terminal.
    const pane = () => lab.run('tmux', ['-L', terminal, 'capture-pane', '-p']).catch(() => '');
    await expect.poll(pane, { timeout: 15_000 }).toMatch(/\$ ?$/m);
  });
});
