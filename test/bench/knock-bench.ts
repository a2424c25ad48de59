/**
 * `npm run bench:knock` (inside the lab): the classic workflow — stock `knock`,
 * then an immediate connect — against Sesame's knock + port wait, on the same
 * knockd-guarded sshd. The classic connect's first SYN usually reaches the DROP
 * before knockd's command has inserted the accept rule, so it waits for the
 * kernel's 1 s SYN retransmit; Sesame's fresh attempts every 10 ms do not.
 *
 * BENCH_N sets the number of sequences per side (default 100).
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { processAddressLocks } from '../../src-main/core/knock/address-locks';
import { createKnockEngine } from '../../src-main/core/knock/engine';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import { requireLab, run, startFirewall, startKnockd, startSshd, stopAll } from '../lab/lab';
import { fmtMs as fmt, percentile, printTable, summarise, type Timed } from './stats';

const N = Number(process.env.BENCH_N ?? 100);
const GUARD = 2341;
const KNOCKS = [7201, 7202, 7203];
const HOST = '127.0.0.1';
const GIVE_UP_MS = 5000;

interface Sample extends Timed {
  attempts?: number;
  /** Sesame only: first knock → SSH banner verified. */
  bannerMs?: number;
}

function exec(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

/** One plain connect, as `ssh` would make right after `knock`: the kernel retransmits, we just wait. */
function connectOnce(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port: GUARD, family: 4 });
    const finish = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), GIVE_UP_MS);
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

async function main(): Promise<void> {
  requireLab();
  const firewall = await startFirewall({ table: 'sesame_bench', dropTcp: [GUARD, ...KNOCKS] });
  const knockd = await startKnockd({
    doors: [{ name: 'bench', sequence: KNOCKS.join(','), seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD) }],
  });
  await startSshd({ port: GUARD });
  const closeDoor = async (): Promise<void> => {
    await run('sh', ['-c', firewall.closeCommand(GUARD)]);
    // Let knockd settle between sequences, as separate user actions would.
    await delay(100);
  };
  const engine = createKnockEngine({ sockets: nodeSockets, lookup: systemLookup, clock: systemClock, locks: processAddressLocks });
  const steps = KNOCKS.map((port) => ({ port, protocol: 'tcp' as const }));

  const classic: Sample[] = [];
  const sesame: Sample[] = [];
  process.stdout.write(`knock bench: ${N} sequences each, ${HOST}, knock ports ${KNOCKS.join(',')}, guarded sshd on ${GUARD}\n`);
  for (let i = 0; i < N; i += 1) {
    // (a) stock knock, then an immediate connect. Timed from spawning knock,
    // which adds a few ms of process start-up to this side.
    const started = performance.now();
    await exec('knock', [HOST, ...KNOCKS.map(String)]);
    const ok = await connectOnce();
    classic.push({ ms: performance.now() - started, ok });
    await closeDoor();

    // (b) Sesame: knock + wait with the SSH banner check, timed from the first
    // knock to the winning handshake (as (a) is); the banner time is shown too.
    const result = await engine.run({ host: HOST, family: 'ipv4', steps, delayMs: 0, wait: { port: GUARD, timeoutMs: GIVE_UP_MS, expect: 'ssh' } });
    sesame.push(
      result.status === 'open'
        ? { ms: result.msToConnect ?? result.msFromFirstKnock, ok: true, attempts: result.attempts, bannerMs: result.msFromFirstKnock }
        : { ms: Number.NaN, ok: false, attempts: result.status === 'failed' ? result.attempts : undefined },
    );
    await closeDoor();
    if ((i + 1) % 10 === 0) process.stdout.write(`  ${i + 1}/${N}\n`);
  }

  const a = summarise(classic);
  const b = summarise(sesame);
  const banner = summarise(sesame.map((s) => ({ ms: s.bannerMs ?? Number.NaN, ok: s.ok })));
  const attempts = sesame.flatMap((s) => (s.attempts === undefined ? [] : [s.attempts])).sort((x, y) => x - y);
  const rows = [
    ['first knock → connected', '(a) knock + connect', '(b) sesame knock --wait'],
    ['sequences', String(classic.length), String(sesame.length)],
    ['median', fmt(a.median), fmt(b.median)],
    ['p95', fmt(a.p95), fmt(b.p95)],
    ['max', fmt(a.max), fmt(b.max)],
    ['failed', String(a.failed), String(b.failed)],
    ['+ SSH banner', '(not checked)', `median ${fmt(banner.median).trim()}, p95 ${fmt(banner.p95).trim()}`],
    ['attempts/wait', '1 (kernel retransmits)', `median ${percentile(attempts, 50)}, max ${attempts.at(-1) ?? '-'}`],
  ];
  process.stdout.write('\n');
  printTable(rows);
  const speedup = a.median / b.median;
  process.stdout.write(`\nspeed-up (median): ${speedup.toFixed(1)}x\n`);
  process.stdout.write(`knockd: ${await knockd.openCount('bench')} OPEN SESAME for ${2 * N} sequences\n`);

  const checks: [string, boolean][] = [
    ['Sesame median under 50 ms', b.median < 50],
    ['no failed Sesame sequence', b.failed === 0],
    ['at least 20x faster than knock + connect', speedup >= 20],
  ];
  for (const [label, pass] of checks) process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${label}\n`);
  await stopAll();
  process.exitCode = checks.every(([, pass]) => pass) ? 0 : 1;
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll().catch(() => undefined);
  process.exitCode = 1;
});
