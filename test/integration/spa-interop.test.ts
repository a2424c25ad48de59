/**
 * Sesame and Debian's fwknop 2.6.10 client, side by side against fwknopd in
 * real mode: fwknopd decodes their packets to the same fields, for every
 * message type, digest, HMAC type and cipher mode; Sesame's decoder reads the
 * C client's packets as they left it on the wire; and a .fwknoprc made by
 * `fwknop --key-gen --save-rc-stanza` is read by Sesame and opens the door.
 */
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoor } from '../../src-main/core/door/run-door';
import { createSpaDoor } from '../../src-main/core/door/spa-door';
import { nodeSockets, systemClock } from '../../src-main/core/net/node-net';
import type { DigestName, EncryptionMode } from '../../src-main/core/spa/constants';
import { parseFwknoprc } from '../../src-main/core/spa/fwknoprc';
import { keyBytes, parseKeyGen, type SpaKeys } from '../../src-main/core/spa/keys';
import { decodePacket } from '../../src-main/core/spa/packet';
import { rcSettings } from '../../src-main/core/spa/rc-settings';
import type { SpaRequest } from '../../src-main/core/spa/request';
import { createSentPackets, nodeSpaTransport } from '../../src-main/core/spa/send';
import { fwknopClient, spaDumps, startFwknopd, type Fwknopd } from '../lab/fwknopd';
import { requireLab, startSshd, stopAll, type Sshd } from '../lab/lab';

const execFileAsync = promisify(execFile);
const SSH_PORT = 2461;
const DARK_PORT = 2462;
const CAPTURE_PORT = 62298;
const RC_PORT = 62203;
const target = { host: '127.0.0.1', address: '127.0.0.1', family: 4 as const };
const sent = createSentPackets();

let home: string;
let fwknopd: Fwknopd;
/** name → a key pair made by `fwknop --key-gen` (SHA-3 keys: the C client will not make them, so SHA-256-sized). */
const pairs: Record<string, { keyBase64: string; hmacKeyBase64: string }> = {};
const keysOf = (pair: { keyBase64: string; hmacKeyBase64: string }): SpaKeys => ({
  encryption: keyBytes({ base64: pair.keyBase64 }, 'key'),
  hmac: keyBytes({ base64: pair.hmacKeyBase64 }, 'hmacKey'),
});

const hmacTypes: DigestName[] = ['sha256', 'md5', 'sha1', 'sha384', 'sha512', 'sha3_256', 'sha3_512'];
const modes: Exclude<EncryptionMode, 'legacy' | 'cbc'>[] = ['cfb', 'ofb', 'ctr', 'ecb'];
const LEGACY_KEY = 'legacy-16-chars!';

/** What fwknopd decoded, minus what differs by design between two packets (random value, time, digests). */
function decodedFields(dump: Record<string, string>): Record<string, string> {
  const { ['Random Value']: _r, Timestamp: _t, ['Encoded Data']: _e, ['SPA Data Digest']: _d, HMAC: _h, ['Final SPA Data']: _f, ...rest } = dump;
  return rest;
}

/**
 * fwknopd's log from this packet's `SPA Packet: '…'` line to its verdict: it
 * opened (a rule identical to one it just added counts: same source, port and
 * second), or refused NAT (not enabled here).
 */
async function afterPacket(daemon: Fwknopd, data: string, since: number): Promise<string> {
  const quoted = data.replace(/[+/]/g, (c) => `\\${c}`);
  const log = await daemon.waitForLog(new RegExp(`SPA Packet: '${quoted}'[\\s\\S]*?(Added access rule|rule_exists\\(\\) Rule : .* already exists|requested NAT access)`), since);
  return log.slice(log.indexOf(`SPA Packet: '${data}'`));
}

/** An rc file holding the keys (never on argv) plus per-case variables. */
async function rcFor(name: string, vars: Record<string, string>): Promise<string> {
  const path = join(home, `${name}.rc`);
  const body = Object.entries(vars).map(([k, v]) => `${k.padEnd(20)}${v}`).join('\n');
  await writeFile(path, `[default]\n\n[${name}]\n${body}\n`, { mode: 0o600 });
  return path;
}

