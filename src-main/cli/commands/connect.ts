import { randomUUID } from 'node:crypto';
import { fstatSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { isContractError } from '../../contract/error-codes';
import type { ConnectProgress } from '../../contract/features/connect';
import { doorOf } from '../../contract/features/profile-facts';
import type { DestinationInfo, Profile, SecretKind } from '../../contract/features/profiles';
import { defineCommand, UsageError, type SpecCommand } from '../command';
import { cliConnectCore, type ConnectCore } from '../connect-core';
import { cancelledExitCode, diagnosisExitCodeLines, diagnosisExitCodes, printDiagnosis } from '../diagnosis';
import { exitCodes, type CliIo } from '../io';
import { nodeCliDeps } from '../net-args';
import { askHostKeyOnCli, yes } from '../host-key-prompt';
import { cliText, terminalLanguage, type CliText } from '../messages';
import { keychainProblemOf } from '../../core/secrets/keyring-secret-store';
import { localMessage } from '../local-error';
import { readAnswer } from '../prompt';

const help = `Usage: sesame connect PROFILE [--exec COMMAND [--tty]] [--no-close] [--confirm-destination] [--json-fd N]

Knocks PROFILE's sequence, waits until its port really answers, then runs the
client in this terminal (OpenSSH for ssh/sftp, lftp for ftp) on the address
that was knocked. Passwords and key passphrases come from the OS keychain
(never from the command line); with no keychain running (a box reached over
SSH) or a locked one, the client asks for them, and one line says why. When
the client exits, the profile's close sequence is sent (unless --no-close).
While the client runs, Ctrl-C and Ctrl-\\ are the client's: Sesame waits for it
to end, then closes the door.

  --exec COMMAND   run COMMAND on the server instead of an interactive shell (ssh)
  --tty            give COMMAND a terminal (ssh -t), for interactive ones: top, sudo, vim
  --no-close       do not send the close sequence afterwards
  --confirm-destination
                   the profile's host, port or user changed since its password
                   (or key passphrase) was saved: send it to the new one anyway.
                   Without it Sesame asks on a terminal, and refuses in scripts.
  --json-fd N      write the outcome as one line of JSON to file descriptor N
                   (3 or higher: stdout and stderr belong to the client), e.g.
                   --json-fd 3 3>outcome.json. "exitCode" is Sesame's exit
                   status; "clientExit" ({code, signal}) is there exactly when
                   the client ran.

PROFILE is a profile name or id (see "sesame profiles list").

Exit codes:
  When the client ran, Sesame exits with the client's status: with --exec, the
  remote command's status (0-255, as ssh passes it on; ssh's own failures are
  255); a client ended by a signal gives 128+N, as in a shell.
  When the client did not run, the code is Sesame's own:
  ${exitCodes.failure}    unexpected error, or the launch was refused
  ${exitCodes.usage}    bad command line or incomplete profile
${diagnosisExitCodeLines.join('\n')}
  ${cancelledExitCode}  cancelled (Ctrl-C) before the client started
  The same numbers can come from a remote command: scripts that must tell them
  apart read --json-fd ("clientExit" present = the client's status).
`;

/** Main's English sentences (notices, launch notes, the FTP check's reason) in the terminal's language. */
type Translate = (message: string) => string;

/**
 * One progress event as a line on stderr, in the terminal's language; `noticed`
 * holds the notices already printed (not repeated among the launch notes).
 */
function progressLine(event: ConnectProgress, noticed: Set<string>, t: CliText, translate: Translate): string | undefined {
  switch (event.kind) {
    case 'resolved':
      return t('connect.resolved', { host: event.host, address: event.address, family: event.family === 'ipv6' ? 'IPv6' : 'IPv4' });
    case 'step':
      return t('connect.step', { index: event.index, total: event.total, protocol: event.protocol, port: event.port });
    case 'waiting':
      return t('connect.waiting', { port: event.port });
    case 'open':
      return t('connect.open', { ms: Math.round(event.msFromFirstKnock) });
    case 'ftp-mode':
      return t('connect.ftpMode', { mode: t(`connect.${event.mode}`), reason: translate(event.reason) });
    case 'notice':
      noticed.add(event.message);
      return t('connect.note', { message: translate(event.message) });
    case 'launched':
      return [t('connect.launched', { client: event.client }), ...event.notes.filter((note) => !noticed.has(note)).map(translate)].join('\n  ');
    case 'closed':
      return t('connect.closed', { steps: event.steps });
    case 'prompt-refused':
      // ssh asked for something that is not this profile's login (a ProxyJump hop, a foreign prompt).
      return t('connect.promptRefused', { prompt: event.prompt });
    case 'error':
      // Failures before the launch are printed once, at the end; after it, this is the close sequence,
      // or the client that could not run or died (its exit status says nothing then, so the line must).
      if (event.code === 'CLOSE_FAILED') return t('connect.warning', { message: translate(event.message) });
      return event.code === 'CLIENT_FAILED' ? translate(event.message) : undefined;
    default:
      return undefined;
  }
}

/**
 * Progress lines in order. In English they are written at once; in another
 * language main's sentences need the message tables, loaded (in the
 * background, from the start of the command) only then: `flush` waits for
 * every line, and a knock never waits for the tables.
 */
function progressPrinter(io: CliIo): { print(event: ConnectProgress): void; flush(): Promise<void> } {
  const t = cliText(io.env);
  const noticed = new Set<string>();
  const language = terminalLanguage(io.env);
  if (language === 'en') {
    return {
      print: (event) => {
        const line = progressLine(event, noticed, t, (m) => m);
        if (line) io.err(`${line}\n`);
      },
      flush: async () => undefined,
    };
  }
  const tables = import('../../contract/locales/messages').then(({ translateMessage }) => (m: string) => translateMessage(m, language).text);
  let queue: Promise<void> = Promise.resolve();
  return {
    print: (event) => {
      queue = queue
        .then(() => tables)
        .then((translate) => {
          const line = progressLine(event, noticed, t, translate);
          if (line) io.err(`${line}\n`);
        });
    },
    flush: () => queue,
  };
}

/** The process-wide parts of a connect that tests replace: signals and the JSON descriptor. */
export interface ConnectProcess {
  /** Calls `cancel` on Ctrl-C; returns the unsubscribe. */
  onInterrupt(cancel: () => void): () => void;
  /**
   * While a client shares this terminal it is in the same foreground process
   * group, so the terminal sends it Ctrl-C (SIGINT) and Ctrl-\\ (SIGQUIT) too:
   * Sesame must not die of them (that orphans the client, breaks the terminal
   * and leaves the door open). Returns the function that restores them.
   */
  yieldSignals(): () => void;
  /** Throws a UsageError unless `fd` is open. */
  checkFd(fd: number): void;
  writeFd(fd: number, text: string): void;
}

export const nodeConnectProcess: ConnectProcess = {
  onInterrupt: nodeCliDeps.onInterrupt,
  yieldSignals() {
    // Windows has no SIGQUIT; Ctrl-Break (SIGBREAK) is the console's second key.
    const signals: NodeJS.Signals[] = process.platform === 'win32' ? ['SIGINT', 'SIGBREAK'] : ['SIGINT', 'SIGQUIT'];
    const ignore = () => undefined;
    for (const signal of signals) process.on(signal, ignore);
    return () => {
      for (const signal of signals) process.off(signal, ignore);
    };
  },
  checkFd(fd) {
    try {
      fstatSync(fd);
    } catch {
      throw new UsageError({ key: 'connect.fdNotOpen', values: { fd } });
    }
  },
  writeFd(fd, text) {
    writeSync(fd, text);
  },
};

export interface ConnectCliDeps {
  process: ConnectProcess;
  /** Builds the core; tests pass one with their own launcher and keychain. */
  core(io: CliIo, emit: (event: ConnectProgress) => void): ConnectCore;
}

const options = {
  exec: { type: 'string' },
  tty: { type: 'boolean' },
  'no-close': { type: 'boolean' },
  'confirm-destination': { type: 'boolean' },
  'json-fd': { type: 'string' },
} as const;

const where = (d: DestinationInfo | null, t: CliText) => (d ? `${d.user !== undefined ? `${d.user}@` : ''}${d.host.includes(':') ? `[${d.host}]` : d.host}:${d.port}` : t('connect.notRecorded'));

/**
 * Before any knock: when the saved secret this connect would use was saved for
 * another host, port or user, ask (terminal) or refuse (scripts, unless
 * --confirm-destination). Returns false when the connect must not go ahead.
 */
async function confirmDestination(core: ConnectCore, profile: Profile, io: CliIo, confirmed: boolean): Promise<boolean> {
  const needed: SecretKind[] = profile.auth.method === 'password' ? ['password'] : profile.auth.method === 'key' ? ['passphrase'] : [];
  // An SPA packet made with the keys goes to the host too: a changed host would get a packet it can replay.
  if (doorOf(profile) === 'spa') needed.push('spa-key', 'spa-hmac-key');
  if (needed.length === 0) return true;
  let status;
  try {
    status = await core.profiles.secretDestination(profile.id);
  } catch (error) {
    // No keychain, or a locked one: nothing saved will be sent, the client asks (the connector says why).
    if (keychainProblemOf(error) !== undefined) return true;
    throw error;
  }
  const held = status.unconfirmed.filter((k) => needed.includes(k));
  if (held.length === 0 || !status.current) return true;
  const t = cliText(io.env);
  const what = held.map((k) => t(`common.${k}`)).join(` ${t('connect.and')} `);
  const [old, now] = [where(status.savedFor, t), where(status.current, t)];
  const question = t('connect.destination', { what, name: profile.name, old, now });
  if (!confirmed) {
    if (!io.stdinIsTTY) {
      io.err(`sesame connect: ${t('connect.destinationScript', { question })}\n`);
      return false;
    }
    const answer = await readAnswer(io, `${question}\n${t('connect.destinationAsk', { what, now })} [y/N] `);
    if (!yes.test(answer?.trim() ?? '')) {
      io.err(`sesame connect: ${t('connect.notSent')}\n`);
      return false;
    }
  }
  await core.profiles.confirmSecretDestination(profile.id, status.current);
  return true;
}

export const connectSpec = { name: 'connect', help, options, positionals: { args: ['profile'] } } as const;

export function createConnectCommand(deps: ConnectCliDeps): SpecCommand<typeof options> {
  return defineCommand(connectSpec, async ({ values, positionals }, io) => {
    const [ref, ...extra] = positionals;
    if (!ref || extra.length > 0) throw new UsageError({ key: 'connect.oneProfile' });
    if (values.tty && values.exec === undefined) throw new UsageError({ key: 'connect.ttyNeedsExec' });
    const jsonFd = values['json-fd'] === undefined ? undefined : parseJsonFd(values['json-fd']);
    if (jsonFd !== undefined) deps.process.checkFd(jsonFd);
    const progress = progressPrinter(io);
    const core = deps.core(io, progress.print);
    const runId = randomUUID();
    const stop = deps.process.onInterrupt(() => core.connector.cancel(runId));
    let restoreSignals: (() => void) | undefined;
    const outcome = (code: number, result: Record<string, unknown>): number => {
      if (jsonFd !== undefined) deps.process.writeFd(jsonFd, `${JSON.stringify({ ...result, exitCode: code })}\n`);
      return code;
    };
    try {
      const profile = await core.profiles.resolve(ref);
      if (!(await confirmDestination(core, profile, io, values['confirm-destination'] ?? false))) {
        stop();
        return outcome(exitCodes.failure, { runId, outcome: 'failed', error: { code: 'DESTINATION_UNCONFIRMED', message: 'not confirmed: nothing was sent' } });
      }
      const run = await core.connector.connect({
        profileId: profile.id,
        runId,
        sendCloseSequence: !values['no-close'],
        choice: { terminal: 'inline' },
        ...(values.exec !== undefined ? { remoteCommand: [values.exec] } : {}),
        ...(values.tty ? { requestTty: true } : {}),
        // Host-key questions are answered here, on this terminal (not in a window no one looks at).
        confirmHostKey: askHostKeyOnCli(io),
        // Before the spawn, so there is no moment where the client runs and Ctrl-C still kills Sesame.
        onClientStarting: ({ inline }) => {
          if (inline) restoreSignals ??= deps.process.yieldSignals();
        },
      });
      stop();
      await progress.flush();
      const { client, ...result } = run;
      if (run.outcome === 'cancelled') return outcome(cancelledExitCode, result);
      if (run.outcome === 'failed') {
        if (run.diagnosis) await printDiagnosis(io, run.diagnosis.class, run.diagnosis.detail, profile.service.port);
        else if (run.error) io.err(`sesame connect: ${await localMessage(io.env, run.error)}\n`);
        return outcome(run.diagnosis ? diagnosisExitCodes[run.diagnosis.class] : exitCodes.failure, result);
      }
      const exit = await client?.exited.catch(() => undefined);
      // Ctrl-C stays the client's until the close sequence went out.
      await client?.closed;
      if (exit === undefined) return outcome(exitCodes.failure, result);
      return outcome(clientStatus(exit), { ...result, clientExit: { code: exit.code, signal: exit.signal } });
    } catch (error) {
      stop();
      await progress.flush();
      if (isContractError(error)) {
        io.err(`sesame connect: ${await localMessage(io.env, error)}\n`);
        const code = error.code === 'INVALID_INPUT' || error.code === 'NOT_FOUND' ? exitCodes.usage : exitCodes.failure;
        return outcome(code, { runId, outcome: 'failed', error: { code: error.code, message: error.message } });
      }
      throw error;
    } finally {
      restoreSignals?.();
      await progress.flush();
    }
  });
}

/** The client's status as a shell reports it: its exit code, or 128 + the signal's number. */
export function clientStatus(exit: { code: number | null; signal: NodeJS.Signals | null }): number {
  if (exit.code !== null) return exit.code;
  const number = exit.signal ? (osConstants.signals as Record<string, number | undefined>)[exit.signal] : undefined;
  return number === undefined ? exitCodes.failure : 128 + number;
}

function parseJsonFd(text: string): number {
  const fd = /^\d{1,4}$/.test(text) ? Number(text) : NaN;
  if (!(fd >= 3)) {
    throw new UsageError({ key: 'connect.badFd', values: { value: text } });
  }
  return fd;
}

export const command = createConnectCommand({ process: nodeConnectProcess, core: cliConnectCore });
