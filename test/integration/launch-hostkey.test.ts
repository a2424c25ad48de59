import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress, HostKeyQuestionEvent } from '../../src-main/contract/features/connect';
import { run, startSshd, stopAll, type Knockd, type Sshd } from '../lab/lab';
import { doorProfile, guardedPorts, recordingCore, SSH_PORT } from '../lab/launch-fixtures';
import { createLabLogin, type LabLogin } from '../lab/lab-user';
import { sesame, sesameBin } from '../support/cli';
import { eventually } from '../support/eventually';
import { testLauncher } from '../support/launcher';

// With a saved password ssh is forced to use Sesame's askpass helper for every
// question, the host-key one included (where Windows' helper has no console).
// Sesame asks the user itself — in the app (hostKeyQuestion → answerHostKey)
// and on the terminal of `sesame connect` — and answers ssh. And a prompt that
// is not the profile's login (a ProxyJump hop's) gets nothing and is reported.
const sshDir = join(process.env.HOME ?? '/root', '.ssh');
const knownHosts = join(sshDir, 'known_hosts');
let sshd: Sshd;
let knockd: Knockd;
let login: LabLogin;
let home: string;
let fingerprint: string;
const events: ConnectProgress[] = [];
const questions: HostKeyQuestionEvent[] = [];
let trust = true;
let core: ReturnType<typeof recordingCore>;
let profileId: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-hostkey-'));
  [sshd, knockd] = await Promise.all([startSshd({ port: SSH_PORT }), guardedPorts(['ssh'])]);
  login = await createLabLogin();
  fingerprint = (await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', sshd.hostKeyPubPath])).split(' ')[1] ?? '';
  core = recordingCore(testLauncher(() => ({ terminal: 'inline' })), events, (event, payload) => {
    // The window's dialog: the user reads the fingerprint and answers.
    if (event === 'hostKeyQuestion') {
      const question = payload as HostKeyQuestionEvent;
      questions.push(question);
      void core.handlers.answerHostKey({ questionId: question.questionId, trust });
    }
  });
  const profile = await core.profiles.create(doorProfile('hostkey', 'ssh', login.name));
  await core.profiles.setSecret(profile.id, 'password', login.password);
  profileId = profile.id;
  const args = ['profiles', 'add', '--name', 'hostkey', '--host', 'lab.sesame.test', '--knock', '7000,8000,9000', '--close', '9000,8000,7000'];
  const added = await sesame([...args, '--service', 'ssh', '--port', String(SSH_PORT), '--user', login.name, '--auth', 'password'], { home });
  expect(added.code, added.stderr).toBe(0);
  expect((await sesame(['secret', 'set', 'hostkey'], { home, input: `${login.password}\n` })).code).toBe(0);
}, 90_000);

afterAll(async () => {
  rmSync(join(sshDir, 'config'), { force: true });
  writeFileSync(knownHosts, '');
  await stopAll();
  await core?.dispose();
  rmSync(home, { recursive: true, force: true });
});

/** Whether known_hosts (hashed, as Debian's ssh_config asks) holds a key for `name`. */
const known = async (name: string) => (await run('ssh-keygen', ['-F', name, '-f', knownHosts]).catch(() => '')).includes('ssh-ed25519');
const accepted = () => readFileSync(sshd.stderrPath, 'utf8').split('\n').filter((l) => l.includes(`Accepted password for ${login.name} `)).length;

describe('an unknown host key with a saved password', () => {
  it('the app asks (fingerprint in the event), answerHostKey says yes: ssh records the key and logs in', async () => {
    writeFileSync(knownHosts, '');
    trust = true;
    const before = accepted();
    const result = await core.connector.connect({ profileId, runId: 'app-yes', remoteCommand: ['true'] });
    expect(result.outcome, JSON.stringify(result)).toBe('launched');
    expect(await result.client?.exited).toMatchObject({ code: 0 });
    await result.client?.closed;
    expect(questions.at(-1)).toMatchObject({ host: '[lab.sesame.test]:2222', keyType: 'ED25519', fingerprint });
    expect(accepted()).toBe(before + 1);
    expect(await known('[lab.sesame.test]:2222')).toBe(true);
  });

  it('the app says no: ssh stops ("Host key verification failed"), no login, nothing recorded, the door closes', async () => {
    writeFileSync(knownHosts, '');
    trust = false;
    const before = accepted();
    const closes = await knockd.openCount('closeSSH');
    const sentBefore = events.length;
    const result = await core.connector.connect({ profileId, runId: 'app-no', remoteCommand: ['true'] });
    expect((await result.client?.exited)?.code).toBe(255);
    await result.client?.closed;
    expect(accepted()).toBe(before);
    expect(await known('[lab.sesame.test]:2222')).toBe(false);
    const closed = await eventually(async () => (await knockd.openCount('closeSSH')) >= closes + 1, 15_000);
    expect(events.slice(sentBefore).filter((e) => e.kind === 'closed').length, 'the connector sent the close sequence').toBeGreaterThan(0);
    expect(closed, `the close sequence in knockd's log:\n${(await knockd.log()).split('\n').slice(-30).join('\n')}`).toBe(true);
  });

  it('sesame connect asks on its own terminal and takes "yes"', async () => {
    writeFileSync(knownHosts, '');
    const before = accepted();
    // A terminal for the CLI, as a user's (script(1) gives it a pty); the user types "yes".
    const child = spawn('script', ['-qfec', `${process.execPath} ${sesameBin} connect hostkey --exec 'echo cli-ok'`, '/dev/null'], {
      env: { ...process.env, SESAME_HOME: home, LANG: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const asked = await eventually(() => output.includes('Trust this host key and connect?'), 30_000);
    if (!asked) child.kill('SIGKILL');
    expect(asked, `the CLI's host-key question on its terminal; it printed:\n${output}`).toBe(true);
    child.stdin.write('yes\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, output).toBe(0);
    expect(output).toContain(fingerprint);
    expect(output).toContain('cli-ok');
    expect(accepted()).toBe(before + 1);
    expect(await known('[lab.sesame.test]:2222')).toBe(true);
  });
});

describe('a prompt that is not the profile login', () => {
  it("a ProxyJump hop's password prompt gets nothing and the CLI says so; the destination never sees the password", async () => {
    // The key is known for the destination and the hop, so only passwords are asked.
    writeFileSync(knownHosts, `${sshd.knownHostsLine('lab.sesame.test')}\n${sshd.knownHostsLine('localhost')}\n`);
    writeFileSync(join(sshDir, 'config'), 'Host 127.0.0.1\n  ProxyJump hop@localhost:2222\n');
    const before = accepted();
    const run = await sesame(['connect', 'hostkey', '--exec', 'true'], { home });
    rmSync(join(sshDir, 'config'), { force: true });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`warning: Sesame did not answer "hop@localhost's password:": it is not this profile's login.`);
    expect(accepted()).toBe(before);
    expect(readFileSync(sshd.stderrPath, 'utf8')).toMatch(/Invalid user hop from 127\.0\.0\.1/);
  });
});
