import { dirname, join } from 'node:path';
import { contractError, type Emit, type FeatureHandlers, type Handlers } from '../contract';
import type { appMethods } from '../contract/features/app';
import { choiceFromSettings, createConnector, type Connector, type ConnectorDeps } from './connect/connector';
import { createFtpModeChecker } from './connect/ftp-mode-check';
import { createClientPreviewHandlers } from './connect/client-preview-handlers';
import { createConnectHandlers } from './connect/handlers';
import { createHistoryStore } from './connect/history';
import { createHostKeyQuestions } from './connect/host-key-questions';
import { createFilesHandlers, noDialogs, type Dialogs } from './files/handlers';
import { guardTemplateEdits } from './launcher/template-approval';
import { processAddressLocks, type AddressLocks } from './knock/address-locks';
import { createKnockEngine, type KnockEngine } from './knock/engine';
import { createKnockHandlers } from './knock/handlers';
import { bannerFor, knockTargetOf } from './knock/profile-target';
import { doorOf } from '../contract/features/profiles';
import { doorFamily, nodeDoorDeps, profileDoor, readSpaKeys, type DoorDeps } from './door/profile-door';
import { nodeSockets, systemClock, systemLookup } from './net/node-net';
import { createOpenDoors, type OpenDoors } from './door/open-doors';
import { systemTimers, type Timers } from './door/keep-open';
import type { Clock, LookupFn, SocketFactory } from './net/types';
import { createProfilesHandlers } from './profiles/handlers';
import { createProfileStore } from './profiles/profile-store';
import { createProfilesService, type ProfilesService } from './profiles/profiles-service';
import { watchProfiles } from './profiles/watch-profiles';
import { toDetectedTools } from './settings/detect-tools';
import type { DetectedTools } from '../contract/features/settings';
import { createServerKitHandlers } from './server-kit/handlers';
import { createSettingsHandlers } from './settings/handlers';
import { createSettingsStore, type SettingsStore } from './settings/settings-store';
import type { SecretStore } from './secrets/secret-store';
import { createFirstRunHandlers } from './sharing/import-sources-handlers';
import type { ImportSearch } from './sharing/import-sources';
import { createSharingService, type SharingService } from './sharing/sharing-service';
import { createNoticeBoard, type NoticeBoard } from './notices';

export interface CoreDeps {
  app: { name: string; version: string; platform: NodeJS.Platform; locale: string };
  /** Wall-clock time for timestamps (profiles, history). */
  now: () => number;
  emit: Emit;
  /** From resolveAppPaths(): the one profiles file the app and the CLI share. */
  profilesFile: string;
  homedir: string;
  secrets: SecretStore;
  /** Client detection, spawn, askpass and user choices (see systemLauncher()); connect fails without it. */
  launcher?: ConnectorDeps['launcher'];
  /** Where the connection history lives; next to the profiles file by default. */
  historyFile?: string;
  /** Follow changes other processes make to the profiles file (the app: yes; one-shot CLI runs: no). */
  watchProfilesFile?: boolean;
  /** Real sockets, resolver and clock unless a test passes its own. */
  net?: { sockets: SocketFactory; lookup: LookupFn; clock: Clock; locks?: AddressLocks };
  /** The SPA door's transport and clocks; the real UDP/TCP/HTTP sender unless a test passes its own. */
  spa?: Partial<DoorDeps['spa']>;
  /** settings.json; defaults to the file next to profilesFile. */
  settingsFile?: string;
  /** Main's file dialogs; without them, picking a file fails with NOT_IMPLEMENTED. */
  dialogs?: Dialogs;
  /** Installed terminals/clients for the settings screen; defaults to scanning PATH. */
  detectTools?: () => Promise<DetectedTools>;
  /** Where first-run discovery looks for importable files (environment, and a root for system paths in tests). */
  importSearch?: Partial<Pick<ImportSearch, 'env' | 'rootDir'>>;
  /** Timers for keep-open (re-knocks, address polls); the real ones unless a test passes its own. */
  timers?: Timers;
  /** How often keep-open reads the source address toward the server (5 s by default). */
  addressPollMs?: number;
}

