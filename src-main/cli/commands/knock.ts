import type { KnockProgress, KnockRunResult } from '../../contract/features/knock';
import type { AddressFamily, BannerExpect, KnockStep } from '../../contract/schemas/common';
import { processAddressLocks } from '../../core/knock/address-locks';
import { createKnockEngine, type KnockEngine } from '../../core/knock/engine';
import { parseStepSpec, StepSpecError } from '../../core/knock/step-spec';
import { isAbortError } from '../../core/net/abort';
import { defineCommand, parseCommandLine, UsageError, type ParsedArgs, type SpecCommand } from '../command';
import { cancelledExitCode, diagnosisExitCodes, exitCodeHelp, printDiagnosis } from '../diagnosis';
import { exitCodes } from '../io';
import { checkHost, expectChoices, familyFrom, nodeCliDeps, parsePort, parseTimeoutSeconds, type NetCliDeps } from '../net-args';
import { cliText, type CliText } from '../messages';

interface KnockArgs {
  host: string;
  steps: KnockStep[];
  delayMs: number;
  family: AddressFamily;
  verbose: boolean;
  json: boolean;
  wait?: { port: number; timeoutMs: number; expect: BannerExpect };
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
      --expect KIND  with --wait: require an "ssh" or "ftp" greeting (default none)
      --json         print one JSON object instead of text
  -h, --help         this help

Examples:
  sesame knock myserver.example.com 123:tcp 456:udp 789:tcp
  sesame knock -u myserver.example.com 8284 4721 18592
  sesame knock --wait 22 --expect ssh myserver 7000 8000 9000 && ssh myserver

${exitCodeHelp}
`;

const options = {
  udp: { type: 'boolean', short: 'u' },
  delay: { type: 'string', short: 'd' },
  ipv4: { type: 'boolean', short: '4' },
  ipv6: { type: 'boolean', short: '6' },
  verbose: { type: 'boolean', short: 'v' },
  wait: { type: 'string' },
  timeout: { type: 'string' },
  expect: { type: 'string', choices: expectChoices },
  json: { type: 'boolean' },
} as const;

export const knockSpec = { name: 'knock', help: knockHelp, options } as const;

/** The classic knock syntax on `util.parseArgs`: `-d 0 HOST 1111 2222:udp 3333 --wait 22`, `-uv`, `-d50`, `--delay=7`. */
function toKnockArgs({ values, positionals }: ParsedArgs<typeof options>): KnockArgs {
  const [typed, ...specs] = positionals;
  if (typed === undefined || specs.length === 0) throw new UsageError({ key: 'usage.hostAndPorts' });
  const host = checkHost(typed);
  if (values.expect !== undefined && values.wait === undefined) throw new UsageError({ key: 'usage.expectNeedsWait' });
  const defaultProtocol = values.udp ? 'udp' : 'tcp';
  let steps: KnockStep[];
  try {
    steps = specs.map((spec) => parseStepSpec(spec, defaultProtocol));
  } catch (error) {
    if (error instanceof StepSpecError) throw new UsageError(error.message);
    throw error;
  }
  const waitPort = values.wait === undefined ? undefined : parsePort(values.wait, '--wait');
  const timeoutMs = values.timeout === undefined ? 10_000 : parseTimeoutSeconds(values.timeout);
  return {
    host,
    steps,
    delayMs: values.delay === undefined ? 0 : parseDelay(values.delay),
    family: familyFrom(values),
    verbose: values.verbose ?? false,
    json: values.json ?? false,
    ...(waitPort !== undefined ? { wait: { port: waitPort, timeoutMs, expect: values.expect ?? 'none' } } : {}),
  };
}

function parseDelay(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(ms >= 0 && ms <= 60_000)) throw new UsageError({ key: 'usage.delay', values: { value: text } });
  return ms;
}

const familyLabel = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;

function progressLine(event: KnockProgress, verbose: boolean, address: string, t: CliText): string | undefined {
  switch (event.kind) {
    case 'resolved':
      return verbose ? `${t('knock.resolved', { host: event.host, address: event.address, family: familyLabel[event.family] })}\n` : undefined;
    case 'step':
      return `[${event.index}/${event.total}] ${event.protocol} ${address}:${event.port}${verbose ? `  +${event.elapsedMs.toFixed(1)} ms` : ''}\n`;
    case 'done':
      return verbose ? `${t('knock.done', { steps: event.steps, ms: event.elapsedMs.toFixed(1) })}\n` : undefined;
    case 'waiting':
      return `${t('knock.waiting', { port: event.port, seconds: event.timeoutMs / 1000 })}\n`;
    default:
      return undefined;
  }
}

export function resultExitCode(result: KnockRunResult): number {
  return result.status === 'failed' ? diagnosisExitCodes[result.class] : exitCodes.ok;
}

/** Parses a knock command line (throws {@link UsageError}); exported for tests. */
export function parseKnockArgs(argv: string[]): KnockArgs {
  return toKnockArgs(parseCommandLine(knockSpec, argv));
}

/** Builds the `knock` command around injectable network dependencies. */
export function createKnockCommand(deps: NetCliDeps, engine?: KnockEngine): SpecCommand<typeof options> {
  let knockEngine = engine;
  return defineCommand(knockSpec, async (parsed, io) => {
    const args = toKnockArgs(parsed);
    knockEngine ??= createKnockEngine({ sockets: deps.sockets, lookup: deps.lookup, clock: deps.clock, locks: processAddressLocks });
    const controller = new AbortController();
    const unsubscribe = deps.onInterrupt(() => controller.abort());
    const events: KnockProgress[] = [];
    const t = cliText(io.env);
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
            const line = progressLine(event, args.verbose, address, t);
            if (line) io.out(line);
          },
        },
      );
      if (args.json) {
        io.out(`${JSON.stringify({ ...result, events })}\n`);
      } else if (result.status === 'open') {
        const open = t('knock.open', { port: result.port, first: result.msFromFirstKnock.toFixed(0), last: result.msFromLastKnock.toFixed(0), attempts: result.attempts });
        io.out(`${open}${result.banner ? `\n${result.banner}` : ''}\n`);
      } else if (result.status === 'failed') {
        const where = result.stage === 'wait' ? t('knock.portShut', { port: result.port ?? '' }) : t(`knock.stageFailed.${result.stage}`);
        io.err(`sesame knock: ${where}: ${result.class}\n`);
        await printDiagnosis(io, result.class, result.detail);
      }
      return resultExitCode(result);
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) {
        if (args.json) io.out(`${JSON.stringify({ status: 'cancelled', events })}\n`);
        else io.err(`sesame knock: ${t('knock.cancelled')}\n`);
        return cancelledExitCode;
      }
      throw error;
    } finally {
      unsubscribe();
    }
  });
}

export const command = createKnockCommand(nodeCliDeps);
