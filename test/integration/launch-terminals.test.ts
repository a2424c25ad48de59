import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import type { ClientChoice } from '../../src-main/core/connect/connector';
import type { TerminalId } from '../../src-main/core/launcher/types';
import { createLabLogin, type LabLogin } from '../lab/lab-user';
import { procLeaks, startDesktop, type Desktop } from '../lab/desktop';
import { startSshd, startVsftpd, stopAll, type Knockd, type Sshd, type Vsftpd } from '../lab/lab';
import { doorProfile, FTP_PORT, guardedPorts, recordingCore, SSH_PORT } from '../lab/launch-fixtures';
import { eventually } from '../support/eventually';
import { desktopLauncher } from '../support/launcher';


// OpenSSH and lftp in real terminal windows (xterm, gnome-terminal --wait,
// konsole --separate) under Xvfb, through the app's core and the real launcher,
// against knockd-guarded sshd and vsftpd. Proven on the server side (sshd's
// "Accepted password", vsftpd's LIST and RETR), by a screenshot of each window,
// by a /proc scan for the password while the session is live, and by the close
// sequence arriving exactly when the window's session ends.
let login: LabLogin;
const terminals: TerminalId[] = ['xterm', 'gnome-terminal', 'konsole'];
let desktop: Desktop;
let knockd: Knockd;
let sshd: Sshd;
let vsftpd: Vsftpd;
let choice: ClientChoice = {};
const events: ConnectProgress[] = [];

let core: ReturnType<typeof recordingCore>;
let alternatives: string | undefined;

/** sshd's lines for this file's own login. */
const passwordLogin = () => new RegExp(`Accepted password for ${login.name} from`);
const sftpSession = () => new RegExp(`Starting session: subsystem 'sftp' for ${login.name} from`);

let sshProfile: string;
let ftpProfile: string;
let sftpProfile: string;

