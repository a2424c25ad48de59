import { isIP } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { contractError } from '../../contract/error-codes';
import type { ConnectProgress } from '../../contract/features/connect';
import type { Profile, SecretKind } from '../../contract/features/profiles';
import { printablePrompt, type HostKeyQuestion } from '../launcher/askpass-prompts';
import type { AskpassHooks } from '../launcher/askpass-server';
import type { AskpassProvider } from '../launcher/askpass-session';
import type { Detected } from '../launcher/detect';
import { launch, type ClientExit, type LaunchedClient, type SpawnFn } from '../launcher/launch';
import { buildLaunchPlan, type PlanContext } from '../launcher/plan';
import type { PrivateDirFactory } from '../launcher/private-dir';
import type { ClientId, ClipboardPort, LaunchPlan, LaunchRequest, LaunchSecrets, TerminalId } from '../launcher/types';
import { LaunchError } from '../launcher/validate';
import type { ToolVersions, VersionedTool } from '../launcher/versions';
import type { ProfilesService } from '../profiles/profiles-service';
import { keychainProblemOf, type KeychainProblem } from '../secrets/keyring-secret-store';
import { resolveClient } from './client-choice';

/** How a client is chosen for a profile: the user's settings, or a test's terminal strategy. */
export interface ClientChoice {
  client?: ClientId;
  terminal?: TerminalId;
  customTemplate?: string[];
  customDetaches?: boolean;
}

export interface LauncherDeps {
  detect(): Promise<Detected>;
  /** Versions of the programs a launch depends on (cached by the system launcher). */
  versions?(detected: Detected, tools: readonly VersionedTool[]): Promise<ToolVersions>;
  /** Key-file check before knocking (exists, PuTTY format). */
  readKeyHead?(path: string): Promise<string | undefined>;
  spawn: SpawnFn;
  env: Record<string, string | undefined>;
  askpass?: AskpassProvider;
  privateDir?: PrivateDirFactory;
  clipboard?: ClipboardPort;
  /** How long a secret stays on the clipboard; 30 s unless a test shortens it. */
  clipboardClearMs?: number;
  /** The user's client/terminal settings for a profile; defaults to detection. */
  choose?(profile: Profile): ClientChoice | Promise<ClientChoice>;
}

/** Everything a launch needs that does not depend on the pinned address: found before the first packet. */
export interface PreparedLaunch {
  detected: Detected;
  versions: ToolVersions;
  secrets: LaunchSecrets;
  client: ClientId;
  /** The request minus what only the knock decides (address, family) and the FTP check (mode). */
  base: Omit<LaunchRequest, 'address' | 'family'>;
}

export interface PrepareOptions {
  profile: Profile;
  /** The caller's choice (the CLI: its own terminal). */
  choice?: ClientChoice;
  remoteCommand?: string[];
  requestTty?: boolean;
}

function versionTools(client: ClientId, terminal: TerminalId | undefined): VersionedTool[] {
  if (client === 'openssh') return ['ssh'];
  if (client === 'putty') return [terminal === 'inline' ? 'plink' : 'putty'];
  if (client === 'winscp') return ['winscp'];
  return [];
}

const clientNames: Record<ClientId, string> = { openssh: 'ssh', putty: 'PuTTY', lftp: 'lftp', winscp: 'WinSCP', filezilla: 'FileZilla', custom: 'the client' };

/**
 * The one line that says why a saved secret is not used this time and how to
 * keep it working next time. One line: it is printed before the knock, and it
 * replaces the launch's "no saved password" note.
 */
export function keychainFallbackLine(problem: KeychainProblem, kind: SecretKind, client: ClientId, profileName: string): string {
  const what = kind === 'password' ? 'password' : 'key passphrase';
  const asks = `${clientNames[client]} will ask for it`;
  const why =
    problem === 'locked'
      ? `The keyring is locked, so the saved ${what} was not read: ${asks}.`
      : problem === 'no-service'
        ? `No keychain is running in this session (no Secret Service on D-Bus), so the saved ${what} cannot be read: ${asks}.`
        : problem === 'no-keyring'
          ? `The Secret Service has no keyring set up, so the saved ${what} cannot be read: ${asks}.`
          : `The keychain refused to give the saved ${what}: ${asks}.`;
  const keep =
    problem === 'locked'
      ? 'To use it next time, unlock the keyring first (desktop login, Seahorse, or gnome-keyring-daemon --unlock)'
      : 'To keep it next time, install and unlock a keyring (gnome-keyring, KeePassXC, KWallet)';
  const agent =
    kind === 'password'
      ? `or log in with your SSH agent instead: sesame profiles edit "${profileName}" --auth agent`
      : `or load the key into your SSH agent (ssh-add) and use: sesame profiles edit "${profileName}" --auth agent`;
  return `${why} ${keep}, ${agent}.`;
}

