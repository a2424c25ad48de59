import dgram from 'node:dgram';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import type { KnockProgress } from '../../../src-main/contract/features/knock';
import { DoorConfigError, DoorSendError } from '../../../src-main/core/door/door';
import { createKnockDoor } from '../../../src-main/core/door/knock-door';
import { runDoor } from '../../../src-main/core/door/run-door';
import { createSpaDoor } from '../../../src-main/core/door/spa-door';
import { createAddressLocks } from '../../../src-main/core/knock/address-locks';
import { createKnockEngine } from '../../../src-main/core/knock/engine';
import type { PinnedTarget } from '../../../src-main/core/net/types';
import { generateKeys, keyBytes } from '../../../src-main/core/spa/keys';
import { decodePacket } from '../../../src-main/core/spa/packet';
import { resolvePublicIp } from '../../../src-main/core/spa/resolve-ip';
import { createSentPackets, httpRequest, nodeSpaTransport, SpaReplayError, SpaSendError, type SpaTransport } from '../../../src-main/core/spa/send';
import { FakeClock, FakeNet, fakeLookup } from '../knock/fakes';

const pair = generateKeys();
const keys = { encryption: keyBytes({ base64: pair.keyBase64 }, 'key'), hmac: keyBytes({ base64: pair.hmacKeyBase64 }, 'hmacKey') };
const target: PinnedTarget = { host: 'spa.example.org', address: '192.0.2.10', family: 4 };
const WALL = 1_800_000_000_000;

function recordingTransport(fail?: SpaSendError): SpaTransport & { sent: { port: number; proto: string; data: string; address: string }[] } {
  const sent: { port: number; proto: string; data: string; address: string }[] = [];
  return {
    sent,
    send: async (t, port, proto, data) => {
      if (fail) throw fail;
      sent.push({ port, proto, data, address: t.address });
      return { bytes: data.length, localAddress: '192.0.2.99' };
    },
  };
}

function spaDoor(overrides: Partial<Parameters<typeof createSpaDoor>[0]> = {}, transport = recordingTransport()) {
  const clock = new FakeClock();
  const readKeys = vi.fn(() => keys);
  const door = createSpaDoor(
    { request: { access: 'tcp/22', allowIp: 'source', user: 'alice' }, keys: readKeys, ...overrides },
    { transport, clock, wallClock: () => WALL, sent: createSentPackets() },
  );
  return { door, transport, clock, readKeys };
}

