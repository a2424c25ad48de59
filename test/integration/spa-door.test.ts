/**
 * The SPA door against Debian's fwknopd 2.6.10 in real mode (replay cache and
 * firewall on), guarding a real sshd: access and access+timeout packets open
 * it and ssh logs in; fwknopd closes it when the client's timeout ends; each
 * way a packet gets refused is read from fwknopd's own log and diagnosed.
 */
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe } from '../../src-main/core/diagnostics/probe';
import { runDoor } from '../../src-main/core/door/run-door';
import { createSpaDoor, type SpaDoorConfig } from '../../src-main/core/door/spa-door';
import { nodeSockets, systemClock, systemLookup } from '../../src-main/core/net/node-net';
import type { PinnedTarget } from '../../src-main/core/net/types';
import { explainSpa } from '../../src-main/core/spa/explain';
import { generateKeys, keyBytes, type SpaKeys } from '../../src-main/core/spa/keys';
import { createSentPackets, nodeSpaTransport, SpaReplayError } from '../../src-main/core/spa/send';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sesame } from '../support/cli';
import { startFwknopd, type Fwknopd } from '../lab/fwknopd';
import { requireLab, startSshd, stopAll, type Sshd } from '../lab/lab';

const execFileAsync = promisify(execFile);
const SSH_PORT = 2451;
/** Guarded, nothing listens: a refused packet leaves it filtered, an accepted one would make it "refused". */
const DARK_PORT = 2452;
const TCP_GUARD = 2453;
const target: PinnedTarget = { host: '127.0.0.1', address: '127.0.0.1', family: 4 };
const net4 = { sockets: nodeSockets, clock: systemClock };

const pair = generateKeys();
const other = generateKeys();
const bytes = (k: { keyBase64: string; hmacKeyBase64: string }): SpaKeys => ({
  encryption: keyBytes({ base64: k.keyBase64 }, 'key'),
  hmac: keyBytes({ base64: k.hmacKeyBase64 }, 'hmacKey'),
});
const keys = bytes(pair);

let sshd: Sshd;
let fwknopd: Fwknopd;
const sent = createSentPackets();

function door(request: Partial<SpaDoorConfig['request']>, extra: Partial<SpaDoorConfig> = {}, doorKeys: SpaKeys = keys) {
  return createSpaDoor(
    { request: { access: `tcp/${SSH_PORT}`, allowIp: '127.0.0.1', user: 'alice', ...request }, keys: () => doorKeys, ...extra },
    { transport: nodeSpaTransport, clock: systemClock, wallClock: Date.now, sent },
  );
}

