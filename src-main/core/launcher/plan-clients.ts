import type { PromptExpectation } from './askpass-prompts';
import { filezillaArgs, filezillaModeHint, hostKeyAlias, lftpArgs, puttyArgs, sftpArgs, sshArgs, winscpArgs } from './client-args';
import type { Detected } from './detect';
import { clipboardHandoff, type Makers, type PlanContext, type Secret } from './plan-kit';
import type { PrivateDir } from './private-dir';
import { macLaunchScript, macTerminalCommand, wrapInTerminal, type MacLaunchScript, type TerminalCommand } from './terminals';
import type { ClipboardHandoff, LaunchRequest, SecretTransport, TerminalId } from './types';
import { LaunchError } from './validate';
import { atLeast, formatVersion, minimumVersions } from './versions';

/** One client's part of a plan; the plan builder adds the environment, cleanup and notes. */
export interface ClientPart {
  command: TerminalCommand;
  env?: Record<string, string>;
  secretVia: SecretTransport;
  clipboard?: ClipboardHandoff;
  /** A secret file to delete after a grace period or at the client's exit, whichever comes first. */
  secretFile?: { dir: PrivateDir; name: string };
  modeHint?: string;
  notes: string[];
}

export interface ClientInput {
  request: LaunchRequest;
  ctx: PlanContext;
  make: Makers;
  secret: Secret | undefined;
  terminal: TerminalId | undefined;
  title: string;
}

type Program = 'ssh' | 'sftp' | 'lftp' | 'putty' | 'plink' | 'winscp' | 'filezilla';

export function programPath(detected: Detected, name: Program): string {
  const path = detected.tools[name];
  if (path === undefined) throw new LaunchError('client.not-found', 'CLIENT_UNAVAILABLE', 'client', { program: name });
  return path;
}

const typedNote = 'No saved password: the client will ask for it.';

/** The one prompt of this destination that may receive the secret (askpass-prompts.ts). */
export function expectationFor(request: LaunchRequest, secret: Secret): PromptExpectation {
  if (secret.kind === 'passphrase') return { kind: 'passphrase', ...(request.keyFile !== undefined ? { keyFile: request.keyFile } : {}) };
  // Sesame's own ssh argv always sets HostKeyAlias; a custom command may not (then ssh names the address it was given).
  const hosts = request.client === 'custom' ? [hostKeyAlias(request), request.host, request.address] : [hostKeyAlias(request)];
  return { kind: 'password', hosts: [...new Set(hosts)], ...(request.user !== undefined ? { user: request.user } : {}) };
}

/** OpenSSH and lftp in a terminal window (or the caller's own terminal), on every platform. */
export async function terminalClient({ request, ctx, make, secret, terminal, title }: ClientInput): Promise<ClientPart> {
  const { detected } = ctx;
  const notes: string[] = [];
  const onMac = terminal === 'terminal-app' || terminal === 'iterm2';
  let clipboard: ClipboardHandoff | undefined;
  let secretVia: SecretTransport = secret === undefined ? (request.auth === 'password' ? 'typed' : 'none') : 'askpass';
  let inner: string[];
  let env: Record<string, string> = {};

  if (request.client === 'lftp') {
    const session = secret?.kind === 'password' ? await make.askpass(secret, { kind: 'lftp', user: request.user ?? '' }) : undefined;
    inner = [programPath(detected, 'lftp'), ...lftpArgs(request, session ? { helper: [session.programPath] } : undefined)];
    if (session !== undefined) {
      env = session.helperEnv;
      secretVia = 'lftp-source';
    }
  } else {
    inner = request.service === 'sftp' ? [programPath(detected, 'sftp'), ...sftpArgs(request)] : [programPath(detected, 'ssh'), ...sshArgs(request)];
    const version = ctx.versions?.ssh;
    if (secret !== undefined && atLeast(version, minimumVersions.opensshAskpassRequire) === false) {
      // Win32-OpenSSH 8.1 (Windows 10/11's own) ignores SSH_ASKPASS_REQUIRE and reads the console.
      const min = formatVersion(minimumVersions.opensshAskpassRequire);
      clipboard = clipboardHandoff(
        secret,
        `${version?.raw} is older than OpenSSH ${min} and cannot take the ${secret.kind} from Sesame (update OpenSSH to fix that): ssh asks for it itself`,
        ctx.clipboardClearMs,
      );
      secretVia = 'clipboard';
    } else if (secret !== undefined) {
      const session = await make.askpass(secret, expectationFor(request, secret));
      env = session.env;
      if (terminal === 'windows-terminal') {
        notes.push('Windows Terminal older than 1.19 does not pass the password helper to new tabs; choose "console" if you are asked for the password.');
      }
    }
  }

  let command: TerminalCommand;
  if (onMac) {
    // Terminal.app and iTerm2 start a fresh session without our environment: the script exports it.
    const script: MacLaunchScript = { argv: inner, env };
    const dir = await make.dir('sesame-launch-');
    const path = await dir.write('launch', macLaunchScript(script), 0o700);
    command = macTerminalCommand(terminal, path, detected.tools);
    env = {};
  } else {
    command = wrapInTerminal(terminal as TerminalId, inner, detected, title);
  }
  if (secretVia === 'typed' || ctx.secrets?.typedBecause !== undefined) notes.push(ctx.secrets?.typedBecause ?? typedNote);
  return { command, env, secretVia, notes, ...(clipboard ? { clipboard } : {}) };
}