beforeAll(async () => {
  requireLab();
  home = await mkdtemp(join(tmpdir(), 'sesame-spa-interop-'));
  for (const type of hmacTypes) {
    const cType = type.startsWith('sha3') ? 'sha256' : type;
    pairs[type] = parseKeyGen((await fwknopClient(['--key-gen', '--hmac-digest-type', cType], home)).stdout) as { keyBase64: string; hmacKeyBase64: string };
  }
  for (const mode of modes) pairs[mode] = parseKeyGen((await fwknopClient(['--key-gen'], home)).stdout) as { keyBase64: string; hmacKeyBase64: string };
  fwknopd = await startFwknopd({
    stanzas: [
      ...hmacTypes.map((type) => ({ keyBase64: pairs[type]!.keyBase64, hmacKeyBase64: pairs[type]!.hmacKeyBase64, hmacDigest: type })),
      ...modes.map((mode) => ({ keyBase64: pairs[mode]!.keyBase64, hmacKeyBase64: pairs[mode]!.hmacKeyBase64, encryptionMode: mode })),
      { key: LEGACY_KEY, encryptionMode: 'legacy' },
    ],
    guardTcp: [DARK_PORT],
  });
});

afterAll(async () => {
  await stopAll();
  await rm(home, { recursive: true, force: true });
});

interface Case {
  name: string;
  /** The same request twice: as fwknop options (rc variables) and as Sesame's SpaRequest. */
  rc: Record<string, string>;
  request: Partial<SpaRequest>;
  hmac?: DigestName | null;
  digest?: DigestName;
  mode?: EncryptionMode;
  pair?: string;
}

const access = `tcp/${DARK_PORT}`;
const cases: Case[] = [
  { name: 'access', rc: {}, request: {} },
  { name: 'multi-access', rc: { ACCESS: `${access},udp/53,tcp/8080` }, request: { access: `${access},udp/53,tcp/8080` } },
  { name: 'source-ip', rc: { ALLOW_IP: 'source' }, request: { allowIp: 'source' } },
  { name: 'client-timeout', rc: { FW_TIMEOUT: '45' }, request: { clientTimeoutS: 45 } },
  { name: 'nat', rc: { NAT_ACCESS: '192.168.10.5,22' }, request: { nat: { host: '192.168.10.5', port: 22 } } },
  { name: 'nat-timeout', rc: { NAT_ACCESS: '192.168.10.5,22', FW_TIMEOUT: '30' }, request: { nat: { host: '192.168.10.5', port: 22 }, clientTimeoutS: 30 } },
  { name: 'nat-local', rc: { NAT_LOCAL: 'Y', NAT_PORT: '55000' }, request: { natLocal: true, natPort: 55000 } },
  { name: 'nat-local-timeout', rc: { NAT_LOCAL: 'Y', FW_TIMEOUT: '60' }, request: { natLocal: true, clientTimeoutS: 60 } },
  ...(['md5', 'sha1', 'sha384', 'sha512', 'sha3_256', 'sha3_512'] as DigestName[]).map((digest) => ({ name: `digest-${digest}`, rc: { DIGEST_TYPE: digest }, request: {}, digest })),
  ...hmacTypes.slice(1).map((type) => ({ name: `hmac-${type}`, rc: { HMAC_DIGEST_TYPE: type }, request: {}, hmac: type, pair: type })),
  ...modes.map((mode) => ({ name: `mode-${mode}`, rc: { ENCRYPTION_MODE: mode }, request: {}, mode, pair: mode })),
];

