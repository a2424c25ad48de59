/**
 * Keep-open against the real thing: knockd with a short cmd_timeout (3 s)
 * whose stop_command removes the knocker's address from an nftables set (the
 * idempotent kind of door, where each knock's own stop fires 3 s after it),
 * a real sshd behind it, and the real `sesame connect` running a real ssh
 * session. What counts is what the server side shows: knockd's log (how often
 * the door opened), the nft set, and whether a NEW connection gets in.
 * Counts and order only; the one timing is "later than twice the timeout".
 * One lab for the file.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, isFiltered, requireLab, run, startFirewall, startKnockd, startSshd, stopAll, type Knockd, type Sshd } from '../lab/lab';
import { builtCli, sesame } from '../support/cli';
import { eventually } from '../support/eventually';

const SSH_PORT = 2295;
const OPEN = '7201,7202,7203';
const TABLE = 'sesame_keep';
const TIMEOUT_S = 3;
requireLab();
let home: string;
let sshd: Sshd;
let knockd: Knockd;

const opens = () => knockd.openCount('keep-door');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const allowed = async () => (await run('nft', ['list', 'set', 'inet', TABLE, 'allowed'])).includes('127.0.0.1');

/**
 * A NEW TCP connection that reads sshd's banner. 2.5 s allows the kernel's
 * first SYN retransmit (1 s): a SYN that meets the half-second gap after one
 * of knockd's stops gets in on the retransmit, as a user's ssh would.
 */
/** A real ssh whose ProxyCommand is the built `sesame proxy` (argv, no shell), as `sesame ssh-config` sets it up. */
function sshThroughProxy(profile: string, remote: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proxy = `${process.execPath} ${builtCli} proxy --profile ${profile} %h %p`;
  const args = ['-F', 'none', '-o', 'BatchMode=yes', '-o', `ProxyCommand=${proxy}`];
  const env: NodeJS.ProcessEnv = { ...process.env, SESAME_HOME: home, LANG: 'C' };
  delete env.LC_ALL;
  const child = spawn('ssh', [...args, '-i', sshd.keyPath, '-p', String(SSH_PORT), '-l', LAB_USER, '127.0.0.1', remote], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

function newConnection(): Promise<'banner' | 'refused'> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: SSH_PORT });
    const timer = setTimeout(() => (socket.destroy(), resolve('refused')), 2_500);
    socket.once('data', (data) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data.toString('latin1').startsWith('SSH-') ? 'banner' : 'refused');
    });
    socket.once('error', () => (clearTimeout(timer), resolve('refused')));
  });
}

