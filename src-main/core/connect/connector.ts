import type { Emit } from '../../contract';
import { contractError, isContractError } from '../../contract/errors';
import type { ConnectProgress, ConnectResult, HistoryEntry } from '../../contract/features/connect';
import type { KnockProgress } from '../../contract/features/knock';
import type { Profile } from '../../contract/features/profiles';
import type { KnockStep } from '../../contract/schemas/common';
import { createAddressLocks } from '../knock/address-locks';
import type { KnockEngine } from '../knock/engine';
import { knockTargetOf } from '../knock/profile-target';
import { ResolveError } from '../knock/resolve';
import type { AskpassProvider } from '../launcher/askpass-session';
import { defaultClient, type Detected } from '../launcher/detect';
import { launch, type LaunchedClient, type SpawnFn } from '../launcher/launch';
import { buildLaunchPlan } from '../launcher/plan';
import type { PrivateDirFactory } from '../launcher/private-dir';
import type { ClientId, ClipboardPort, LaunchRequest, LaunchService, TerminalId } from '../launcher/types';
import { LaunchError } from '../launcher/validate';
import { isAbortError } from '../net/abort';
import type { PinnedTarget } from '../net/types';
import type { ProfilesService } from '../profiles/profiles-service';
import type { FtpModeChecker } from './ftp-mode-check';
import type { HistoryStore } from './history';

/** How a client is chosen for a profile: the user's settings, or a test's terminal strategy. */
export interface ClientChoice {
  client?: ClientId;
  terminal?: TerminalId;
  customTemplate?: string[];
  customDetaches?: boolean;
}

export interface ConnectorDeps {
  engine: KnockEngine;
  profiles: ProfilesService;
  history: HistoryStore;
  emit: Emit;
  now: () => number;
  launcher: {
    detect(): Promise<Detected>;
    spawn: SpawnFn;
    env: Record<string, string | undefined>;
    askpass?: AskpassProvider;
    privateDir?: PrivateDirFactory;
    clipboard?: ClipboardPort;
    /** The user's client/terminal settings for a profile; defaults to detection. */
    choose?(profile: Profile): ClientChoice | Promise<ClientChoice>;
  };
  ftpCheck?: FtpModeChecker;
}

export interface ConnectRequest {
  profileId: string;
  runId: string;
  sendCloseSequence?: boolean;
  /** `sesame connect --exec`: run this remotely instead of a login shell (OpenSSH only). */
  remoteCommand?: string[];
  /** Overrides the settings' choice (the CLI runs the client in its own terminal). */
  choice?: ClientChoice;
}

export interface ConnectRun extends ConnectResult {
  /** The running client, when launched; `closed` settles after the close sequence (if any) was sent. */
  client?: LaunchedClient & { closed: Promise<void> };
}

function launchService(profile: Profile): LaunchService {
  return profile.service.kind;
}

/**
 * Knock then connect: resolve once → knock (the next one-time sequence when the
 * profile has a list) → wait for the port with the service check → (FTP auto
 * mode: try a passive data connection) → launch the client on the pinned
 * address → when the client exits, send the close sequence. Cancellable until
 * the launch; every stage is a `connectProgress` event; every run is recorded.
 */
