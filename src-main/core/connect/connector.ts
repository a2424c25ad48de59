import type { Emit } from '../../contract';
import { contractError, isContractError } from '../../contract/error-codes';
import type { ConnectProgress, ConnectResult, HistoryEntry } from '../../contract/features/connect';
import type { KnockProgress } from '../../contract/features/knock';
import { doorOf, doorTimeoutOf } from '../../contract/features/profile-facts';
import type { Profile } from '../../contract/features/profiles';
import type { KnockSequence } from '../../contract/schemas/common';
import { DoorConfigError } from '../door/door';
import { doorFamily, nodeDoorDeps, profileDoor, readSpaKeys, type DoorDeps } from '../door/profile-door';
import { runDoor } from '../door/run-door';
import type { OpenDoors, TrackedDoor } from '../door/open-doors';
import { sourceAddressToward } from '../door/source-address';
import type { SpaKeys } from '../spa/keys';
import { createAddressLocks } from '../knock/address-locks';
import type { KnockEngine } from '../knock/engine';
import { knockTargetOf } from '../knock/profile-target';
import { ResolveError } from '../knock/resolve';
import type { HostKeyQuestion } from '../launcher/askpass-prompts';
import type { LaunchedClient } from '../launcher/launch';
import type { TerminalId } from '../launcher/types';
import { LaunchError } from '../launcher/validate';
import type { HostKeyAsk } from './host-key-questions';
import { checkPlan, handoffFailure, prepareLaunch, runHooks, standInAddress, startClient, type ClientChoice, type LauncherDeps, type PreparedLaunch } from './launch-phase';
import { isAbortError } from '../net/abort';
import type { PinnedTarget } from '../net/types';
import type { ProfilesService } from '../profiles/profiles-service';
import type { FtpModeChecker } from './ftp-mode-check';
import type { HistoryStore } from './history';

export type { ClientChoice } from './launch-phase';

export interface ConnectorDeps {
  engine: KnockEngine;
  profiles: ProfilesService;
  history: HistoryStore;
  emit: Emit;
  now: () => number;
  launcher: LauncherDeps;
  ftpCheck?: FtpModeChecker;
  /** Where ssh's host-key questions go when the caller brings no way to ask (the app: its window). */
  hostKeys?: { ask(ask: HostKeyAsk): Promise<boolean> };
  /** Sockets, clock and the SPA transport for the door and the port wait; the real ones by default. */
  doors?: DoorDeps;
  /** Doors that close by themselves: their countdown and keep-open (absent: not followed). */
  openDoors?: OpenDoors;
  /** The local address toward the server (keep-open re-knocks when it changes); the UDP-connect probe by default. */
  sourceAddress?: (target: PinnedTarget, port: number) => Promise<string | undefined>;
}

export interface ConnectRequest {
  profileId: string;
  runId: string;
  sendCloseSequence?: boolean;
  /** `sesame connect --exec`: run this remotely instead of a login shell (OpenSSH only). */
  remoteCommand?: string[];
  /** Overrides the settings' choice (the CLI runs the client in its own terminal). */
  choice?: ClientChoice;
  /** `sesame connect --tty`: a remote terminal for an interactive --exec (ssh -t). */
  requestTty?: boolean;
  /** Asks the user about an unknown host key (the CLI: on its terminal); else `deps.hostKeys`. */
  confirmHostKey?(question: HostKeyQuestion): Promise<boolean>;
  /**
   * Called just before the client is spawned, with whether it shares the
   * caller's terminal: from then on the terminal's Ctrl-C belongs to the client
   * (the CLI stops reacting to SIGINT/SIGQUIT until the close sequence went).
   */
  onClientStarting?(client: { inline: boolean }): void;
}

export interface ConnectRun extends ConnectResult {
  /** The running client, when launched; `closed` settles after the close sequence (if any) was sent. */
  client?: LaunchedClient & { closed: Promise<void> };
}

