import type { AskpassProvider, AskpassSession } from './askpass-session';
import type { SecretKind } from './askpass-server';
import {
  filezillaArgs,
  filezillaModeHint,
  lftpArgs,
  puttyArgs,
  sftpArgs,
  sshArgs,
  winscpArgs,
} from './client-args';
import { fillTemplate } from './custom-template';
import { defaultTerminal, needsTerminal, type Detected } from './detect';
import type { PrivateDir, PrivateDirFactory } from './private-dir';
import { macLaunchScript, macTerminalCommand, wrapInTerminal, type MacLaunchScript, type TerminalCommand } from './terminals';
import type { ClientId, ClipboardHandoff, LaunchPlan, LaunchRequest, LaunchSecrets, LaunchService, TerminalId, Timers } from './types';
import { LaunchError, validateRequest } from './validate';

export interface PlanContext {
  detected: Detected;
  /** The environment the client starts from (usually process.env). */
  env: Record<string, string | undefined>;
  secrets?: LaunchSecrets;
  /** Needed whenever a secret must reach OpenSSH (or lftp on macOS). */
  askpass?: AskpassProvider;
  /** Needed for PuTTY/WinSCP secret files and macOS launch scripts. */
  privateDir?: PrivateDirFactory;
  /** How long a secret file may exist after spawn when the client's exit does not come first. */
  secretFileGraceMs?: number;
  timers?: Timers;
}

const services: Record<ClientId, readonly LaunchService[]> = {
  openssh: ['ssh', 'sftp'],
  putty: ['ssh'],
  lftp: ['ftp'],
  winscp: ['sftp', 'ftp'],
  filezilla: ['sftp', 'ftp'],
  custom: ['ssh', 'sftp', 'ftp', 'custom'],
};

const platforms: Record<ClientId, readonly string[]> = {
  openssh: ['win32', 'darwin', 'linux'],
  putty: ['win32'],
  lftp: ['darwin', 'linux'],
  winscp: ['win32'],
  filezilla: ['win32', 'darwin', 'linux'],
  custom: ['win32', 'darwin', 'linux'],
};

/** Leftovers in the parent's environment that would confuse the client or leak into it. */
const inheritedSecrets = ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SESAME_ASKPASS_SOCKET', 'SESAME_ASKPASS_TOKEN', 'LFTP_PASSWORD'];

export const clipboardClearMs = 30_000;
const defaultGraceMs = 10_000;

interface Secret {
  kind: Exclude<SecretKind, 'any'>;
  value: string;
}

function secretFor(request: LaunchRequest, secrets: LaunchSecrets | undefined): Secret | undefined {
  if (request.auth === 'password' && secrets?.password) return { kind: 'password', value: secrets.password };
  if (request.auth === 'key' && secrets?.passphrase) return { kind: 'passphrase', value: secrets.passphrase };
  return undefined;
}

function clipboardHandoff(secret: Secret, reason: string): ClipboardHandoff {
  return {
    reason,
    clearAfterMs: clipboardClearMs,
    copy(clipboard, timers = { setTimeout, clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) }) {
      void Promise.resolve(clipboard.writeText(secret.value)).catch(() => undefined);
      // Only clear what we put there: the user may have copied something else since.
      const handle = timers.setTimeout(() => {
        void Promise.resolve(clipboard.readText())
          .then((current) => (current === secret.value ? clipboard.writeText('') : undefined))
          .catch(() => undefined);
      }, clipboardClearMs);
      return () => timers.clearTimeout(handle);
    },
  };
}

function checkClient(request: LaunchRequest, detected: Detected): void {
  const { client, service } = request;
  if (!services[client].includes(service)) {
    throw new LaunchError(`client: ${client} cannot open a ${service} session`, 'UNSUPPORTED', 'client');
  }
  if (!platforms[client].includes(detected.platform)) {
    throw new LaunchError(`client: ${client} is not available on ${detected.platform}`, 'UNSUPPORTED', 'client');
  }
  if (client === 'custom' && request.customTemplate === undefined) {
    throw new LaunchError('customTemplate: is empty: a custom client needs a command template', 'INVALID_INPUT', 'customTemplate');
  }
}