/** Everything main needs: the contract's handlers plus the services the shell (tray, dialogs) uses directly. */
export interface Core {
  handlers: Handlers;
  /** Stops background work (the profiles file watch). */
  dispose(): void;
  connector: Connector;
  profiles: ProfilesService;
  sharing: SharingService;
  engine: KnockEngine;
  settings: SettingsStore;
  /** Tell the user something in the window (kept until dismissed, so a window opened later sees it). */
  notices: NoticeBoard;
  /** Doors open now that close by themselves, and their keep-open (the tray's countdown and "Close now"). */
  openDoors: OpenDoors;
}

const knownPlatforms = new Set(['linux', 'darwin', 'win32']);

const noLauncher: ConnectorDeps['launcher'] = {
  detect: async () => {
    throw contractError('NOT_IMPLEMENTED', 'This host cannot launch clients.');
  },
  spawn: () => {
    throw contractError('NOT_IMPLEMENTED', 'This host cannot launch clients.');
  },
  env: {},
};

function createAppHandlers(deps: CoreDeps, notices: NoticeBoard): FeatureHandlers<typeof appMethods> {
  return {
    getAppInfo: async () => ({
      name: deps.app.name,
      version: deps.app.version,
      platform: knownPlatforms.has(deps.app.platform) ? (deps.app.platform as 'linux' | 'darwin' | 'win32') : 'other',
      locale: deps.app.locale,
    }),
    ping: async ({ nonce }) => ({ nonce, at: deps.now() }),
    listNotices: async () => ({ notices: notices.list() }),
    dismissNotice: async ({ id }) => ({ dismissed: notices.dismiss(id) }),
  };
}

/**
 * The composition root of main: builds every feature from its dependencies and
 * merges their handlers into the one contract implementation. The Electron
 * shell and the Chromium test transport both call this, so tests drive exactly
 * the core the app runs.
 */
