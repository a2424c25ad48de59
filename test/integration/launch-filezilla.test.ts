import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import { createLabLogin, type LabLogin } from '../lab/lab-user';
import { procLeaks, startDesktop, type Desktop } from '../lab/desktop';
import { startSshd, startVsftpd, stopAll, type Knockd, type Sshd, type Vsftpd } from '../lab/lab';
import { doorProfile, FTP_PORT, guardedPorts, recordingCore, SSH_PORT } from '../lab/launch-fixtures';
import { eventually } from '../support/eventually';
import { desktopLauncher } from '../support/launcher';

// FileZilla 3.63 under Xvfb, launched by the app's core on a knockd-guarded
// vsftpd and sshd: passive and active FTP and SFTP. Sesame passes
// --logontype=ask, so FileZilla shows its password dialog; the test answers it
// as a user would — pasting what Sesame put on the X11 clipboard.
// Proof on the server side (vsftpd's PASV/PORT + LIST, sshd's "Accepted
// password"), a screenshot of each session, the clipboard cleared after its
// grace period, and the close sequence once FileZilla is closed.
const CLIPBOARD_MS = 12_000;
let login: LabLogin;
let desktop: Desktop;
let knockd: Knockd;
let sshd: Sshd;
let vsftpd: Vsftpd;
let core: ReturnType<typeof recordingCore>;
const events: ConnectProgress[] = [];
const ids: Record<string, string> = {};

/** sshd's lines for this file's own login. */
const passwordLogin = () => new RegExp(`Accepted password for ${login.name} from`);
const sftpSession = () => new RegExp(`Starting session: subsystem 'sftp' for ${login.name} from`);


/** FileZilla's own settings, as a user leaves them after following Sesame's hint (Settings › Connection › FTP). */
function fileZillaSettings(passive: boolean): void {
  const dir = join(desktop.home, '.config', 'filezilla');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'filezilla.xml'),
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<FileZilla3 version="3.63.0" platform="*nix">',
      '  <Settings>',
      // Seen once already: no welcome dialog, no update check.
      '    <Setting name="Greeting version">3.63.0</Setting>',
      '    <Setting name="Update Check">0</Setting>',
      `    <Setting name="Use Pasv mode">${passive ? 1 : 0}</Setting>`,
      // No silent switch to the other mode: the server log must show the one asked for.
      '    <Setting name="Allow transfermode fallback">0</Setting>',
      '  </Settings>',
      '</FileZilla3>',
      '',
    ].join('\n'),
  );
}

beforeAll(async () => {
  [desktop, sshd, vsftpd, knockd] = await Promise.all([
    startDesktop({ name: 'launch-filezilla' }),
    startSshd({ port: SSH_PORT }),
    startVsftpd({ port: FTP_PORT }),
    guardedPorts(['ssh', 'ftp']),
  ]);
  login = await createLabLogin();
  core = recordingCore(desktopLauncher(desktop, () => ({ client: 'filezilla' }), CLIPBOARD_MS), events);
  for (const fields of [
    doorProfile('fz-passive', 'ftp', login.name, { ftpMode: 'passive' }),
    doorProfile('fz-active', 'ftp', login.name, { ftpMode: 'active' }),
    doorProfile('fz-sftp', 'sftp', login.name),
  ]) {
    const profile = await core.profiles.create(fields);
    await core.profiles.setSecret(profile.id, 'password', login.password);
    ids[fields.name] = profile.id;
  }
}, 90_000);

afterAll(async () => {
  await stopAll();
  await core?.dispose();
});

/**
 * As a user does with Sesame's note ("it is on the clipboard, paste it"):
 * click into the dialog's password field (FileZilla 3.63's layout), paste,
 * Return — and again if the dialog is still there (keys sent to a window in
 * the instant it appears can be lost, for people too).
 */
async function pasteIntoDialog(dialog: string): Promise<void> {
  for (let attempt = 0; attempt < 3 && (await desktop.exists(dialog)); attempt++) {
    await desktop.click(dialog, 150, 94);
    await desktop.key(dialog, 'ctrl+a', 'ctrl+v', 'Return');
    await eventually(async () => !(await desktop.exists(dialog)), 2000);
  }
}

const ftpLog = () => (existsSync(vsftpd.logPath) ? readFileSync(vsftpd.logPath, 'utf8') : '');
const count = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;

