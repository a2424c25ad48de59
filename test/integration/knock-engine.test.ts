/**
 * The knock engine against real knockd + nftables in the lab: which sequences
 * open the door and which must not, exactly one knockd "Stage" per step over
 * hundreds of sequences, serialisation per server, IPv6.
 */
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnockCommand } from '../../src-main/cli/commands/knock';
import { nodeCliDeps } from '../../src-main/cli/net-args';
import type { CliIo } from '../../src-main/cli/io';
import type { KnockStep } from '../../src-main/contract/schemas/common';
import { processAddressLocks } from '../../src-main/core/knock/address-locks';
import { createKnockEngine, type KnockPlan } from '../../src-main/core/knock/engine';
import { parseStepSpec } from '../../src-main/core/knock/step-spec';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import { requireLab, run, startFirewall, startKnockd, stopAll, type Firewall, type KnockDoor } from '../lab/lab';

const GUARD = 2311;
const GUARD_B = 2312;
const GUARD_V6 = 2313;
const KNOCK_TCP = [7001, 7002, 7003, 7021, 7023, 7031, 7032, 7033, 7041, 7043, 7051, 7052, 7053, 7061, 7062, 7063, 7071, 7072, 7073, 7081, 7083, 7091, 7092, 7093];
const KNOCK_UDP = [7011, 7012, 7013, 7022, 7042, 7082];

const engine = createKnockEngine({ sockets: nodeSockets, lookup: systemLookup, clock: systemClock, locks: processAddressLocks });
const steps = (spec: string): KnockStep[] => spec.split(',').map((item) => parseStepSpec(item));

let firewall: Firewall;
const servers: net.Server[] = [];

/** A stand-in sshd: greets every connection like OpenSSH would. */
async function greeter(port: number, host: string): Promise<void> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end('SSH-2.0-OpenSSH_lab\r\n');
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  servers.push(server);
}

/** A fresh knockd per case: a half-finished attempt from one case must not leak into the next. */
async function withKnockd<T>(doors: KnockDoor[], fn: (knockd: Awaited<ReturnType<typeof startKnockd>>) => Promise<T>): Promise<T> {
  const knockd = await startKnockd({ doors });
  try {
    return await fn(knockd);
  } finally {
    await knockd.stop();
    for (const port of [GUARD, GUARD_B, GUARD_V6]) await run('sh', ['-c', firewall.closeCommand(port)]);
  }
}

const wait = (port = GUARD, timeoutMs = 3000): KnockPlan['wait'] => ({ port, timeoutMs, expect: 'ssh' });

beforeAll(async () => {
  requireLab();
  firewall = await startFirewall({ table: 'sesame_knock', dropTcp: [GUARD, GUARD_B, GUARD_V6, ...KNOCK_TCP], dropUdp: KNOCK_UDP });
  await greeter(GUARD, '127.0.0.1');
  await greeter(GUARD_B, '127.0.0.1');
  await greeter(GUARD_V6, '::1');
});

afterAll(async () => {
  for (const server of servers) server.close();
  await stopAll();
});

describe('knock sequences against knockd', () => {
  it.each([
    ['TCP-only', '7001,7002,7003'],
    ['UDP-only', '7011:udp,7012:udp,7013:udp'],
    ['mixed', '7021,7022:udp,7023'],
  ])('a %s sequence opens the door', async (_name, sequence) => {
    await withKnockd([{ name: 'door', sequence, seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD) }], async (knockd) => {
      const result = await engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps(sequence), delayMs: 0, wait: wait() });
      expect(result).toMatchObject({ status: 'open', port: GUARD, banner: 'SSH-2.0-OpenSSH_lab' });
      expect(await knockd.stageLines('door')).toHaveLength(3);
      expect(await knockd.openCount('door')).toBe(1);
    });
  });

  it.each([
    ['in the wrong order', '7032,7031,7033', 0],
    ['with a step missing', '7031,7033', 0],
    ['slower than seq_timeout', '7031,7032,7033', 700],
  ])('a sequence %s does not', async (_name, sequence, delayMs) => {
    const door = { name: 'strict', sequence: '7031,7032,7033', seqTimeout: 1, command: firewall.insertAcceptCommand(GUARD) };
    await withKnockd([door], async (knockd) => {
      const result = await engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps(sequence), delayMs, wait: wait(GUARD, 1000) });
      expect(result).toMatchObject({ status: 'failed', class: 'filtered', stage: 'wait' });
      expect(await knockd.openCount('strict')).toBe(0);
    });
  });

  it('sends exactly one packet per step: one "Stage" line each over 200 back-to-back sequences', async () => {
    const sequences = 200;
    await withKnockd([{ name: 'dup', sequence: '7041,7042:udp,7043', seqTimeout: 5, command: 'true' }], async (knockd) => {
      for (let i = 0; i < sequences; i += 1) {
        const result = await engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps('7041,7042:udp,7043'), delayMs: 0 });
        expect(result.status).toBe('knocked');
      }
      // knockd reads packets through libpcap and logs as it goes; on a loaded 2-core
      // machine it was seen 470 lines behind 2 s after the last packet. Wait (up to
      // 60 s, polling) until it has caught up; the assertions below are on counts.
      for (let i = 0; i < 600 && (await knockd.openCount('dup')) < sequences; i += 1) await delay(100);
      const stages = (await knockd.stageLines('dup')).map((line) => Number(/Stage (\d+)/.exec(line)?.[1]));
      expect(stages).toHaveLength(sequences * 3);
      expect(stages).toEqual(Array.from({ length: sequences * 3 }, (_, i) => (i % 3) + 1));
      expect(await knockd.openCount('dup')).toBe(sequences);
      console.info(`[knock-engine] ${sequences} sequences: ${stages.length} Stage lines, ${sequences} OPEN SESAME`);
    });
  }, 120_000);
});

