import { readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KnockProgress } from '../../contract/features/knock';
import { formatExplanation } from '../../core/diagnostics/explain';
import { DoorConfigError, DoorSendError } from '../../core/door/door';
import { runDoor } from '../../core/door/run-door';
import { createSpaDoor } from '../../core/door/spa-door';
import { resolveTarget, ResolveError } from '../../core/knock/resolve';
import { isAbortError } from '../../core/net/abort';
import { digestNames, encryptionModes, type DigestName } from '../../core/spa/constants';
import { dumpFields } from '../../core/spa/dump';
import { explainSpa } from '../../core/spa/explain';
import { parseFwknoprc, stanzaNames } from '../../core/spa/fwknoprc';
import { accessConfStanza, formatKeyGen, generateKeys, keyBytes, parseKeyGen, SpaKeyError, type KeyInput, type SpaKeys } from '../../core/spa/keys';
import { buildPacket, decodePacket } from '../../core/spa/packet';
import { rcSettings } from '../../core/spa/rc-settings';
import { defaultSpaUser, defaultWireOptions, spaFields, type SpaRequest, type SpaWireOptions } from '../../core/spa/request';
import { nodeSpaTransport, processSentPackets } from '../../core/spa/send';
import { parseTimeOffset } from '../../core/spa/time-offset';
import { defineCommand, UsageError, type ParsedArgs } from '../command';
import { readSecretLine } from '../context';
import { cancelledExitCode, diagnosisExitCodeLines, diagnosisExitCodes } from '../diagnosis';
import { exitCodes, type CliIo } from '../io';
import { checkHost, expectChoices, nodeCliDeps, parsePort, parseTimeoutSeconds, type NetCliDeps } from '../net-args';
import { fileReason } from '../system-error';
import { cliText, terminalLanguage } from '../messages';
import { localDetail } from '../diagnosis';

const spaHelp = `Usage: sesame spa [options] HOST
       sesame spa -n NAME [options] [HOST]
       sesame spa --key-gen [--hmac-digest-type TYPE]

Sends one fwknop Single Packet Authorization packet to HOST (fwknopd 2.5–2.6,
protocol 3.0.0; UDP port 62201 unless told otherwise), like "fwknop -A tcp/22
-D HOST", then with --wait waits until the port opens. A fresh packet every
time (fwknopd refuses a replayed one). Keys come from a .fwknoprc stanza
(-n), a key file, or a hidden prompt — never from the command line.

Options:
  -n, --named-config NAME   settings and keys from this ~/.fwknoprc stanza ([default] under it)
      --rc-file PATH        read this file instead of ~/.fwknoprc
      --key-file PATH       keys in "fwknop --key-gen" format (KEY_BASE64: … / HMAC_KEY_BASE64: …)
  -D, --destination HOST    the SPA server (or give HOST as the argument; SPA_SERVER in -n)
  -A, --access LIST         what to open, e.g. tcp/22 or tcp/22,udp/53 (ACCESS)
  -a, --allow-ip IP         the address fwknopd lets in (ALLOW_IP; default "source")
  -s, --source-ip           let in the packet's source address (ALLOW_IP source, 0.0.0.0)
  -p, --server-port PORT    fwknopd's port (SPA_SERVER_PORT, default 62201)
  -P, --server-proto PROTO  udp, tcp or http (SPA_SERVER_PROTO, default udp)
  -f, --fw-timeout S        ask fwknopd to keep the door open S seconds (FW_TIMEOUT)
  -N, --nat-access HOST,PORT  reach HOST:PORT behind the server (NAT_ACCESS)
      --nat-local           reach a service on the server itself through NAT (NAT_LOCAL)
      --nat-port PORT       the port to ask for in NAT modes (NAT_PORT)
  -U, --spoof-user USER     the user name in the packet (SPOOF_USER, default $LOGNAME)
      --time-offset-plus T  move the packet's time forward (e.g. 90, 5m, 1h) for a server clock that is ahead
      --time-offset-minus T move it back, for a server clock that is behind (TIME_OFFSET)
  -m, --digest-type TYPE    md5, sha1, sha256, sha384, sha512, sha3_256 or sha3_512 (DIGEST_TYPE, default sha256)
      --hmac-digest-type TYPE  the same choices (HMAC_DIGEST_TYPE, default sha256)
  -M, --encryption-mode MODE  cbc, cfb, ofb, ctr, ecb or legacy (ENCRYPTION_MODE, default cbc)
      --wait PORT           after sending, wait until PORT accepts a connection
      --timeout S           give up waiting after S seconds (default 10)
      --expect KIND         with --wait: require an "ssh" or "ftp" greeting (default none)
      --server-log FILE     if the port stays shut, read fwknopd's log (a copy; "-" for stdin) and name the cause
  -T, --test                build the packet and print its fields; send nothing
  -B, --save-packet FILE    also write the packet to FILE (never over an existing file)
      --decode FILE         read a captured packet from FILE ("-": stdin) with the keys and print its fields
  -k, --key-gen             print a new key pair exactly as "fwknop --key-gen" does (and the server's stanza on stderr)
      --key-len N           encryption key bytes for --key-gen (default 32)
      --hmac-key-len N      HMAC key bytes for --key-gen (default: fwknop's for the HMAC type)
  -v, --verbose             also print the packet's fields and timings
      --json                print one JSON object instead of text
  -h, --help                this help

Examples:
  sesame spa --key-gen > keys.txt
  sesame spa -A tcp/22 --key-file keys.txt --wait 22 --expect ssh server.example.org && ssh server.example.org
  sesame spa -n myserver --wait 22
  sesame spa -n myserver --wait 22 --server-log fwknopd.log     # why does it stay shut?

Exit codes:
  ${exitCodes.ok}    sent (with --wait: the port is open)
  ${exitCodes.failure}    unexpected error
  ${exitCodes.usage}    bad command line or settings (the message names the option)
${diagnosisExitCodeLines.join('\n')}
  ${cancelledExitCode}  cancelled (Ctrl-C)
`;