beforeAll(async () => {
  [desktop, sshd, vsftpd, knockd] = await Promise.all([
    startDesktop({ name: 'launch-terminals' }),
    startSshd({ port: SSH_PORT }),
    startVsftpd({ port: FTP_PORT }),
    guardedPorts(['ssh', 'ftp']),
  ]);
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('lab.sesame.test')}\n`);
  // Debian's x-terminal-emulator alternative, as GNOME's package sets it (priority 40 — konsole's is
  // 40 too, so on a machine with both the one installed first wins): the test's own link, first on
  // the desktop's PATH, so what it resolves to does not depend on the machine's install order.
  alternatives = mkdtempSync(join(tmpdir(), 'sesame-alternatives-'));
  symlinkSync('/usr/bin/gnome-terminal.wrapper', join(alternatives, 'x-terminal-emulator'));
  desktop.env.PATH = `${alternatives}${delimiter}${desktop.env.PATH ?? ''}`;
  // The app's core, with the real launcher on the test desktop (the clients get its display, bus and home).
  core = recordingCore(desktopLauncher(desktop, () => choice), events);
  login = await createLabLogin();
  const ids: string[] = [];
  for (const fields of [
    doorProfile('term-ssh', 'ssh', login.name),
    doorProfile('term-ftp', 'ftp', login.name, { ftpMode: 'passive' }),
    doorProfile('term-sftp', 'sftp', login.name),
  ]) {
    const profile = await core.profiles.create(fields);
    await core.profiles.setSecret(profile.id, 'password', login.password);
    ids.push(profile.id);
  }
  [sshProfile, ftpProfile, sftpProfile] = ids as [string, string, string];
}, 90_000);

afterAll(async () => {
  await stopAll();
  await core?.dispose();
  if (alternatives) rmSync(alternatives, { recursive: true, force: true });
});

const count = (text: string, pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line)).length;
const sshLog = () => readFileSync(sshd.stderrPath, 'utf8');
// vsftpd creates its log on the first connection.
const ftpLog = () => (existsSync(vsftpd.logPath) ? readFileSync(vsftpd.logPath, 'utf8') : '');

/** Runs one session in `terminal`; `drive` types into the window until the session is proven, then returns the words that end it. */
async function session(terminal: TerminalId, kind: 'ssh' | 'ftp' | 'sftp', drive: (window: string) => Promise<void>, endWith: string) {
  choice = { terminal };
  const door = kind === 'ftp' ? 'closeFTP' : 'closeSSH';
  const closesBefore = await knockd.openCount(door);
  const windowsBefore = new Set((await desktop.windows()).keys());
  events.length = 0;
  const profileId = kind === 'ssh' ? sshProfile : kind === 'ftp' ? ftpProfile : sftpProfile;
  const result = await core.connector.connect({ profileId, runId: `${terminal}-${kind}` });
  expect(result.outcome, JSON.stringify(result)).toBe('launched');
  let window = '';
  await eventually(async () => {
    for (const id of (await desktop.windows()).keys()) if (!windowsBefore.has(id)) window = id;
    return window !== '';
  }, 30_000);
  expect(window, `a window for ${terminal}`).not.toBe('');
  await drive(window);
  await desktop.screenshot(`${terminal}-${kind}`);
  // While the session is live: no password in any process's argv or environment.
  expect(await procLeaks(login.password)).toEqual([]);
  // The session is live, so the door is still open: no close sequence yet.
  expect(await knockd.openCount(door)).toBe(closesBefore);
  expect(events.map((e) => e.kind)).not.toContain('closed');
  // The user ends the session (again, should the keys have been lost on a loaded machine).
  for (let attempt = 0; attempt < 3 && (await desktop.exists(window)); attempt++) {
    await desktop.type(window, `\n${endWith}\n`);
    await eventually(async () => !(await desktop.exists(window)), 5000);
  }
  await result.client?.closed;
  const kinds = events.map((e) => e.kind);
  expect(kinds.slice(kinds.indexOf('launched'))).toEqual(['launched', 'client-exited', 'closed']);
  expect(await eventually(async () => (await knockd.openCount(door)) === closesBefore + 1, 5000)).toBe(true);
  expect(await desktop.exists(window)).toBe(false);
}

describe.each(terminals)('%s', (terminal) => {
  it('ssh: logs in with the stored password through askpass; the close sequence follows the window', async () => {
    const accepted = count(sshLog(), passwordLogin());
    await session(
      terminal,
      'ssh',
      async (window) => {
        expect(await eventually(() => count(sshLog(), passwordLogin()) === accepted + 1, 20_000)).toBe(true);
        // Let the shell print its prompt before typing (cosmetic: the screenshot reads better).
        await eventually(() => /Starting session: shell/.test(sshLog().split('\n').slice(-3).join('\n')), 2000);
        await desktop.type(window, 'echo sesame-$((6*7))\n');
      },
      'exit',
    );
  });

  it('lftp: logs in through source -e (no password in any environment), LIST and RETR reach vsftpd', async () => {
    const lists = count(ftpLog(), /FTP command: .*"LIST"/);
    const retrs = count(ftpLog(), /FTP command: .*"RETR hello.txt"/);
    await session(
      terminal,
      'ftp',
      async (window) => {
        // lftp logs in lazily: the first command does it.
        await eventually(async () => (await desktop.windows()).has(window), 5000);
        await desktop.type(window, 'ls\n');
        expect(await eventually(() => count(ftpLog(), /FTP command: .*"LIST"/) > lists, 20_000), ftpLog().slice(-2000)).toBe(true);
        await desktop.type(window, 'cat hello.txt\n');
        expect(await eventually(() => count(ftpLog(), /FTP command: .*"RETR hello.txt"/) > retrs, 20_000)).toBe(true);
        expect(ftpLog()).toMatch(new RegExp(`\\[${login.name}\\] OK LOGIN`));
      },
      'bye',
    );
  });
});

describe('more terminal paths', () => {
  it('x-terminal-emulator resolves to GNOME Terminal and is tracked like it', async () => {
    // The alternative points at gnome-terminal.wrapper (set up in beforeAll); Sesame uses GNOME Terminal's own --wait invocation.
    const detected = await desktopLauncher(desktop, () => choice).detect();
    expect(detected.xTerminalIs).toBe('gnome-terminal');
    const accepted = count(sshLog(), passwordLogin());
    await session(
      'x-terminal-emulator',
      'ssh',
      async () => {
        expect(await eventually(() => count(sshLog(), passwordLogin()) === accepted + 1, 20_000)).toBe(true);
      },
      'exit',
    );
  });

  it('sftp in xterm: the subsystem login on the server, the door closed at exit', async () => {
    const subsystems = count(sshLog(), sftpSession());
    await session(
      'xterm',
      'sftp',
      async (window) => {
        expect(await eventually(() => count(sshLog(), sftpSession()) === subsystems + 1, 20_000)).toBe(true);
        await desktop.type(window, 'ls\n');
      },
      'bye',
    );
  });
});
