import { expect, test } from './fixtures';
import { detailProfile, expectNoEnglish, historyFor, placeFileZillaSites, placeImportSources, seedHistory } from './first-run-helpers';
import { createProfile, profileFields } from './ui-helpers';

/**
 * The Korean UI, screen by screen, with every text node and label checked for
 * English (first-run-helpers.ts findEnglish): the first-run offers and each
 * import preview they lead to (with the importers' warnings), the detail pane
 * with history, the editor with a UDP payload and a custom command, a failed
 * test knock's diagnosis, a run refused by main, a notice from main, history
 * and settings. User data (names, hosts, paths) is marked translate="no".
 */
test.use({ osLocale: 'ko-KR' });

test('first run and every import preview it offers, in Korean', async ({ page, core, openApp }) => {
  placeImportSources(core.home);
  await openApp();
  const firstRun = page.getByTestId('first-run');
  await expect(firstRun.getByRole('heading', { name: 'Sesame에 오신 것을 환영합니다' })).toBeVisible();
  await expect(firstRun.locator('.offer[data-format]')).toHaveCount(4);
  await expectNoEnglish(page, 'first-run');
  for (const format of ['ssh-config', 'knockd', 'fwknoprc', 'filezilla']) {
    await page.getByRole('navigation').getByRole('button', { name: '프로필' }).click();
    await firstRun.locator(`.offer[data-format="${format}"]`).getByRole('button').click();
    await expect(page.getByTestId('import-preview')).toBeVisible();
    await expect(page.getByTestId('import-warnings')).toBeVisible();
    await expectNoEnglish(page, `${format} import preview`);
  }
  // Per-item notes: FileZilla's implicit FTPS and explicit FTPES sites each get one, in Korean.
  placeFileZillaSites(core.home, 'filezilla-ftps-sitemanager.xml');
  await page.getByRole('navigation').getByRole('button', { name: '프로필' }).click();
  await firstRun.locator('.offer[data-format="filezilla"]').getByRole('button').click();
  const notes = page.getByTestId('import-preview').getByTestId('item-notes');
  await expect(notes).toHaveCount(2);
  await expect(notes.nth(0)).toContainText('암시적 TLS');
  await expect(notes.nth(1)).toContainText('명시적 TLS');
  await expectNoEnglish(page, 'FileZilla FTPS import preview');
});

test('detail pane, editor, diagnosis, a refused run, a notice, history and settings, in Korean', async ({ page, core, openApp, mainEmit }) => {
  const id = await createProfile(core, detailProfile);
  await core.handlers.setSecret({ id, kind: 'password', secret: 'correct horse' });
  seedHistory(core.home, historyFor(id, detailProfile.name));
  await createProfile(core, {
    name: 'closed-door',
    group: 'Staging',
    knock: { steps: [{ port: 7291, protocol: 'tcp' }], delayMs: 0 },
    service: { kind: 'ssh', port: 2463 },
    openTimeoutMs: 1000,
  });
  await createProfile(core, { name: 'spent', oneTimeSequences: [{ steps: [{ port: 1, protocol: 'tcp' }], usedAt: 1 }] });
  await openApp();
  const list = page.getByTestId('profile-list');

  await list.locator('.row-main', { hasText: 'db-primary' }).click();
  await expect(page.getByTestId('recent-runs').locator('tbody tr')).toHaveCount(4);
  await expectNoEnglish(page, 'detail');

  // The server config panel: main's kit with Korean comments and explanations, the options and their errors.
  const detail = page.getByTestId('profile-detail');
  await detail.getByRole('button', { name: '서버 설정', exact: true }).click();
  const serverConfig = page.getByTestId('server-config');
  await serverConfig.getByLabel('방화벽').selectOption('iptables');
  await serverConfig.getByLabel('TCP 래퍼 줄 추가 (hosts.allow)').check();
  await expect(serverConfig.getByTestId('kit-ip6tables')).toBeVisible();
  await expect(serverConfig.getByTestId('kit-hostsAllow')).toBeVisible();
  await expect(serverConfig.getByTestId('kit-knockd-text')).toContainText('노크');
  await serverConfig.getByLabel('문을 닫을 때까지 (초)').fill('곧');
  await expect(serverConfig.getByText('1에서 86400 사이의 초를 정수로')).toBeVisible();
  await expectNoEnglish(page, 'server config');
  await detail.getByRole('button', { name: '서버 설정', exact: true }).click();
  await expect(serverConfig).toHaveCount(0);

  await page.getByTestId('profile-detail').getByRole('button', { name: '편집', exact: true }).click();
  const editor = page.getByRole('form');
  await editor.getByLabel('클라이언트', { exact: true }).selectOption('custom');
  await editor.getByLabel('사용자 지정 명령 (한 줄에 인자 하나)').fill('mosh\n{user}@{host}');
  await expect(editor.getByText('더 긴 인자 안에 넣었습니다')).toBeVisible();
  await expectNoEnglish(page, 'editor with a refused template');
  await editor.getByLabel('사용자 지정 명령 (한 줄에 인자 하나)').fill('mosh\n{host}\n{address}');
  await expect(page.getByTestId('argv-preview')).toBeVisible();
  await editor.getByLabel('2단계 페이로드 바이트').fill('xyz');
  await editor.getByLabel('2단계 페이로드 바이트').blur();
  await expect(editor.getByText('16진수를 두 자리씩')).toBeVisible();
  await expectNoEnglish(page, 'editor with a template preview and a payload');
  await editor.getByRole('button', { name: '편집기 닫기' }).click();

  await list.locator('.row-main', { hasText: 'closed-door' }).click();
  await page.getByRole('button', { name: '노크 시험', exact: true }).click();
  await expect(page.getByTestId('diagnosis-card')).toBeVisible({ timeout: 15_000 });
  await expectNoEnglish(page, 'diagnosis');

  // Main refuses before any packet: every one-time sequence is spent.
  await list.locator('.row-main', { hasText: 'spent' }).click();
  await page.getByTestId('profile-detail').getByRole('button', { name: '접속', exact: true }).click();
  await expect(page.getByTestId('run-result')).toContainText('일회용 순서를 모두 썼습니다');
  // What the tray/link shell sends when a sesame:// link names no profile.
  mainEmit('appNotice', { level: 'error', message: 'No profile named "nope" — the link cannot be followed.' });
  await expect(page.getByTestId('notices')).toContainText('프로필이 없습니다');
  await expectNoEnglish(page, 'refused run and notice');

  await page.getByRole('navigation').getByRole('button', { name: '기록' }).click();
  await expect(page.getByTestId('history-table')).toBeVisible();
  await expectNoEnglish(page, 'history');
  await page.getByRole('navigation').getByRole('button', { name: '설정' }).click();
  await expect(page.getByTestId('settings-language')).toBeVisible();
  await expectNoEnglish(page, 'settings');
  void profileFields;
});