export function createConnector(deps: ConnectorDeps) {
  const running = new Map<string, AbortController>();
  // Picking, knocking and marking a one-time sequence is one critical section per
  // profile, so two concurrent connects never spend the same sequence.
  const oneTimeLocks = createAddressLocks();

  async function record(profile: Profile, result: ConnectResult): Promise<void> {
    const entry: HistoryEntry = {
      at: deps.now(),
      profileId: profile.id,
      profileName: profile.name,
      outcome: result.outcome,
      ...(result.msToOpen !== undefined ? { msToOpen: Math.round(result.msToOpen) } : {}),
      ...(result.diagnosis ? { diagnosis: result.diagnosis.class } : {}),
      ...(result.error ? { message: result.error.message } : {}),
    };
    await deps.history.append(entry);
    deps.emit('historyChanged', { entry });
  }

  async function knockAndWait(profile: Profile, target: PinnedTarget, signal: AbortSignal, onProgress: (e: KnockProgress) => void) {
    const door = knockTargetOf(profile);
    const plan = (steps: KnockStep[]) => ({
      host: door.host,
      family: door.family,
      steps,
      ...(door.delayMs !== undefined ? { delayMs: door.delayMs } : {}),
      wait: { port: profile.service.port, timeoutMs: profile.openTimeoutMs, expect: door.expect ?? 'none' },
    });
    if (profile.oneTimeSequences.length === 0) return deps.engine.run(plan(door.steps), { target, signal, onProgress });
    return oneTimeLocks.run(
      profile.id,
      async () => {
        const next = await deps.profiles.nextOneTimeSequence(profile.id);
        if (!next) throw contractError('CONFLICT', `Every one-time sequence of "${profile.name}" has been used: add new ones.`);
        const result = await deps.engine.run(plan(next.steps), { target, signal, onProgress });
        if (result.status === 'open') await deps.profiles.markOneTimeUsed(profile.id, next.index);
        return result;
      },
      signal,
    );
  }

  async function connect(request: ConnectRequest): Promise<ConnectRun> {
    const { profileId, runId } = request;
    if (running.has(runId)) throw contractError('CONFLICT', `Run "${runId}" is already in progress.`);
    const profile = await deps.profiles.get(profileId);
    const door = knockTargetOf(profile); // refuses incomplete drafts before anything goes on the wire
    const controller = new AbortController();
    running.set(runId, controller);
    const progress = (event: ConnectProgress) => deps.emit('connectProgress', { runId, profileId, event });
    const finish = async (result: ConnectRun): Promise<ConnectRun> => {
      running.delete(runId);
      // Every run ends with an event, so a window following a run it did not start (tray, link) settles too.
      if (result.outcome === 'failed' && result.error && !result.diagnosis) progress({ kind: 'error', ...result.error });
      await record(profile, result);
      return result;
    };

    let target: PinnedTarget;
    let msToOpen: number;
    try {
      try {
        target = await deps.engine.resolve(door.host, door.family, { signal: controller.signal, onProgress: progress });
      } catch (error) {
        if (!(error instanceof ResolveError)) throw error;
        progress({ kind: 'failed', class: 'dns-failed', stage: 'resolve' });
        return await finish({ runId, outcome: 'failed', diagnosis: { class: 'dns-failed', stage: 'resolve', detail: error.message } });
      }
      const result = await knockAndWait(profile, target, controller.signal, progress);
      if (result.status !== 'open') {
        const diagnosis =
          result.status === 'failed'
            ? { class: result.class, stage: result.stage, ...(result.detail ? { detail: result.detail } : {}) }
            : undefined;
        return await finish({ runId, outcome: 'failed', ...(diagnosis ? { diagnosis } : {}) });
      }
      msToOpen = result.msFromFirstKnock;
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) {
        progress({ kind: 'cancelled' });
        return finish({ runId, outcome: 'cancelled' });
      }
      // A known refusal (e.g. every one-time sequence spent) ends the run like any failure: recorded, explained.
      if (isContractError(error)) return finish({ runId, outcome: 'failed', error: { code: error.code, message: error.message } });
      running.delete(runId);
      throw error;
    }

    // Past this point the door is open: launching is not cancellable (the user asked for a session).
    try {
      let ftpMode: 'passive' | 'active' | undefined;
      if (profile.service.kind === 'ftp') {
        const chosen = await chooseFtpMode(profile, target, progress, controller.signal);
        if (controller.signal.aborted) {
          progress({ kind: 'cancelled' });
          return await finish({ runId, outcome: 'cancelled', msToOpen });
        }
        if ('blocked' in chosen) {
          progress({ kind: 'failed', class: 'passive-ports-blocked', stage: 'ftp' });
          return await finish({ runId, outcome: 'failed', msToOpen, diagnosis: { class: 'passive-ports-blocked', stage: 'ftp', detail: chosen.blocked } });
        }
        ftpMode = chosen.mode;
      }
      const client = await startClient(profile, target, request, ftpMode, progress);
      const afterExit = async ({ code }: { code: number | null }): Promise<void> => {
        progress({ kind: 'client-exited', code });
        if (request.sendCloseSequence === false || !profile.closeSequence) return;
        try {
          await deps.engine.knock(target, profile.closeSequence.steps, profile.closeSequence.delayMs);
          progress({ kind: 'closed', steps: profile.closeSequence.steps.length });
        } catch (error) {
          // The session is over either way; what matters is that the user learns the door may be open.
          const message = `The close sequence could not be sent (${(error as Error)?.message ?? String(error)}): the door may still be open.`;
          progress({ kind: 'error', code: 'CLOSE_FAILED', message });
        }
      };
      // A client that hands the session to a running terminal (wt.exe, osascript, a detached
      // template) exits at once: that says nothing about the session, so nothing follows it.
      const closed = client.tracksExit ? client.exited.then(afterExit, () => undefined) : Promise.resolve();
      return await finish({ runId, outcome: 'launched', msToOpen, client: { ...client, closed } });
    } catch (error) {
      const failure = isContractError(error)
        ? error
        : error instanceof LaunchError
          ? error.toContractError()
          : contractError('INTERNAL', (error as Error)?.message ?? String(error));
      return finish({ runId, outcome: 'failed', msToOpen, error: { code: failure.code, message: failure.message } });
    }
  }

  /**
   * `auto`: try a passive data connection and fall back to active when it is
   * filtered. Forced `passive`: the same check, and a blocked range is a
   * diagnosis (the listing would hang) rather than a silent hang in the client.
   */
  async function chooseFtpMode(
    profile: Profile,
    target: PinnedTarget,
    progress: (e: ConnectProgress) => void,
    signal: AbortSignal,
  ): Promise<{ mode: 'passive' | 'active' } | { blocked: string }> {
    if (profile.ftpMode === 'active') return { mode: 'active' };
    const password = profile.auth.method === 'password' ? await deps.profiles.readSecret(profile.id, 'password') : null;
    if (!deps.ftpCheck || !profile.service.user || password === null) {
      const reason = 'Passive mode: no stored password to test the data connection with.';
      progress({ kind: 'ftp-mode', mode: 'passive', reason });
      return { mode: 'passive' };
    }
    const verdict = await deps.ftpCheck({ target, port: profile.service.port, user: profile.service.user, password, signal });
    if (profile.ftpMode === 'passive' && verdict.mode === 'active') return { blocked: verdict.reason };
    progress({ kind: 'ftp-mode', mode: verdict.mode, reason: verdict.reason });
    await deps.profiles.rememberFtpMode(profile.id, verdict.mode).catch(() => undefined);
    return { mode: verdict.mode };
  }

  async function startClient(
    profile: Profile,
    target: PinnedTarget,
    request: ConnectRequest,
    ftpMode: 'passive' | 'active' | undefined,
    progress: (e: ConnectProgress) => void,
  ): Promise<LaunchedClient & { tracksExit: boolean }> {
    const detected = await deps.launcher.detect();
    // Precedence: the caller (CLI) → the profile's own client → the user's settings → detection.
    const configured = (await deps.launcher.choose?.(profile)) ?? {};
    const preferred = profile.preferredClient === 'auto' ? undefined : profile.preferredClient;
    const choice: ClientChoice = { ...configured, ...request.choice };
    const clientChoice = request.choice?.client ?? preferred ?? configured.client;
    const client = clientChoice ?? defaultClient(detected, launchService(profile), choice.terminal);
    if (!client) throw contractError('NOT_FOUND', `No program to open a ${profile.service.kind} session was found on this computer: install one or choose it in Settings.`);
    const launchRequest: LaunchRequest = {
      service: launchService(profile),
      host: profile.host ?? target.address,
      address: target.address,
      family: target.family,
      port: profile.service.port,
      auth: profile.auth.method,
      client,
      ...(profile.service.user ? { user: profile.service.user } : {}),
      ...(profile.auth.method === 'key' ? { keyFile: profile.auth.keyFile } : {}),
      ...(ftpMode ? { ftpMode } : {}),
      ...(choice.terminal ? { terminal: choice.terminal } : {}),
      ...(choice.customTemplate ? { customTemplate: choice.customTemplate } : {}),
      ...(choice.customDetaches ? { customDetaches: true } : {}),
      ...(request.remoteCommand ? { remoteCommand: request.remoteCommand } : {}),
    };
    // Secrets go from the keychain straight into the plan (askpass / env / 0600 file), never into argv or events.
    const password = profile.auth.method === 'password' ? await deps.profiles.readSecret(profile.id, 'password') : null;
    const passphrase = profile.auth.method === 'key' ? await deps.profiles.readSecret(profile.id, 'passphrase') : null;
    const plan = await buildLaunchPlan(launchRequest, {
      detected,
      env: deps.launcher.env,
      secrets: { ...(password ? { password } : {}), ...(passphrase ? { passphrase } : {}) },
      ...(deps.launcher.askpass ? { askpass: deps.launcher.askpass } : {}),
      ...(deps.launcher.privateDir ? { privateDir: deps.launcher.privateDir } : {}),
    });
    const launched = launch(plan, deps.launcher.spawn);
    const usedClipboard = plan.clipboard !== undefined && deps.launcher.clipboard !== undefined;
    if (plan.clipboard && deps.launcher.clipboard) plan.clipboard.copy(deps.launcher.clipboard);
    const notes = [...plan.notes, ...(plan.modeHint ? [plan.modeHint] : []), ...(plan.clipboard ? [plan.clipboard.reason] : [])];
    progress({ kind: 'launched', client, notes, clipboard: usedClipboard });
    return { ...launched, tracksExit: plan.tracksExit };
  }

  return {
    connect,
    cancel(runId: string): boolean {
      const controller = running.get(runId);
      if (!controller) return false;
      controller.abort();
      return true;
    },
  };
}

export type Connector = ReturnType<typeof createConnector>;

/** The user's settings as a client choice for one profile ("auto" leaves the choice to detection). */
export function choiceFromSettings(
  settings: { terminal: TerminalId | 'auto'; sshClient: 'auto' | 'openssh' | 'putty'; ftpClient: 'auto' | 'lftp' | 'winscp' | 'filezilla' },
  profile: Pick<Profile, 'service'>,
): ClientChoice {
  const client = profile.service.kind === 'ftp' ? settings.ftpClient : profile.service.kind === 'custom' ? 'auto' : settings.sshClient;
  return {
    ...(settings.terminal !== 'auto' ? { terminal: settings.terminal } : {}),
    // PuTTY has no SFTP: an sftp profile falls back to detection rather than failing.
    ...(client !== 'auto' && !(client === 'putty' && profile.service.kind === 'sftp') ? { client } : {}),
  };
}
