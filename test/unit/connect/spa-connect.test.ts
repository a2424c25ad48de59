import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileFieldsInput } from '../../../src-main/contract/features/profiles';
import { generateKeys, keyBytes } from '../../../src-main/core/spa/keys';
import { decodePacket } from '../../../src-main/core/spa/packet';
import { createSentPackets, type SpaTransport } from '../../../src-main/core/spa/send';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import { createTestCore } from '../../support/test-core';
import { FakeClock, FakeNet, fakeLookup, flush } from '../knock/fakes';

/**
 * An SPA profile through the app's entrances (connect, Test knock) on the real
 * core: keys come from the keychain in the dry run, one fresh packet goes to
 * the SPA port of the pinned IPv4 address, the shared port wait and banner
 * check follow, and nothing is sent to close the door (fwknopd closes it).
 */
const SERVICE = 2222;
const pair = generateKeys();
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

function setup() {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  const order: string[] = [];
  const sent: { address: string; port: number; proto: string; data: string }[] = [];
  const transport: SpaTransport = {
    send: async (target, port, proto, data) => {
      order.push('packet');
      sent.push({ address: target.address, port, proto, data });
      return { bytes: data.length, localAddress: '127.0.0.1' };
    },
  };
  const spawned: string[][] = [];
  const children: EventEmitter[] = [];
  const spawn: SpawnFn = (command, args) => {
    order.push('spawn');
    spawned.push([command, ...args]);
    const child = Object.assign(new EventEmitter(), { pid: 1, unref() {} });
    children.push(child);
    process.nextTick(() => child.emit('spawn'));
    return child as never;
  };
  const progress: string[] = [];
  const core = createTestCore({
    emit: (event, payload) => {
      if (event === 'connectProgress' || event === 'knockProgress') progress.push((payload as { event: { kind: string } }).event.kind);
    },
    net: { sockets: net, lookup: fakeLookup({ 'spa.example.org': [{ address: '2001:db8::5', family: 6 }, { address: '192.0.2.5', family: 4 }] }), clock },
    spa: { transport, wallClock: () => 1_700_000_000_000, sent: createSentPackets() },
    launcher: {
      detect: async () => ({ platform: 'linux', tools: { ssh: '/usr/bin/ssh', xterm: '/usr/bin/xterm' }, terminals: ['xterm'], clients: ['openssh', 'custom'] }),
      spawn,
      env: { PATH: '/usr/bin', LOGNAME: 'alice' },
    },
  });
  // The service answers like sshd once the packet went out.
  net.onTcp = (socket) => {
    if (socket.options.port !== SERVICE || sent.length === 0) return;
    setImmediate(() => {
      socket.emit('connect');
      socket.emit('data', Buffer.from('SSH-2.0-OpenSSH_9.2\r\n'));
    });
  };
  cleanups.push(core.dispose);
  return { core, clock, net, sent, order, spawned, progress, children };
}

async function spaProfile(core: ReturnType<typeof setup>['core'], extra: Partial<ProfileFieldsInput> = {}, keys = true) {
  const p = await core.profiles.create({
    name: 'spa box',
    host: 'spa.example.org',
    door: 'spa',
    spa: { access: `tcp/${SERVICE}`, clientTimeoutS: 30 },
    service: { kind: 'ssh', port: SERVICE, user: 'alice' },
    closeSequence: { steps: [{ port: 9, protocol: 'tcp' }], delayMs: 0 },
    ...extra,
  });
  if (keys) {
    await core.profiles.setSecret(p.id, 'spa-key', pair.keyBase64, 'base64');
    await core.profiles.setSecret(p.id, 'spa-hmac-key', pair.hmacKeyBase64, 'base64');
  }
  return p.id;
}

async function settle<T>(clock: FakeClock, done: Promise<T>): Promise<T> {
  let settled = false;
  void done.finally(() => (settled = true));
  while (!settled && clock.time < 60_000) await clock.advance(10);
  await flush();
  return done;
}