const options = {
  'named-config': { type: 'string', short: 'n' },
  'rc-file': { type: 'string', value: 'file' },
  'key-file': { type: 'string', value: 'file' },
  destination: { type: 'string', short: 'D' },
  access: { type: 'string', short: 'A' },
  'allow-ip': { type: 'string', short: 'a' },
  'source-ip': { type: 'boolean', short: 's' },
  'server-port': { type: 'string', short: 'p' },
  'server-proto': { type: 'string', short: 'P', choices: ['udp', 'tcp', 'http'] },
  'fw-timeout': { type: 'string', short: 'f' },
  'nat-access': { type: 'string', short: 'N' },
  'nat-local': { type: 'boolean' },
  'nat-port': { type: 'string' },
  'spoof-user': { type: 'string', short: 'U' },
  'time-offset-plus': { type: 'string' },
  'time-offset-minus': { type: 'string' },
  'digest-type': { type: 'string', short: 'm', choices: digestNames },
  'hmac-digest-type': { type: 'string', choices: digestNames },
  'encryption-mode': { type: 'string', short: 'M', choices: encryptionModes },
  wait: { type: 'string' },
  timeout: { type: 'string' },
  expect: { type: 'string', choices: expectChoices },
  'server-log': { type: 'string', value: 'file' },
  test: { type: 'boolean', short: 'T' },
  'save-packet': { type: 'string', short: 'B', value: 'file' },
  decode: { type: 'string', value: 'file' },
  'key-gen': { type: 'boolean', short: 'k' },
  'key-len': { type: 'string' },
  'hmac-key-len': { type: 'string' },
  verbose: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
} as const;

export const spaSpec = { name: 'spa', help: spaHelp, options, positionals: { args: ['none'] } } as const;
type Values = ParsedArgs<typeof options>['values'];

export interface SpaCliDeps extends NetCliDeps {
  wallClock: () => number;
  readText(path: string, io: CliIo): Promise<string>;
  homedir: string;
}

const nodeSpaDeps: SpaCliDeps = {
  ...nodeCliDeps,
  wallClock: Date.now,
  homedir: homedir(),
  readText: async (path, io) => {
    if (path !== '-') return readFile(path, 'utf8');
    let text = '';
    for await (const chunk of io.stdin) text += chunk.toString();
    return text;
  },
};

function int(text: string | undefined, option: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) throw new UsageError({ key: 'spa.wholeNumber', values: { option, min, max, value: text } });
  return n;
}

interface Settings {
  server?: string;
  request: SpaRequest;
  wire: SpaWireOptions;
  keys: { key?: KeyInput; hmacKey?: KeyInput };
  resolveUrl?: string;
}

