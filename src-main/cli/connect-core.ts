import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ConnectProgress } from '../contract/features/connect';
import { resolveAppPaths } from '../core/app-paths';
import { choiceFromSettings, createConnector, type Connector } from '../core/connect/connector';
import { createFtpModeChecker } from '../core/connect/ftp-mode-check';
import { systemTimers } from '../core/door/keep-open';
import { createOpenDoors } from '../core/door/open-doors';
import { createHistoryStore } from '../core/connect/history';
import { processAddressLocks } from '../core/knock/address-locks';
import { createKnockEngine } from '../core/knock/engine';
import { systemLauncher } from '../core/launcher/system';
import { nodeSockets, systemClock, systemLookup } from '../core/net/node-net';
import { profilesParseMemo } from '../core/profiles/document-memo';
import { createProfileStore } from '../core/profiles/profile-store';
import { createProfilesService, type ProfilesService } from '../core/profiles/profiles-service';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { dataFolderSecretStore } from '../core/secrets/store-keychain';
import { createSettingsStore, settingsParseMemo } from '../core/settings/settings-store';
import { cliBuildId } from './build-id';
import type { CliIo } from './io';
import { cliText } from './messages';
import { cliAskpassRuntime } from './runtime';

export interface ConnectCore {
  profiles: ProfilesService;
  connector: Connector;
}

/**
 * What `sesame connect` needs of the core, composed from the same services
 * createCore (core/app-core.ts) wires for the app: profiles, settings, history,
 * the knock engine and the connector. Not createCore itself: that also builds
 * sharing, importers and every IPC handler, which a connect never uses and
 * which would cost a terminal user their load time on every connect.
 */
export function cliConnectCore(io: CliIo, onProgress: (event: ConnectProgress) => void): ConnectCore {
  const paths = resolveAppPaths({ platform: process.platform, env: io.env, homedir: homedir() });
  const dataDir = dirname(paths.profilesFile);
  // The askpass wrapper goes to the data folder's "run": /tmp may be mounted noexec.
  const runDir = join(dataDir, 'run');
  // Every connect is a new process: what this build made of profiles.json and
  // settings.json is remembered (by content), so the zod schemas are built only
  // after a change, not before every knock (~45 ms here).
  const build = cliBuildId();
  const store = createProfileStore({
    filePath: paths.profilesFile,
    now: Date.now,
    onRecovered: (notice) => io.err(`sesame: ${notice.message}\n`),
    ...(build !== undefined ? { parseMemo: profilesParseMemo(join(runDir, 'profiles.checked.json'), build) } : {}),
  });
  const profiles = createProfilesService({ store, secrets: dataFolderSecretStore(createKeyringSecretStore(), dataDir), now: Date.now });
  const settings = createSettingsStore({
    filePath: join(dataDir, 'settings.json'),
    ...(build !== undefined ? { parseMemo: settingsParseMemo(join(runDir, 'settings.checked.json'), build) } : {}),
  });
  const launcher = systemLauncher({
    platform: process.platform,
    env: io.env,
    tmpDir: tmpdir(),
    runDir,
    askpassRuntime: cliAskpassRuntime(),
    // Every connect is a new process: `ssh -V` runs once per installed ssh, not before every knock.
    versionsFile: join(runDir, 'tool-versions.json'),
  });
  // Started now, used after the profile is read and checked: the PATH lookups and the settings file are
  // I/O that overlaps the profile's parse instead of following it (both are memoised, errors surface on use).
  void launcher.detect().catch(() => undefined);
  void settings.read().catch(() => undefined);
  const connector = createConnector({
    engine: createKnockEngine({ sockets: nodeSockets, lookup: systemLookup, clock: systemClock, locks: processAddressLocks }),
    profiles,
    history: createHistoryStore(join(dataDir, 'history.jsonl')),
    emit: (event, payload) => {
      if (event === 'connectProgress') onProgress((payload as { event: ConnectProgress }).event);
    },
    now: Date.now,
    launcher: { ...launcher, choose: async (profile) => choiceFromSettings(await settings.read(), profile) },
    ftpCheck: createFtpModeChecker(),
    // A kept-open door lives as long as this process: the foreground client's session (a hand-off ends it with the CLI).
    openDoors: createOpenDoors({
      now: Date.now,
      timers: systemTimers,
      capMs: async () => (await settings.read()).keepOpenMaxHours * 3_600_000,
      // Only failures reach the terminal the client shares: the door may have shut for new connections.
      onError: (_id, error, during) => {
        if (during === 'address') return;
        const reason = (error as Error)?.message ?? String(error);
        io.err(`sesame connect: ${cliText(io.env)(`connect.keepOpenFailed.${during === 'knock' ? 'knock' : 'close'}`, { reason })}\n`);
      },
    }),
  });
  return { profiles, connector };
}
