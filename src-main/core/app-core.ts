import { dirname, join } from 'node:path';
import { contractError, type Emit, type FeatureHandlers, type Handlers } from '../contract';
import type { appMethods } from '../contract/features/app';
import { choiceFromSettings, createConnector, type Connector, type ConnectorDeps } from './connect/connector';
import { createFtpModeChecker } from './connect/ftp-mode-check';
import { createConnectHandlers } from './connect/handlers';
import { createHistoryStore } from './connect/history';
import { createFilesHandlers, noDialogs, type Dialogs } from './files/handlers';
import { processAddressLocks, type AddressLocks } from './knock/address-locks';
import { createKnockEngine, type KnockEngine } from './knock/engine';
import { createKnockHandlers } from './knock/handlers';
import { knockTargetOf } from './knock/profile-target';
import { nodeSockets, systemClock, systemLookup } from './net/node-net';
import type { Clock, LookupFn, SocketFactory } from './net/types';
import { createProfilesHandlers } from './profiles/handlers';
import { createProfileStore } from './profiles/profile-store';
import { createProfilesService, type ProfilesService } from './profiles/profiles-service';
import { watchProfiles } from './profiles/watch-profiles';
import { toDetectedTools } from './settings/detect-tools';
import type { DetectedTools } from '../contract/features/settings';
import { createSettingsHandlers } from './settings/handlers';
import { createSettingsStore, type SettingsStore } from './settings/settings-store';
import type { SecretStore } from './secrets/secret-store';
import { createSharingService, type SharingService } from './sharing/sharing-service';

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
  /** settings.json; defaults to the file next to profilesFile. */
  settingsFile?: string;
  /** Main's file dialogs; without them, picking a file fails with NOT_IMPLEMENTED. */
  dialogs?: Dialogs;
  /** Installed terminals/clients for the settings screen; defaults to scanning PATH. */
  detectTools?: () => Promise<DetectedTools>;
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

function createAppHandlers(deps: CoreDeps): FeatureHandlers<typeof appMethods> {
  return {
    getAppInfo: async () => ({
      name: deps.app.name,
      version: deps.app.version,
      platform: knownPlatforms.has(deps.app.platform) ? (deps.app.platform as 'linux' | 'darwin' | 'win32') : 'other',
      locale: deps.app.locale,
    }),
    ping: async ({ nonce }) => ({ nonce, at: deps.now() }),
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
  const store = createProfileStore({
    filePath: deps.profilesFile,
    now: deps.now,
    onRecovered: (notice) => deps.emit('profilesRecovered', notice),
  });
  const profiles = createProfilesService({ store, secrets: deps.secrets, now: deps.now });
  const sharing = createSharingService({ profiles, secrets: deps.secrets, now: deps.now, homedir: deps.homedir });
  const settings = createSettingsStore({ filePath: deps.settingsFile ?? join(dirname(deps.profilesFile), 'settings.json') });
  const engine = createKnockEngine({ ...net, locks: net.locks ?? processAddressLocks });
  const history = createHistoryStore(deps.historyFile ?? join(dirname(deps.profilesFile), 'history.jsonl'));
  const connector = createConnector({
    engine,
    profiles,
    history,
    emit: deps.emit,
    now: deps.now,
    launcher: deps.launcher
      ? { choose: async (profile) => choiceFromSettings(await settings.read(), profile), ...deps.launcher }
      : noLauncher,
    ftpCheck: createFtpModeChecker(),
  });
  const handlers: Handlers = {
    ...createAppHandlers(deps),
    ...createProfilesHandlers({ profiles, sharing, emit: deps.emit }),
    ...createKnockHandlers({
      engine,
      probeDeps: net,
      getTarget: async (id) => knockTargetOf(await profiles.get(id)),
      emit: deps.emit,
    }),
    ...createConnectHandlers({ connector, history }),
    ...createSettingsHandlers({
      store: settings,
      // The launcher's own (cached) detection: the settings screen offers what connect would use.
      detect: deps.detectTools ?? (async () => toDetectedTools(deps.launcher ? await deps.launcher.detect() : undefined)),
      emit: deps.emit,
    }),
    ...createFilesHandlers({ dialogs: deps.dialogs ?? noDialogs, sharing }),
  };
  let stopWatch = (): void => {};
  if (deps.watchProfilesFile) {
    void store.read().then(({ revision }) => (knownRevision ??= revision), () => undefined);
    stopWatch = watchProfiles(store, (revision) => {
      if (revision === knownRevision) return;
      deps.emit('profilesChanged', { revision, reason: 'external', ids: [] });
    });
  }
  return { handlers, connector, profiles, sharing, engine, settings, dispose: () => stopWatch() };
}