/** .fwknoprc stanza (when -n), then the command line over it, as fwknop layers them. */
async function settingsFrom(values: Values, positionals: string[], deps: SpaCliDeps, io: CliIo): Promise<Settings> {
  const fromRc = values['named-config'] !== undefined ? await stanza(values['named-config'], values['rc-file'], deps, io) : undefined;
  const request: Partial<SpaRequest> = { ...fromRc?.request };
  const wire: Partial<SpaWireOptions> = { ...fromRc?.wire };
  if (values.access !== undefined) request.access = values.access;
  if (values['source-ip'] && values['allow-ip'] !== undefined) throw new UsageError({ key: 'spa.sourceAndAllow' });
  if (values['source-ip']) request.allowIp = 'source';
  if (values['allow-ip'] !== undefined) request.allowIp = values['allow-ip'];
  if (values['spoof-user'] !== undefined) request.user = values['spoof-user'];
  const timeout = int(values['fw-timeout'], 'fw-timeout', 0, 131_070);
  if (timeout !== undefined) request.clientTimeoutS = timeout;
  if (values['nat-access'] !== undefined) {
    const match = /^([^,:]+)[,:](\d{1,5})$/.exec(values['nat-access']);
    if (!match?.[1]) throw new UsageError({ key: 'spa.natAccess', values: { value: values['nat-access'] } });
    request.nat = { host: match[1], port: parsePort(match[2] ?? '', '--nat-access') };
  }
  if (values['nat-local']) request.natLocal = true;
  if (values['nat-port'] !== undefined) request.natPort = parsePort(values['nat-port'], '--nat-port');
  if (values['time-offset-plus'] !== undefined && values['time-offset-minus'] !== undefined) throw new UsageError({ key: 'spa.timeOffsets' });
  try {
    if (values['time-offset-plus'] !== undefined) request.timeOffsetS = parseTimeOffset(values['time-offset-plus'], '--time-offset-plus');
    if (values['time-offset-minus'] !== undefined) request.timeOffsetS = -parseTimeOffset(values['time-offset-minus'], '--time-offset-minus');
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['server-port'] !== undefined) wire.serverPort = parsePort(values['server-port'], '--server-port');
  if (values['server-proto'] !== undefined) wire.serverProto = values['server-proto'];
  if (values['digest-type'] !== undefined) wire.digest = values['digest-type'];
  if (values['hmac-digest-type'] !== undefined) wire.hmac = values['hmac-digest-type'];
  if (values['encryption-mode'] !== undefined) wire.mode = values['encryption-mode'];
  let keys = fromRc?.keys ?? {};
  if (values['key-file'] !== undefined) {
    const found = parseKeyGen(await readOrSay(deps, values['key-file'], io));
    if (!found.keyBase64) throw new UsageError({ key: 'spa.noKeyLine', values: { file: values['key-file'] } });
    keys = { key: { base64: found.keyBase64 }, ...(found.hmacKeyBase64 ? { hmacKey: { base64: found.hmacKeyBase64 } } : {}) };
    if (wire.hmac === null && found.hmacKeyBase64) wire.hmac = 'sha256';
  }
  const server = values.destination ?? positionals[0] ?? fromRc?.server;
  if (positionals.length > 1) throw new UsageError({ key: 'spa.oneHost', values: { count: positionals.length } });
  if (values.destination !== undefined && positionals[0] !== undefined && values.destination !== positionals[0]) throw new UsageError({ key: 'spa.twoServers' });
  if (request.access === undefined) throw new UsageError({ key: 'spa.nothingToOpen' });
  const hmac = wire.hmac === undefined ? (keys.hmacKey || !keys.key ? 'sha256' : null) : wire.hmac;
  return {
    ...(server !== undefined ? { server } : {}),
    request: { user: defaultSpaUser(io.env), allowIp: 'source', ...request, access: request.access },
    wire: { ...defaultWireOptions, ...wire, hmac },
    keys,
    ...(fromRc?.resolveUrl ? { resolveUrl: fromRc.resolveUrl } : {}),
  };
}

/** A file the user named: a missing or unreadable one is a usage error that says which. */
async function readOrSay(deps: SpaCliDeps, path: string, io: CliIo): Promise<string> {
  try {
    return await deps.readText(path, io);
  } catch (error) {
    throw new UsageError({ key: 'spa.cannotRead', values: { file: path, reason: fileReason(error, io.env) } });
  }
}

async function stanza(name: string, rcFile: string | undefined, deps: SpaCliDeps, io: CliIo) {
  const path = rcFile ?? join(deps.homedir, '.fwknoprc');
  const text = await readOrSay(deps, path, io);
  const file = parseFwknoprc(text);
  for (const warning of file.warnings) io.err(`sesame spa: ${path}:${warning.line}: ${await localDetail(warning.message, terminalLanguage(io.env))}\n`);
  if (!stanzaNames(file).some((s) => s.toLowerCase() === name.toLowerCase())) {
    const names = stanzaNames(file).join(', ');
    throw new UsageError(names ? { key: 'spa.noStanza', values: { name, file: path, names } } : { key: 'spa.noStanzaAtAll', values: { name, file: path } });
  }
  const settings = rcSettings(file, name);
  if (settings.problems.length > 0) {
    throw new UsageError(settings.problems.map((p) => `${path}:${p.line}: ${p.variable}: ${p.message}`).join('\n'));
  }
  return settings;
}