describe('an SPA profile connects through the shared stages', () => {
  it('connect: dry run, one packet fwknopd can read on UDP 62201 of the IPv4 address, port wait with banner, launch; no close packets', async () => {
    const { core, clock, net, sent, order, spawned, progress, children } = setup();
    const id = await spaProfile(core);
    const run = await settle(clock, core.connector.connect({ profileId: id, runId: 'r1' }));
    expect(run.outcome).toBe('launched');
    expect(order).toEqual(['packet', 'spawn']);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ address: '192.0.2.5', port: 62201, proto: 'udp' });
    const decoded = decodePacket(sent[0]!.data, { encryption: keyBytes({ base64: pair.keyBase64 }, 'key'), hmac: keyBytes({ base64: pair.hmacKeyBase64 }, 'hmacKey') });
    expect(decoded.ok && decoded.fields).toMatchObject({ user: 'alice', type: 3, message: `0.0.0.0,tcp/${SERVICE}`, clientTimeout: 30 });
    expect(spawned[0]!.join(' ')).toContain('192.0.2.5');
    expect(progress.filter((k) => ['resolved', 'step', 'done', 'waiting', 'open', 'launched'].includes(k))).toEqual(['resolved', 'step', 'done', 'waiting', 'open', 'launched']);
    // The client exits: fwknopd closes the door, Sesame sends no close sequence (the profile's is for knock doors).
    const before = net.packets.length;
    children[0]!.emit('exit', 0, null);
    await settle(clock, run.client!.closed);
    expect(net.packets.slice(before).filter((p) => p.port === 9)).toEqual([]);
    expect(progress).not.toContain('closed');
  });

  it('a second connect sends a different packet (never a replay)', async () => {
    const { core, clock, sent } = setup();
    const id = await spaProfile(core);
    await settle(clock, core.connector.connect({ profileId: id, runId: 'a' }));
    await settle(clock, core.connector.connect({ profileId: id, runId: 'b' }));
    expect(sent).toHaveLength(2);
    expect(sent[0]!.data).not.toBe(sent[1]!.data);
  });

  it('without keys in the keychain nothing is sent and the error names the key and the fix', async () => {
    const { core, clock, sent, order } = setup();
    const id = await spaProfile(core, {}, false);
    const run = await settle(clock, core.connector.connect({ profileId: id, runId: 'r' }));
    expect(run).toMatchObject({ outcome: 'failed', error: { code: 'INVALID_INPUT', message: expect.stringMatching(/no SPA encryption key.*--kind spa-key/) } });
    expect(sent).toEqual([]);
    expect(order).toEqual([]);
  });

  it('an IPv6-only SPA profile is refused before anything goes out', async () => {
    const { core, clock, sent } = setup();
    const id = await spaProfile(core, { addressFamily: 'ipv6' });
    const run = core.connector.connect({ profileId: id, runId: 'r' }).catch((e: unknown) => e);
    expect(await settle(clock, run)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/IPv4 only/) });
    expect(sent).toEqual([]);
  });

  it('a port that stays filtered after the packet is diagnosed as spa-filtered', async () => {
    const { core, clock, net, sent } = setup();
    net.onTcp = () => undefined; // fwknopd refused the packet: the port stays dropped
    const id = await spaProfile(core, { openTimeoutMs: 500 });
    const run = await settle(clock, core.connector.connect({ profileId: id, runId: 'r' }));
    expect(sent).toHaveLength(1);
    expect(run).toMatchObject({ outcome: 'failed', diagnosis: { class: 'spa-filtered', stage: 'wait', detail: expect.stringMatching(/^most likely: (require-source|keys)/) } });
  });

  it('Test knock sends the SPA packet and waits for the port the same way', async () => {
    const { core, clock, sent } = setup();
    const id = await spaProfile(core);
    const result = await settle(clock, core.handlers.testKnock({ profileId: id }));
    expect(result).toMatchObject({ status: 'open', port: SERVICE, target: { address: '192.0.2.5' } });
    expect(sent).toHaveLength(1);
  });
});
