import { contractError } from '../../contract/error-codes';
import { doorOf } from '../../contract/features/profile-facts';
import type { Profile } from '../../contract/features/profiles';
import type { AddressFamily } from '../../contract/schemas/common';
import type { KnockEngine } from '../knock/engine';
import { bannerFor, knockTargetOf } from '../knock/profile-target';
import { nodeSockets, systemClock } from '../net/node-net';
import type { Clock, SocketFactory } from '../net/types';
import type { ProfilesService } from '../profiles/profiles-service';
import type { SpaKeys } from '../spa/keys';
import { defaultSpaUser, type SpaRequest, type SpaWireOptions } from '../spa/request';
import { nodeSpaTransport, processSentPackets } from '../spa/send';
import { spaKeysFromStored } from '../spa/stored-keys';
import type { Door } from './door';
import { createKnockDoor } from './knock-door';
import type { DoorWait } from './run-door';
import { createSpaDoor, type SpaDoor, type SpaDoorDeps } from './spa-door';

/** What opening a profile's door needs besides the knock engine; real sockets and the system clock by default. */
export interface DoorDeps {
  sockets: SocketFactory;
  clock: Clock;
  spa: Omit<SpaDoorDeps, 'clock'>;
}

export function nodeDoorDeps(net: { sockets?: SocketFactory; clock?: Clock } = {}, env: Record<string, string | undefined> = process.env): DoorDeps {
  return {
    sockets: net.sockets ?? nodeSockets,
    clock: net.clock ?? systemClock,
    spa: { transport: nodeSpaTransport, wallClock: Date.now, sent: processSentPackets, env },
  };
}

/** A profile's door, where it points and what to wait for: the same for the connector, testKnock and the CLI. */
export interface ProfileDoor {
  door: Door;
  /** Set for SPA: ranks the causes of a still-filtered port. */
  spa?: SpaDoor;
  host: string;
  family: AddressFamily;
  wait: DoorWait;
}

/**
 * The SPA door's settings from a profile: fwknop's defaults where the profile
 * says nothing (ACCESS = the service port over TCP, ALLOW_IP source).
 */
export function spaConfigOf(profile: Profile): { request: Omit<SpaRequest, 'user'> & { user?: string }; wire: SpaWireOptions; resolveUrl?: string; maxPacketAgeS?: number } {
  const s = profile.spa ?? { serverPort: 62201, serverProto: 'udp' as const, allowIp: 'source', digest: 'sha256' as const, hmac: 'sha256' as const, mode: 'cbc' as const };
  return {
    request: {
      access: s.access ?? `tcp/${profile.service.port}`,
      allowIp: s.allowIp,
      ...(s.user !== undefined ? { user: s.user } : {}),
      ...(s.clientTimeoutS ? { clientTimeoutS: s.clientTimeoutS } : {}),
      ...(s.nat ? { nat: s.nat } : {}),
      ...(s.natLocal ? { natLocal: true } : {}),
      ...(s.natPort !== undefined ? { natPort: s.natPort } : {}),
      ...(s.timeOffsetS ? { timeOffsetS: s.timeOffsetS } : {}),
    },
    wire: { serverPort: s.serverPort, serverProto: s.serverProto, digest: s.digest, hmac: s.hmac === 'none' ? null : s.hmac, mode: s.mode },
    ...(s.resolveUrl !== undefined ? { resolveUrl: s.resolveUrl } : {}),
    ...(s.maxPacketAgeS !== undefined ? { maxPacketAgeS: s.maxPacketAgeS } : {}),
  };
}

/**
 * Reads a profile's SPA keys from the keychain (destination-checked, like a
 * password): called in the dry run, before the first packet, so a missing key
 * or a locked keychain ends the run with the door still shut.
 */
export async function readSpaKeys(profiles: Pick<ProfilesService, 'readSecret'>, profile: Profile): Promise<SpaKeys> {
  const hmacOff = profile.spa?.hmac === 'none';
  const key = profile.hasSpaKey ? await profiles.readSecret(profile.id, 'spa-key') : null;
  const hmacKey = profile.hasSpaHmacKey && !hmacOff ? await profiles.readSecret(profile.id, 'spa-hmac-key') : null;
  return spaKeysFromStored(key, hmacKey, profile.name, hmacOff);
}

/**
 * The family an SPA profile resolves with: fwknop 2.6 takes SPA over IPv4 only
 * (client/spa_comm.c), and the port is then checked and the client launched on
 * that same IPv4 address. An IPv6-only profile is refused before anything goes out.
 */
export function doorFamily(profile: Profile): AddressFamily {
  if (doorOf(profile) !== 'spa') return profile.addressFamily;
  if (profile.addressFamily === 'ipv6') {
    const message = 'fwknop 2.6 receives SPA over IPv4 only: set the address family to "auto" or "IPv4"';
    throw contractError('INVALID_INPUT', `Profile "${profile.name}": addressFamily: ${message}`, { issues: [{ path: 'addressFamily', message }] });
  }
  return 'ipv4';
}

/** Builds the profile's door; `keys` must come from {@link readSpaKeys} (the dry run) for SPA profiles. */
export function profileDoor(profile: Profile, engine: KnockEngine, deps: DoorDeps, keys?: SpaKeys, steps?: Profile['knock']): ProfileDoor {
  const wait: DoorWait = { port: profile.service.port, timeoutMs: profile.openTimeoutMs, expect: bannerFor(profile.service.kind) };
  if (doorOf(profile) === 'knock') {
    const target = knockTargetOf(profile);
    const knock = steps ?? profile.knock!;
    return { door: createKnockDoor(engine, { steps: knock.steps, delayMs: knock.delayMs }), host: target.host, family: target.family, wait };
  }
  if (profile.host === undefined) knockTargetOf(profile); // the draft's "host: is empty" error
  if (!keys) throw new Error('profileDoor: the SPA keys are read in the dry run and must be passed in');
  const config = spaConfigOf(profile);
  const spa = createSpaDoor(
    {
      request: { ...config.request, ...(config.request.user === undefined ? { user: defaultSpaUser(deps.spa.env ?? {}) } : {}) },
      wire: config.wire,
      keys: () => keys,
      ...(config.resolveUrl !== undefined ? { resolveUrl: config.resolveUrl } : {}),
      ...(config.maxPacketAgeS !== undefined ? { maxPacketAgeS: config.maxPacketAgeS } : {}),
    },
    { ...deps.spa, clock: deps.clock },
  );
  return { door: spa as unknown as Door, spa, host: profile.host!, family: doorFamily(profile), wait };
}