/**
 * Knock then connect. Before any packet leaves (DNS included), the whole
 * launch is prepared and checked as a dry run: client and terminal found,
 * versions read, secrets read, every argument validated. Then: resolve once →
 * check again with the pinned address → knock (the next one-time sequence when
 * the profile has a list) → wait for the port with the service check → (FTP
 * auto mode: try a passive data connection) → launch the client on the pinned
 * address → when the client exits, send the close sequence. Once the door is
 * open, every way out — a refused launch, a spawn error, a cancel, a crash of
 * the client — sends the close sequence, and the result says whether it went.
 * Cancellable until the launch; every stage is a `connectProgress` event;
 * every run is recorded.
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

  const doorDeps = deps.doors ?? nodeDoorDeps({}, deps.launcher.env);

  /** Opens the profile's door (knock sequence or SPA packet) and waits for the port: the same runDoor for both. */
  async function openAndWait(profile: Profile, target: PinnedTarget, spaKeys: SpaKeys | undefined, signal: AbortSignal, onProgress: (e: KnockProgress) => void) {
    const run = async (steps?: KnockSequence) => {
      const { door, wait } = profileDoor(profile, deps.engine, doorDeps, spaKeys, steps);
      if (door.kind === 'spa') return (await runDoor(door, target, wait, doorDeps, { signal, onProgress })).result;
      // The knock door's own run (engine.run = the knock door's open + the same shared port wait, per-address lock included).
      const knock = steps ?? profile.knock!;
      return deps.engine.run({ host: profile.host!, family: door.kind === 'knock' ? profile.addressFamily : 'ipv4', steps: knock.steps, delayMs: knock.delayMs, wait }, { target, signal, onProgress });
    };
    if (doorOf(profile) === 'spa' || profile.oneTimeSequences.length === 0) return run();
    // The sequence is spent under the profiles file's cross-process lock before any
    // packet leaves (never sent twice, not even after a crash); other processes wait their turn.
    const delayMs = profile.knock?.delayMs ?? 100;
    return oneTimeLocks.run(
      profile.id,
      () => deps.profiles.withOneTimeSequence(profile.id, (next) => run({ steps: next.steps, delayMs }), { signal }),
      signal,
    );
  }

  /** Where the door is: refuses incomplete drafts (and an IPv6-only SPA profile) before anything goes on the wire. */
  function doorPlace(profile: Profile): { host: string; family: Profile['addressFamily'] } {
    if (doorOf(profile) === 'knock') return knockTargetOf(profile);
    if (profile.host === undefined) knockTargetOf(profile);
    return { host: profile.host!, family: doorFamily(profile) };
  }

  /** A failure as the result reports it: contract errors as they are, launcher refusals with their field. */
  function failureOf(error: unknown): { code: string; message: string } {
    const failure = isContractError(error)
      ? error
      : error instanceof LaunchError
        ? error.toContractError()
        : contractError('INTERNAL', (error as Error)?.message ?? String(error));
    return { code: failure.code, message: failure.message };
  }

  async function connect(request: ConnectRequest): Promise<ConnectRun> {
    const { profileId, runId } = request;
    if (running.has(runId)) throw contractError('CONFLICT', `Run "${runId}" is already in progress.`);
    const profile = await deps.profiles.get(profileId);
    const door = doorPlace(profile); // refuses incomplete drafts before anything goes on the wire
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
    const cancelled = (extra: Partial<ConnectRun> = {}) => {
      progress({ kind: 'cancelled' });
      return finish({ runId, outcome: 'cancelled', ...extra });
    };

    // The dry run: nothing has left this machine yet, so a refusal leaves no door open.
    let prepared: PreparedLaunch;
    let spaKeys: SpaKeys | undefined;
    try {
      prepared = await prepareLaunch(deps.launcher, deps.profiles, {
        profile,
        ...(request.choice ? { choice: request.choice } : {}),
        ...(request.remoteCommand ? { remoteCommand: request.remoteCommand } : {}),
        ...(request.requestTty ? { requestTty: true } : {}),
      });
      await checkPlan(deps.launcher, prepared, standInAddress(door.host, door.family), profile.ftpModeLearned ?? 'passive');
      // Still the dry run: the SPA keys come from the keychain now, or the run ends with the door shut.
      if (doorOf(profile) === 'spa') spaKeys = await readSpaKeys(deps.profiles, profile);
    } catch (error) {
      if (controller.signal.aborted) return cancelled();
      return finish({ runId, outcome: 'failed', error: failureOf(error) });
    }
    if (controller.signal.aborted) return cancelled();
    // Decided in the dry run, said before the first packet: the client will ask for the secret itself.
    if (prepared.secrets.typedBecause !== undefined) progress({ kind: 'notice', code: 'KEYCHAIN_UNAVAILABLE', message: prepared.secrets.typedBecause });

    let target: PinnedTarget;
    let msToOpen: number;
    let openedAt: number;
    try {
      try {
        target = await deps.engine.resolve(door.host, door.family, { signal: controller.signal, onProgress: progress });
      } catch (error) {
        if (!(error instanceof ResolveError)) throw error;
        progress({ kind: 'failed', class: 'dns-failed', stage: 'resolve' });
        return await finish({ runId, outcome: 'failed', diagnosis: { class: 'dns-failed', stage: 'resolve', detail: error.message } });
      }
      // Still before the first knock: what only the pinned address can break (a zone id conhost would expand…).
      try {
        await checkPlan(deps.launcher, prepared, target, profile.ftpModeLearned ?? 'passive');
      } catch (error) {
        return await finish({ runId, outcome: 'failed', error: failureOf(error) });
      }
      let result;
      try {
        result = await openAndWait(profile, target, spaKeys, controller.signal, progress);
      } catch (error) {
        // Settings the door cannot send (a resolve URL that gives no address…): nothing went out.
        if (!(error instanceof DoorConfigError)) throw error;
        return await finish({ runId, outcome: 'failed', error: { code: 'INVALID_INPUT', message: error.message } });
      }
      if (result.status !== 'open') {
        const diagnosis =
          result.status === 'failed'
            ? { class: result.class, stage: result.stage, ...(result.detail ? { detail: result.detail } : {}) }
            : undefined;
        return await finish({ runId, outcome: 'failed', ...(diagnosis ? { diagnosis } : {}) });
      }
      msToOpen = result.msFromFirstKnock;
      openedAt = deps.now();
    } catch (error) {
      if (isAbortError(error) || controller.signal.aborted) return cancelled();
      // A known refusal (e.g. every one-time sequence spent) ends the run like any failure: recorded, explained.
      if (isContractError(error)) return finish({ runId, outcome: 'failed', error: { code: error.code, message: error.message } });
      running.delete(runId);
      throw error;
    }

    // The door is open. Every way out from here sends the close sequence (once).
    let closing: Promise<'sent' | 'failed' | undefined> | undefined;
    let tracked: TrackedDoor | undefined;
    const sendClose = (): Promise<'sent' | 'failed' | undefined> =>
      (closing ??= (async () => {
        // An SPA door is closed by fwknopd itself (FW_ACCESS_TIMEOUT or the client timeout).
        if (request.sendCloseSequence === false || !profile.closeSequence || doorOf(profile) === 'spa') return undefined;
        try {
          await deps.engine.knock(target, profile.closeSequence.steps, profile.closeSequence.delayMs);
          progress({ kind: 'closed', steps: profile.closeSequence.steps.length });
          return 'sent';
        } catch (error) {
          // What matters is that the user learns the door may be open.
          const message = `The close sequence could not be sent (${(error as Error)?.message ?? String(error)}): the door may still be open.`;
          progress({ kind: 'error', code: 'CLOSE_FAILED', message });
          return 'failed';
        }
      })());
    // Keep-open stops first: no re-knock goes out after (or amid) the close sequence.
    const closeDoor = async (): Promise<'sent' | 'failed' | undefined> => {
      await tracked?.stop('session');
      return sendClose();
    };
    const closedWith = async (): Promise<Partial<ConnectRun>> => {
      const sent = await closeDoor();
      return sent === undefined ? {} : { closeSequence: sent };
    };

    try {
      let ftpMode: 'passive' | 'active' | undefined;
      if (profile.service.kind === 'ftp') {
        const chosen = await chooseFtpMode(profile, target, prepared, progress, controller.signal);
        if (controller.signal.aborted) return await cancelled({ msToOpen, ...(await closedWith()) });
        if ('blocked' in chosen) {
          progress({ kind: 'failed', class: 'passive-ports-blocked', stage: 'ftp' });
          const closed = await closedWith();
          return await finish({ runId, outcome: 'failed', msToOpen, diagnosis: { class: 'passive-ports-blocked', stage: 'ftp', detail: chosen.blocked }, ...closed });
        }
        ftpMode = chosen.mode;
      }
      // Past this point launching is not cancellable (the user asked for a session).
      const confirmHostKey =
        request.confirmHostKey ?? (deps.hostKeys ? (question: HostKeyQuestion) => deps.hostKeys!.ask({ runId, profileId, question }) : undefined);
      const client = await startClient(deps.launcher, prepared, target, ftpMode, runHooks(progress, confirmHostKey), progress, (plan) =>
        request.onClientStarting?.({ inline: plan.inline === true }),
      );
      tracked = await trackDoor(profile, target, spaKeys, openedAt, client.tracksExit === true, sendClose);
      let closed: Promise<void>;
      if (client.tracksExit) {
        // The session ends with the client, whatever way it ends (exit, crash, signal).
        closed = client.exited.then(
          async ({ code }) => {
            progress({ kind: 'client-exited', code });
            await closeDoor();
          },
          async (error: unknown) => {
            progress({ kind: 'error', code: 'CLIENT_FAILED', message: `The client stopped: ${(error as Error)?.message ?? String(error)}` });
            await closeDoor();
          },
        );
      } else {
        // A hand-off (wt.exe, osascript, a detached template) says nothing about the session's end;
        // only a late failure of the hand-off itself (a consent dialog answered "no") closes the door.
        closed = Promise.resolve();
        void client.exited.then(async (exit) => {
          const failure = client.plan.captureStderr ? handoffFailure(client.plan, exit) : undefined;
          if (failure === undefined) return;
          progress({ kind: 'error', code: 'LAUNCH_FAILED', message: failure });
          await closeDoor();
        }, () => undefined);
      }
      return await finish({ runId, outcome: 'launched', msToOpen, client: { ...client, closed } });
    } catch (error) {
      const closed = await closedWith();
      return finish({ runId, outcome: 'failed', msToOpen, error: failureOf(error), ...closed });
    }
  }

  /**
   * Follows a door that closes by itself (the profile says how long it stays
   * open): its countdown, and with "keep open" a re-knock before it shuts
   * while the session runs — until the client exits when Sesame tracks it,
   * else until the user closes it or the cap. A one-time list is never spent
   * on re-knocks: such a door only counts down.
   */
  async function trackDoor(
    profile: Profile,
    target: PinnedTarget,
    spaKeys: SpaKeys | undefined,
    openedAt: number,
    followsSession: boolean,
    close: () => Promise<unknown>,
  ): Promise<TrackedDoor | undefined> {
    const timeoutS = doorTimeoutOf(profile);
    if (!deps.openDoors || timeoutS === undefined) return undefined;
    const keepOpen = profile.keepOpen === true && profile.oneTimeSequences.length === 0;
    const probe = deps.sourceAddress ?? sourceAddressToward;
    return deps.openDoors.track({
      profileId: profile.id,
      timeoutS,
      keepOpen,
      openedAt,
      followsSession,
      knock: async () => {
        // The same door as the first knock (per-address lock included), to the same pinned address.
        const { door } = profileDoor(profile, deps.engine, doorDeps, spaKeys);
        await door.open(target);
      },
      close: async () => {
        await close();
      },
      sourceAddress: () => probe(target, profile.service.port),
    });
  }

  /**
   * `auto`: try a passive data connection and fall back to active when it is
   * filtered. Forced `passive`: the same check, and a blocked range is a
   * diagnosis (the listing would hang) rather than a silent hang in the client.
   */
  async function chooseFtpMode(
    profile: Profile,
    target: PinnedTarget,
    prepared: PreparedLaunch,
    progress: (e: ConnectProgress) => void,
    signal: AbortSignal,
  ): Promise<{ mode: 'passive' | 'active' } | { blocked: string }> {
    if (profile.ftpMode === 'active') return { mode: 'active' };
    // The password read in the dry run: no second keychain read after the door opened.
    const password = prepared.secrets.password;
    if (!deps.ftpCheck || !profile.service.user || password === undefined) {
      const reason = 'Passive mode: no stored password to test the data connection with.';
      progress({ kind: 'ftp-mode', mode: 'passive', reason });
      return { mode: 'passive' };
    }
    const verdict = await deps.ftpCheck({ target, port: profile.service.port, user: profile.service.user, password, signal });
    if (profile.ftpMode === 'passive' && verdict.mode === 'active') return { blocked: verdict.blockedOffer ?? verdict.reason };
    progress({ kind: 'ftp-mode', mode: verdict.mode, reason: verdict.reason });
    await deps.profiles.rememberFtpMode(profile.id, verdict.mode).catch(() => undefined);
    return { mode: verdict.mode };
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