function chooseTerminal(request: LaunchRequest, detected: Detected): TerminalId {
  const terminal = request.terminal ?? defaultTerminal(detected);
  if (terminal === 'inline') return terminal;
  if (terminal === undefined) throw new LaunchError('No terminal window program was found to run the client in', 'CLIENT_UNAVAILABLE', 'terminal');
  if (!detected.terminals.includes(terminal)) {
    throw new LaunchError(`terminal: ${terminal} is not available on this computer`, 'CLIENT_UNAVAILABLE', 'terminal');
  }
  return terminal;
}

function programPath(detected: Detected, name: 'ssh' | 'sftp' | 'lftp' | 'putty' | 'winscp' | 'filezilla'): string {
  const path = detected.tools[name];
  if (path === undefined) throw new LaunchError(`${name} was not found on this computer`, 'CLIENT_UNAVAILABLE', 'client');
  return path;
}

function childEnv(base: Record<string, string | undefined>, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !inheritedSecrets.includes(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Releases resources in reverse order, once; errors are collected, not thrown halfway. */
class Resources {
  private readonly closers: Array<() => Promise<void>> = [];
  private closed?: Promise<void>;
  add(close: () => Promise<void>): void {
    this.closers.unshift(close);
  }
  close(): Promise<void> {
    this.closed ??= (async () => {
      const results = await Promise.allSettled(this.closers.map((close) => close()));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) throw failed.reason;
    })();
    return this.closed;
  }
}

/**
 * Builds the argv, environment and cleanup for one launch. Everything that
 * reaches a client is validated first: a bad request throws a LaunchError
 * before any file, socket or process exists.
 */
export async function buildLaunchPlan(request: LaunchRequest, ctx: PlanContext): Promise<LaunchPlan> {
  const { detected } = ctx;
  const platform = detected.platform;
  validateRequest(request, platform);
  checkClient(request, detected);
  const template = request.client === 'custom' ? fillTemplate(request.customTemplate ?? [], request) : undefined;
  const terminal = needsTerminal(request.client) ? chooseTerminal(request, detected) : undefined;
  const secret = secretFor(request, ctx.secrets);
  const notes: string[] = [];
  const resources = new Resources();
  const title = `Sesame: ${request.host}`;

  const needAskpass = (): AskpassProvider => {
    if (ctx.askpass === undefined) throw new LaunchError('No askpass provider configured to pass the secret', 'UNSUPPORTED');
    return ctx.askpass;
  };
  const needDir = async (prefix: string): Promise<PrivateDir> => {
    if (ctx.privateDir === undefined) throw new LaunchError('No private directory configured for launch files', 'UNSUPPORTED');
    const dir = await ctx.privateDir(prefix);
    resources.add(() => dir.remove());
    return dir;
  };
  const startAskpass = async (value: string, kind: SecretKind): Promise<AskpassSession> => {
    const session = await needAskpass()(value, kind);
    resources.add(() => session.close());
    return session;
  };

  try {
    let command: TerminalCommand;
    let extraEnv: Record<string, string> = {};
    let modeHint: string | undefined;
    let clipboard: ClipboardHandoff | undefined;
    let secretFile: { dir: PrivateDir; name: string } | undefined;

    if (request.client === 'openssh' || request.client === 'lftp') {
      const inner =
        request.client === 'lftp'
          ? [programPath(detected, 'lftp'), ...lftpArgs(request, secret?.kind === 'password')]
          : request.service === 'sftp'
            ? [programPath(detected, 'sftp'), ...sftpArgs(request)]
            : [programPath(detected, 'ssh'), ...sshArgs(request)];
      const onMac = terminal === 'terminal-app' || terminal === 'iterm2';
      // lftp elsewhere takes the password from LFTP_PASSWORD directly; on macOS the
      // terminal does not inherit our environment, so the script fetches it via askpass.
      const viaAskpass = secret !== undefined && (request.client === 'openssh' || onMac);
      const session = viaAskpass ? await startAskpass(secret.value, secret.kind) : undefined;
      if (onMac) {
        const script: MacLaunchScript = { argv: inner, env: {} };
        if (session !== undefined && request.client === 'lftp') {
          script.fetched = { name: 'LFTP_PASSWORD', program: session.programPath, prompt: 'FTP password' };
        } else if (session !== undefined) {
          script.env = session.env;
        }
        const dir = await needDir('sesame-launch-');
        const path = await dir.write('launch', macLaunchScript(script), 0o700);
        command = macTerminalCommand(terminal, path, detected.tools);
      } else {
        command = wrapInTerminal(terminal as TerminalId, inner, detected.tools, title);
        // lftp's own mechanism; the variable is readable only by this user (/proc/PID/environ is 0400).
        if (request.client === 'lftp' && secret?.kind === 'password') extraEnv = { LFTP_PASSWORD: secret.value };
        if (session !== undefined) extraEnv = session.env;
        if (terminal === 'windows-terminal' && session !== undefined) {
          notes.push('Windows Terminal older than 1.19 does not pass the password helper to new tabs; choose "console" if you are asked for the password.');
        }
      }
      if (secret === undefined && request.auth === 'password') notes.push('No saved password: the client will ask for it.');
    } else if (request.client === 'putty' || request.client === 'winscp') {
      let file: string | undefined;
      if (secret !== undefined && (request.client === 'winscp' || secret.kind === 'password')) {
        const dir = await needDir('sesame-pw-');
        file = await dir.write('secret', secret.value, 0o600);
        secretFile = { dir, name: 'secret' };
      } else if (secret !== undefined) {
        clipboard = clipboardHandoff(secret, 'PuTTY cannot read a key passphrase from a file; paste it when asked.');
      }
      const args =
        request.client === 'putty'
          ? puttyArgs(request, file)
          : winscpArgs(request, file === undefined ? undefined : { kind: secret!.kind, path: file });
      command = { argv: [programPath(detected, request.client), ...args], tracksExit: true, detached: true };
    } else if (request.client === 'filezilla') {
      command = { argv: [programPath(detected, 'filezilla'), ...filezillaArgs(request)], tracksExit: true, detached: true };
      modeHint = filezillaModeHint(request);
      if (secret !== undefined) {
        clipboard = clipboardHandoff(secret, 'FileZilla cannot receive a password safely; it is on the clipboard for 30 seconds: paste it when asked.');
      }
    } else {
      // A custom command may well be ssh (the tmux test path): offer it the askpass helper.
      const session = secret === undefined ? undefined : await startAskpass(secret.value, secret.kind);
      if (session !== undefined) extraEnv = session.env;
      command = { argv: template as string[], tracksExit: request.customDetaches !== true, detached: false };
    }

    const plan: LaunchPlan = {
      argv: command.argv,
      env: childEnv(ctx.env, extraEnv),
      cleanup: () => resources.close(),
      notes,
      tracksExit: command.tracksExit,
      detached: command.detached,
    };
    if (command.inline) plan.inline = true;
    if (modeHint !== undefined) plan.modeHint = modeHint;
    if (clipboard !== undefined) plan.clipboard = clipboard;
    if (secretFile !== undefined) {
      const { dir, name } = secretFile;
      const timers = ctx.timers ?? { setTimeout, clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
      // Trade-off: Windows offers no portable "has PuTTY read it yet" signal, and
      // PuTTY/WinSCP read the file while starting up. The file (0600 in a 0700
      // dir, i.e. readable by this user only) is deleted after a grace period or
      // when the client exits, whichever comes first.
      plan.afterSpawn = () => {
        const handle = timers.setTimeout(() => void dir.removeFile(name).catch(() => undefined), ctx.secretFileGraceMs ?? defaultGraceMs);
        (handle as { unref?: () => void }).unref?.();
        resources.add(async () => timers.clearTimeout(handle));
      };
    }
    return plan;
  } catch (error) {
    await resources.close().catch(() => undefined);
    throw error;
  }
}
