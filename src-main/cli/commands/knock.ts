import type { DiagnosisClass, KnockProgress, KnockRunResult } from '../../contract/features/knock';
import { pickLanguage, type Language } from '../../contract/locales';
import { hostSchema, type AddressFamily, type BannerExpect, type KnockStep, type Protocol } from '../../contract/schemas/common';
import { explain, formatExplanation } from '../../core/diagnostics/explain';
import { processAddressLocks } from '../../core/knock/address-locks';
import { createKnockEngine, type KnockEngine } from '../../core/knock/engine';
import { parseStepSpec, StepSpecError } from '../../core/knock/step-spec';
import { isAbortError } from '../../core/net/abort';
import { nodeSockets, systemClock, systemLookup } from '../../core/net/node-net';
import type { Clock, LookupFn, SocketFactory } from '../../core/net/types';
import { exitCodes, type CliCommand, type CliIo } from '../io';

/** Exit codes of `knock` and `probe`: one per diagnosis, so scripts can branch without parsing text. */
export const diagnosisExitCodes: Record<DiagnosisClass, number> = {
  filtered: 3,
  refused: 4,
  'reset-before-banner': 5,
  'wrong-service': 6,
  'dns-failed': 7,
  unreachable: 8,
  'passive-ports-blocked': 9,
};
export const cancelledExitCode = 130;

export const exitCodeHelp = [
  'Exit codes:',
  `  ${exitCodes.ok}    done (knocked; with --wait: the port is open)`,
  `  ${exitCodes.failure}    unexpected error`,
  `  ${exitCodes.usage}    bad command line`,
  ...Object.entries(diagnosisExitCodes).map(([cls, code]) => `  ${code}    ${cls}`),
  `  ${cancelledExitCode}  cancelled (Ctrl-C)`,
].join('\n');

/** What the `knock`/`probe` commands touch; tests pass fakes. */
export interface NetCliDeps {
  sockets: SocketFactory;
  lookup: LookupFn;
  clock: Clock;
  /** Calls `cancel` on Ctrl-C; returns the unsubscribe. */
  onInterrupt(cancel: () => void): () => void;
}

export const nodeCliDeps: NetCliDeps = {
  sockets: nodeSockets,
  lookup: systemLookup,
  clock: systemClock,
  onInterrupt: (cancel) => {
    process.once('SIGINT', cancel);
    return () => process.off('SIGINT', cancel);
  },
};

export function cliLanguage(io: CliIo): Language {
  return pickLanguage(io.env.LC_ALL || io.env.LC_MESSAGES || io.env.LANG);
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads an option's value from `--name=value` or the next argument. */
export function optionValue(argv: string[], index: number, inline: string | undefined): [string, number] {
  if (inline !== undefined) return [inline, index];
  const value = argv[index + 1];
  if (value === undefined) throw new UsageError(`${argv[index]} needs a value`);
  return [value, index + 1];
}

export function parsePort(text: string, what: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) throw new UsageError(`${what} must be a port number from 1 to 65535, got "${text}"`);
  return port;
}

export function parseTimeoutSeconds(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 300) {
    throw new UsageError(`--timeout must be seconds from 0.1 to 300, got "${text}"`);
  }
  return Math.round(seconds * 1000);
}

