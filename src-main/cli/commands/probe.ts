import type { AddressFamily, BannerExpect } from '../../contract/schemas/common';
import { defaultProbeTimeoutMs, probe } from '../../core/diagnostics/probe';
import { isAbortError } from '../../core/net/abort';
import { exitCodes, type CliCommand } from '../io';
import {
  cancelledExitCode,
  checkHost,
  diagnosisExitCodes,
  exitCodeHelp,
  nodeCliDeps,
  optionValue,
  parseExpect,
  parsePort,
  parseTimeoutSeconds,
  printDiagnosis,
  UsageError,
  type NetCliDeps,
} from './knock';

interface ProbeArgs {
  host: string;
  port: number;
  family: AddressFamily;
  expect: BannerExpect;
  timeoutMs: number;
  json: boolean;
  help: boolean;
}

const probeHelp = `Usage: sesame probe [options] HOST PORT

Checks HOST:PORT without knocking and says what is in the way: no answer
(filtered), refused, accepted then reset before any greeting (TCP wrappers),
a different service, DNS failure or no route.

Options:
  --expect KIND   require an "ssh" or "ftp" greeting
  --timeout S     how long silence is tolerated (default ${defaultProbeTimeoutMs / 1000} s)
  -4, --ipv4      use IPv4 only
  -6, --ipv6      use IPv6 only
  --json          print one JSON object instead of text
  -h, --help      this help

${exitCodeHelp.replace('with --wait: the port is open', 'the port is open')}
`;

export function parseProbeArgs(argv: string[]): ProbeArgs {
  const args: ProbeArgs = { host: '', port: 0, family: 'auto', expect: 'none', timeoutMs: defaultProbeTimeoutMs, json: false, help: false };
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const long = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    let value: string;
    if (arg === '-4' || arg === '--ipv4') args.family = 'ipv4';
    else if (arg === '-6' || arg === '--ipv6') args.family = 'ipv6';
    else if (arg === '-h' || arg === '--help') args.help = true;
    else if (arg === '--json') args.json = true;
    else if (long?.[1] === 'expect') {
      [value, i] = optionValue(argv, i, long[2]);
      args.expect = parseExpect(value);
    } else if (long?.[1] === 'timeout') {
      [value, i] = optionValue(argv, i, long[2]);
      args.timeoutMs = parseTimeoutSeconds(value);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (args.help) return args;
  if (positional.length !== 2) throw new UsageError('expected HOST and PORT');
  args.host = positional[0] as string;
  checkHost(args.host);
  args.port = parsePort(positional[1] as string, 'PORT');
  return args;
}

/** Builds the `probe` command around injectable network dependencies. */
export function createProbeCommand(deps: NetCliDeps): CliCommand {
  return {
    name: 'probe',
    summary: 'diagnose HOST PORT without knocking (filtered, refused, TCP wrappers, …)',
    run: async (argv, io) => {
      let args: ProbeArgs;
      try {
        args = parseProbeArgs(argv);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.err(`sesame probe: ${error.message}\nRun "sesame probe --help" for usage.\n`);
        return exitCodes.usage;
      }
      if (args.help) {
        io.out(probeHelp);
        return exitCodes.ok;
      }
      const controller = new AbortController();
      const unsubscribe = deps.onInterrupt(() => controller.abort());
      try {
        const result = await probe(
          { host: args.host, family: args.family, port: args.port, expect: args.expect, timeoutMs: args.timeoutMs, signal: controller.signal },
          deps,
        );
        if (args.json) {
          io.out(`${JSON.stringify(result)}\n`);
        } else if (result.status === 'open') {
          const where = `${result.target.address}:${result.port}`;
          io.out(`open: ${where} answered in ${result.elapsedMs.toFixed(0)} ms${result.banner ? `\n${result.banner}` : ''}\n`);
        } else {
          io.out(`${args.host}:${args.port}: ${result.class}\n`);
          printDiagnosis(io, result.class, result.detail);
        }
        return result.status === 'open' ? exitCodes.ok : diagnosisExitCodes[result.class];
      } catch (error) {
        if (isAbortError(error) || controller.signal.aborted) {
          io.err('sesame probe: cancelled\n');
          return cancelledExitCode;
        }
        throw error;
      } finally {
        unsubscribe();
      }
    },
  };
}

export const probeCommand: CliCommand = createProbeCommand(nodeCliDeps);
