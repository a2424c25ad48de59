import { describe, expect, it } from 'vitest';
import type { KnockProgress } from '../../../src-main/contract/features/knock';
import { createAddressLocks } from '../../../src-main/core/knock/address-locks';
import { createKnockEngine } from '../../../src-main/core/knock/engine';
import { defaultTcpHoldMs, udpPayloadBytes } from '../../../src-main/core/knock/send-knock';
import { FakeClock, FakeNet, fakeLookup, flush, refuseLater } from './fakes';

function setup() {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  net.onTcp = refuseLater;
  const lookup = fakeLookup({
    'door.example': [
      { address: '2001:db8::7', family: 6 },
      { address: '192.0.2.7', family: 4 },
    ],
    'other.example': [{ address: '192.0.2.8', family: 4 }],
  });
  const locks = createAddressLocks();
  const engine = createKnockEngine({ sockets: net, lookup, clock, locks });
  return { clock, net, lookup, locks, engine };
}

const steps = [
  { port: 7000, protocol: 'tcp' as const },
  { port: 8000, protocol: 'udp' as const },
  { port: 9000, protocol: 'tcp' as const },
];

describe('knock engine', () => {
  it('sends every step once, in order, to the one pinned address, with the delay between steps', async () => {
    const { clock, net, engine, lookup } = setup();
    const events: KnockProgress[] = [];
    const done = engine.run({ host: 'door.example', family: 'ipv4', steps, delayMs: 100 }, { onProgress: (e) => events.push(e) });
    await clock.advance(1000);
    const result = await done;
    expect(result).toMatchObject({ status: 'knocked', target: { address: '192.0.2.7', family: 'ipv4' }, steps: 3 });
    expect(lookup.calls).toEqual([['door.example', 4]]);
    expect(net.packets.map((p) => [p.protocol, p.port, p.address, p.family, p.at])).toEqual([
      ['tcp', 7000, '192.0.2.7', 4, 0],
      ['udp', 8000, '192.0.2.7', 4, 100],
      ['tcp', 9000, '192.0.2.7', 4, 200],
    ]);
    expect(events.map((e) => e.kind)).toEqual(['resolved', 'step', 'step', 'step', 'done']);
    expect(events[2]).toMatchObject({ kind: 'step', index: 2, total: 3, port: 8000, protocol: 'udp', elapsedMs: 100 });
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('auto takes the resolver first answer, and the wait uses that same address', async () => {
    const { clock, net, engine, lookup } = setup();
    const run = engine.run({ host: 'door.example', family: 'auto', steps, delayMs: 0, wait: { port: 22, timeoutMs: 1000 } });
    net.onTcp = (socket) => {
      if (socket.options.port === 22) queueMicrotask(() => socket.accept());
      else refuseLater(socket);
    };
    await clock.advance(50);
    const result = await run;
    expect(result).toMatchObject({ status: 'open', target: { address: '2001:db8::7', family: 'ipv6' }, port: 22 });
    expect(lookup.calls).toHaveLength(1);
    expect(new Set(net.tcp.map((s) => `${s.options.host}/${s.options.family}`))).toEqual(new Set(['2001:db8::7/6']));
    expect(net.udp.every((s) => s.family === 6)).toBe(true);
  });

  it('keeps a silent TCP knock alive past the current tick and drops it long before the 1 s retransmit', async () => {
    const { clock, net, engine } = setup();
    net.onTcp = () => {}; // DROP: no answer at all
    const run = engine.run({ host: '192.0.2.9', family: 'auto', steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0 });
    await flush();
    const socket = net.tcp[0];
    expect(socket?.destroyed).toBe(false);
    await clock.advance(defaultTcpHoldMs);
    await run;
    expect(socket?.destroyed).toBe(true);
    expect(socket?.destroyedAt).toBeGreaterThan(0);
    expect(socket?.destroyedAt).toBeLessThan(100);
  });

  it('reports DNS failure and an IP literal of the wrong family without sending anything', async () => {
    const { clock, net, engine } = setup();
    const missing = engine.run({ host: 'nowhere.example', family: 'auto', steps, delayMs: 0 });
    const mismatch = engine.run({ host: '::1', family: 'ipv4', steps, delayMs: 0 });
    await clock.advance(10);
    expect(await missing).toMatchObject({ status: 'failed', class: 'dns-failed', stage: 'resolve' });
    expect(await mismatch).toMatchObject({ status: 'failed', class: 'dns-failed', stage: 'resolve' });
    expect(net.packets).toHaveLength(0);
  });

  it('reports a knock that cannot leave the machine as unreachable', async () => {
    const { clock, net, engine } = setup();
    net.onTcp = (socket) => queueMicrotask(() => socket.refuse('ENETUNREACH'));
    const run = engine.run({ host: '192.0.2.9', family: 'auto', steps, delayMs: 0, wait: { port: 22 } });
    await clock.advance(10);
    expect(await run).toMatchObject({ status: 'failed', class: 'unreachable', stage: 'knock' });
    expect(net.packets).toHaveLength(1);
  });

  it('stops at once when cancelled mid-sequence and leaves no socket or timer', async () => {
    const { clock, net, engine } = setup();
    const controller = new AbortController();
    const run = engine.run({ host: '192.0.2.9', family: 'auto', steps, delayMs: 100 }, { signal: controller.signal });
    const settled = run.then(
      () => 'resolved',
      (error: Error) => error.name,
    );
    await clock.advance(50);
    controller.abort();
    await clock.advance(1000);
    expect(await settled).toBe('AbortError');
    expect(net.packets.map((p) => p.port)).toEqual([7000]);
    expect(net.live()).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('serialises sequences to the same address and runs different addresses in parallel', async () => {
    const { clock, net, engine, locks } = setup();
    const a = engine.run({ host: '192.0.2.7', family: 'auto', steps, delayMs: 100 });
    const b = engine.run({ host: '192.0.2.7', family: 'auto', steps: [{ port: 1111, protocol: 'tcp' }, { port: 2222, protocol: 'tcp' }], delayMs: 100 });
    const c = engine.run({ host: '192.0.2.8', family: 'auto', steps: [{ port: 3333, protocol: 'tcp' }], delayMs: 100 });
    await clock.advance(2000);
    await Promise.all([a, b, c]);
    const to7 = net.packets.filter((p) => p.address === '192.0.2.7');
    expect(to7.map((p) => p.port)).toEqual([7000, 8000, 9000, 1111, 2222]);
    expect(to7[3]?.at).toBeGreaterThanOrEqual(to7[2]?.at ?? Infinity);
    expect(net.packets.find((p) => p.port === 3333)?.at).toBe(0);
    expect(locks.size()).toBe(0);
  });

  it('encodes UDP payloads: text, hex, and zero-length by default', () => {
    expect([...udpPayloadBytes({ port: 1, protocol: 'udp' })]).toEqual([]);
    expect([...udpPayloadBytes({ port: 1, protocol: 'udp', payload: { encoding: 'hex', data: 'deADbe00' } })]).toEqual([0xde, 0xad, 0xbe, 0x00]);
    expect(new TextDecoder().decode(udpPayloadBytes({ port: 1, protocol: 'udp', payload: { encoding: 'text', data: 'sésame' } }))).toBe('sésame');
  });
});