/** Keys as bytes: the stanza's or key file's, else asked for with echo off (fwknop prompts the same way). */
async function keysFrom(settings: Settings, io: CliIo): Promise<SpaKeys> {
  try {
    let { key, hmacKey } = settings.keys;
    if (!key) {
      if (!io.stdinIsTTY) throw new UsageError({ key: 'spa.noKey' });
      key = { text: await readSecretLine(io, 'Enter encryption key: ') };
      if (settings.wire.hmac !== null) hmacKey = { text: await readSecretLine(io, 'Enter HMAC key: ') };
    }
    const encryption = keyBytes(key, 'key');
    if (settings.wire.hmac !== null && !hmacKey) throw new UsageError({ key: 'spa.noHmacKey' });
    return hmacKey ? { encryption, hmac: keyBytes(hmacKey, 'hmacKey') } : { encryption };
  } catch (error) {
    if (error instanceof SpaKeyError) throw new UsageError(error.message);
    throw error;
  }
}

function keyGen(values: Values, io: CliIo): number {
  const hmacDigest: DigestName = values['hmac-digest-type'] ?? 'sha256';
  let keys;
  try {
    const keyLength = int(values['key-len'], 'key-len', 1, 32);
    const hmacKeyLength = int(values['hmac-key-len'], 'hmac-key-len', 1, 128);
    keys = generateKeys({ hmacDigest, ...(keyLength ? { keyLength } : {}), ...(hmacKeyLength ? { hmacKeyLength } : {}) });
  } catch (error) {
    if (error instanceof SpaKeyError) throw new UsageError(error.message);
    throw error;
  }
  if (values.json) {
    io.out(`${JSON.stringify(keys)}\n`);
    return exitCodes.ok;
  }
  io.out(formatKeyGen(keys));
  // stdout stays exactly fwknop's two lines (scripts parse them); the server's half goes to stderr.
  io.err(`\n${cliText(io.env)('spa.serverStanza')}\n${accessConfStanza(keys, { hmacDigest })}`);
  return exitCodes.ok;
}

async function decode(values: Values, settings: Settings, deps: SpaCliDeps, io: CliIo): Promise<number> {
  const data = (await readOrSay(deps, values.decode as string, io)).trim();
  const keys = await keysFrom(settings, io);
  const decoded = decodePacket(data, keys, { hmac: settings.wire.hmac === null ? null : keys.hmac ? 'auto' : null, mode: settings.wire.mode });
  if (values.json) io.out(`${JSON.stringify(decoded)}\n`);
  else if (decoded.ok) io.out(dumpFields(decoded.fields, { digestType: decoded.digestType, hmacType: decoded.hmacType, mode: settings.wire.mode, encoded: decoded.encoded, digest: decoded.digest }));
  else io.err(`sesame spa: ${cliText(io.env)('spa.doesNotDecode', { error: decoded.error, stage: decoded.stage })}\n`);
  return decoded.ok ? exitCodes.ok : exitCodes.failure;
}

