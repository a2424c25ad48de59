import net from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DiagnosisClass } from '../../contract/features/knock';
import { resolveAppPaths } from '../../core/app-paths';
import { nodeSockets, systemClock, systemLookup } from '../../core/net/node-net';
import { createDoorLeases, processAlive } from '../../core/proxy/door-lease';
import { systemTimers } from '../../core/door/keep-open';
import { sourceAddressToward } from '../../core/door/source-address';
import { findProfile, type FindResult, type ProxyMatch, type ProxyQuery } from '../../core/proxy/find-profile';
import { runProxy, type ProxyDeps, type ProxyEvent, type ProxyOutcome } from '../../core/proxy/run-proxy';
import { defineCommand, UsageError, type SpecCommand } from '../command';
import { cancelledExitCode, cliLanguage, diagnosisExitCodeLines, diagnosisExitCodes, localDetail } from '../diagnosis';
import { exitCodes, type CliIo } from '../io';
import { checkHost, parsePort } from '../net-args';

const help = `Usage: sesame proxy HOST PORT
       sesame proxy --profile PROFILE [HOST PORT]

OpenSSH's ProxyCommand: knocks on the door of the profile for HOST and PORT,
waits until the port opens, then relays stdin and stdout to it until either
side closes, and sends the profile's close sequence at the end. In
~/.ssh/config (or let "sesame ssh-config --install" write it):

    Host web
        HostName server.example.org
        Port 2222
        ProxyCommand sesame proxy %h %p

Then ssh, scp, sftp, rsync -e ssh, git over ssh and VS Code Remote-SSH knock
by themselves: ssh web, scp file web:, git clone ssh://web/srv/repo.git.

The profile is the one whose host and port are HOST and PORT, else the one
named HOST (or with that ssh alias; it then relays to the profile's port when
PORT is 22). Several proxies for one door at once (scp -r, Ansible forks)
knock once and share it; the close sequence goes out after the last one ends.
Nothing but the server's bytes is written to stdout; messages go to stderr.

Options:
  --profile PROFILE  use this profile (name, id or ssh alias), whatever HOST is
  -v, --verbose      say on stderr what happens (knocked, joined, open after
                     N ms, door closed)
  -h, --help         this help

Exit codes:
  ${exitCodes.ok}    the session ran and ended
  ${exitCodes.failure}    the door was busy, or an unexpected error
  ${exitCodes.usage}    bad command line, no such profile, or the profile cannot be used as it is
${diagnosisExitCodeLines.join('\n')}
  ${cancelledExitCode}  cancelled (Ctrl-C)
`;

