import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { instanceName, onStop, requireLab, run, startDaemon } from './lab-core';

// ---------------------------------------------------------------- fwknopd

/**
 * One access.conf stanza (fwknopd(8)). Keys are given as fwknopd reads them:
 * text (KEY, HMAC_KEY) or base64 (KEY_BASE64, HMAC_KEY_BASE64).
 */
export interface FwknopdStanza {
  source?: string;
  key?: string;
  keyBase64?: string;
  hmacKey?: string;
  hmacKeyBase64?: string;
  hmacDigest?: string;
  encryptionMode?: string;
  /** FW_ACCESS_TIMEOUT: how long an opened door stays open unless the client asks (type 3). */
  accessTimeoutS?: number;
  requireSource?: boolean;
  openPorts?: string;
  requireUser?: string;
}

export interface FwknopdOptions {
  stanzas: FwknopdStanza[];
  /** access.conf as given (e.g. what `sesame server-config` printed), instead of `stanzas`. */
  accessText?: string;
  /** TCP ports the firewall drops until fwknopd lets a source in. */
  guardTcp: number[];
  /** `udp`: fwknopd -U, its UDP server (no pcap); `pcap`: sniff lo, with its TCP server for SPA over TCP/HTTP. */
  capture?: 'udp' | 'pcap';
  port?: number;
  maxPacketAgeS?: number;
  /** fwknopd's own iptables chain; distinct per instance so two daemons never flush each other's rules. */
  chain?: string;
}

export interface Fwknopd {
  port: number;
  capture: 'udp' | 'pcap';
  chain: string;
  logPath: string;
  accessPath: string;
  /** Everything fwknopd logged so far (-f -v: to stderr). */
  log(): string;
  /** The log's current length, to read only what comes after (`log().slice(mark)`). */
  mark(): number;
  /** Waits until the log after `since` matches `pattern`; returns that part of the log. */
  waitForLog(pattern: RegExp, since: number, timeoutMs?: number): Promise<string>;
  /** The ACCEPT rules fwknopd has in its chain right now (iptables -S). */
  rules(): Promise<string[]>;
  stop(): Promise<void>;
}

function stanzaText(stanza: FwknopdStanza): string {
  const lines: [string, string | number | undefined][] = [
    ['SOURCE', stanza.source ?? 'ANY'],
    ['KEY', stanza.key],
    ['KEY_BASE64', stanza.keyBase64],
    ['HMAC_KEY', stanza.hmacKey],
    ['HMAC_KEY_BASE64', stanza.hmacKeyBase64],
    ['HMAC_DIGEST_TYPE', stanza.hmacDigest],
    ['ENCRYPTION_MODE', stanza.encryptionMode],
    ['FW_ACCESS_TIMEOUT', stanza.accessTimeoutS ?? 30],
    ['REQUIRE_SOURCE_ADDRESS', stanza.requireSource ? 'Y' : undefined],
    ['OPEN_PORTS', stanza.openPorts],
    ['REQUIRE_USERNAME', stanza.requireUser],
  ];
  return lines
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      if (/[\n#]/.test(String(value))) throw new Error(`access.conf ${key}: bad value`);
      return `${key.padEnd(24)}${value}`;
    })
    .join('\n');
}

let started = 0;

/**
 * fwknopd 2.6.10 in real mode (never -t: test mode skips the replay cache and
 * the firewall) with Debian's firewall back end as shipped: iptables, which on
 * Debian 12 is iptables-nft, so the rules live in the lab namespace's
 * nftables. The guarded ports are dropped in INPUT; fwknopd puts the jump to
 * its own chain at position 1, ahead of the drop, as on a real server.
 */