describe('fwknopd decodes Sesame’s packets exactly as the C client’s', () => {
  it.each(cases)('$name', async (c) => {
    const pair = pairs[c.pair ?? 'sha256']!;
    const rc = await rcFor(c.name, {
      SPA_SERVER: '127.0.0.1', ACCESS: access, ALLOW_IP: '127.0.0.1', SPOOF_USER: 'alice',
      KEY_BASE64: pair.keyBase64, HMAC_KEY_BASE64: pair.hmacKeyBase64, ...c.rc,
    });
    // After decoding, fwknopd either opens (a rule identical to one it just added counts too) or refuses NAT (off here).
    const verdict = (log: string): string => (/requested NAT access/.test(log) ? 'nat refused' : 'opened');
    const mark = fwknopd.mark();
    const savePath = join(home, `${c.name}.sent`);
    await fwknopClient(['--rc-file', rc, '-n', c.name, '--save-packet', savePath], home);
    const cLog = await afterPacket(fwknopd, (await readFile(savePath, 'utf8')).trim(), mark);

    const mark2 = fwknopd.mark();
    const door = createSpaDoor(
      {
        request: { access, allowIp: '127.0.0.1', user: 'alice', ...c.request },
        wire: { digest: c.digest ?? 'sha256', hmac: c.hmac ?? 'sha256', mode: c.mode ?? 'cbc' },
        keys: () => keysOf(pair),
      },
      { transport: nodeSpaTransport, clock: systemClock, wallClock: Date.now, sent },
    );
    const opened = await door.open(target);
    const sLog = await afterPacket(fwknopd, opened.evidence.data!, mark2);

    const fromC = spaDumps(cLog).at(-1)!;
    const fromSesame = spaDumps(sLog).at(-1)!;
    expect(fromSesame['Message String']).toBeDefined();
    expect(decodedFields(fromSesame)).toEqual(decodedFields(fromC));
    expect(Math.abs(Number(fromSesame.Timestamp) - Number(fromC.Timestamp))).toBeLessThanOrEqual(5);
    expect(verdict(sLog)).toBe(verdict(cLog));
  });

  it('legacy mode (pre-2.5 key padding, no HMAC)', async () => {
    const rc = await rcFor('legacy', { SPA_SERVER: '127.0.0.1', ACCESS: access, ALLOW_IP: '127.0.0.1', SPOOF_USER: 'alice', KEY: LEGACY_KEY, ENCRYPTION_MODE: 'legacy' });
    const mark = fwknopd.mark();
    const savePath = join(home, 'legacy.sent');
    await fwknopClient(['--rc-file', rc, '-n', 'legacy', '--save-packet', savePath], home);
    const cLog = await afterPacket(fwknopd, (await readFile(savePath, 'utf8')).trim(), mark);
    const mark2 = fwknopd.mark();
    const door = createSpaDoor(
      { request: { access, allowIp: '127.0.0.1', user: 'alice' }, wire: { hmac: null, mode: 'legacy' }, keys: () => ({ encryption: Buffer.from(LEGACY_KEY) }) },
      { transport: nodeSpaTransport, clock: systemClock, wallClock: Date.now, sent },
    );
    const opened = await door.open(target);
    const sLog = await afterPacket(fwknopd, opened.evidence.data!, mark2);
    expect(decodedFields(spaDumps(sLog).at(-1)!)).toEqual(decodedFields(spaDumps(cLog).at(-1)!));
    expect(spaDumps(sLog).at(-1)!['Encryption Mode']).toBe('8 (legacy)');
  });
});

describe('Sesame’s decoder reads the C client’s packets off the wire', () => {
  it.each(cases.filter((c) => !c.name.startsWith('mode-')).slice(0, 12))('$name', async (c) => {
    const pair = pairs[c.pair ?? 'sha256']!;
    const savePath = join(home, `${c.name}.packet`);
    const rc = await rcFor(`wire-${c.name}`, {
      SPA_SERVER: '127.0.0.1', SPA_SERVER_PORT: String(CAPTURE_PORT), ACCESS: access, ALLOW_IP: '127.0.0.1', SPOOF_USER: 'alice',
      KEY_BASE64: pair.keyBase64, HMAC_KEY_BASE64: pair.hmacKeyBase64, ...c.rc,
    });
    // Our own listener on a port fwknopd does not watch: the datagram exactly as the C client sent it.
    const socket = dgram.createSocket('udp4');
    const datagram = new Promise<Buffer>((resolve) => socket.once('message', (message) => resolve(message)));
    await new Promise<void>((resolve) => socket.bind(CAPTURE_PORT, '127.0.0.1', resolve));
    const { stdout } = await fwknopClient(['--rc-file', rc, '-n', `wire-${c.name}`, '-v', '--save-packet', savePath], home);
    const wire = (await datagram).toString('latin1');
    socket.close();
    expect((await readFile(savePath, 'utf8')).trim()).toBe(wire);

    const dump = spaDumps(stdout)[0]!;
    const decoded = decodePacket(wire, keysOf(pair), { hmac: c.hmac ?? 'sha256', mode: c.mode ?? 'cbc' });
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.encoded).toBe(dump['Encoded Data']);
    expect(decoded.digest).toBe(dump['SPA Data Digest']);
    expect(decoded.fields).toMatchObject({ random: dump['Random Value'], user: 'alice', timestamp: Number(dump.Timestamp), message: dump['Message String'] });
    expect(decoded.fields.type).toBe(Number.parseInt(dump['Message Type']!, 10));
    expect(decoded.fields.nat ?? '<NULL>').toBe(dump['Nat Access']);
    expect(decoded.fields.clientTimeout ?? 0).toBe(Number(dump['Client Timeout']));
  });
});

