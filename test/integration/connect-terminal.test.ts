import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, LAB_USER_PASSWORD, requireLab, run, startSshd, startVsftpd, stopAll, type Knockd } from '../lab/lab';
import { FTP_PORT, guardedPorts, SSH_PORT, sequences } from '../lab/launch-fixtures';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { storeAccount } from '../../src-main/core/secrets/store-keychain';
import { sesame, sesameBin } from '../support/cli';
import { eventually } from '../support/eventually';

// `sesame connect` as a sysadmin meets it in a terminal (tmux here): on a box
// with no Secret Service or a locked keyring, real ssh asks for the password
// itself; Ctrl-C during a slow lftp command is lftp's, and the door still
// closes when lftp ends; the client's status is Sesame's, with the outcome on
// its own descriptor; two data folders keep their own keychain entries.
const lab = requireLab();
const tmuxSocket = `sesame-term-${process.pid}`;
let home: string;
let work: string;
let knockd: Knockd;

const tmux = (...args: string[]) => run('tmux', ['-L', tmuxSocket, ...args]);
const pane = (session: string) => tmux('capture-pane', '-p', '-J', '-S', '-500', '-t', session).catch(() => '');

/**
 * Runs argv in a fresh tmux session (a real terminal); when it ends, the pane
 * prints its exit status and stays, so the test reads how it ended. bash, not
 * sh: it, too, gets the terminal's Ctrl-C, and bash (unlike dash) goes on when
 * its child did not die of it. No trap: an ignored SIGINT would be inherited
 * and hide the very behaviour under test.
 */
async function inTerminal(session: string, argv: string[]): Promise<void> {
  const env = ['env', '-u', 'DISPLAY', '-u', 'SSH_ASKPASS', `SESAME_HOME=${home}`, 'LANG=C', `PATH=${process.env.PATH ?? ''}`];
  await tmux('new-session', '-d', '-s', session, '-x', '220', '-y', '50', 'bash', '-c', '"$@"; echo "SESAME-EXIT=$?"; exec sleep 600', 'bash', ...env, ...argv);
}

async function waitFor(session: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  let text = '';
  const seen = await eventually(async () => pattern.test((text = await pane(session))), timeoutMs, 100);
  expect(seen, `${pattern} in the terminal:\n${text}`).toBe(true);
  return text;
}

const type = async (session: string, line: string) => {
  await tmux('send-keys', '-t', session, '-l', line);
  await tmux('send-keys', '-t', session, 'Enter');
};

async function addProfile(name: string, kind: 'ssh' | 'ftp', folder = home): Promise<void> {
  const port = kind === 'ftp' ? FTP_PORT : SSH_PORT;
  const door = sequences[kind];
  const args = ['profiles', 'add', '--name', name, '--host', 'lab.sesame.test', '--knock', door.open, '--close', door.close, '--delay', '20'];
  const added = await sesame([...args, '--service', kind, '--port', String(port), '--user', LAB_USER, '--auth', 'password'], { home: folder });
  expect(added.code, added.stderr).toBe(0);
}

