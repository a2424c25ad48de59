import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileFieldsInput } from '../../../src-main/contract/features/profiles';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import { createTestCore } from '../../support/test-core';
import { FakeClock, FakeNet, fakeLookup, flush, refuseLater } from '../knock/fakes';

/**
 * What a profile says about its door reaches the real knock engine and port
 * waiter — through connect and through Test knock: the open timeout, the
 * banner that proves the service, the UDP payload bytes and a bracketed IPv6
 * host. The network is in memory (FakeNet) and time is a manual clock, so
 * every assertion is about order and counts, never about elapsed real time.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

const SERVICE = 2222;

function setup() {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  const spawned: string[][] = [];
  // Clock time of each progress event: what the engine decided when (file I/O afterwards takes real time).
  const progress: Array<{ kind: string; at: number }> = [];
  const spawn: SpawnFn = (command, args) => {
    spawned.push([command, ...args]);
    return Object.assign(new EventEmitter(), { pid: 1, unref() {} }) as never;
  };
  const core = createTestCore({
    emit: (event, payload) => {
      if (event === 'connectProgress' || event === 'knockProgress') progress.push({ kind: (payload as { event: { kind: string } }).event.kind, at: clock.time });
    },
    net: { sockets: net, lookup: fakeLookup({}), clock },
    launcher: {
      detect: async () => ({ platform: 'linux', tools: { ssh: '/usr/bin/ssh', lftp: '/usr/bin/lftp', xterm: '/usr/bin/xterm' }, terminals: ['xterm'], clients: ['openssh', 'lftp', 'custom'] }),
      spawn,
      env: { PATH: '/usr/bin' },
    },
  });
  cleanups.push(core.dispose);
  return { core, clock, net, spawned, progress };
}

async function profile(core: ReturnType<typeof setup>['core'], fields: Partial<ProfileFieldsInput>): Promise<string> {
  const created = await core.profiles.create({
    name: 'door',
    host: '127.0.0.1',
    knock: { steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0 },
    service: { kind: 'ssh', port: SERVICE, user: 'alice' },
    auth: { method: 'agent' },
    ...fields,
  });
  return created.id;
}

/** Runs the clock forward in steps until `done` settles; returns the clock time it settled at. */
async function runUntilSettled(clock: FakeClock, done: Promise<unknown>, stepMs = 10, maxMs = 60_000): Promise<number> {
  let settled = false;
  void done.finally(() => (settled = true));
  while (!settled && clock.time < maxMs) await clock.advance(stepMs);
  await flush();
  return clock.time;
}

/** A knock port answers RST; the service port does what `service` says. */
function network(net: FakeNet, service: (socket: Parameters<FakeNet['onTcp']>[0]) => void): void {
  net.onTcp = (socket) => (socket.options.port === SERVICE ? service(socket) : refuseLater(socket));
}

describe.each([
  ['connect', (core: ReturnType<typeof setup>['core'], id: string) => core.connector.connect({ profileId: id, runId: 'r' })],
  ['Test knock', (core: ReturnType<typeof setup>['core'], id: string) => core.handlers.testKnock({ profileId: id })],
] as const)('a profile door through %s', (_entrance, run) => {
  it('the open timeout is the profile’s: a shut port fails at that time, not at the 10 s default', async () => {
    const { core, clock, net, progress } = setup();
    const id = await profile(core, { openTimeoutMs: 700 });
    network(net, () => undefined); // DROP: silence
    const result = run(core, id);
    await runUntilSettled(clock, result);
    const settled = (await result) as { diagnosis?: { class: string }; class?: string };
    expect(settled.diagnosis?.class ?? settled.class).toBe('filtered');
    const waiting = progress.find((p) => p.kind === 'waiting');
    const failed = progress.find((p) => p.kind === 'failed');
    // Manual clock: the wait gives up on the step that crosses 700 ms after it began.
    expect(failed!.at - waiting!.at).toBeGreaterThanOrEqual(700);
    expect(failed!.at - waiting!.at).toBeLessThanOrEqual(710);
  });

  it.each([
    ['ssh', 'HTTP/1.1 400 Bad Request\r\n'],
    ['ftp', 'SSH-2.0-OpenSSH_9.2\r\n'],
  ] as const)('a %s profile whose port answers with another service’s greeting is "wrong-service"', async (kind, greeting) => {
    const { core, clock, net, spawned } = setup();
    const id = await profile(core, { service: { kind, port: SERVICE, user: 'alice' } });
    network(net, (socket) =>
      queueMicrotask(() => {
        socket.accept();
        socket.say(greeting);
      }),
    );
    const result = run(core, id);
    await runUntilSettled(clock, result);
    const settled = (await result) as { outcome?: string; status?: string; diagnosis?: { class: string }; class?: string };
    expect(settled.diagnosis?.class ?? settled.class).toBe('wrong-service');
    expect(spawned).toEqual([]);
  });

  it('a port that greets correctly opens (the check is a real banner check, not a refusal of everything)', async () => {
    const { core, clock, net } = setup();
    const id = await profile(core, {});
    network(net, (socket) =>
      queueMicrotask(() => {
        socket.accept();
        socket.say('SSH-2.0-OpenSSH_9.2\r\n');
      }),
    );
    const result = run(core, id);
    await runUntilSettled(clock, result);
    const settled = (await result) as { outcome?: string; status?: string };
    expect(settled.outcome ?? settled.status).toMatch(/^(launched|open)$/);
  });

  it('UDP payloads go out byte for byte: text as UTF-8, hex as the bytes it spells', async () => {
    const { core, clock, net } = setup();
    const id = await profile(core, {
      knock: {
        steps: [
          { port: 7001, protocol: 'udp', payload: { encoding: 'text', data: 'open sesame ✓' } },
          { port: 7002, protocol: 'udp', payload: { encoding: 'hex', data: '00ff10deadBEEF' } },
          { port: 7003, protocol: 'udp' },
        ],
        delayMs: 0,
      },
    });
    network(net, (socket) => queueMicrotask(() => (socket.accept(), socket.say('SSH-2.0-x\r\n'))));
    await runUntilSettled(clock, run(core, id));
    const udp = net.packets.filter((p) => p.protocol === 'udp').map((p) => [p.port, Buffer.from(p.bytes ?? []).toString('hex')]);
    expect(udp).toEqual([
      [7001, Buffer.from('open sesame ✓', 'utf8').toString('hex')],
      [7002, '00ff10deadbeef'],
      [7003, ''],
    ]);
  });

  it.each([
    ['[::1]', 'auto'],
    ['::1', 'auto'],
    ['[::1]', 'ipv6'],
  ] as const)('host %s (%s) knocks and waits on ::1 over IPv6', async (host, addressFamily) => {
    const { core, clock, net } = setup();
    const id = await profile(core, { host, addressFamily });
    network(net, (socket) => queueMicrotask(() => (socket.accept(), socket.say('SSH-2.0-x\r\n'))));
    await runUntilSettled(clock, run(core, id));
    expect(net.packets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(net.packets.map((p) => `${p.address}/${p.family}`))).toEqual(new Set(['::1/6']));
  });
});