describe('a .fwknoprc written by `fwknop --key-gen --save-rc-stanza`', () => {
  let sshd: Sshd;
  let rcDaemon: Fwknopd;
  let rcPath: string;

  beforeAll(async () => {
    sshd = await startSshd({ port: SSH_PORT });
    rcPath = join(home, 'saved.fwknoprc');
    await writeFile(rcPath, '', { mode: 0o600 });
    await fwknopClient(['--rc-file', rcPath, '--key-gen', '--save-rc-stanza', '-n', 'labssh', '-D', '127.0.0.1', '-A', `tcp/${SSH_PORT}`, '-a', '127.0.0.1', '-p', String(RC_PORT)], home);
  });

  it('is read by Sesame (keys, server, port, access) and opens the door for a real ssh', async () => {
    const text = await readFile(rcPath, 'utf8');
    const file = parseFwknoprc(text);
    expect(file.warnings).toEqual([]);
    const settings = rcSettings(file, 'labssh');
    expect(settings).toMatchObject({ server: '127.0.0.1', request: { access: `tcp/${SSH_PORT}`, allowIp: '127.0.0.1' }, wire: { serverPort: RC_PORT }, problems: [] });
    expect(settings.keys.key).toHaveProperty('base64');
    expect(settings.keys.hmacKey).toHaveProperty('base64');
    const keys: SpaKeys = { encryption: keyBytes(settings.keys.key!, 'key'), hmac: keyBytes(settings.keys.hmacKey!, 'hmacKey') };
    expect(keys.encryption).toHaveLength(32);
    expect(keys.hmac).toHaveLength(64);

    // The server gets the same keys, as an admin pastes them into access.conf.
    const base64 = (input: typeof settings.keys.key): string => (input && 'base64' in input ? input.base64 : '');
    rcDaemon = await startFwknopd({ stanzas: [{ keyBase64: base64(settings.keys.key), hmacKeyBase64: base64(settings.keys.hmacKey), accessTimeoutS: 5 }], guardTcp: [SSH_PORT], port: RC_PORT });
    const door = createSpaDoor(
      { request: { user: 'alice', ...settings.request } as SpaRequest, wire: settings.wire, keys: () => keys },
      { transport: nodeSpaTransport, clock: systemClock, wallClock: Date.now, sent },
    );
    const mark = rcDaemon.mark();
    const { result } = await runDoor(door, { ...target, host: settings.server! }, { port: SSH_PORT, timeoutMs: 10_000, expect: 'ssh' }, { sockets: nodeSockets, clock: systemClock });
    expect(result.status).toBe('open');
    expect(await rcDaemon.waitForLog(new RegExp(`Added access rule to \\S+ for 127\\.0\\.0\\.1 -> 0\\.0\\.0\\.0/0 tcp/${SSH_PORT}`), mark)).toBeTruthy();
    const { stdout } = await execFileAsync(
      'ssh',
      ['-p', String(SSH_PORT), '-i', sshd.keyPath, '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'LogLevel=ERROR', `${sshd.user}@127.0.0.1`, 'echo', 'rc-door'],
      { timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('rc-door');
  });

  it('still works with the C client itself (the same stanza, `fwknop -n labssh`)', async () => {
    const mark = rcDaemon.mark();
    await fwknopClient(['--rc-file', rcPath, '-n', 'labssh'], home);
    expect(await rcDaemon.waitForLog(/Added access rule|rule_exists\(\) Rule : .* already exists/, mark)).toMatch(new RegExp(`--dport ${SSH_PORT}|tcp/${SSH_PORT}`));
  });
});