export function createCore(coreDeps: CoreDeps): Core {
  // Every revision this process announces is remembered, so the file watch
  // reports only changes made elsewhere (as reason "external").
  let knownRevision: number | undefined;
  const deps: CoreDeps = {
    ...coreDeps,
    emit: (event, payload) => {
      if (event === 'profilesChanged') knownRevision = (payload as { revision: number }).revision;
      coreDeps.emit(event, payload);
    },
  };
  const net = deps.net ?? { sockets: nodeSockets, lookup: systemLookup, clock: systemClock };
  const notices = createNoticeBoard(deps.emit);
  const store = createProfileStore({
    filePath: deps.profilesFile,
    now: deps.now,
    onRecovered: (notice) => {
      deps.emit('profilesRecovered', notice);
      notices.push({ level: 'warning', message: notice.message });
    },
  });
  const profiles = createProfilesService({ store, secrets: deps.secrets, now: deps.now });
  const sharing = createSharingService({ profiles, secrets: deps.secrets, now: deps.now, homedir: deps.homedir });
  const settings = createSettingsStore({ filePath: deps.settingsFile ?? join(dirname(deps.profilesFile), 'settings.json') });
  const engine = createKnockEngine({ ...net, locks: net.locks ?? processAddressLocks });
  const history = createHistoryStore(deps.historyFile ?? join(dirname(deps.profilesFile), 'history.jsonl'));
  const launcher: ConnectorDeps['launcher'] = deps.launcher
    ? { choose: async (profile) => choiceFromSettings(await settings.read(), profile), ...deps.launcher }
    : noLauncher;
  // ssh's host-key questions, asked in the window (the CLI brings its own terminal instead).
  const hostKeys = createHostKeyQuestions({ emit: deps.emit });
  // Sockets and clock of the knock engine for the SPA door and the port wait too (tests pass their own).
  const nodeDoors = nodeDoorDeps(net, deps.launcher?.env ?? process.env);
  const doors: DoorDeps = { ...nodeDoors, spa: { ...nodeDoors.spa, ...deps.spa } };
  const openDoors = createOpenDoors({
    now: deps.now,
    timers: deps.timers ?? systemTimers,
    onChange: (list) => deps.emit('openDoorsChanged', { doors: list }),
    capMs: async () => (await settings.read()).keepOpenMaxHours * 3_600_000,
    ...(deps.addressPollMs !== undefined ? { addressPollMs: deps.addressPollMs } : {}),
  });
  const connector = createConnector({
    openDoors,
    doors,
    engine,
    profiles,
    history,
    emit: deps.emit,
    now: deps.now,
    launcher,
    ftpCheck: createFtpModeChecker(),
    hostKeys,
  });
  const profileHandlers = createProfilesHandlers({ profiles, sharing, emit: deps.emit });
  const handlers: Handlers = {
    ...createAppHandlers(deps, notices),
    ...profileHandlers,
    ...guardTemplateEdits(profileHandlers, { profiles, ...(deps.dialogs?.confirmCommand ? { confirm: (request) => deps.dialogs?.confirmCommand?.(request) ?? Promise.resolve(false) } : {}) }),
    ...createKnockHandlers({
      engine,
      probeDeps: net,
      getTarget: async (id) => {
        const profile = await profiles.get(id);
        if (doorOf(profile) === 'knock') return knockTargetOf(profile);
        // SPA: what probeProfile needs (the guarded port on the IPv4 address SPA uses).
        if (profile.host === undefined) return knockTargetOf(profile);
        return { host: profile.host, family: doorFamily(profile), steps: [], guardedPort: profile.service.port, timeoutMs: profile.openTimeoutMs, expect: bannerFor(profile.service.kind) };
      },
      getDoor: async (id) => {
        const profile = await profiles.get(id);
        if (doorOf(profile) !== 'spa') return undefined;
        return profileDoor(profile, engine, doors, await readSpaKeys(profiles, profile));
      },
      doorNet: doors,
      emit: deps.emit,
    }),
    ...createConnectHandlers({ connector, history, hostKeys }),
    listOpenDoors: async () => ({ doors: openDoors.list() }),
    closeDoorNow: async ({ profileId }) => ({ stopped: await openDoors.closeNow(profileId) }),
    ...createSettingsHandlers({
      store: settings,
      // The launcher's own (cached) detection: the settings screen offers what connect would use.
      detect: deps.detectTools ?? (async () => toDetectedTools(deps.launcher ? await deps.launcher.detect() : undefined)),
      emit: deps.emit,
    }),
    ...createFilesHandlers({ dialogs: deps.dialogs ?? noDialogs, sharing }),
    ...createFirstRunHandlers({
      search: { platform: deps.app.platform, homedir: deps.homedir, env: deps.importSearch?.env ?? {}, ...(deps.importSearch?.rootDir ? { rootDir: deps.importSearch.rootDir } : {}) },
      sharing,
    }),
    ...createClientPreviewHandlers({ profiles, launcher }),
    ...createServerKitHandlers({ profiles, locale: deps.app.locale, emit: deps.emit }),
  };
  let stopWatch = (): void => {};
  if (deps.watchProfilesFile) {
    void store.read().then(({ revision }) => (knownRevision ??= revision), () => undefined);
    stopWatch = watchProfiles(store, (revision) => {
      if (revision === knownRevision) return;
      deps.emit('profilesChanged', { revision, reason: 'external', ids: [] });
    });
  }
  return {
    handlers,
    connector,
    profiles,
    sharing,
    engine,
    settings,
    notices,
    openDoors,
    dispose: () => {
      stopWatch();
      void openDoors.stopAll();
    },
  };
}