/** PuTTY (its window) or plink (the caller's terminal); WinSCP. Both take the password from a 0600 file. */
export async function fileSecretClient({ request, ctx, make, secret, terminal, title }: ClientInput): Promise<ClientPart> {
  const { detected } = ctx;
  const notes: string[] = [];
  const putty = request.client === 'putty';
  const plink = putty && terminal === 'inline';
  const tool = putty ? (plink ? 'plink' : 'putty') : 'winscp';
  const version = ctx.versions?.[tool];
  const minimum = putty ? minimumVersions.puttyPwfile : minimumVersions.winscpPasswordsFromFiles;
  const flag = putty ? '-pwfile' : '/passwordsfromfiles';
  // PuTTY has no way to take a key passphrase except its own prompt; WinSCP reads it from the file too.
  const fileable = secret !== undefined && (!putty || secret.kind === 'password');
  const fileWorks = atLeast(version, minimum) === true;
  let clipboard: ClipboardHandoff | undefined;
  let secretVia: SecretTransport = secret === undefined ? (request.auth === 'password' ? 'typed' : 'none') : 'password-file';
  let file: string | undefined;
  let secretFile: ClientPart['secretFile'];
  if (fileable && fileWorks) {
    const dir = await make.dir('sesame-pw-');
    // Both read the file's first line; the line ends with "\n" because plink 0.78
    // drops the last character of a file without one (seen in the lab: "Configured
    // password was not accepted").
    file = await dir.write('secret', `${secret.value}\n`, 0o600);
    secretFile = { dir, name: 'secret' };
  } else if (secret !== undefined) {
    const why = !fileable
      ? 'PuTTY cannot read a key passphrase from a file'
      : version === undefined || version === null
        ? `the ${putty ? 'PuTTY' : 'WinSCP'} version could not be read, and ${flag} needs ${putty ? 'PuTTY' : 'WinSCP'} ${formatVersion(minimum)} or newer`
        : `${putty ? 'PuTTY' : 'WinSCP'} ${version.raw} is older than ${formatVersion(minimum)} (${flag})`;
    clipboard = clipboardHandoff(secret, why, ctx.clipboardClearMs);
    secretVia = 'clipboard';
  }
  const args = putty
    ? puttyArgs(request, { plink, ...(file !== undefined ? { passwordFile: file } : {}) })
    : winscpArgs(request, file === undefined || secret === undefined ? undefined : { kind: secret.kind, path: file });
  const inner = [programPath(detected, tool), ...args];
  // plink runs in the caller's terminal; the PuTTY and WinSCP windows are their own.
  const command = plink ? wrapInTerminal('inline', inner, detected, title) : { argv: inner, tracksExit: true, detached: true };
  if (secretVia === 'typed' || ctx.secrets?.typedBecause !== undefined) notes.push(ctx.secrets?.typedBecause ?? typedNote);
  return { command, secretVia, notes, ...(clipboard ? { clipboard } : {}), ...(secretFile ? { secretFile } : {}) };
}

/** FileZilla: a URL; the password through its own dialog, from the clipboard. */
export async function filezillaClient({ request, ctx, secret }: ClientInput): Promise<ClientPart> {
  const command = { argv: [programPath(ctx.detected, 'filezilla'), ...filezillaArgs(request)], tracksExit: true, detached: true };
  const modeHint = filezillaModeHint(request);
  const part: ClientPart = { command, secretVia: secret === undefined ? (request.auth === 'password' ? 'typed' : 'none') : 'clipboard', notes: [] };
  if (modeHint !== undefined) part.modeHint = modeHint;
  if (secret !== undefined) {
    part.clipboard = clipboardHandoff(secret, `FileZilla cannot receive a ${secret.kind} safely`, ctx.clipboardClearMs);
  } else if (request.auth === 'password') {
    part.notes.push(ctx.secrets?.typedBecause ?? typedNote);
  }
  return part;
}

/** A custom command may well be ssh (the tmux test path): it is offered the askpass helper. */
export async function customClient({ request, make, secret }: ClientInput, template: string[]): Promise<ClientPart> {
  const session = secret === undefined ? undefined : await make.askpass(secret, expectationFor(request, secret));
  return {
    command: { argv: template, tracksExit: request.customDetaches !== true, detached: false },
    env: session?.env ?? {},
    secretVia: session ? 'askpass' : 'none',
    notes: [],
  };
}
