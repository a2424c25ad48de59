import type { Emit, FeatureHandlers, Handlers } from '../contract';
import { contractError } from '../contract/errors';
import type { appMethods } from '../contract/features/app';
import { missingForConnect, type Profile } from '../contract/features/profiles';
import type { BannerExpect, ServiceKind } from '../contract/schemas/common';
import { createConnectHandlers } from './connect/handlers';
import { processAddressLocks, type AddressLocks } from './knock/address-locks';
import { createKnockEngine, type KnockEngine } from './knock/engine';
import { createKnockHandlers, type KnockTarget } from './knock/handlers';
import { nodeSockets, systemClock, systemLookup } from './net/node-net';
import type { Clock, LookupFn, SocketFactory } from './net/types';
import { createProfilesHandlers } from './profiles/handlers';
import { createProfileStore } from './profiles/profile-store';
import { createProfilesService, type ProfilesService } from './profiles/profiles-service';
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
  /** Real sockets, resolver and clock unless a test passes its own. */
  net?: { sockets: SocketFactory; lookup: LookupFn; clock: Clock; locks?: AddressLocks };
}

/** Everything main needs: the contract's handlers plus the services the shell (tray, dialogs) uses directly. */
export interface Core {
  handlers: Handlers;
  profiles: ProfilesService;
  sharing: SharingService;
  engine: KnockEngine;
}

const knownPlatforms = new Set(['linux', 'darwin', 'win32']);

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

/** Which banner proves the service answers: SSH servers say "SSH-", FTP servers "220". */
export function bannerFor(kind: ServiceKind): BannerExpect {
  return kind === 'ftp' ? 'ftp' : kind === 'custom' ? 'none' : 'ssh';
}

/** A profile's door as the knock engine needs it; refuses drafts with the fields to fill in. */
export function knockTargetOf(profile: Profile): KnockTarget {
  const missing = missingForConnect(profile);
  if (missing.length > 0 || !profile.host || !profile.knock) {
    throw contractError('INVALID_INPUT', `Profile "${profile.name}" is not complete: ${missing.join('; ')}`, {
      issues: missing.map((m) => ({ path: m.split(':')[0], message: m.slice(m.indexOf(':') + 1).trim() })),
    });
  }
  return {
    host: profile.host,
    family: profile.addressFamily,
    steps: profile.knock.steps,
    delayMs: profile.knock.delayMs,
    guardedPort: profile.service.port,
    timeoutMs: profile.openTimeoutMs,
    expect: bannerFor(profile.service.kind),
  };
}

/**
 * The composition root of main: builds every feature from its dependencies and
 * merges their handlers into the one contract implementation. The Electron
 * shell and the Chromium test transport both call this, so tests drive exactly
 * the core the app runs.
 */
export function createCore(deps: CoreDeps): Core {
  const net = deps.net ?? { sockets: nodeSockets, lookup: systemLookup, clock: systemClock };
  const store = createProfileStore({
    filePath: deps.profilesFile,
    now: deps.now,
    onRecovered: (notice) => deps.emit('profilesRecovered', notice),
  });
  const profiles = createProfilesService({ store, secrets: deps.secrets, now: deps.now });
  const sharing = createSharingService({ profiles, secrets: deps.secrets, now: deps.now, homedir: deps.homedir });
  const engine = createKnockEngine({ ...net, locks: net.locks ?? processAddressLocks });
  const handlers: Handlers = {
    ...createAppHandlers(deps),
    ...createProfilesHandlers({ profiles, sharing, emit: deps.emit }),
    ...createKnockHandlers({
      engine,
      probeDeps: net,
      getTarget: async (id) => knockTargetOf(await profiles.get(id)),
      emit: deps.emit,
    }),
    ...createConnectHandlers(),
  };
  return { handlers, profiles, sharing, engine };
}
