/**
 * `npm run bench:spa` (inside the lab): SPA packet sent → guarded port
 * connected, the classic way — stock `fwknop -n STANZA`, then an immediate
 * connect — against Sesame's SPA door + port wait, on the same fwknopd
 * (Debian 2.6.10, real mode, iptables-nft) guarding a real sshd.
 *
 * The classic connect's first SYN usually reaches the DROP before fwknopd has
 * run its iptables commands, so it waits for the kernel's 1 s SYN
 * retransmit; Sesame's fresh attempts every 10 ms do not.
 *
 * BENCH_N sets the number of packets per side (default 40).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { runDoor } from '../../src-main/core/door/run-door';
import { createSpaDoor } from '../../src-main/core/door/spa-door';
import { nodeSockets, systemClock } from '../../src-main/core/net/node-net';
import { generateKeys, keyBytes } from '../../src-main/core/spa/keys';
import { nodeSpaTransport, processSentPackets } from '../../src-main/core/spa/send';
import { fwknopClient, startFwknopd } from '../lab/fwknopd';
import { requireLab, run, startSshd, stopAll } from '../lab/lab';
import { connectOnce, printComparison, type DoorSample } from './compare';

const N = Math.max(30, Number(process.env.BENCH_N ?? 40));
const GUARD = 2471;
const HOST = '127.0.0.1';
const GIVE_UP_MS = 5000;

async function main(): Promise<void> {
  requireLab();
  const home = await mkdtemp(join(tmpdir(), 'sesame-spa-bench-'));
  const pair = generateKeys();
  const rcPath = join(home, '.fwknoprc');
  await writeFile(
    rcPath,
    `[bench]\nSPA_SERVER ${HOST}\nACCESS tcp/${GUARD}\nALLOW_IP ${HOST}\nKEY_BASE64 ${pair.keyBase64}\nHMAC_KEY_BASE64 ${pair.hmacKeyBase64}\n`,
    { mode: 0o600 },
  );
  await startSshd({ port: GUARD });
  const fwknopd = await startFwknopd({ stanzas: [{ keyBase64: pair.keyBase64, hmacKeyBase64: pair.hmacKeyBase64, accessTimeoutS: 30 }], guardTcp: [GUARD] });
  const keys = { encryption: keyBytes({ base64: pair.keyBase64 }, 'key'), hmac: keyBytes({ base64: pair.hmacKeyBase64 }, 'hmacKey') };
  const door = createSpaDoor(
    { request: { access: `tcp/${GUARD}`, allowIp: HOST, user: 'bench' }, keys: () => keys },
    { transport: nodeSpaTransport, clock: systemClock, wallClock: Date.now, sent: processSentPackets },
  );
  const target = { host: HOST, address: HOST, family: 4 as const };
  const closeDoor = async (): Promise<void> => {
    // What FW_ACCESS_TIMEOUT would do, without waiting 30 s: empty fwknopd's chain, let it settle.
    await run('iptables', ['-F', fwknopd.chain]);
    await delay(100);
  };

  const classic: DoorSample[] = [];
  const sesame: DoorSample[] = [];
  process.stdout.write(`spa bench: ${N} packets each, ${HOST}, fwknopd udp/${fwknopd.port}, guarded sshd on ${GUARD}\n`);
  for (let i = 0; i < N; i += 1) {
    // (a) stock fwknop -n, then an immediate connect, timed from spawning fwknop (its start-up counts, as for a user).
    const started = performance.now();
    await fwknopClient(['--rc-file', rcPath, '-n', 'bench'], home);
    const ok = await connectOnce(HOST, GUARD, GIVE_UP_MS);
    classic.push({ ms: performance.now() - started, ok });
    await closeDoor();

    // (b) Sesame: packet → winning handshake (the SSH banner time is shown too).
    const { result } = await runDoor(door, target, { port: GUARD, timeoutMs: GIVE_UP_MS, expect: 'ssh' }, { sockets: nodeSockets, clock: systemClock });
    sesame.push(
      result.status === 'open'
        ? { ms: result.msToConnect ?? result.msFromFirstKnock, ok: true, attempts: result.attempts, bannerMs: result.msFromFirstKnock }
        : { ms: Number.NaN, ok: false },
    );
    await closeDoor();
    if ((i + 1) % 10 === 0) process.stdout.write(`  ${i + 1}/${N}\n`);
  }

  const { b, speedup } = printComparison(['SPA sent → connected', '(a) fwknop -n + connect', '(b) Sesame SPA door + wait'], 'packets', classic, sesame);
  const opened = (fwknopd.log().match(/Added access rule/g) ?? []).length;
  process.stdout.write(`fwknopd: ${opened} "Added access rule" for ${2 * N} packets\n`);

  const checks: [string, boolean][] = [
    ['Sesame median under 50 ms', b.median < 50],
    ['no failed Sesame packet', b.failed === 0],
    ['at least 5x faster than fwknop -n + connect', speedup >= 5],
  ];
  for (const [label, pass] of checks) process.stdout.write(`${pass ? 'PASS' : 'FAIL'}  ${label}\n`);
  await stopAll();
  await rm(home, { recursive: true, force: true });
  process.exitCode = checks.every(([, pass]) => pass) ? 0 : 1;
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll().catch(() => undefined);
  process.exitCode = 1;
});