describe('concurrency', () => {
  it('two profiles knocking the same server at once both get in (serialised per address)', async () => {
    const doors = [
      { name: 'alpha', sequence: '7051,7052,7053', seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD) },
      { name: 'beta', sequence: '7061,7062,7063', seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD_B) },
    ];
    await withKnockd(doors, async (knockd) => {
      const [a, b] = await Promise.all([
        engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps('7051,7052,7053'), delayMs: 30, wait: wait(GUARD) }),
        engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps('7061,7062,7063'), delayMs: 30, wait: wait(GUARD_B) }),
      ]);
      expect(a.status).toBe('open');
      expect(b.status).toBe('open');
      expect(await knockd.openCount('alpha')).toBe(1);
      expect(await knockd.openCount('beta')).toBe(1);
      // The log shows the sequences one after the other, never interleaved.
      const order = (await knockd.stageLines()).map((line) => /: (alpha|beta): Stage/.exec(line)?.[1]);
      expect(order).toEqual(['alpha', 'alpha', 'alpha', 'beta', 'beta', 'beta']);
    });
  });

  it('knocks to two different servers run in parallel', async () => {
    // Two knockd instances with their own doors stand for two servers; the
    // namespace's two loopback addresses give them two destinations. (One
    // knockd serving two clients at once is no stand-in: knockd 0.8 drops every
    // pending attempt when the one at the head of its list completes.)
    const serverA = await startKnockd({ doors: [{ name: 'server-a', sequence: '7071,7072,7073', seqTimeout: 5, command: 'true' }] });
    const serverB = await startKnockd({ doors: [{ name: 'server-b', sequence: '7091,7092,7093', seqTimeout: 5, command: 'true' }] });
    try {
      // Parallel shows as interleaving: with 200 ms between steps, B's first knock goes out before A's last.
      // Serialised per address (the bug this guards against), all of A's steps would come first.
      const order: string[] = [];
      const track = (name: string) => ({ onProgress: (e: { kind: string; index?: number }) => e.kind === 'step' && order.push(`${name}${e.index}`) });
      const [a, b] = await Promise.all([
        engine.run({ host: '127.0.0.1', family: 'ipv4', steps: steps('7071,7072,7073'), delayMs: 200 }, track('a')),
        engine.run({ host: '::1', family: 'ipv6', steps: steps('7091,7092,7093'), delayMs: 200 }, track('b')),
      ]);
      expect(a.status).toBe('knocked');
      expect(b.status).toBe('knocked');
      expect(order).toHaveLength(6);
      expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3'));
      expect(order.indexOf('a1')).toBeLessThan(order.indexOf('b3'));
      for (let i = 0; i < 80 && (await serverA.openCount()) + (await serverB.openCount()) < 2; i += 1) await delay(25);
      if ((await serverA.openCount()) + (await serverB.openCount()) < 2) console.info(await serverA.log(), await serverB.log());
      expect(await serverA.openCount('server-a')).toBe(1);
      expect(await serverB.openCount('server-b')).toBe(1);
    } finally {
      await serverA.stop();
      await serverB.stop();
    }
  });
});

describe('IPv6', () => {
  it('a door on ::1 opens when knocked with `sesame knock -6`', async () => {
    const door = { name: 'six', sequence: '7081,7082:udp,7083', seqTimeout: 5, command: firewall.insertAcceptCommand(GUARD_V6, 6) };
    await withKnockd([door], async (knockd) => {
      const out: string[] = [];
      const err: string[] = [];
      const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stdin: process.stdin, stdinIsTTY: false, env: {} };
      const code = await createKnockCommand(nodeCliDeps).run(['-6', '--wait', String(GUARD_V6), '--expect', 'ssh', '::1', '7081', '7082:udp', '7083'], io);
      expect(err.join('')).toBe('');
      expect(code).toBe(0);
      expect(out.join('')).toContain('[3/3] tcp [::1]:7083');
      expect(out.join('')).toContain(`open: port ${GUARD_V6}`);
      expect(await knockd.openCount('six')).toBe(1);
    });
  });
});
