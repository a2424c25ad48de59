import { fillTemplate } from './custom-template';
import { defaultTerminal, needsTerminal, type Detected } from './detect';
import { customClient, fileSecretClient, filezillaClient, terminalClient, type ClientPart } from './plan-clients';
import { defaultGraceMs, makers, Resources, type PlanContext, type Secret } from './plan-kit';
import type { ClientId, LaunchPlan, LaunchRequest, LaunchSecrets, LaunchService, TerminalId } from './types';
import { LaunchError, printable, validateRequest } from './validate';

export { clipboardClearMs, type PlanContext } from './plan-kit';

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
  // Debian ships PuTTY 0.78 (putty, putty-tools); on macOS it is a MacPorts/Homebrew curiosity.
  putty: ['win32', 'linux'],
  lftp: ['darwin', 'linux'],
  winscp: ['win32'],
  filezilla: ['win32', 'darwin', 'linux'],
  custom: ['win32', 'darwin', 'linux'],
};

/** Leftovers in the parent's environment that would confuse the client or leak into it. */
const inheritedSecrets = ['SSH_ASKPASS', 'SSH_ASKPASS_REQUIRE', 'SESAME_ASKPASS_SOCKET', 'SESAME_ASKPASS_TOKEN', 'LFTP_PASSWORD'];

function secretFor(request: LaunchRequest, secrets: LaunchSecrets | undefined): Secret | undefined {
  if (request.auth === 'password' && secrets?.password) return { kind: 'password', value: secrets.password };
  if (request.auth === 'key' && secrets?.passphrase) return { kind: 'passphrase', value: secrets.passphrase };
  return undefined;
}

function checkClient(request: LaunchRequest, detected: Detected): void {
  const { client, service } = request;
  if (!services[client].includes(service)) {
    throw new LaunchError('client.wrong-service', 'UNSUPPORTED', 'client', { client, service });
  }
  if (!platforms[client].includes(detected.platform)) {
    throw new LaunchError('client.wrong-platform', 'UNSUPPORTED', 'client', { client, platform: detected.platform });
  }
  if (client === 'custom' && request.customTemplate === undefined) {
    throw new LaunchError('template.missing', 'INVALID_INPUT', 'customTemplate');
  }
}

function chooseTerminal(request: LaunchRequest, detected: Detected): TerminalId {
  const terminal = request.terminal ?? defaultTerminal(detected);
  if (terminal === 'inline') return terminal;
  if (terminal === undefined) throw new LaunchError('terminal.none', 'CLIENT_UNAVAILABLE', 'terminal');
  if (!detected.terminals.includes(terminal)) {
    throw new LaunchError('terminal.unavailable', 'CLIENT_UNAVAILABLE', 'terminal', { terminal });
  }
  return terminal;
}

/**
 * The key file must exist, and PuTTY reads only its own .ppk format: an
 * OpenSSH or PEM key makes it fail after the door opened ("Unable to use key
 * file … (OpenSSH SSH-2 private key)"), so it is refused here, with the fix.
 */
async function checkKeyFile(request: LaunchRequest, ctx: PlanContext): Promise<void> {
  if (request.auth !== 'key' || request.keyFile === undefined || ctx.readKeyHead === undefined || request.client === 'custom') return;
  const head = await ctx.readKeyHead(request.keyFile);
  const shown = printable(request.keyFile);
  if (head === undefined) {
    throw new LaunchError('key.unreadable', 'INVALID_INPUT', 'keyFile', { path: shown });
  }
  const puttyReads = request.client === 'putty' || (request.client === 'winscp' && request.service === 'sftp');
  if (puttyReads && !head.startsWith('PuTTY-User-Key-File-')) {
    const program = request.client === 'putty' ? 'PuTTY' : 'WinSCP';
    throw new LaunchError('key.not-ppk', 'INVALID_INPUT', 'keyFile', { path: shown, program });
  }
}

function childEnv(base: Record<string, string | undefined>, extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !inheritedSecrets.includes(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Builds the argv, environment and cleanup for one launch. Everything that
 * reaches a client is validated first: a bad request throws a LaunchError
 * before any file, socket or process exists. With `ctx.dryRun` it runs to the
 * end and creates nothing (the pre-knock check); the plan it returns is a
 * description and must not be launched.
 */
export async function buildLaunchPlan(request: LaunchRequest, ctx: PlanContext): Promise<LaunchPlan> {
  const { detected } = ctx;
  validateRequest(request, detected.platform);
  checkClient(request, detected);
  const template = request.client === 'custom' ? fillTemplate(request.customTemplate ?? [], request) : undefined;
  const terminal = needsTerminal(request.client, request.terminal) ? chooseTerminal(request, detected) : undefined;
  await checkKeyFile(request, ctx);
  const secret = secretFor(request, ctx.secrets);
  const resources = new Resources();
  const input = { request, ctx, make: makers(ctx, resources), secret, terminal, title: `Sesame: ${request.host}` };

  try {
    let part: ClientPart;
    if (request.client === 'openssh' || request.client === 'lftp') part = await terminalClient(input);
    else if (request.client === 'putty' || request.client === 'winscp') part = await fileSecretClient(input);
    else if (request.client === 'filezilla') part = await filezillaClient(input);
    else part = await customClient(input, template as string[]);

    const { command } = part;
    const plan: LaunchPlan = {
      argv: command.argv,
      env: childEnv(ctx.env, part.env ?? {}),
      cleanup: () => resources.close(),
      notes: part.notes,
      tracksExit: command.tracksExit,
      detached: command.detached,
      secretVia: part.secretVia,
    };
    if (terminal !== undefined) plan.terminal = terminal;
    if (command.inline) plan.inline = true;
    if (command.captureStderr) plan.captureStderr = true;
    if (part.modeHint !== undefined) plan.modeHint = part.modeHint;
    if (part.clipboard !== undefined) plan.clipboard = part.clipboard;
    if (part.secretFile !== undefined && !ctx.dryRun) {
      const { dir, name } = part.secretFile;
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
