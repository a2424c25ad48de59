/**
 * A profile's door settings against the real thing: knockd + nftables in the
 * lab. The banner expectation reaches the waiter (another service on the
 * door's port is "wrong-service", through connect and Test knock); a UDP
 * payload door receives exactly the configured bytes (a UDP listener on each
 * knock port captures them, while knockd sniffs the same packets with pcap);
 * `[::1]` and `::1` profiles, and the CLI, knock and connect over IPv6.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import { LAB_USER, requireLab, run, startFirewall, startKnockd, startSshd, stopAll, type Firewall, type Knockd, type Sshd } from '../lab/lab';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';
import { testLauncher } from '../support/launcher';
import { createTestCore } from '../support/test-core';

const WRONG = 2331;
const PAYLOAD = 2332;
const SIX = 2333;
const UDP_TEXT = 7311;
const UDP_HEX = 7312;
const TEXT = 'open sesame ✓ (knock)';
const HEX = '00ff10deadbeef7f80';

let firewall: Firewall;
let knockd: Knockd;
let sshd: Sshd;
let home: string;
const servers: net.Server[] = [];
const captures = new Map<number, Buffer[]>();
const udp: Socket[] = [];
const events: ConnectProgress[] = [];
const core = createTestCore({
  emit: (event, payload) => {
    if (event === 'connectProgress') events.push((payload as { event: ConnectProgress }).event);
  },
  launcher: testLauncher(() => ({ client: 'custom', customTemplate: ['true'] })),
});

async function listen(port: number, host: string, greeting: string): Promise<void> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.end(greeting);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  servers.push(server);
}

async function capture(port: number): Promise<void> {
  const socket = createSocket('udp4');
  captures.set(port, []);
  socket.on('message', (message) => captures.get(port)?.push(message));
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  udp.push(socket);
}

const closeDoors = async (): Promise<void> => {
  for (const port of [WRONG, PAYLOAD, SIX]) await run('sh', ['-c', firewall.closeCommand(port)]);
};

beforeAll(async () => {
  requireLab();
  home = mkdtempSync(join(tmpdir(), 'sesame-doors-'));
  firewall = await startFirewall({ table: 'sesame_doors', dropTcp: [WRONG, PAYLOAD, SIX] });
  knockd = await startKnockd({
    doors: [
      { name: 'wrong', sequence: '7301,7302', seqTimeout: 5, command: firewall.insertAcceptCommand(WRONG) },
      { name: 'payload', sequence: `${UDP_TEXT}:udp,${UDP_HEX}:udp,7313`, seqTimeout: 5, command: firewall.insertAcceptCommand(PAYLOAD) },
      { name: 'six', sequence: '7321,7322:udp', seqTimeout: 5, command: firewall.insertAcceptCommand(SIX, 6) },
    ],
  });
  // An HTTP server where the profile expects sshd: the classic "wrong port in the profile".
  await listen(WRONG, '127.0.0.1', 'HTTP/1.0 400 Bad Request\r\n\r\n');
  await listen(PAYLOAD, '127.0.0.1', 'SSH-2.0-OpenSSH_lab\r\n');
  await capture(UDP_TEXT);
  await capture(UDP_HEX);
  sshd = await startSshd({ port: SIX, listen: ['::1'] });
  // What ssh itself records for [::1]:2333 (the lab's private ~/.ssh).
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('::1')}\n`);
});

afterAll(async () => {
  for (const server of servers) server.close();
  for (const socket of udp) socket.close();
  await stopAll();
  await core.dispose();
  rmSync(home, { recursive: true, force: true });
});

describe('the banner a profile expects', () => {
  it('connect through a profile to a port that answers HTTP ends in "wrong-service", the door having opened', async () => {
    const profile = await core.profiles.create({
      name: 'wrong-port',
      host: '127.0.0.1',
      knock: { steps: [{ port: 7301, protocol: 'tcp' }, { port: 7302, protocol: 'tcp' }], delayMs: 20 },
      service: { kind: 'ssh', port: WRONG, user: LAB_USER },
      openTimeoutMs: 5000,
    });
    const result = await core.connector.connect({ profileId: profile.id, runId: 'wrong-1' });
    expect(result).toMatchObject({ outcome: 'failed', diagnosis: { class: 'wrong-service', stage: 'wait' } });
    expect(result.diagnosis?.detail).toContain('HTTP/1.0 400');
    expect(events.map((e) => e.kind)).not.toContain('launched');
    expect(await knockd.openCount('wrong')).toBe(1);
    await closeDoors();

    const tested = await core.handlers.testKnock({ profileId: profile.id });
    expect(tested).toMatchObject({ status: 'failed', class: 'wrong-service', stage: 'wait' });
    expect(await eventually(async () => (await knockd.openCount('wrong')) === 2)).toBe(true);
    await closeDoors();
  });
});

describe('a UDP payload door', () => {
  it('receives exactly the configured bytes, text and hex, and opens', async () => {
    const profile = await core.profiles.create({
      name: 'payload',
      host: '127.0.0.1',
      knock: {
        steps: [
          { port: UDP_TEXT, protocol: 'udp', payload: { encoding: 'text', data: TEXT } },
          { port: UDP_HEX, protocol: 'udp', payload: { encoding: 'hex', data: HEX } },
          { port: 7313, protocol: 'tcp' },
        ],
        delayMs: 20,
      },
      service: { kind: 'ssh', port: PAYLOAD },
      openTimeoutMs: 5000,
    });
    const result = await core.handlers.testKnock({ profileId: profile.id });
    expect(result).toMatchObject({ status: 'open', banner: 'SSH-2.0-OpenSSH_lab' });
    expect(await eventually(() => (captures.get(UDP_TEXT)?.length ?? 0) + (captures.get(UDP_HEX)?.length ?? 0) === 2)).toBe(true);
    expect(captures.get(UDP_TEXT)?.map((b) => b.toString('hex'))).toEqual([Buffer.from(TEXT, 'utf8').toString('hex')]);
    expect(captures.get(UDP_HEX)?.map((b) => b.toString('hex'))).toEqual([HEX]);
    expect(await knockd.openCount('payload')).toBe(1);
    await closeDoors();
  });
});

describe('IPv6 in profiles and the CLI', () => {
  it.each(['::1', '[::1]'])('`sesame knock %s` knocks over IPv6 and waits for the door', async (host) => {
    const before = await knockd.openCount('six');
    const knocked = await sesame(['knock', '-d', '20', host, '7321', '7322:udp', '--wait', String(SIX), '--expect', 'ssh'], { home });
    expect(knocked.stderr).toBe('');
    expect(knocked.code).toBe(0);
    expect(knocked.stdout).toContain(`open: port ${SIX}`);
    expect(await knockd.openCount('six')).toBe(before + 1);
    expect((await knockd.stageLines('six')).every((line) => line.includes('::1: six'))).toBe(true);
    await closeDoors();
  });

  it.each(['::1', '[::1]'])('a profile with host %s connects over IPv6 (`sesame connect --exec`)', async (host) => {
    const name = `six-${host.length}`;
    const added = await sesame(
      ['profiles', 'add', '--name', name, '--host', host, '--knock', '7321,7322:udp', '--delay', '20', '--service', 'ssh', '--port', String(SIX), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath],
      { home },
    );
    expect(added.code, added.stderr).toBe(0);
    const before = await knockd.openCount('six');
    const connected = await sesame(['connect', name, '--exec', 'echo six-$((6*7))'], { home });
    expect(connected.code, connected.stderr).toBe(0);
    expect(connected.stdout).toContain('six-42');
    expect(connected.stderr).toMatch(/::1/);
    expect(await knockd.openCount('six')).toBe(before + 1);
    await closeDoors();
  });
});