/** The same host rules as profiles (no leading "-", no spaces or control characters). */
export function checkHost(host: string): void {
  const parsed = hostSchema.safeParse(host);
  if (!parsed.success) throw new UsageError(`HOST ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
}

export function parseExpect(text: string): BannerExpect {
  if (text !== 'ssh' && text !== 'ftp' && text !== 'none') throw new UsageError(`--expect must be ssh or ftp, got "${text}"`);
  return text;
}

/** Prints a failure's diagnosis to stderr in the user's language. */
export function printDiagnosis(io: CliIo, cls: DiagnosisClass, detail: string | undefined): void {
  const language = cliLanguage(io);
  io.err(`\n${formatExplanation(explain(cls, language), language)}`);
  if (detail) io.err(`(${detail})\n`);
}

interface KnockArgs {
  host: string;
  steps: KnockStep[];
  delayMs: number;
  family: AddressFamily;
  verbose: boolean;
  json: boolean;
  wait?: { port: number; timeoutMs: number; expect: BannerExpect };
  help: boolean;
}

const knockHelp = `Usage: sesame knock [options] HOST PORT[:tcp|udp] [PORT[:tcp|udp] ...]

Sends the knock sequence to HOST, like the classic "knock" client (same
options, same meaning). The host is resolved once and every knock and the
wait use that one address.

Options:
  -u, --udp          make ports without ":tcp"/":udp" UDP knocks (default TCP)
  -d, --delay MS     wait MS milliseconds between knocks (default 0, as knock)
  -4, --ipv4         use IPv4 only
  -6, --ipv6         use IPv6 only
  -v, --verbose      also print the resolved address and timings
      --wait PORT    after knocking, wait until PORT accepts a connection
      --timeout S    give up waiting after S seconds (default 10)
      --expect KIND  with --wait: require an "ssh" or "ftp" greeting
      --json         print one JSON object instead of text
  -h, --help         this help

Examples:
  sesame knock myserver.example.com 123:tcp 456:udp 789:tcp
  sesame knock -u myserver.example.com 8284 4721 18592
  sesame knock --wait 22 --expect ssh myserver 7000 8000 9000 && ssh myserver

${exitCodeHelp}
`;

export function parseKnockArgs(argv: string[]): KnockArgs {
  let udp = false;
  let delayMs = 0;
  let family: AddressFamily = 'auto';
  let verbose = false;
  let json = false;
  let help = false;
  let waitPort: number | undefined;
  let timeoutMs = 10_000;
  let expect: BannerExpect | undefined;
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const long = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (long) {
      const [, name, inline] = long;
      let value: string;
      switch (name) {
        case 'udp': udp = true; break;
        case 'ipv4': family = 'ipv4'; break;
        case 'ipv6': family = 'ipv6'; break;
        case 'verbose': verbose = true; break;
        case 'json': json = true; break;
        case 'help': help = true; break;
        case 'delay': [value, i] = optionValue(argv, i, inline); delayMs = parseDelay(value); break;
        case 'wait': [value, i] = optionValue(argv, i, inline); waitPort = parsePort(value, '--wait'); break;
        case 'timeout': [value, i] = optionValue(argv, i, inline); timeoutMs = parseTimeoutSeconds(value); break;
        case 'expect': [value, i] = optionValue(argv, i, inline); expect = parseExpect(value); break;
        default: throw new UsageError(`unknown option --${name}`);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Bundled short flags as getopt reads them: -uv, -d100, -d 100.
      for (let j = 1; j < arg.length; j += 1) {
        const flag = arg[j];
        if (flag === 'u') udp = true;
        else if (flag === '4') family = 'ipv4';
        else if (flag === '6') family = 'ipv6';
        else if (flag === 'v') verbose = true;
        else if (flag === 'h') help = true;
        else if (flag === 'd') {
          const rest = arg.slice(j + 1);
          let value: string;
          [value, i] = optionValue(argv, i, rest === '' ? undefined : rest);
          delayMs = parseDelay(value);
          break;
        } else throw new UsageError(`unknown option -${flag}`);
      }
      continue;
    }
    positional.push(arg);
  }
  if (help) return { host: '', steps: [], delayMs, family, verbose, json, help };
  const [host, ...specs] = positional;
  if (host === undefined || specs.length === 0) throw new UsageError('expected HOST and at least one PORT');
  checkHost(host);
  if (expect !== undefined && waitPort === undefined) throw new UsageError('--expect needs --wait PORT');
  const defaultProtocol: Protocol = udp ? 'udp' : 'tcp';
  let steps: KnockStep[];
  try {
    steps = specs.map((spec) => parseStepSpec(spec, defaultProtocol));
  } catch (error) {
    if (error instanceof StepSpecError) throw new UsageError(error.message);
    throw error;
  }
  return {
    host,
    steps,
    delayMs,
    family,
    verbose,
    json,
    help,
    ...(waitPort !== undefined ? { wait: { port: waitPort, timeoutMs, expect: expect ?? 'none' } } : {}),
  };
}

function parseDelay(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 0 && ms <= 60_000)) throw new UsageError(`--delay must be milliseconds from 0 to 60000, got "${text}"`);
  return ms;
}

const familyLabel = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

function progressLine(event: KnockProgress, verbose: boolean, address: string): string | undefined {
  switch (event.kind) {
    case 'resolved':
      return verbose ? `resolved ${event.host} to ${event.address} (${familyLabel[event.family]})\n` : undefined;
    case 'step':
      return `[${event.index}/${event.total}] ${event.protocol} ${address}:${event.port}${verbose ? `  +${event.elapsedMs.toFixed(1)} ms` : ''}\n`;
    case 'done':
      return verbose ? `knocked ${event.steps} port(s) in ${event.elapsedMs.toFixed(1)} ms\n` : undefined;
    case 'waiting':
      return `waiting for port ${event.port} (up to ${event.timeoutMs / 1000} s)…\n`;
    default:
      return undefined;
  }
}

export function resultExitCode(result: KnockRunResult): number {
  return result.status === 'failed' ? diagnosisExitCodes[result.class] : exitCodes.ok;
}

/** Builds the `knock` command around injectable network dependencies. */
export function createKnockCommand(deps: NetCliDeps, engine?: KnockEngine): CliCommand {
  const knockEngine =
    engine ?? createKnockEngine({ sockets: deps.sockets, lookup: deps.lookup, clock: deps.clock, locks: processAddressLocks });
  return {
    name: 'knock',
    summary: 'send a knock sequence (like "knock"); --wait PORT also waits for the port to open',
    run: async (argv, io) => {
      let args: KnockArgs;
      try {
        args = parseKnockArgs(argv);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.err(`sesame knock: ${error.message}\nRun "sesame knock --help" for usage.\n`);
        return exitCodes.usage;
      }
      if (args.help) {
        io.out(knockHelp);
        return exitCodes.ok;
      }
      const controller = new AbortController();
      const unsubscribe = deps.onInterrupt(() => controller.abort());
      const events: KnockProgress[] = [];
      let address = args.host;
      try {
        const result = await knockEngine.run(
          { host: args.host, family: args.family, steps: args.steps, delayMs: args.delayMs, ...(args.wait ? { wait: args.wait } : {}) },
          {
            signal: controller.signal,
            onProgress: (event) => {
              events.push(event);
              if (event.kind === 'resolved') address = event.family === 'ipv6' ? `[${event.address}]` : event.address;
              if (args.json) return;
              const line = progressLine(event, args.verbose, address);
              if (line) io.out(line);
            },
          },
        );
        if (args.json) {
          io.out(`${JSON.stringify({ ...result, events })}\n`);
        } else if (result.status === 'open') {
          io.out(
            `open: port ${result.port} answered ${result.msFromFirstKnock.toFixed(0)} ms after the first knock ` +
              `(${result.msFromLastKnock.toFixed(0)} ms after the last, ${result.attempts} attempt(s))` +
              `${result.banner ? `\n${result.banner}` : ''}\n`,
          );
        } else if (result.status === 'failed') {
          const where = result.stage === 'wait' ? `port ${result.port ?? ''} did not open` : `${result.stage} failed`;
          io.err(`sesame knock: ${where}: ${result.class}\n`);
          printDiagnosis(io, result.class, result.detail);
        }
        return resultExitCode(result);
      } catch (error) {
        if (isAbortError(error) || controller.signal.aborted) {
          if (args.json) io.out(`${JSON.stringify({ status: 'cancelled', events })}\n`);
          else io.err('sesame knock: cancelled\n');
          return cancelledExitCode;
        }
        throw error;
      } finally {
        unsubscribe();
      }
    },
  };
}

export const knockCommand: CliCommand = createKnockCommand(nodeCliDeps);