export function createSpaCommand(deps: SpaCliDeps) {
  return defineCommand(spaSpec, async ({ values, positionals }, io) => {
    if (values['key-gen']) return keyGen(values, io);
    const settings = await settingsFrom(values, positionals, deps, io);
    if (values.decode !== undefined) return decode(values, settings, deps, io);
    if (settings.server === undefined) throw new UsageError({ key: 'spa.noHost' });
    checkHost(settings.server);
    const wait = values.wait === undefined ? undefined : { port: parsePort(values.wait, '--wait'), timeoutMs: values.timeout === undefined ? 10_000 : parseTimeoutSeconds(values.timeout), expect: values.expect ?? 'none' };
    if (values.expect !== undefined && !wait) throw new UsageError({ key: 'usage.expectNeedsWait' });
    const keys = await keysFrom(settings, io);
    if (values.test) return await testPacket(settings, keys, deps, io, values);
    const controller = new AbortController();
    const unsubscribe = deps.onInterrupt(() => controller.abort());
    const events: KnockProgress[] = [];
    const t = cliText(io.env);
    try {
      const target = await resolveTarget(settings.server, 'ipv4', deps.lookup, controller.signal).catch((error: unknown) => {
        if (error instanceof ResolveError) throw new UsageError({ key: 'spa.ipv4Only', values: { reason: error.message }, validation: ['reason'] });
        throw error;
      });
      const door = createSpaDoor(
        { request: settings.request, wire: settings.wire, keys: () => keys, ...(settings.resolveUrl ? { resolveUrl: settings.resolveUrl } : {}) },
        { transport: nodeSpaTransport, clock: deps.clock, wallClock: deps.wallClock, sent: processSentPackets, env: io.env },
      );
      const onProgress = (event: KnockProgress): void => {
        events.push(event);
        if (values.json) return;
        if (event.kind === 'step') io.out(`${t('spa.packetSent', { protocol: event.protocol, address: target.address, port: event.port })}\n`);
        if (event.kind === 'waiting') io.out(`${t('knock.waiting', { port: event.port, seconds: event.timeoutMs / 1000 })}\n`);
      };
      const { result, opened } = await runDoor(door, target, wait, { sockets: deps.sockets, clock: deps.clock }, { signal: controller.signal, onProgress });
      if (opened && values['save-packet']) await writeFile(values['save-packet'], `${opened.evidence.data}\n`, { flag: 'wx', mode: 0o600 });
      for (const warning of opened?.warnings ?? []) io.err(`sesame spa: ${t('common.warning')}: ${await localDetail(warning, terminalLanguage(io.env))}\n`);
      const serverLog = result.status === 'failed' && values['server-log'] !== undefined ? await readOrSay(deps, values['server-log'], io) : undefined;
      const diagnosis = result.status === 'failed' && result.class === 'spa-filtered' && opened ? door.diagnose(opened, serverLog) : undefined;
      if (values.json) {
        io.out(`${JSON.stringify({ ...result, events, ...(diagnosis ? { diagnosis } : {}) })}\n`);
      } else if (result.status === 'open') {
        io.out(`${t('spa.open', { port: result.port, ms: result.msFromFirstKnock.toFixed(0), attempts: result.attempts })}${result.banner ? `\n${result.banner}` : ''}\n`);
      } else if (result.status === 'failed') {
        io.err(`sesame spa: ${result.stage === 'wait' ? t('knock.portShut', { port: result.port ?? '' }) : t(`knock.stageFailed.${result.stage}`)}: ${result.class}\n`);
        const { pickLanguage } = await import('../../contract/locales');
        const language = pickLanguage(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
        if (diagnosis) io.err(`\n${formatExplanation(explainSpa(diagnosis, language), language)}`);
        else {
          const { printDiagnosis } = await import('../diagnosis');
          await printDiagnosis(io, result.class, result.detail);
        }
      }
      return result.status === 'failed' ? diagnosisExitCodes[result.class] : exitCodes.ok;
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) {
        io.err(`sesame spa: ${t('knock.cancelled')}\n`);
        return cancelledExitCode;
      }
      if (error instanceof DoorSendError) {
        io.err(`sesame spa: ${await localDetail(error.message, terminalLanguage(io.env))}\n`);
        return exitCodes.failure;
      }
      if (error instanceof DoorConfigError) throw new UsageError(error.message);
      throw error;
    } finally {
      unsubscribe();
    }
  });
}

async function testPacket(settings: Settings, keys: SpaKeys, deps: SpaCliDeps, io: CliIo, values: Values): Promise<number> {
  let built;
  try {
    const fields = spaFields({ ...settings.request, allowIp: settings.request.allowIp === 'resolve' ? '0.0.0.0' : settings.request.allowIp }, { server: settings.server ?? '', wallClockMs: deps.wallClock() });
    const packet = buildPacket(fields, keys, { digest: settings.wire.digest, hmac: settings.wire.hmac, mode: settings.wire.mode });
    built = { fields, packet };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { fields, packet } = built;
  const dump = { digestType: settings.wire.digest, hmacType: settings.wire.hmac, mode: settings.wire.mode, encoded: packet.encoded, digest: packet.digest, data: packet.data, ...(packet.hmac ? { hmac: packet.hmac } : {}) };
  // fwknop -T -B saves the packet it did not send, for a test replay or a later --decode.
  if (values['save-packet']) await writeFile(values['save-packet'], `${packet.data}\n`, { flag: 'wx', mode: 0o600 });
  if (values.json) io.out(`${JSON.stringify({ fields, ...dump })}\n`);
  else io.out(`${dumpFields(fields, dump)}${cliText(io.env)('spa.testMode')}\n`);
  return exitCodes.ok;
}

export const command = createSpaCommand(nodeSpaDeps);
