import type { AddressFamily, BannerExpect } from '../../contract/schemas/common';
import { defaultProbeTimeoutMs, probe } from '../../core/diagnostics/probe';
import { isAbortError } from '../../core/net/abort';
import { defineCommand, parseCommandLine, UsageError, type ParsedArgs, type SpecCommand } from '../command';
import { cancelledExitCode, diagnosisExitCodes, exitCodeHelp, printDiagnosis, printProbeOpen } from '../diagnosis';
import { exitCodes } from '../io';
import { checkHost, expectChoices, familyFrom, nodeCliDeps, parsePort, parseTimeoutSeconds, type NetCliDeps } from '../net-args';

interface ProbeArgs {
  host: string;
  port: number;
  family: AddressFamily;
  /** Undefined: the port's well-known service (22 ssh, 21 ftp), else none. */
  expect: BannerExpect | undefined;
  timeoutMs: number;
  json: boolean;
}

const probeHelp = `Usage: sesame probe [options] HOST PORT

Checks HOST:PORT without knocking and says what is in the way: no answer
(filtered), refused, accepted then turned away before login (TCP wrappers:
a reset, or FTP "421"), a different service, DNS failure or no route.

On port 22 the SSH greeting and on port 21 the FTP greeting is read by
default. Elsewhere probe listens briefly after connecting (0.5 s or more)
for a greeting or a refusal; sshd's TCP-wrappers denial only shows after
about 5 s, so name the service to be sure.

Options:
  --expect KIND   require an "ssh" or "ftp" greeting, or "none" for the
                  connection only (default: by port, see above)
  --timeout S     how long silence is tolerated (default ${defaultProbeTimeoutMs / 1000} s)
  -4, --ipv4      use IPv4 only
  -6, --ipv6      use IPv6 only
  --json          print one JSON object instead of text
  -h, --help      this help

${exitCodeHelp.replace('knocked; with --wait: the port is open', 'the port is open')}
`;

const options = {
  expect: { type: 'string', choices: expectChoices },
  timeout: { type: 'string' },
  ipv4: { type: 'boolean', short: '4' },
  ipv6: { type: 'boolean', short: '6' },
  json: { type: 'boolean' },
} as const;

export const probeSpec = { name: 'probe', help: probeHelp, options } as const;

function toProbeArgs({ values, positionals }: ParsedArgs<typeof options>): ProbeArgs {
  if (positionals.length !== 2) throw new UsageError({ key: 'usage.hostAndPort' });
  const [typed, port] = positionals as [string, string];
  const host = checkHost(typed);
  return {
    host,
    port: parsePort(port, 'PORT'),
    family: familyFrom(values),
    expect: values.expect,
    timeoutMs: values.timeout === undefined ? defaultProbeTimeoutMs : parseTimeoutSeconds(values.timeout),
    json: values.json ?? false,
  };
}

/** Parses a probe command line (throws {@link UsageError}); exported for tests. */
export function parseProbeArgs(argv: string[]): ProbeArgs {
  return toProbeArgs(parseCommandLine(probeSpec, argv));
}

/** Builds the `probe` command around injectable network dependencies. */
export function createProbeCommand(deps: NetCliDeps): SpecCommand<typeof options> {
  return defineCommand(probeSpec, async (parsed, io) => {
    const args = toProbeArgs(parsed);
    const controller = new AbortController();
    const unsubscribe = deps.onInterrupt(() => controller.abort());
    try {
      const result = await probe(
        {
          host: args.host,
          family: args.family,
          port: args.port,
          ...(args.expect ? { expect: args.expect } : {}),
          timeoutMs: args.timeoutMs,
          signal: controller.signal,
        },
        deps,
      );
      if (args.json) {
        io.out(`${JSON.stringify(result)}\n`);
      } else if (result.status === 'open') {
        await printProbeOpen(io, result, args.expect !== undefined);
      } else {
        io.out(`${args.host}:${args.port}: ${result.class}\n`);
        await printDiagnosis(io, result.class, result.detail);
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
  });
}

export const command = createProbeCommand(nodeCliDeps);
