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
import { setTimeout as delay } from 'node:timers/promises';
import { processAddressLocks } from '../../src-main/core/knock/address-locks';
import { createKnockEngine } from '../../src-main/core/knock/engine';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import { requireLab, run, startFirewall, startKnockd, startSshd, stopAll } from '../lab/lab';
import { connectOnce, printComparison, type DoorSample } from './compare';

const N = Number(process.env.BENCH_N ?? 100);
const GUARD = 2341;
const KNOCKS = [7201, 7202, 7203];
const HOST = '127.0.0.1';
const GIVE_UP_MS = 5000;

function exec(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
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

  const classic: DoorSample[] = [];
  const sesame: DoorSample[] = [];
  process.stdout.write(`knock bench: ${N} sequences each, ${HOST}, knock ports ${KNOCKS.join(',')}, guarded sshd on ${GUARD}\n`);
  for (let i = 0; i < N; i += 1) {
    // (a) stock knock, then an immediate connect. Timed from spawning knock,
    // which adds a few ms of process start-up to this side.
    const started = performance.now();
    await exec('knock', [HOST, ...KNOCKS.map(String)]);
    const ok = await connectOnce(HOST, GUARD, GIVE_UP_MS);
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

  const { b, speedup } = printComparison(['first knock → connected', '(a) knock + connect', '(b) sesame knock --wait'], 'sequences', classic, sesame);
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