/**
 * The one place the connector reads secrets: before the first knock, so a
 * secret the store will not release for this destination ends the run while
 * the door is still shut. A keychain that is missing (no Secret Service, the
 * usual case on a box reached over SSH) or locked is not a reason to fail: the
 * client asks for the secret itself, as when none was saved, and `typedBecause`
 * says why. The FTP check and the launch use what was read here.
 */
async function readSecrets(profiles: ProfilesService, profile: Profile, client: ClientId): Promise<LaunchSecrets> {
  const kind: SecretKind | undefined = profile.auth.method === 'password' ? 'password' : profile.auth.method === 'key' ? 'passphrase' : undefined;
  if (kind === undefined) return {};
  try {
    const secret = await profiles.readSecret(profile.id, kind);
    return secret ? { [kind]: secret } : {};
  } catch (error) {
    const problem = keychainProblemOf(error);
    if (problem === undefined) throw error;
    return { typedBecause: keychainFallbackLine(problem, kind, client, profile.name) };
  }
}

/** Detection, the client and terminal, versions and secrets: everything but the address. */
export async function prepareLaunch(launcher: LauncherDeps, profiles: ProfilesService, options: PrepareOptions): Promise<PreparedLaunch> {
  const { profile } = options;
  const detected = await launcher.detect();
  // Precedence: the caller (CLI) → the profile's own client → the user's settings → detection.
  const configured = (await launcher.choose?.(profile)) ?? {};
  // One precedence for connect and the detail pane's "which client opens" (client-choice.ts); a profile's own template wins.
  const { client, choice } = resolveClient(profile, detected, configured, options.choice);
  if (!client) {
    throw contractError('NOT_FOUND', `No program to open a ${profile.service.kind} session was found on this computer: install one or choose it in Settings.`);
  }
  // Independent of each other, and both before the first knock: the version probe and the keychain read overlap.
  const [versions, secrets] = await Promise.all([
    launcher.versions?.(detected, versionTools(client, choice.terminal)) ?? {},
    readSecrets(profiles, profile, client),
  ]);
  const base: PreparedLaunch['base'] = {
    service: profile.service.kind,
    host: profile.host ?? '',
    port: profile.service.port,
    auth: profile.auth.method,
    client,
    ...(profile.service.user ? { user: profile.service.user } : {}),
    ...(profile.auth.method === 'key' ? { keyFile: profile.auth.keyFile } : {}),
    ...(choice.terminal ? { terminal: choice.terminal } : {}),
    ...(choice.customTemplate ? { customTemplate: choice.customTemplate } : {}),
    ...(choice.customDetaches ? { customDetaches: true } : {}),
    ...(options.remoteCommand ? { remoteCommand: options.remoteCommand } : {}),
    ...(options.requestTty || profile.requestTty ? { requestTty: true } : {}),
  };
  return { detected, versions, secrets, client, base };
}

/** An address to check the plan with before the name is resolved (documentation ranges, RFC 5737/3849). */
export function standInAddress(host: string, family: 'auto' | 'ipv4' | 'ipv6'): { address: string; family: 4 | 6 } {
  const literal = isIP(host);
  if (literal === 4 || literal === 6) return { address: host, family: literal };
  return family === 'ipv6' ? { address: '2001:db8::1', family: 6 } : { address: '192.0.2.1', family: 4 };
}

function planContext(launcher: LauncherDeps, prepared: PreparedLaunch, extra: Partial<PlanContext>): PlanContext {
  return {
    detected: prepared.detected,
    env: launcher.env,
    secrets: prepared.secrets,
    versions: prepared.versions,
    ...(launcher.askpass ? { askpass: launcher.askpass } : {}),
    ...(launcher.privateDir ? { privateDir: launcher.privateDir } : {}),
    ...(launcher.readKeyHead ? { readKeyHead: (path: string) => launcher.readKeyHead!(path) } : {}),
    ...(launcher.clipboardClearMs !== undefined ? { clipboardClearMs: launcher.clipboardClearMs } : {}),
    ...extra,
  };
}

/** The whole plan as a dry run: every refusal the real launch could make, with nothing created. */
export async function checkPlan(launcher: LauncherDeps, prepared: PreparedLaunch, at: { address: string; family: 4 | 6 }, ftpMode?: 'passive' | 'active'): Promise<LaunchPlan> {
  const request: LaunchRequest = { ...prepared.base, ...at, ...(ftpMode ? { ftpMode } : {}) };
  return buildLaunchPlan(request, planContext(launcher, prepared, { dryRun: true }));
}

