/**
 * `sesame proxy` as OpenSSH's ProxyCommand, for real: knockd and nftables
 * guard a real sshd, the ssh config is what `sesame ssh-config` prints, and
 * the tools are the user's own — scp, sftp -b, rsync -e ssh, git clone over
 * ssh://. What is checked is what the server side saw: knockd's log (how many
 * times each door opened, and when the close came), the files that arrived.
 * One lab (sshd, knockd, nft, profiles) for the whole file.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, LAB_USER_HOME, requireLab, run, startFirewall, startKnockd, startSshd, stopAll, type Knockd, type Sshd, isFiltered } from '../lab/lab';
import { builtCli, sesame } from '../support/cli';
import { eventually } from '../support/eventually';

const SSH_PORT = 2291;
const OPEN = '7101,7102,7103';
const CLOSE = '7103,7102,7101';
const lab = requireLab();
let home: string;
let sshd: Sshd;
let knockd: Knockd;
let sshConfig: string;
/** A folder of the lab user's, for uploads and the bare git repository. */
let remoteDir: string;
let work: string;

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a real client (argv, no shell) with the lab's SESAME_HOME, which its ProxyCommand inherits. */
function client(command: string, args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<Ran> & { child: ReturnType<typeof spawn> } {
  const env: NodeJS.ProcessEnv = { ...process.env, SESAME_HOME: home, LANG: 'C', ...options.env };
  delete env.LC_ALL;
  const child = spawn(command, args, {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  if (options.input !== undefined) child.stdin.end(options.input);
  const done = new Promise<Ran>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { child });
}

const ssh = ['-F'];


const opens = () => knockd.openCount('proxy-open');
const closes = () => knockd.openCount('proxy-close');

/** Knockd's log stays quiet a moment after the last client exits: ssh does not wait for its ProxyCommand (it SIGHUPs it). */
async function settled(expectedCloses: number): Promise<void> {
  expect(await eventually(async () => (await closes()) >= expectedCloses, 10_000), `close sequence #${expectedCloses} in knockd's log`).toBe(true);
  expect(await eventually(() => isFiltered(SSH_PORT), 5_000), 'the door is shut again').toBe(true);
}

async function addProfile(name: string, knock: string, extra: string[] = []): Promise<void> {
  const added = await sesame(['profiles', 'add', '--name', name, '--host', '127.0.0.1', '--knock', knock, '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, ...extra], { home });
  expect(added.code, added.stderr).toBe(0);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-proxy-'));
  work = mkdtempSync(join(tmpdir(), 'sesame-proxy-work-'));
  const firewall = await startFirewall({ table: 'sesame_proxy', dropTcp: [SSH_PORT] });
  sshd = await startSshd({ port: SSH_PORT });
  knockd = await startKnockd({
    doors: [
      { name: 'proxy-open', sequence: OPEN, seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) },
      { name: 'proxy-close', sequence: CLOSE, seqTimeout: 5, command: firewall.closeCommand(SSH_PORT) },
    ],
  });
  await addProfile('web', OPEN, ['--close', CLOSE]);
  // A wrong sequence, with a short wait so the refusal comes quickly.
  await addProfile('wrong', '7101,7102,7104', ['--timeout', '1.5']);

  // The ssh config is what `sesame ssh-config` prints, with the built CLI as the ProxyCommand program.
  const launcher = join(lab.dir, 'sesame-launcher');
  writeFileSync(launcher, `#!/bin/sh\nexec '${process.execPath}' '${builtCli}' "$@"\n`);
  chmodSync(launcher, 0o755);
  const printed = await sesame(['ssh-config', 'web', 'wrong', '--sesame', launcher], { home });
  expect(printed.code, printed.stderr).toBe(0);
  // Two profiles on one host and port: each block names its profile, since %h %p cannot tell them apart.
  expect(printed.stdout).toContain(`ProxyCommand ${launcher} proxy --profile web %h %p`);
  expect(printed.stdout).toContain(`ProxyCommand ${launcher} proxy --profile wrong %h %p`);
  const knownHosts = join(lab.dir, 'proxy-known_hosts');
  writeFileSync(knownHosts, `${sshd.knownHostsLine('127.0.0.1')}\n`);
  sshConfig = join(lab.dir, 'proxy-ssh_config');
  writeFileSync(
    sshConfig,
    [
      printed.stdout,
      'Host *',
      `  IdentityFile ${sshd.keyPath}`,
      '  IdentitiesOnly yes',
      '  BatchMode yes',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  StrictHostKeyChecking yes',
      '',
    ].join('\n'),
  );
  ssh.push(sshConfig);

  // A folder of the lab user's (one per lab), with a bare git repository holding one commit.
  remoteDir = join(LAB_USER_HOME, `proxy-${lab.ns}`);
  const seed = join(work, 'seed');
  await run('git', ['init', '-q', '-b', 'main', seed]);
  writeFileSync(join(seed, 'README'), 'knocked in through sesame proxy\n');
  await run('git', ['-C', seed, '-c', 'user.name=lab', '-c', 'user.email=lab@example.invalid', 'add', 'README']);
  await run('git', ['-C', seed, '-c', 'user.name=lab', '-c', 'user.email=lab@example.invalid', 'commit', '-q', '-m', 'seed']);
  await run('mkdir', ['-p', remoteDir]);
  await run('git', ['clone', '-q', '--bare', seed, join(remoteDir, 'repo.git')]);
  await run('chown', ['-R', `${LAB_USER}:${LAB_USER}`, remoteDir]);
  expect(await isFiltered(SSH_PORT)).toBe(true);
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  if (remoteDir) rmSync(remoteDir, { recursive: true, force: true });
});

describe('every ssh-based tool knocks through sesame proxy', () => {
  it('scp up and down, sftp -b, rsync -e ssh and git clone ssh:// each knock, transfer, and close the door after', async () => {
    const payload = randomBytes(300_000);
    const local = join(work, 'payload.bin');
    writeFileSync(local, payload);
    const before = { opens: await opens(), closes: await closes() };

    const up = await client('scp', [...ssh, local, `web:${remoteDir}/up.bin`]);
    expect(up.code, up.stderr).toBe(0);
    expect(readFileSync(join(remoteDir, 'up.bin')).equals(payload)).toBe(true);
    await settled(before.closes + 1);

    const down = await client('scp', [...ssh, `web:${remoteDir}/up.bin`, join(work, 'down.bin')]);
    expect(down.code, down.stderr).toBe(0);
    expect(readFileSync(join(work, 'down.bin')).equals(payload)).toBe(true);
    await settled(before.closes + 2);

    const batch = join(work, 'sftp-batch');
    writeFileSync(batch, `put ${local} ${remoteDir}/sftp.bin\nls ${remoteDir}\n`);
    const sftp = await client('sftp', [...ssh, '-b', batch, 'web']);
    expect(sftp.code, sftp.stderr).toBe(0);
    expect(sftp.stdout).toContain('sftp.bin');
    expect(readFileSync(join(remoteDir, 'sftp.bin')).equals(payload)).toBe(true);
    await settled(before.closes + 3);

    const rsyncDir = join(work, 'rsync');
    const rsync = await client('rsync', ['-a', '-e', `ssh -F ${sshConfig}`, `web:${remoteDir}/up.bin`, `${rsyncDir}/`]);
    expect(rsync.code, rsync.stderr).toBe(0);
    expect(readFileSync(join(rsyncDir, 'up.bin')).equals(payload)).toBe(true);
    await settled(before.closes + 4);

    const clone = join(work, 'clone');
    const git = await client('git', ['clone', '-q', `ssh://web${remoteDir}/repo.git`, clone], { env: { GIT_SSH_COMMAND: `ssh -F ${sshConfig}` } });
    expect(git.code, git.stderr).toBe(0);
    expect(readFileSync(join(clone, 'README'), 'utf8')).toBe('knocked in through sesame proxy\n');
    await settled(before.closes + 5);

    // One knock per tool, one close per tool, and nothing on stderr from the proxy when all is well.
    expect((await opens()) - before.opens).toBe(5);
    expect((await closes()) - before.closes).toBe(5);
    for (const ran of [up, down, sftp, rsync, git]) expect(ran.stderr).not.toContain('sesame proxy');
  });

  it('six clients at once knock once, and the close sequence goes out only after the last one ends', async () => {
    const before = { opens: await opens(), closes: await closes() };
    const local = join(work, 'fork.bin');
    writeFileSync(local, randomBytes(100_000));
    // The long session waits for a line on stdin: it ends when the test says so, not after a guessed time.
    const long = client('ssh', [...ssh, 'web', 'echo up; read line; echo bye']);
    const forks = Array.from({ length: 5 }, (_, i) => client('scp', [...ssh, local, `web:${remoteDir}/fork-${i}.bin`]));
    const results = await Promise.all(forks);
    for (const ran of results) expect(ran.code, ran.stderr).toBe(0);
    // Five scp are done, their proxies gone; the long session still holds the door.
    expect(await eventually(async () => (await run('sh', ['-c', `ls ${remoteDir} | grep -c '^fork-'`])).trim() === '5')).toBe(true);
    expect((await opens()) - before.opens, 'one knock for six clients').toBe(1);
    expect((await closes()) - before.closes, 'no close while a session uses the door').toBe(0);
    expect(await isFiltered(SSH_PORT), 'the door is still open for the last session').toBe(false);

    long.child.stdin?.end('go\n');
    const ended = await long;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stdout).toBe('up\nbye\n');
    await settled(before.closes + 1);
    expect((await closes()) - before.closes, 'one close, after the last').toBe(1);
    expect((await opens()) - before.opens).toBe(1);
  });

  it('a refused door: ssh shows one clear line from the proxy, and the proxy exits 3 (filtered)', async () => {
    const viaSsh = await client('ssh', [...ssh, 'wrong', 'true']);
    expect(viaSsh.code).toBe(255);
    expect(viaSsh.stderr).toMatch(/^sesame proxy: wrong \(127\.0\.0\.1:2291\): No answer \(filtered\): the door did not open after the knock/m);

    const direct = await client(process.execPath, [builtCli, 'proxy', '127.0.0.1', String(SSH_PORT), '--profile', 'wrong'], { input: '' });
    expect(direct.code).toBe(3);
    expect(direct.stdout).toBe('');

    const korean = await client(process.execPath, [builtCli, 'proxy', '--profile', 'wrong'], { input: '', env: { LANG: 'ko_KR.UTF-8' } });
    expect(korean.code).toBe(3);
    expect(korean.stderr).toMatch(/^sesame proxy: wrong \(127\.0\.0\.1:2291\): 응답 없음 \(필터링됨\): 노크 후에도 문이 열리지 않았습니다/m);

    const unknown = await client(process.execPath, [builtCli, 'proxy', '127.0.0.1', '2200'], { input: '' });
    expect(unknown.code).toBe(2); // no such profile: a bad argument, as in every command
    expect(unknown.stderr).toMatch(/no Sesame profile for 127\.0\.0\.1 port 2200 \(profiles for 127\.0\.0\.1 use port 2291\)/);
  });
});