describe('SPA door', () => {
  it('sends one packet fwknopd can read, to the pinned address and the SPA port, and reports it as step 1 of 1', async () => {
    const { door, transport } = spaDoor();
    const events: KnockProgress[] = [];
    const opened = await door.open(target, { onProgress: (e) => events.push(e) });
    expect(transport.sent).toHaveLength(1);
    expect(transport.sent[0]).toMatchObject({ address: '192.0.2.10', port: 62201, proto: 'udp' });
    const decoded = decodePacket(transport.sent[0]!.data, keys);
    expect(decoded).toMatchObject({ ok: true, fields: { user: 'alice', timestamp: WALL / 1000, type: 1, message: '0.0.0.0,tcp/22' } });
    expect(events).toEqual([
      { kind: 'step', index: 1, total: 1, port: 62201, protocol: 'udp', elapsedMs: 0 },
      { kind: 'done', steps: 1, elapsedMs: 0 },
    ]);
    expect(opened.evidence).toMatchObject({ packetTimestamp: WALL / 1000, sentAt: WALL / 1000, allowIp: '0.0.0.0', localAddress: '192.0.2.99', proto: 'udp', port: 62201 });
  });

  it('builds a fresh packet every time (new random value, salt), reading the keys again each time', async () => {
    const { door, transport, readKeys } = spaDoor();
    await door.open(target);
    await door.open(target);
    const [a, b] = transport.sent.map((s) => s.data);
    expect(a).not.toBe(b);
    expect(readKeys).toHaveBeenCalledTimes(2);
  });

  it('refuses before sending anything: an IPv6 target, "resolve" without a URL, settings fwknop would refuse', async () => {
    for (const [overrides, t, message] of [
      [{}, { ...target, address: '2001:db8::1', family: 6 }, /IPv4 only/],
      [{ request: { access: 'tcp/22', allowIp: 'resolve' } }, target, /resolve URL of your choice/],
      [{ request: { access: 'tcp/22', allowIp: 'source', user: 'bad:user' } }, target, /user: contains ":"/],
      [{ wire: { mode: 'legacy' as const } }, target, /Legacy encryption mode cannot be combined/],
    ] as const) {
      const { door, transport } = spaDoor(overrides as never);
      await expect(door.open(t as PinnedTarget)).rejects.toThrow(DoorConfigError);
      await expect(door.open(t as PinnedTarget)).rejects.toThrow(message);
      expect(transport.sent).toEqual([]);
    }
  });

  it('"resolve" asks only the URL the user set, and puts its answer in the packet', async () => {
    const fetchText = vi.fn(async () => 'Your address: 203.0.113.7\n');
    const transport = recordingTransport();
    const door = createSpaDoor(
      { request: { access: 'tcp/22', allowIp: 'resolve', user: 'a' }, keys: () => keys, resolveUrl: 'https://ip.example.org/mine' },
      { transport, clock: new FakeClock(), wallClock: () => WALL, sent: createSentPackets(), fetchText },
    );
    await door.open(target);
    expect(fetchText).toHaveBeenCalledWith('https://ip.example.org/mine', expect.any(AbortSignal));
    expect(decodePacket(transport.sent[0]!.data, keys)).toMatchObject({ fields: { message: '203.0.113.7,tcp/22' } });
    await expect(resolvePublicIp('https://x.example/', async () => 'no address here')).rejects.toThrow(/did not answer with an IPv4 address/);
    await expect(resolvePublicIp('ftp://x.example/', fetchText)).rejects.toThrow(/must be an http/);
  });

  it('a local send failure is a DoorSendError with Node’s code', async () => {
    const { door } = spaDoor({}, recordingTransport(new SpaSendError('no route', 'EHOSTUNREACH')));
    await expect(door.open(target)).rejects.toMatchObject({ name: 'DoorSendError', code: 'EHOSTUNREACH' });
  });

  it('reads a filtered wait as spa-filtered; other outcomes stay what they are', async () => {
    const { door } = spaDoor({ request: { access: 'tcp/22', allowIp: 'source', user: 'alice', timeOffsetS: -600 } });
    const opened = await door.open(target);
    expect(door.explainWait?.({ class: 'filtered', stage: 'wait' }, opened)).toEqual({ class: 'spa-filtered', stage: 'wait', detail: 'most likely: clock' });
    expect(door.explainWait?.({ class: 'refused', stage: 'wait', detail: 'ECONNREFUSED' }, opened)).toEqual({ class: 'refused', stage: 'wait', detail: 'ECONNREFUSED' });
    expect(opened.warnings).toEqual([expect.stringMatching(/TIME_OFFSET -10m/)]);
  });
});

describe('never the same bytes twice', () => {
  it('the registry refuses a packet it has seen, and forgets the oldest beyond its bound', () => {
    const sent = createSentPackets(2);
    sent.claim('a');
    expect(() => sent.claim('a')).toThrow(SpaReplayError);
    sent.claim('b');
    sent.claim('c');
    expect(sent.has('a')).toBe(false);
    expect(sent.size()).toBe(2);
  });
});