/** Launches FileZilla for `profile`, answers its password dialog with `answer`, checks `proof`, closes FileZilla. */
async function session(profile: string, door: 'closeFTP' | 'closeSSH', answer: (dialog: string) => Promise<void>, proof: () => boolean, next?: RegExp) {
  const closes = await knockd.openCount(door);
  events.length = 0;
  const result = await core.connector.connect({ profileId: ids[profile] as string, runId: profile });
  expect(result.outcome, JSON.stringify(result)).toBe('launched');
  const launched = events.find((e) => e.kind === 'launched');
  try {
    return await drive(result, launched, closes, door, answer, proof, next);
  } finally {
    // A failed step must not leave FileZilla running into the next test.
    result.client?.child.kill();
  }
}

async function drive(
  result: Awaited<ReturnType<typeof core.connector.connect>>,
  launched: ConnectProgress | undefined,
  closes: number,
  door: 'closeFTP' | 'closeSSH',
  answer: (dialog: string) => Promise<void>,
  proof: () => boolean,
  next?: RegExp,
) {
  const dialog = await desktop.waitForWindow(/^Enter password$/);
  await answer(dialog);
  // FileZilla's own follow-up question (plain FTP without TLS; an unknown SFTP host key): OK, as a user would.
  if (next !== undefined) {
    const question = await desktop.waitForWindow(next);
    for (let attempt = 0; attempt < 3 && (await desktop.exists(question)); attempt++) {
      await desktop.key(question, 'Return');
      await eventually(async () => !(await desktop.exists(question)), 2000);
    }
  }
  if (!(await eventually(proof, 20_000))) {
    // What the user would see: kept as an artifact next to the passing screenshots.
    const shot = await desktop.screenshot(`${result.runId}-failed`);
    throw new Error(`no server-side proof; windows ${JSON.stringify([...(await desktop.windows()).values()])}, see ${shot}\n${ftpLog().slice(-600)}\n${readFileSync(sshd.stderrPath, 'utf8').slice(-600)}`);
  }
  const main = await desktop.waitForWindow(/ - FileZilla$/);
  await desktop.screenshot(result.runId);
  expect(await procLeaks(login.password)).toEqual([]);
  expect(await knockd.openCount(door)).toBe(closes);
  // The user closes FileZilla: that ends the session, and the door closes.
  await desktop.key(main, 'ctrl+q');
  await result.client?.closed;
  expect(events.map((e) => e.kind).slice(-2)).toEqual(['client-exited', 'closed']);
  expect(await eventually(async () => (await knockd.openCount(door)) === closes + 1, 5000)).toBe(true);
  return launched;
}

describe('FileZilla (real FileZilla 3.63, vsftpd, sshd, knockd)', () => {
  it('FTP passive: the password pasted from the clipboard Sesame filled, PASV + LIST on the server, clipboard cleared after the grace period', async () => {
    fileZillaSettings(true);
    const pasv = count(ftpLog(), /FTP command: .*"PASV"/);
    let onClipboard = '';
    const launched = await session(
      'fz-passive',
      'closeFTP',
      async (dialog) => {
        onClipboard = await desktop.clipboard.read();
        await pasteIntoDialog(dialog);
      },
      () => count(ftpLog(), /FTP command: .*"PASV"/) > pasv && /"LIST"/.test(ftpLog().split('"PASV"').at(-1) ?? ''),
      /^Insecure FTP connection$/,
    );
    expect(onClipboard).toBe(login.password);
    expect(launched).toMatchObject({ kind: 'launched', client: 'filezilla', clipboard: true });
    expect(JSON.stringify(launched)).toMatch(/Transfer Mode: Passive/);
    expect(ftpLog()).toMatch(new RegExp(`\\[${login.name}\\] OK LOGIN`));
    // Only for the paste: gone after the grace period.
    expect(await eventually(async () => (await desktop.clipboard.read()) === '', CLIPBOARD_MS + 5000)).toBe(true);
  });

  it('FTP active: pasted into the dialog, PORT + LIST on the server', async () => {
    fileZillaSettings(false);
    const ports = count(ftpLog(), /FTP command: .*"PORT /);
    await session(
      'fz-active',
      'closeFTP',
      (dialog) => pasteIntoDialog(dialog),
      () => count(ftpLog(), /FTP command: .*"PORT /) > ports && /"LIST"/.test(ftpLog().split('"PORT ').at(-1) ?? ''),
      /^Insecure FTP connection$/,
    );
  });

  it("SFTP: password dialog, FileZilla's host-key question, sshd logs the password login", async () => {
    const accepted = count(readFileSync(sshd.stderrPath, 'utf8'), passwordLogin());
    await session(
      'fz-sftp',
      'closeSSH',
      (dialog) => pasteIntoDialog(dialog),
      () => count(readFileSync(sshd.stderrPath, 'utf8'), passwordLogin()) > accepted && sftpSession().test(readFileSync(sshd.stderrPath, 'utf8')),
      /^Unknown host key$/,
    );
  });
});