function ssh(): Promise<{ stdout: string }> {
  return execFileAsync(
    'ssh',
    ['-p', String(SSH_PORT), '-i', sshd.keyPath, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR', '-o', 'ConnectTimeout=10', `${sshd.user}@127.0.0.1`, 'echo', 'through-the-spa-door'],
    { timeout: 20_000 },
  );
}

const filtered = async (port: number): Promise<string> =>
  (await probe({ host: '127.0.0.1', family: 'ipv4', port, timeoutMs: 700 }, { ...net4, lookup: systemLookup })).status === 'open' ? 'open' : 'filtered';

beforeAll(async () => {
  requireLab();
  sshd = await startSshd({ port: SSH_PORT });
  fwknopd = await startFwknopd({
    stanzas: [
      { keyBase64: pair.keyBase64, hmacKeyBase64: pair.hmacKeyBase64, accessTimeoutS: 4 },
      // A second stanza with its own keys that insists on an explicit source address.
      { keyBase64: other.keyBase64, hmacKeyBase64: other.hmacKeyBase64, requireSource: true, accessTimeoutS: 4 },
    ],
    guardTcp: [SSH_PORT, DARK_PORT],
  });
});

afterAll(stopAll);

describe('SPA door: the door opens for a real ssh', () => {
  it('the sshd is filtered until a packet arrives', async () => {
    expect(await filtered(SSH_PORT)).toBe('filtered');
  });

  it('an access packet (type 1) opens the door and ssh logs in through it', async () => {
    const mark = fwknopd.mark();
    const { result, opened } = await runDoor(door({}), target, { port: SSH_PORT, timeoutMs: 10_000, expect: 'ssh' }, net4);
    expect(result).toMatchObject({ status: 'open', port: SSH_PORT });
    expect(result.status === 'open' && result.banner).toMatch(/^SSH-2\.0-/);
    const log = await fwknopd.waitForLog(/Added access rule/, mark);
    expect(log).toContain(`SPA Packet: '${opened?.evidence.data}'`);
    expect(log).toMatch(new RegExp(`Message Type: 1 \\(Access msg\\)`));
    expect(log).toMatch(new RegExp(`Added access rule to \\S+ for 127\\.0\\.0\\.1 -> 0\\.0\\.0\\.0/0 tcp/${SSH_PORT}`));
    expect((await ssh()).stdout.trim()).toBe('through-the-spa-door');
    if (result.status === 'open') console.info(`[spa-door] open ${result.msFromFirstKnock.toFixed(1)} ms after the packet, ${result.attempts} attempt(s)`);
  });

  it('an access + client timeout packet (type 3) opens it, and fwknopd closes it when that timeout ends', async () => {
    // Let the previous test's door (FW_ACCESS_TIMEOUT 4 s) expire first, so closing is this packet's doing.
    for (let i = 0; i < 100 && (await fwknopd.rules()).length > 0; i += 1) await delay(100);
    expect(await fwknopd.rules()).toEqual([]);
    const mark = fwknopd.mark();
    const { result, opened } = await runDoor(door({ clientTimeoutS: 2 }), target, { port: SSH_PORT, timeoutMs: 10_000, expect: 'ssh' }, net4);
    expect(result.status).toBe('open');
    const log = await fwknopd.waitForLog(/Added access rule.*expires at \d+/, mark);
    expect(log).toMatch(/Message Type: 3 \(Client timeout access msg\)/);
    expect(log).toMatch(/Client Timeout: 2\b/);
    // fwknopd sets the expiry from the packet's timestamp plus the client's timeout, not the stanza's 4 s.
    const expires = Number(/expires at (\d+)/.exec(log)?.[1]);
    expect(expires - (opened?.evidence.packetTimestamp ?? 0)).toBe(2);
    expect((await ssh()).stdout.trim()).toBe('through-the-spa-door');
    const closed = await fwknopd.waitForLog(new RegExp(`Removed rule \\d+ from \\S+ with expire time of ${expires}`), mark, 15_000);
    expect(closed).toBeTruthy();
    expect(await fwknopd.rules()).toEqual([]);
    expect(await filtered(SSH_PORT)).toBe('filtered');
  });
});

describe('SPA door: every refusal is read from fwknopd’s log and explained', () => {
  /** Sends one packet for the dark port, waits out the short wait, returns what fwknopd logged about it. */
  async function refused(config: Parameters<typeof door>) {
    const spaDoor = door(...config);
    const mark = fwknopd.mark();
    const { result, opened } = await runDoor(spaDoor, target, { port: DARK_PORT, timeoutMs: 1_500 }, net4);
    expect(result).toMatchObject({ status: 'failed', class: 'spa-filtered', stage: 'wait' });
    await fwknopd.waitForLog(/SPA Packet: '/, mark);
    await delay(300);
    const log = fwknopd.log().slice(mark);
    return { log, blind: spaDoor.diagnose(opened!), told: spaDoor.diagnose(opened!, log) };
  }

  it('a wrong HMAC key: HMAC_COMPAREFAIL → "the keys do not match (HMAC)"', async () => {
    const { log, blind, told } = await refused([{ access: `tcp/${DARK_PORT}` }, {}, { encryption: keys.encryption, hmac: bytes(generateKeys()).hmac! }]);
    expect(log).toMatch(/FKO_ERROR_INVALID_DATA_HMAC_COMPAREFAIL/);
    expect(log).not.toMatch(/Added access rule/);
    expect(blind.causes[0]?.id).toBe('keys');
    expect(told.causes).toEqual([expect.objectContaining({ id: 'keys', confidence: 'confirmed', facts: { which: 'hmac' } })]);
    const text = explainSpa(told, 'en');
    expect(text.causes[0]).toMatch(/HMAC key .* does not match/);
    expect(text.notes).toEqual([expect.stringMatching(/^Server log: \[127\.0\.0\.1\] \(stanza #1\) .*HMAC_COMPAREFAIL/)]);
    expect(explainSpa(told, 'ko').causes[0]).toMatch(/HMAC 키/);
  });

  it('a wrong encryption key: "Decryption failed" → "the keys do not match (encryption)"', async () => {
    const { log, told } = await refused([{ access: `tcp/${DARK_PORT}` }, {}, { encryption: Buffer.from('not the right key'), hmac: keys.hmac! }]);
    expect(log).toMatch(/Decryption failed or decrypted data is invalid/);
    expect(told.causes[0]).toMatchObject({ id: 'keys', confidence: 'confirmed', facts: { which: 'encryption' } });
    expect(explainSpa(told, 'en').causes[0]).toMatch(/encryption key/);
  });

  it('a packet 600 s old: "time difference is too great" → clock skew, which the client already suspected', async () => {
    const { log, blind, told } = await refused([{ access: `tcp/${DARK_PORT}`, timeOffsetS: -600 }]);
    expect(log).toMatch(/SPA data time difference is too great \(600 seconds\)/);
    expect(blind.causes[0]).toMatchObject({ id: 'clock', confidence: 'likely', facts: { seconds: 600 } });
    expect(told.causes).toEqual([expect.objectContaining({ id: 'clock', confidence: 'confirmed', facts: expect.objectContaining({ seconds: 600 }) })]);
    expect(explainSpa(told, 'en').causes[0]).toMatch(/600 s off/);
    expect(explainSpa(told, 'ko').causes[0]).toMatch(/600초/);
  });

  it('a replayed packet: Sesame refuses to resend it; replayed by hand, fwknopd logs "Replay detected"', async () => {
    // The original is accepted (it opens the sshd's port, not the dark one the other cases rely on).
    const spaDoor = door({});
    const opened = await spaDoor.open(target);
    const data = opened.evidence.data!;
    expect(() => sent.claim(data)).toThrow(SpaReplayError);
    await delay(300);
    const mark = fwknopd.mark();
    // What an eavesdropper would do: send the captured bytes again.
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => socket.send(Buffer.from(data), fwknopd.port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    socket.close();
    const log = await fwknopd.waitForLog(/Replay detected from source IP: 127\.0\.0\.1/, mark);
    expect(log).not.toMatch(/Added access rule/);
    expect(spaDoor.diagnose(opened, log).causes).toEqual([expect.objectContaining({ id: 'replay', confidence: 'confirmed' })]);
  });

  it('ALLOW_IP mismatch (NAT): the door opens for another address → "opened for another address"', async () => {
    const { log, blind, told } = await refused([{ access: `tcp/${DARK_PORT}`, allowIp: '10.9.9.9' }]);
    expect(log).toMatch(new RegExp(`Added access rule to \\S+ for 10\\.9\\.9\\.9 -> 0\\.0\\.0\\.0/0 tcp/${DARK_PORT}`));
    expect(blind.causes[0]).toMatchObject({ id: 'allow-ip', confidence: 'likely', facts: { allowed: '10.9.9.9', seen: '127.0.0.1' } });
    expect(told.causes[0]).toMatchObject({ id: 'allow-ip', confidence: 'confirmed', facts: { allowed: '10.9.9.9', seen: '127.0.0.1' } });
  });

  it('REQUIRE_SOURCE_ADDRESS: "Got 0.0.0.0 when valid source IP was required" (the other stanza’s HMAC miss is noise)', async () => {
    const { log, told } = await refused([{ access: `tcp/${DARK_PORT}`, allowIp: 'source' }, {}, bytes(other)]);
    expect(log).toMatch(/\(stanza #1\) Error creating fko context: .*HMAC_COMPAREFAIL/);
    expect(log).toMatch(/\(stanza #2\) Got 0\.0\.0\.0 when valid source IP was required/);
    expect(told.causes).toEqual([expect.objectContaining({ id: 'require-source', confidence: 'confirmed' })]);
  });

  it('a packet that never reaches fwknopd (wrong SPA port): nothing in the log → "did not reach fwknopd"', async () => {
    const spaDoor = door({ access: `tcp/${DARK_PORT}` }, { wire: { serverPort: 62299 } });
    const mark = fwknopd.mark();
    const { result, opened } = await runDoor(spaDoor, target, { port: DARK_PORT, timeoutMs: 1_000 }, net4);
    expect(result).toMatchObject({ status: 'failed', class: 'spa-filtered' });
    const log = fwknopd.log().slice(mark);
    expect(log).not.toMatch(/SPA Packet from IP/);
    const told = spaDoor.diagnose(opened!, log);
    expect(told).toMatchObject({ notInServerLog: true, causes: [expect.objectContaining({ id: 'blocked', facts: { proto: 'udp', port: 62299 } })] });
  });
});

describe('SPA door over TCP and HTTP (fwknopd sniffing with its TCP server)', () => {
  let pcap: Fwknopd;
  let server: net.Server;

  beforeAll(async () => {
    pcap = await startFwknopd({ stanzas: [{ keyBase64: pair.keyBase64, hmacKeyBase64: pair.hmacKeyBase64, accessTimeoutS: 2 }], guardTcp: [TCP_GUARD], capture: 'pcap', port: 62202 });
    server = net.createServer((socket) => socket.end('SSH-2.0-spa-tcp-lab\r\n'));
    await new Promise<void>((resolve) => server.listen(TCP_GUARD, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each(['tcp', 'http'] as const)('over %s', async (proto) => {
    for (let i = 0; i < 60 && (await pcap.rules()).length > 0; i += 1) await delay(100);
    const mark = pcap.mark();
    const spaDoor = door({ access: `tcp/${TCP_GUARD}` }, { wire: { serverPort: 62202, serverProto: proto } });
    const { result } = await runDoor(spaDoor, target, { port: TCP_GUARD, timeoutMs: 10_000, expect: 'ssh' }, net4);
    expect(result).toMatchObject({ status: 'open', banner: 'SSH-2.0-spa-tcp-lab' });
    const log = await pcap.waitForLog(/Added access rule/, mark);
    expect(log).toMatch(/tcp_server: Got TCP connection from 127\.0\.0\.1/);
    expect(log).toMatch(new RegExp(`for 127\\.0\\.0\\.1 -> 0\\.0\\.0\\.0/0 tcp/${TCP_GUARD}`));
  });
});

describe('`sesame spa` as a user types it', () => {
  let home: string;
  let rc: string;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'sesame-spa-cli-'));
    rc = join(home, 'fwknoprc');
    await writeFile(
      rc,
      `[default]\nSPOOF_USER alice\n\n[lab]\nSPA_SERVER 127.0.0.1\nACCESS tcp/${SSH_PORT}\nALLOW_IP 127.0.0.1\nKEY_BASE64 ${pair.keyBase64}\nHMAC_KEY_BASE64 ${pair.hmacKeyBase64}\n\n` +
        `[wrong-hmac]\nSPA_SERVER 127.0.0.1\nACCESS tcp/${DARK_PORT}\nALLOW_IP 127.0.0.1\nKEY_BASE64 ${pair.keyBase64}\nHMAC_KEY_BASE64 ${generateKeys().hmacKeyBase64}\n`,
      { mode: 0o600 },
    );
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('-n reads the stanza, sends, waits for the ssh greeting and exits 0', async () => {
    const mark = fwknopd.mark();
    const run = await sesame(['spa', '-n', 'lab', '--rc-file', rc, '--wait', String(SSH_PORT), '--expect', 'ssh'], { home });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^SPA packet sent: udp 127\\.0\\.0\\.1:62201\\nwaiting for port ${SSH_PORT}`));
    expect(run.stdout).toMatch(new RegExp(`open: port ${SSH_PORT} answered \\d+ ms after the packet[\\s\\S]*SSH-2\\.0-`));
    expect(await fwknopd.waitForLog(/Username: alice/, mark)).toBeTruthy();
  });

  it('a refused packet exits 10 (spa-filtered); with --server-log it names the cause from fwknopd’s log, in Korean too', async () => {
    const mark = fwknopd.mark();
    const first = await sesame(['spa', '-n', 'wrong-hmac', '--rc-file', rc, '--wait', String(DARK_PORT), '--timeout', '1.5'], { home });
    expect(first.code).toBe(10);
    expect(first.stderr).toMatch(/port \d+ did not open: spa-filtered/);
    expect(first.stderr).toMatch(/The keys do not match \(possible\)/);
    await fwknopd.waitForLog(/HMAC_COMPAREFAIL/, mark);
    const log = join(home, 'fwknopd.log');
    await writeFile(log, fwknopd.log().slice(mark));
    const told = await sesame(['spa', '-n', 'wrong-hmac', '--rc-file', rc, '--wait', String(DARK_PORT), '--timeout', '1.5', '--server-log', log], { home, env: { LANG: 'ko_KR.UTF-8' } });
    expect(told.code).toBe(10);
    expect(told.stderr).toMatch(/fwknopd 로그에 원인이 나와 있습니다/);
    expect(told.stderr).toMatch(/HMAC 키\(또는 HMAC_DIGEST_TYPE\)가 서버와 다릅니다/);
    expect(told.stderr).toMatch(/FKO_ERROR_INVALID_DATA_HMAC_COMPAREFAIL/);
  });

  it('--key-gen prints exactly fwknop’s two lines on stdout, the server’s access.conf stanza on stderr', async () => {
    const gen = await sesame(['spa', '--key-gen'], { home });
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/^KEY_BASE64: [A-Za-z0-9+/]{43}=\nHMAC_KEY_BASE64: [A-Za-z0-9+/]{86}==\n$/);
    expect(gen.stderr).toMatch(/access\.conf stanza[\s\S]*KEY_BASE64 {14}\S+\nHMAC_KEY_BASE64 {9}\S+/);
  });
});