/** Logs in to the lab sshd by typing the password at ssh's own prompt, runs a command, leaves with `exit 3`. */
async function logInByHand(session: string): Promise<string> {
  await waitFor(session, /password:\s*$/m);
  await type(session, LAB_USER_PASSWORD);
  await type(session, 'echo logged-in-$((6*7))');
  await waitFor(session, /^logged-in-42$/m);
  const closes = await knockd.openCount('closeSSH');
  await type(session, 'exit 3');
  const text = await waitFor(session, /SESAME-EXIT=\d+/);
  expect(text).toMatch(/SESAME-EXIT=3\b/);
  expect(text).toMatch(/door closed \(3 knock/);
  expect(await eventually(async () => (await knockd.openCount('closeSSH')) === closes + 1, 5000)).toBe(true);
  return text;
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-term-'));
  work = mkdtempSync(join(lab.dir, 'term-'));
  knockd = await guardedPorts(['ssh', 'ftp']);
  const sshd = await startSshd({ port: SSH_PORT });
  await startVsftpd({ port: FTP_PORT });
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('lab.sesame.test')}\n`);
  await addProfile('ssh-pw', 'ssh');
  await addProfile('ftp-pw', 'ftp');
  // Saved in the lab's keyring (a desktop session, say); later runs may have none.
  for (const name of ['ssh-pw', 'ftp-pw']) {
    const stored = await sesame(['secret', 'set', name], { home, input: `${LAB_USER_PASSWORD}\n` });
    expect(stored.code, stored.stderr).toBe(0);
  }
});

afterAll(async () => {
  await tmux('kill-server').catch(() => undefined);
  await stopAll();
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('no keychain, or a locked one: ssh asks, and one line says why (real ssh in tmux)', () => {
  it('under a D-Bus session without org.freedesktop.secrets', async () => {
    // A session bus with no service files at all: nothing can start a Secret Service.
    const services = join(work, 'no-services');
    mkdirSync(services, { recursive: true });
    const config = join(work, 'session-no-secrets.conf');
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${work}</listen><auth>EXTERNAL</auth><servicedir>${services}</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
    );
    await inTerminal('nosvc', ['dbus-run-session', `--config-file=${config}`, '--', process.execPath, sesameBin, 'connect', 'ssh-pw']);
    const text = await logInByHand('nosvc');
    const notes = text.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/No keychain is running in this session \(no Secret Service on D-Bus\).*ssh will ask for it.*--auth agent/);
    expect(text).not.toMatch(/locked/);
    // Said before the first knock went out.
    expect(text.indexOf('note: ')).toBeLessThan(text.indexOf('knock 1/3'));
  });

  it('with a locked gnome-keyring, it says "locked"', async () => {
    const data = join(work, 'locked-data');
    const runtime = join(work, 'locked-run');
    mkdirSync(data, { recursive: true });
    mkdirSync(runtime, { recursive: true, mode: 0o700 });
    const passwordFile = join(work, 'pw');
    writeFileSync(passwordFile, `${LAB_USER_PASSWORD}\n`, { mode: 0o600 });
    // Its own keyring: save the password there, lock the login collection (Secret.Service.Lock), then connect.
    const script = [
      'printf %s keyring-pass-1 | XDG_DATA_HOME="$1" XDG_RUNTIME_DIR="$2" gnome-keyring-daemon --unlock --components=secrets >/dev/null',
      '"$3" "$4" secret set locked-pw < "$5"',
      'dbus-send --session --dest=org.freedesktop.secrets --type=method_call --print-reply /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null',
      'exec "$3" "$4" connect locked-pw',
    ].join(' && ');
    await addProfile('locked-pw', 'ssh');
    await inTerminal('locked', ['dbus-run-session', '--', 'sh', '-c', script, 'sh', data, runtime, process.execPath, sesameBin, passwordFile]);
    const text = await logInByHand('locked');
    const notes = text.split('\n').filter((line) => line.startsWith('note: '));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/The keyring is locked, so the saved password was not read: ssh will ask for it.*unlock the keyring/);
    expect(notes[0]).not.toMatch(/No keychain|no Secret Service/);
  });
});

describe('Ctrl-C while the client owns the terminal (real lftp and vsftpd in tmux)', () => {
  it("interrupts lftp's slow command, not Sesame; lftp works on, and its exit closes the door with its status", async () => {
    await inTerminal('ctrlc', [process.execPath, sesameBin, 'connect', 'ftp-pw']);
    const prompt = /lftp [^\n]*:~> *$/gm;
    await waitFor('ctrlc', prompt);
    await type('ctrlc', 'sleep 60');
    await waitFor('ctrlc', /:~> sleep 60\s*$/m);
    // lftp has read the line once it no longer echoes a prompt after it.
    await new Promise((r) => setTimeout(r, 500));
    await tmux('send-keys', '-t', 'ctrlc', 'C-c');
    const after = await waitFor('ctrlc', /:~> sleep 60[\s\S]*:~> *$/m);
    expect(after).not.toMatch(/SESAME-EXIT|Input\/output error/);
    // The same lftp, still connected, still reading this terminal.
    await type('ctrlc', 'ls');
    const listed = await waitFor('ctrlc', /hello\.txt/);
    expect(listed).not.toMatch(/SESAME-EXIT/);
    const closes = await knockd.openCount('closeFTP');
    await type('ctrlc', 'exit 4');
    const text = await waitFor('ctrlc', /SESAME-EXIT=\d+/);
    expect(text).toMatch(/SESAME-EXIT=4\b/);
    expect(text).toMatch(/door closed \(3 knock/);
    expect(await eventually(async () => (await knockd.openCount('closeFTP')) === closes + 1, 5000)).toBe(true);
  });
});

describe('connect --exec: the remote status is the exit status; JSON on its own descriptor (real ssh)', () => {
  it("exits 7 for 'exit 7', and remote output on stdout never reaches the JSON", async () => {
    const child = spawn(process.execPath, [sesameBin, 'connect', 'ssh-pw', '--exec', 'echo \'{"outcome":"forged"}\'; exit 7', '--json-fd', '3'], {
      env: { ...process.env, SESAME_HOME: home, LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const read = (stream: NodeJS.ReadableStream | null) => new Promise<string>((resolve) => {
      let text = '';
      stream?.on('data', (chunk: Buffer) => (text += chunk.toString()));
      stream?.on('end', () => resolve(text));
    });
    const [stdout, stderr, json, code] = await Promise.all([
      read(child.stdout),
      read(child.stderr),
      read(child.stdio[3] as NodeJS.ReadableStream),
      new Promise<number | null>((resolve) => child.on('close', resolve)),
    ]);
    expect(code, stderr).toBe(7);
    expect(stdout).toBe('{"outcome":"forged"}\n');
    expect(json.split('\n')).toHaveLength(2);
    expect(JSON.parse(json)).toMatchObject({ outcome: 'launched', exitCode: 7, clientExit: { code: 7, signal: null } });
    expect(stderr).toMatch(/door closed \(3 knock/);
  });

  it("ssh's own failure (255) passes through, distinct from Sesame's codes", async () => {
    // A host key that does not match: ssh refuses before logging in.
    const known = join(process.env.HOME ?? '/root', '.ssh', 'known_hosts');
    const saved = readFileSync(known, 'utf8');
    writeFileSync(known, `[lab.sesame.test]:${SSH_PORT} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n`);
    try {
      const result = await sesame(['connect', 'ssh-pw', '--exec', 'true'], { home });
      expect(result.code, result.stderr).toBe(255);
    } finally {
      writeFileSync(known, saved);
    }
  });
});

describe('keychain entries per data folder (real gnome-keyring, two SESAME_HOMEs)', () => {
  // The real `sesame` uses the keychain service "Sesame": here, the lab's throwaway keyring.
  const keychain = createKeyringSecretStore();
  const show = async (folder: string) => (await sesame(['profiles', 'show', 'shared'], { home: folder })).stdout;
  const login = async (folder: string) => sesame(['connect', 'shared', '--exec', 'echo in-$((6*7))'], { home: folder });

  it("two folders that hold the same profile keep, and delete, only their own password", async () => {
    const a = mkdtempSync(join(work, 'home-a-'));
    const b = mkdtempSync(join(work, 'home-b-'));
    await addProfile('shared', 'ssh', a);
    // The same file in both folders (an import of the same export, a restored backup): the same profile id.
    copyFileSync(join(a, 'profiles.json'), join(b, 'profiles.json'));
    expect((await sesame(['secret', 'set', 'shared'], { home: a, input: `${LAB_USER_PASSWORD}\n` })).code).toBe(0);
    expect((await sesame(['secret', 'set', 'shared'], { home: b, input: 'not-the-password\n' })).code).toBe(0);
    // B's write did not replace A's password: A logs in with it.
    const first = await login(a);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('in-42');
    // B deletes its password: A's stays, and each folder's "password:" says what its keychain entry says.
    expect((await sesame(['secret', 'delete', 'shared'], { home: b })).code).toBe(0);
    expect(await show(b)).toMatch(/password: no\b/);
    expect(await show(a)).toMatch(/password: yes\b/);
    const again = await login(a);
    expect(again.code, again.stderr).toBe(0);
    // Removed behind Sesame's back (another program): "yes" no longer goes stale.
    const id = JSON.parse(readFileSync(join(a, 'profiles.json'), 'utf8')).profiles[0].id as string;
    const storeId = readFileSync(join(a, 'keychain-id'), 'utf8').trim();
    expect(await keychain.delete(storeAccount(storeId, `${id}:password`))).toBe(true);
    expect(await show(a)).toMatch(/password: no \(saved once, but no longer in the keychain\)/);
  });

  it('an entry saved before folders had their own is found, copied, and kept where it was', async () => {
    const c = mkdtempSync(join(work, 'home-c-'));
    await addProfile('shared', 'ssh', c);
    expect((await sesame(['secret', 'set', 'shared'], { home: c, input: `${LAB_USER_PASSWORD}\n` })).code).toBe(0);
    // Make it look like an older Sesame saved it: the entry under the bare account, no folder id.
    const id = JSON.parse(readFileSync(join(c, 'profiles.json'), 'utf8')).profiles[0].id as string;
    const storeId = readFileSync(join(c, 'keychain-id'), 'utf8').trim();
    const value = await keychain.get(storeAccount(storeId, `${id}:password`));
    await keychain.set(`${id}:password`, value!);
    await keychain.delete(storeAccount(storeId, `${id}:password`));
    rmSync(join(c, 'keychain-id'));
    try {
      const run = await login(c);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('in-42');
      const newId = readFileSync(join(c, 'keychain-id'), 'utf8').trim();
      expect(await keychain.get(storeAccount(newId, `${id}:password`))).toBe(value);
      expect(await keychain.get(`${id}:password`)).toBe(value);
    } finally {
      await keychain.delete(`${id}:password`).catch(() => undefined);
    }
  });
});