describe('transports on loopback', () => {
  it('UDP: one datagram with exactly the packet, and the real source address', async () => {
    const server = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    const got = new Promise<Buffer>((resolve) => server.once('message', resolve));
    const result = await nodeSpaTransport.send({ host: 'localhost', address: '127.0.0.1', family: 4 }, server.address().port, 'udp', 'ABC+/123');
    expect((await got).toString()).toBe('ABC+/123');
    expect(result).toEqual({ bytes: 8, localAddress: '127.0.0.1' });
    server.close();
  });

  it('TCP carries the packet as is; HTTP as a GET fwknopd undoes ("+"→"-", "/"→"_", its User-Agent)', async () => {
    const received: string[] = [];
    const server = net.createServer((socket) => {
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => received.push(data));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const t = { host: 'spa.example.org', address: '127.0.0.1', family: 4 as const };
    await nodeSpaTransport.send(t, port, 'tcp', 'ABC+/123');
    await nodeSpaTransport.send(t, port, 'http', 'ABC+/123');
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[0]).toBe('ABC+/123');
    expect(received[1]).toBe(httpRequest('ABC+/123', 'spa.example.org'));
    expect(received[1]).toBe('GET /ABC-_123 HTTP/1.1\r\nUser-Agent: Fwknop/2.6.10\r\nAccept: */*\r\nHost: spa.example.org\r\nConnection: close\r\n\r\n');
    server.close();
    await expect(nodeSpaTransport.send(t, port, 'tcp', 'x')).rejects.toMatchObject({ name: 'SpaSendError', code: 'ECONNREFUSED' });
  });
});

describe('knock door: the engine behind the Door interface', () => {
  it('sends the steps through the engine (same packets, same progress) and the close sequence on close()', async () => {
    const clock = new FakeClock();
    const network = new FakeNet(clock);
    const engine = createKnockEngine({ sockets: network, lookup: fakeLookup({}), clock, locks: createAddressLocks() });
    const door = createKnockDoor(engine, {
      steps: [{ port: 7000, protocol: 'tcp' }, { port: 8000, protocol: 'udp' }],
      delayMs: 50,
      closeSteps: [{ port: 9000, protocol: 'udp' }],
      closeDelayMs: 0,
    });
    const events: KnockProgress[] = [];
    const opening = door.open(target, { onProgress: (e) => events.push(e) });
    await clock.advance(200);
    const opened = await opening;
    // The engine holds a TCP knock's socket 1 ms (one SYN) before the 50 ms delay starts.
    expect(network.packets.map((p) => `${p.protocol}/${p.port}@${p.at}`)).toEqual(['tcp/7000@0', 'udp/8000@51']);
    expect(opened).toEqual({ firstPacketAt: 0, lastPacketAt: 51, packets: 2, warnings: [] });
    expect(events.map((e) => e.kind)).toEqual(['step', 'step', 'done']);
    await door.close?.(target);
    expect(network.packets.map((p) => `${p.protocol}/${p.port}`)).toEqual(['tcp/7000', 'udp/8000', 'udp/9000']);
    expect(createKnockDoor(engine, { steps: [{ port: 1, protocol: 'udp' }] }).close).toBeUndefined();
  });

  it('runDoor: door, then the shared port wait, in the knock run’s result shape', async () => {
    const clock = new FakeClock();
    const network = new FakeNet(clock);
    network.onTcp = (socket) => {
      if (socket.options.port === 22) queueMicrotask(() => {
        socket.accept();
        socket.say('SSH-2.0-test\r\n');
      });
    };
    const { door } = spaDoor();
    const running = runDoor(door, target, { port: 22, timeoutMs: 1000, expect: 'ssh' }, { sockets: network, clock });
    await clock.advance(50);
    const { result, opened } = await running;
    expect(result).toMatchObject({ status: 'open', port: 22, banner: 'SSH-2.0-test', target: { address: '192.0.2.10', family: 'ipv4' } });
    expect(opened?.packets).toBe(1);
    const silent = runDoor(spaDoor().door, target, { port: 2222, timeoutMs: 500 }, { sockets: network, clock });
    await clock.advance(600);
    expect((await silent).result).toMatchObject({ status: 'failed', class: 'spa-filtered', stage: 'wait', port: 2222 });
    const broken = await runDoor(spaDoor({}, recordingTransport(new SpaSendError('x', 'ENETUNREACH'))).door, target, undefined, { sockets: network, clock });
    expect(broken.result).toMatchObject({ status: 'failed', class: 'unreachable', stage: 'knock' });
    expect(new DoorSendError('m', 'E')).toMatchObject({ code: 'E' });
  });
});