const options = {
  profile: { type: 'string', value: 'profile' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

export const proxySpec = { name: 'proxy', help, options, positionals: { args: ['none', 'none'] } } as const;

export interface ProxyCliDeps {
  /** Builds the run's dependencies (tests pass their own streams and signals). */
  runtime: (io: CliIo) => Omit<ProxyDeps, 'onEvent'> & { profilesFile: string };
}

/** ssh's SIGHUP when it exits (sshconnect.c ssh_kill_proxy_command: it does not wait for us), SIGTERM, Ctrl-C. */
const stopSignals = ['SIGHUP', 'SIGTERM', 'SIGINT'] as const;

function nodeRuntime(io: CliIo): Omit<ProxyDeps, 'onEvent'> & { profilesFile: string } {
  const { profilesFile } = resolveAppPaths({ platform: process.platform, env: io.env, homedir: homedir() });
  const dir = join(dirname(profilesFile), 'doors');
  return {
    profilesFile,
    lookup: systemLookup,
    clock: systemClock,
    knockSockets: nodeSockets,
    connect: ({ host, port, family }) => net.connect({ host, port, family, allowHalfOpen: true, noDelay: true }),
    leases: createDoorLeases({
      dir,
      pid: process.pid,
      alive: processAlive,
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    }),
    now: Date.now,
    input: io.stdin,
    output: process.stdout,
    onStop: (stop) => {
      for (const name of stopSignals) process.on(name, stop);
      return () => {
        for (const name of stopSignals) process.off(name, stop);
      };
    },
    keepOpen: { timers: systemTimers, sourceAddress: (target, port) => sourceAddressToward(target, port) },
    oneTimeDoor: async (match, send) => {
      const { fullProfilesService } = await import('../../core/proxy/full-store');
      const profiles = fullProfilesService(profilesFile, (message) => say(io, message));
      await profiles.withOneTimeSequence(match.door.id, (next) => send(next.steps));
    },
  };
}

export const defaultProxyDeps: ProxyCliDeps = { runtime: nodeRuntime };

function query(values: { profile?: string }, positionals: string[]): ProxyQuery {
  if (positionals.length !== 0 && positionals.length !== 2) throw new UsageError({ key: 'proxy.hostPort' });
  const [host, port] = positionals;
  const target = host !== undefined && port !== undefined ? { host: checkHost(host), port: parsePort(port, 'PORT') } : undefined;
  if (values.profile !== undefined) return { profile: values.profile, ...(target ?? {}) };
  if (!target) throw new UsageError({ key: 'proxy.hostPortOrProfile' });
  return target;
}

async function translator(io: CliIo) {
  const [{ translate }, { cliLanguage }] = await Promise.all([import('../../core/i18n'), import('../diagnosis')]);
  const language = await cliLanguage(io);
  return { t: translate(language, 'serverKit'), d: translate(language, 'diagnostics') };
}

function say(io: CliIo, line: string): void {
  // stderr may be gone already (ssh exited before the close sequence): never let that end the run.
  try {
    io.err(`sesame proxy: ${line}\n`);
  } catch {
    // nothing to tell anyone
  }
}

async function reportFind(io: CliIo, result: Exclude<FindResult, { status: 'found' }>, q: ProxyQuery): Promise<number> {
  const { t } = await translator(io);
  switch (result.status) {
    case 'ambiguous':
      say(io, t('proxy.ambiguous', { host: q.host, port: q.port, names: result.names.join(', ') }));
      return exitCodes.usage;
    case 'unusable':
      say(io, t('proxy.unusable', { name: result.name, reason: result.reason }));
      return exitCodes.usage;
    case 'not-found':
      if (q.profile !== undefined) say(io, t('proxy.noProfile', { name: q.profile }));
      else if (result.otherPorts.length > 0) say(io, t('proxy.otherPorts', { host: q.host, port: q.port, ports: result.otherPorts.join(', ') }));
      else say(io, t('proxy.notFound', { host: q.host, port: q.port }));
      return exitCodes.usage;
  }
}

async function reportOutcome(io: CliIo, match: ProxyMatch, outcome: ProxyOutcome): Promise<number> {
  if (outcome.status === 'cancelled') return cancelledExitCode;
  if (outcome.status === 'done') {
    if (outcome.closeError !== undefined) {
      const { t } = await translator(io);
      say(io, t('proxy.closeFailed', { detail: outcome.closeError }));
    }
    if (outcome.relay.endedBy === 'error') {
      const { t } = await translator(io);
      say(io, t('proxy.lost', { code: outcome.relay.code ?? '?' }));
      return exitCodes.failure;
    }
    // Accepted, then closed before one byte: TCP wrappers' signature (ssh itself only says "Connection closed").
    if (outcome.relay.fromServer === 0 && outcome.relay.endedBy === 'server') return failed(io, match, 'reset-before-banner');
    return exitCodes.ok;
  }
  const { t } = await translator(io);
  if (outcome.status === 'busy') {
    say(io, t('proxy.busy', { detail: outcome.detail }));
    return exitCodes.failure;
  }
  return failed(io, match, outcome.class, outcome.address, outcome.detail);
}

async function failed(io: CliIo, match: ProxyMatch, cls: DiagnosisClass, address?: string, detail?: string): Promise<number> {
  const { t, d } = await translator(io);
  const where = `${address ?? match.door.host}:${match.port}`;
  say(io, t('proxy.failed', { name: match.door.name, where, title: d(`classes.${cls}.title`), hint: t(`proxy.hints.${cls}`, { port: match.port, host: match.door.host, name: match.door.name }) }));
  if (detail) say(io, `(${await localDetail(detail, await cliLanguage(io))})`);
  return diagnosisExitCodes[cls];
}

function verboseLine(t: Awaited<ReturnType<typeof translator>>['t'] | undefined, event: ProxyEvent, match: ProxyMatch): string | undefined {
  if (!t) return undefined;
  switch (event.kind) {
    case 'resolved':
      return t('proxy.events.resolved', { host: match.door.host, address: event.address });
    case 'knocked':
      return t('proxy.events.knocked', { name: match.door.name, count: event.packets });
    case 'joined':
      return t('proxy.events.joined', { port: match.port });
    case 'open':
      return t('proxy.events.open', { port: match.port, ms: Math.round(event.ms), attempts: event.attempts });
    case 'closed':
      return t('proxy.events.closed');
    case 'left-open':
      return t(event.reason === 'others' ? 'proxy.events.othersRemain' : 'proxy.events.noClose');
    case 'reknocked':
      return event.by === 'other'
        ? t('proxy.events.reknockedByOther')
        : t('proxy.events.reknocked', { why: t(event.reason === 'address' ? 'proxy.events.addressChanged' : 'proxy.events.timer') });
    case 'keep-open-failed':
      return t('proxy.events.keepOpenFailed', { detail: event.detail });
  }
}

export function createProxyCommand(deps: ProxyCliDeps = defaultProxyDeps): SpecCommand<typeof options> {
  return defineCommand(proxySpec, async ({ values, positionals }, io) => {
    const q = query(values, positionals);
    const runtime = deps.runtime(io);
    const found = await findProfile(q, {
      profilesFile: runtime.profilesFile,
      fullStore: async () => {
        const { fullCandidates } = await import('../../core/proxy/full-store');
        return fullCandidates(runtime.profilesFile, (message) => say(io, message));
      },
    });
    if (found.status !== 'found') return reportFind(io, found, q);
    const { match } = found;
    // Verbose output only: a quiet run never loads the translations.
    const t = values.verbose ? (await translator(io)).t : undefined;
    let outcome: ProxyOutcome;
    try {
      outcome = await runProxy(match, {
        ...runtime,
        onEvent: (event) => {
          // A door that may have shut is said even without -v (translations loaded then, not before).
          if (event.kind === 'keep-open-failed' && !t) {
            void translator(io).then(({ t: words }) => say(io, verboseLine(words, event, match) ?? event.detail));
            return;
          }
          const line = verboseLine(t, event, match);
          if (line) say(io, line);
        },
      });
    } catch (error) {
      // The profile store's refusals (every one-time sequence spent, a locked file) are the user's
      // to fix, not a crash: one line for ssh to show. Loaded only here: zod stays off the quick path.
      const [{ isContractError }, { localMessage }] = await Promise.all([import('../../contract/error-codes'), import('../local-error')]);
      if (!isContractError(error)) throw error;
      say(io, `${match.door.name}: ${await localMessage(io.env, error)}`);
      return exitCodes.failure;
    }
    return reportOutcome(io, match, outcome);
  });
}

export const command = createProxyCommand();