async function addProfile(name: string, extra: string[]): Promise<void> {
  const args = ['profiles', 'add', '--name', name, '--host', '127.0.0.1', '--knock', OPEN, '--door-timeout', String(TIMEOUT_S)];
  const added = await sesame([...args, '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath, ...extra], { home });
  expect(added.code, added.stderr).toBe(0);
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-keep-'));
  await startFirewall({ table: TABLE, dropTcp: [SSH_PORT] });
  // A server as the kit writes it: sessions already in survive the door closing; the door is a set of addresses.
  await run('nft', ['add', 'set', 'inet', TABLE, 'allowed', '{ type ipv4_addr; }']);
  await run('nft', ['insert', 'rule', 'inet', TABLE, 'input', 'ip', 'saddr', '@allowed', 'tcp', 'dport', String(SSH_PORT), 'accept']);
  await run('nft', ['insert', 'rule', 'inet', TABLE, 'input', 'ct', 'state', 'established,related', 'accept']);
  sshd = await startSshd({ port: SSH_PORT });
  knockd = await startKnockd({
    doors: [
      {
        name: 'keep-door',
        sequence: OPEN,
        seqTimeout: 5,
        startCommand: `nft add element inet ${TABLE} allowed { %IP% }`,
        stopCommand: `nft delete element inet ${TABLE} allowed { %IP% }`,
        cmdTimeout: TIMEOUT_S,
      },
    ],
  });
  const sshDir = join(process.env.HOME ?? '/root', '.ssh');
  mkdirSync(sshDir, { recursive: true });
  writeFileSync(join(sshDir, 'known_hosts'), `${sshd.knownHostsLine('127.0.0.1')}\n`);
  await addProfile('kept', ['--keep-open', 'yes']);
  await addProfile('timed', []);
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

describe('keep-open with a real knockd cmd_timeout door', () => {
  it('without keep-open the door shuts after its timeout while the session runs, and is knocked once', async () => {
    const before = await opens();
    const session = sesame(['connect', 'timed', '--exec', 'sleep 6; echo timed-done'], { home });
    let ended = false;
    void session.then(() => (ended = true));
    expect(await eventually(async () => (await opens()) > before, 10_000), 'the first knock').toBe(true);
    // knockd's stop_command removed the address while the ssh session still runs…
    expect(await eventually(async () => !(await allowed()), 8_000), 'the stop_command ran').toBe(true);
    expect(ended, 'the session is still running').toBe(false);
    // …so a NEW connection is refused; the established one goes on.
    expect(await newConnection()).toBe('refused');
    const result = await session;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('timed-done');
    expect((await opens()) - before).toBe(1);
  });

  it('with keep-open a NEW connection still gets in after twice the timeout, and the re-knocks stop with the session', async () => {
    const before = await opens();
    const session = sesame(['connect', 'kept', '--exec', 'sleep 9; echo kept-done'], { home });
    let ended = false;
    void session.then(() => (ended = true));
    expect(await eventually(async () => (await opens()) > before, 10_000), 'the first knock').toBe(true);
    const firstKnockSeen = Date.now();
    await sleep(2 * TIMEOUT_S * 1000 + 500);
    expect(ended, 'the session is still running').toBe(false);
    expect(await newConnection(), 'a new connection after 2× the timeout').toBe('banner');
    const result = await session;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('kept-done');
    expect(result.stderr).not.toMatch(/keep-open .* failed/);
    const atEnd = await opens();
    // Re-knocked every ~1.75 s over a 9 s session: at least the initial knock and three more.
    expect(atEnd - before, "knockd's OPEN SESAME lines during the session").toBeGreaterThanOrEqual(4);
    expect(Date.now() - firstKnockSeen).toBeGreaterThan(2 * TIMEOUT_S * 1000);
    // After the session: no further re-knock, and the door shuts by itself.
    expect(await eventually(async () => !(await allowed()), 8_000), 'the door shut after the session').toBe(true);
    await sleep(TIMEOUT_S * 1000);
    expect(await opens(), 'no knock after the session ended').toBe(atEnd);
    expect(await isFiltered(SSH_PORT)).toBe(true);
  });

  it('sesame proxy keeps the door open too: a session through ProxyCommand outlives the timeout, and the re-knocks end with it', async () => {
    const before = await opens();
    const session = sshThroughProxy('kept', 'sleep 9; echo proxy-kept-done');
    let ended = false;
    void session.then(() => (ended = true));
    expect(await eventually(async () => (await opens()) > before, 10_000), 'the first knock').toBe(true);
    await sleep(2 * TIMEOUT_S * 1000 + 500);
    expect(ended, 'the session is still running').toBe(false);
    expect(await newConnection(), 'a new connection after 2× the timeout').toBe('banner');
    const result = await session;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('proxy-kept-done');
    const atEnd = await opens();
    expect(atEnd - before, "knockd's OPEN SESAME lines during the session").toBeGreaterThanOrEqual(4);
    // ssh SIGHUPs its ProxyCommand at the end: the re-knocks stop with it and the door shuts by itself.
    expect(await eventually(async () => !(await allowed()), 8_000), 'the door shut after the session').toBe(true);
    await sleep(TIMEOUT_S * 1000);
    expect(await opens(), 'no knock after the session ended').toBe(atEnd);
  });
});