export async function startFwknopd(options: FwknopdOptions): Promise<Fwknopd> {
  const { dir } = requireLab();
  const name = instanceName('fwknopd');
  started += 1;
  const capture = options.capture ?? 'udp';
  const port = options.port ?? 62201;
  const chain = options.chain ?? `FWKNOP_IN_${process.pid % 10_000}_${started}`;
  const runDir = join(dir, `${name}-run`);
  await mkdir(runDir, { recursive: true, mode: 0o700 });
  const confPath = join(dir, `${name}.conf`);
  const accessPath = join(dir, `${name}-access.conf`);
  const conf = [
    `PCAP_INTF                   lo;`,
    `FWKNOP_RUN_DIR              ${runDir};`,
    `ENABLE_SPA_PACKET_AGING     Y;`,
    `MAX_SPA_PACKET_AGE          ${options.maxPacketAgeS ?? 120};`,
    `IPT_INPUT_ACCESS            ACCEPT, filter, INPUT, 1, ${chain}, 1;`,
    ...(capture === 'udp'
      ? [`ENABLE_UDP_SERVER           Y;`, `UDPSERV_PORT                ${port};`]
      : [
          // pcap sees the TCP payload; the TCP server only completes the handshake (fwknopd.conf).
          `PCAP_FILTER                 tcp port ${port};`,
          `ENABLE_TCP_SERVER           Y;`,
          `TCPSERV_PORT                ${port};`,
          `ENABLE_SPA_OVER_HTTP        Y;`,
          `ENABLE_PCAP_ANY_DIRECTION   N;`,
        ]),
    '',
  ].join('\n');
  await writeFile(confPath, conf, { mode: 0o600 });
  await writeFile(accessPath, options.accessText ?? `${options.stanzas.map(stanzaText).join('\n\n')}\n`, { mode: 0o600 });
  await chmod(accessPath, 0o600);

  for (const guard of options.guardTcp) await run('iptables', ['-A', 'INPUT', '-p', 'tcp', '--dport', String(guard), '-j', 'DROP']);
  const unguard = async (): Promise<void> => {
    for (const guard of options.guardTcp) await run('iptables', ['-D', 'INPUT', '-p', 'tcp', '--dport', String(guard), '-j', 'DROP']).catch(() => undefined);
  };

  const args = ['-c', confPath, '-a', accessPath, '-f', '-v', '-i', 'lo', '-d', join(runDir, 'digest.cache'), '-p', join(runDir, 'fwknopd.pid')];
  if (capture === 'udp') args.push('-U');
  const stderrPath = join(dir, `${name}.err`);
  const read = (): string => {
    try {
      return readFileSync(stderrPath, 'utf8');
    } catch {
      return '';
    }
  };
  // udp: the socket is bound (fwknopd logs "Kicking off UDP server" just before it binds);
  // pcap: the capture loop runs and the TCP server listens.
  const hexPort = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const udpBound = (): boolean => readFileSync('/proc/net/udp', 'utf8').split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(hexPort));
  const ready = (): boolean => (capture === 'udp' ? udpBound() : /Starting fwknopd main event loop/.test(read()) && /Kicking off TCP server/.test(read()));
  let daemon;
  try {
    daemon = await startDaemon(name, 'fwknopd', args, ready);
  } catch (error) {
    await unguard();
    throw error;
  }
  const stop = async (): Promise<void> => {
    await daemon.stop();
    await unguard();
  };
  onStop(stop);
  return {
    port,
    capture,
    chain,
    logPath: stderrPath,
    accessPath,
    log: read,
    mark: () => read().length,
    async waitForLog(pattern, since, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const part = read().slice(since);
        if (pattern.test(part)) return part;
        if (Date.now() > deadline) throw new Error(`fwknopd logged nothing matching ${pattern} within ${timeoutMs} ms:\n${part.slice(-2000)}`);
        await delay(20);
      }
    },
    async rules() {
      const listed = await run('iptables', ['-S', chain]).catch(() => '');
      return listed.split('\n').filter((line) => line.includes('-j ACCEPT'));
    },
    stop,
  };
}

// ---------------------------------------------------------------- fwknop (the C client)

/**
 * Runs Debian's fwknop client with HOME pointed at `home`, so it never reads
 * or writes the real user's ~/.fwknoprc or ~/.fwknop.run. Keys go in an rc
 * file there, not on argv (fwknop's own advice).
 */
export async function fwknopClient(args: string[], home: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('fwknop', ['--no-save-args', ...args], { env: { ...process.env, HOME: home, LOGNAME: 'alice' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`fwknop ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

/**
 * The "SPA Field Values" dumps that `fwknop -v` and `fwknopd -v` print, in
 * order: one record per packet (field name → value).
 */
export function spaDumps(text: string): Record<string, string>[] {
  const dumps: Record<string, string>[] = [];
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('SPA Field Values:')) {
      current = {};
      dumps.push(current);
      continue;
    }
    const match = /^\s*([A-Za-z ]+?):\s(.*)$/.exec(line);
    if (current && match?.[1]) {
      current[match[1].trim()] = (match[2] ?? '').trim();
      if (match[1].trim() === 'Final SPA Data') current = undefined;
    }
  }
  return dumps;
}