/** How long a hand-off program (osascript, wt.exe) gets to say whether the hand-over worked. */
export const handoffWaitMs = 10_000;

/**
 * What a hand-off program's failure means, in plain words. osascript prints
 * "execution error: Not authorized to send Apple events to Terminal. (-1743)"
 * when macOS's privacy control (TCC) refuses; System Settings is where the
 * user allows it.
 */
export function handoffFailure(plan: LaunchPlan, exit: ClientExit): string | undefined {
  const failure = handoffFailureError(plan, exit);
  return failure?.message;
}

/** The hand-off's failure as a LaunchError (its text by id, so it reads in the user's language); undefined when it did its job. */
function handoffFailureError(plan: LaunchPlan, exit: ClientExit): LaunchError | undefined {
  if (exit.code === 0) return undefined;
  const stderr = (exit.stderr ?? '').trim();
  const program = plan.terminal === 'iterm2' ? 'iTerm' : plan.terminal === 'terminal-app' ? 'Terminal' : 'Windows Terminal';
  if (/\(-1743\)|not authori[sz]ed to send apple events/i.test(stderr)) {
    return new LaunchError('handoff.macos-automation', 'UNSUPPORTED', 'terminal', { program });
  }
  const detail = stderr.split('\n')[0]?.slice(0, 300) ?? '';
  const exitText = String(exit.code ?? exit.signal);
  return detail
    ? new LaunchError('handoff.failed-detail', 'UNSUPPORTED', 'terminal', { program, exit: exitText, detail })
    : new LaunchError('handoff.failed', 'UNSUPPORTED', 'terminal', { program, exit: exitText });
}

export interface StartedClient extends LaunchedClient {
  tracksExit: boolean;
  plan: LaunchPlan;
}

/** The real plan (askpass server, files) and the spawn, after the door opened. Throws when no session was handed over. */
export async function startClient(
  launcher: LauncherDeps,
  prepared: PreparedLaunch,
  target: { address: string; family: 4 | 6 },
  ftpMode: 'passive' | 'active' | undefined,
  hooks: AskpassHooks,
  progress: (event: ConnectProgress) => void,
  beforeSpawn?: (plan: LaunchPlan) => void,
): Promise<StartedClient> {
  const request: LaunchRequest = { ...prepared.base, ...target, ...(ftpMode ? { ftpMode } : {}) };
  // Secrets go from the keychain straight into the plan (askpass / 0600 file / clipboard), never into argv or events.
  const plan = await buildLaunchPlan(request, planContext(launcher, prepared, { askpassHooks: hooks }));
  beforeSpawn?.(plan);
  const launched = launch(plan, launcher.spawn);
  await launched.started;
  if (!plan.tracksExit && plan.captureStderr) {
    const early = await Promise.race([launched.exited.catch(() => undefined), delay(handoffWaitMs, undefined, { ref: false })]);
    const failure = early === undefined ? undefined : handoffFailureError(plan, early);
    if (failure !== undefined) throw failure;
  }
  const { clipboard } = plan;
  const usedClipboard = clipboard !== undefined && launcher.clipboard !== undefined;
  if (clipboard && launcher.clipboard) clipboard.copy(launcher.clipboard);
  const clipboardNote =
    clipboard === undefined
      ? []
      : usedClipboard
        ? [`${clipboard.reason}: it is on the clipboard for ${Math.round(clipboard.clearAfterMs / 1000)} s, paste it when asked.`]
        : [`${clipboard.reason}: type it when asked.`];
  const notes = [...plan.notes, ...(plan.modeHint ? [plan.modeHint] : []), ...clipboardNote];
  // tracksExit: the window and the tray mark the door open while a session that reports its exit runs.
  progress({ kind: 'launched', client: prepared.client, notes, clipboard: usedClipboard, tracksExit: plan.tracksExit });
  return { ...launched, tracksExit: plan.tracksExit, plan };
}

/** Askpass hooks for one run: refused prompts become progress events, host-key questions go to the user. */
export function runHooks(
  progress: (event: ConnectProgress) => void,
  confirmHostKey: ((question: HostKeyQuestion) => Promise<boolean>) | undefined,
): AskpassHooks {
  return {
    onRefused: (prompt) => progress({ kind: 'prompt-refused', prompt: printablePrompt(prompt) }),
    ...(confirmHostKey ? { confirmHostKey } : {}),
  };
}
