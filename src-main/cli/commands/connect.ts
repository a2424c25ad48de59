import { randomUUID } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { isContractError } from '../../contract/errors';
import type { ConnectProgress } from '../../contract/features/connect';
import { createCore, type Core } from '../../core/app-core';
import { resolveAppPaths } from '../../core/app-paths';
import { nodeAskpassRuntime, systemLauncher } from '../../core/launcher/system';
import { createKeyringSecretStore } from '../../core/secrets/keyring-secret-store';
import { exitCodes, type CliCommand, type CliIo } from '../io';
import { cancelledExitCode, diagnosisExitCodes, nodeCliDeps, printDiagnosis, type NetCliDeps } from './knock';

const help = `Usage: sesame connect PROFILE [--exec COMMAND] [--no-close] [--json]

Knocks PROFILE's sequence, waits until its port really answers, then runs the
client in this terminal (OpenSSH for ssh/sftp, lftp for ftp) on the address
that was knocked. Passwords and key passphrases come from the OS keychain
(never from the command line). When the client exits, the profile's close
sequence is sent (unless --no-close).

  --exec COMMAND   run COMMAND on the server instead of an interactive shell (ssh)
  --no-close       do not send the close sequence afterwards
  --json           print the outcome as JSON on stdout (progress stays on stderr)

PROFILE is a profile name or id (see "sesame profiles list").

Exit codes:
  0    the client ran and exited with 0
  1    unexpected error, or the client exited non-zero
  2    bad command line or incomplete profile
${Object.entries(diagnosisExitCodes)
  .map(([cls, code]) => `  ${code}    ${cls}`)
  .join('\n')}
  ${cancelledExitCode}  cancelled (Ctrl-C) before the client started
`;

function progressLine(event: ConnectProgress): string | undefined {
  switch (event.kind) {
    case 'resolved':
      return `${event.host} → ${event.address} (${event.family === 'ipv6' ? 'IPv6' : 'IPv4'})`;
    case 'step':
      return `knock ${event.index}/${event.total}  ${event.protocol} ${event.port}`;
    case 'waiting':
      return `waiting for port ${event.port}…`;
    case 'open':
      return `open after ${Math.round(event.msFromFirstKnock)} ms`;
    case 'ftp-mode':
      return `FTP ${event.mode} mode: ${event.reason}`;
    case 'launched':
      return [`launched ${event.client}`, ...event.notes].join('\n  ');
    case 'closed':
      return `door closed (${event.steps} knock(s))`;
    case 'error':
      // Failures before the launch are printed once, at the end; after it, this is the close sequence.
      return event.code === 'CLOSE_FAILED' ? `warning: ${event.message}` : undefined;
    default:
      return undefined;
  }
}

export interface ConnectCliDeps {
  net: Pick<NetCliDeps, 'onInterrupt'>;
  /** Builds the core; tests pass one with their own launcher and keychain. */
  core(io: CliIo, emit: (event: ConnectProgress) => void): Core;
}

function defaultCore(io: CliIo, onProgress: (event: ConnectProgress) => void): Core {
  const paths = resolveAppPaths({ platform: process.platform, env: io.env, homedir: homedir() });
  return createCore({
    app: { name: 'Sesame', version: '', platform: process.platform, locale: io.env.LANG ?? 'en' },
    now: Date.now,
    emit: (event, payload) => {
      if (event === 'connectProgress') onProgress((payload as { event: ConnectProgress }).event);
    },
    profilesFile: paths.profilesFile,
    homedir: homedir(),
    secrets: createKeyringSecretStore(),
    launcher: systemLauncher({
      platform: process.platform,
      env: io.env,
      tmpDir: tmpdir(),
      askpassRuntime: nodeAskpassRuntime(),
    }),
  });
}

export function createConnectCommand(deps: ConnectCliDeps): CliCommand {
  return {
    name: 'connect',
    summary: 'Knock, wait for the port, then run the SSH/FTP client here',
    async run(argv, io) {
      let values: { exec?: string; 'no-close'?: boolean; json?: boolean; help?: boolean };
      let positionals: string[];
      try {
        ({ values, positionals } = parseArgs({
          args: argv,
          allowPositionals: true,
          options: { exec: { type: 'string' }, 'no-close': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        }));
      } catch (error) {
        io.err(`sesame connect: ${(error as Error).message}\n${help}`);
        return exitCodes.usage;
      }
      if (values.help) {
        io.out(help);
        return exitCodes.ok;
      }
      const [ref, ...extra] = positionals;
      if (!ref || extra.length > 0) {
        io.err(`sesame connect: name exactly one profile\n${help}`);
        return exitCodes.usage;
      }
      const core = deps.core(io, (event) => {
        const line = progressLine(event);
        if (line) io.err(`${line}\n`);
      });
      const runId = randomUUID();
      const stop = deps.net.onInterrupt(() => core.connector.cancel(runId));
      try {
        const profile = await core.profiles.resolve(ref);
        const run = await core.connector.connect({
          profileId: profile.id,
          runId,
          sendCloseSequence: !values['no-close'],
          choice: { terminal: 'inline' },
          ...(values.exec !== undefined ? { remoteCommand: [values.exec] } : {}),
        });
        stop();
        let code: number;
        if (run.outcome === 'cancelled') code = cancelledExitCode;
        else if (run.outcome === 'failed') {
          if (run.diagnosis) printDiagnosis(io, run.diagnosis.class, run.diagnosis.detail);
          else if (run.error) io.err(`sesame connect: ${run.error.message}\n`);
          code = run.diagnosis ? diagnosisExitCodes[run.diagnosis.class] : exitCodes.failure;
        } else {
          const exit = await run.client?.exited.catch(() => ({ code: 1 }));
          await run.client?.closed;
          code = exit?.code === 0 ? exitCodes.ok : exitCodes.failure;
        }
        if (values.json) {
          const { client: _client, ...result } = run;
          io.out(`${JSON.stringify(result)}\n`);
        }
        return code;
      } catch (error) {
        stop();
        if (isContractError(error)) {
          io.err(`sesame connect: ${error.message}\n`);
          return error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? exitCodes.usage : exitCodes.failure;
        }
        throw error;
      }
    },
  };
}

export const connectCommand = createConnectCommand({ net: nodeCliDeps, core: defaultCore });
