/**
 * `npm run bench:connect` (inside the lab): click-to-session. Time from
 * `connect` to the first byte of a remote command's output, against the
 * classic manual workflow — stock `knock`, then `ssh` straight away — on the
 * same knockd-guarded sshd, with the same key and no delay between knocks (the
 * stock client's default). Between runs the door is closed again and knockd
 * settles, as separate user actions would.
 *
 * BENCH_N sets the runs per side (default 50).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { nodeAskpassRuntime, systemLauncher } from '../../src-main/core/launcher/system';
import { LAB_USER, requireLab, run, startFirewall, startKnockd, startSshd, stopAll } from '../lab/lab';
import { createTestCore } from '../support/test-core';
import { fmtMs, printTable, summarise, type Timed } from './stats';

const N = Number(process.env.BENCH_N ?? 50);
const PORT = 2351;
const KNOCKS = [7301, 7302, 7303];
const HOST = '127.0.0.1';

/** Resolves at the child's first stdout byte (ms since `startedAt`), or NaN if it ends without output. */
function firstByte(child: ChildProcess, startedAt: number): Promise<number> {
  return new Promise((resolve) => {
    child.stdout?.once('data', () => resolve(performance.now() - startedAt));
    child.once('exit', () => resolve(Number.NaN));
    child.once('error', () => resolve(Number.NaN));
  });
}

async function main(): Promise<void> {
  requireLab();
  const firewall = await startFirewall({ table: 'sesame_bench', dropTcp: [PORT] });
  await startKnockd({ doors: [{ name: 'bench', sequence: KNOCKS.join(','), seqTimeout: 5, command: firewall.insertAcceptCommand(PORT) }] });
  const sshd = await startSshd({ port: PORT });
  // The same ssh options on both sides. curve25519 instead of the default
  // post-quantum kex: on these machines (gVisor) sntrup761 alone adds ~120 ms
  // to every handshake, identical on both sides, which would only blur what
  // this measures — the time before ssh can start. The "ssh alone" column shows
  // that floor.
  const sshOptions = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', '-o', 'KexAlgorithms=curve25519-sha256'];
  const closeDoor = async (): Promise<void> => {
    await run('sh', ['-c', firewall.closeCommand(PORT)]);
    await delay(150);
  };

  // Sesame's side: the real orchestrator, with a spawn that pipes stdout so the first byte can be timed.
  let onSpawn: (child: ChildProcess) => void = () => {};
  const launcher = systemLauncher({
    platform: process.platform,
    env: process.env,
    tmpDir: tmpdir(),
    askpassRuntime: nodeAskpassRuntime(),
  });
  const core = createTestCore({
    launcher: {
      ...launcher,
      spawn: (command: string, args: readonly string[], options: SpawnOptions) => {
        const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
        onSpawn(child);
        return child;
      },
      choose: () => ({
        client: 'custom',
        customTemplate: ['ssh', '{familyFlag}', '-p', '{port}', '-i', sshd.keyPath, ...sshOptions, '-l', '{user}', '--', '{address}', 'echo', 'x'],
      }),
    },
  });
  const profile = await core.profiles.create({
    name: 'bench',
    host: HOST,
    knock: { steps: KNOCKS.map((port) => ({ port, protocol: 'tcp' as const })), delayMs: 0 },
    service: { kind: 'custom', port: PORT, user: LAB_USER },
  });

  const classic: Timed[] = [];
  const sesame: Timed[] = [];
  const floor: Timed[] = [];
  process.stdout.write(`connect bench: ${N} runs each, ${HOST}:${PORT}, knocks ${KNOCKS.join(',')}, remote command "echo x"\n`);
  for (let i = 0; i < N; i += 1) {
    // (a) stock knock, then ssh straight away.
    const started = performance.now();
    await run('knock', [HOST, ...KNOCKS.map(String)]);
    const ssh = spawn('ssh', ['-4', '-p', String(PORT), '-i', sshd.keyPath, ...sshOptions, '-l', LAB_USER, HOST, 'echo', 'x'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const a = await firstByte(ssh, started);
    classic.push({ ms: a, ok: Number.isFinite(a) });
    await new Promise((r) => ssh.once('close', r));
    await closeDoor();

    // (b) sesame connect.
    const t0 = performance.now();
    const spawned = new Promise<ChildProcess>((resolve) => (onSpawn = resolve));
    const result = await core.connector.connect({ profileId: profile.id, runId: `bench-${i}` });
    const b = result.outcome === 'launched' ? await firstByte(await spawned, t0) : Number.NaN;
    sesame.push({ ms: b, ok: Number.isFinite(b) });
    await result.client?.closed;

    // (c) the floor: ssh alone, the door already open (Sesame's door is still open here).
    const t1 = performance.now();
    const alone = spawn('ssh', ['-4', '-p', String(PORT), '-i', sshd.keyPath, ...sshOptions, '-l', LAB_USER, HOST, 'echo', 'x'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const c = await firstByte(alone, t1);
    floor.push({ ms: c, ok: Number.isFinite(c) });
    await new Promise((r) => alone.once('close', r));
    await closeDoor();
    if ((i + 1) % 10 === 0) process.stdout.write(`  ${i + 1}/${N}\n`);
  }

  const a = summarise(classic);
  const b = summarise(sesame);
  const c = summarise(floor);
  process.stdout.write('\n');
  printTable([
    ['connect → first output byte', '(a) knock, then ssh', '(b) sesame connect', '(c) ssh alone, door open'],
    ['runs', String(classic.length), String(sesame.length), String(floor.length)],
    ['median', fmtMs(a.median), fmtMs(b.median), fmtMs(c.median)],
    ['p95', fmtMs(a.p95), fmtMs(b.p95), fmtMs(c.p95)],
    ['max', fmtMs(a.max), fmtMs(b.max), fmtMs(c.max)],
    ['failed', String(a.failed), String(b.failed), String(c.failed)],
  ]);
  process.stdout.write(`\nSesame's own share (median b − c): ${(b.median - c.median).toFixed(1)} ms; the classic workflow's: ${(a.median - c.median).toFixed(1)} ms\n`);
  const speedup = a.median / b.median;
  process.stdout.write(`\nspeed-up (median): ${speedup.toFixed(1)}x\n`);
  const checks: [string, boolean][] = [
    ['Sesame at least 5x faster at the median', speedup >= 5],
    ['zero failed Sesame runs', b.failed === 0],
  ];
  for (const [label, pass] of checks) process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${label}\n`);
  await stopAll();
  await core.dispose();
  process.exitCode = checks.every(([, pass]) => pass) ? 0 : 1;
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll().catch(() => undefined);
  process.exitCode = 1;
});
