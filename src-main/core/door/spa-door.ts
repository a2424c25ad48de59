import type { Clock, PinnedTarget } from '../net/types';
import { DEFAULT_MAX_PACKET_AGE_S } from '../spa/constants';
import { diagnoseSpa, type SpaDiagnosis, type SpaSendEvidence } from '../spa/diagnose';
import type { SpaKeys } from '../spa/keys';
import { buildPacket } from '../spa/packet';
import { defaultSpaUser, defaultWireOptions, packetAllowIp, spaFields, type SpaRequest, type SpaWireOptions } from '../spa/request';
import { resolvePublicIp, type FetchText } from '../spa/resolve-ip';
import { SpaSendError, type SentPackets, type SpaTransport } from '../spa/send';
import { skewWarning } from '../spa/time-offset';
import { DoorConfigError, DoorSendError, type Door, type DoorOpened } from './door';

export interface SpaDoorConfig {
  request: Omit<SpaRequest, 'user'> & { user?: string };
  wire?: Partial<SpaWireOptions>;
  /**
   * Reads the keys right before each send (the keychain, next round): the door
   * never holds them between opens.
   */
  keys: () => Promise<SpaKeys> | SpaKeys;
  /** Needed when allowIp is "resolve": the user's own what-is-my-IP URL. */
  resolveUrl?: string;
  /** The server's MAX_SPA_PACKET_AGE when it is not fwknopd's 120 s. */
  maxPacketAgeS?: number;
}

export interface SpaDoorDeps {
  transport: SpaTransport;
  /** Monotonic, for the "open N ms after the packet" figures. */
  clock: Clock;
  /** Time of day in ms (Date.now): the packet's timestamp must match the server's clock. */
  wallClock: () => number;
  /** Process-wide in production (`processSentPackets`): never the same bytes twice. */
  sent: SentPackets;
  env?: Record<string, string | undefined>;
  fetchText?: FetchText;
}

export interface SpaOpened extends DoorOpened {
  evidence: SpaSendEvidence;
}

export interface SpaDoor extends Door<SpaOpened> {
  /** Ranks the causes of a still-filtered port; pass fwknopd's log to have them confirmed. */
  diagnose(opened: SpaOpened, serverLog?: string): SpaDiagnosis;
}

/**
 * The SPA door: one fresh packet per open (new random value, salt and
 * timestamp — fwknopd refuses a byte-identical one as a replay), sent to the
 * pinned address. fwknopd closes the door by itself after FW_ACCESS_TIMEOUT
 * (or the client timeout), so there is no close.
 */
export function createSpaDoor(config: SpaDoorConfig, deps: SpaDoorDeps): SpaDoor {
  const wire: SpaWireOptions = { ...defaultWireOptions, ...config.wire };
  const maxAgeS = config.maxPacketAgeS ?? DEFAULT_MAX_PACKET_AGE_S;
  return {
    kind: 'spa',
    async open(target: PinnedTarget, options = {}): Promise<SpaOpened> {
      const { signal, onProgress } = options;
      // fwknop 2.6's client and server speak IPv4 only (client/spa_comm.c forces AF_INET).
      if (target.family !== 4) {
        throw new DoorConfigError(`${target.host} resolved to the IPv6 address ${target.address}, but fwknop 2.6 receives SPA over IPv4 only: set the profile's address family to IPv4.`);
      }
      let allowIp = config.request.allowIp;
      if (allowIp.toLowerCase() === 'resolve') {
        if (!config.resolveUrl) throw new DoorConfigError('Allow IP "resolve" needs a resolve URL of your choice (Sesame has no built-in address lookup).');
        allowIp = await resolvePublicIp(config.resolveUrl, deps.fetchText, undefined, signal);
      }
      const request: SpaRequest = { ...config.request, allowIp, user: config.request.user ?? defaultSpaUser(deps.env ?? {}) };
      const keys = await config.keys();
      signal?.throwIfAborted();
      const wallClockMs = deps.wallClock();
      let built;
      try {
        const fields = spaFields(request, { server: target.host, wallClockMs });
        built = { fields, packet: buildPacket(fields, keys, { digest: wire.digest, hmac: wire.hmac, mode: wire.mode }) };
      } catch (error) {
        throw new DoorConfigError(`The SPA settings cannot make a packet: ${(error as Error).message}`);
      }
      const { fields, packet } = built;
      deps.sent.claim(packet.data);
      const sentAt = deps.clock.now();
      let localAddress: string | undefined;
      try {
        ({ localAddress } = await deps.transport.send(target, wire.serverPort, wire.serverProto, packet.data, signal));
      } catch (error) {
        if (error instanceof SpaSendError) throw new DoorSendError(error.message, error.code);
        throw error;
      }
      const protocol = wire.serverProto === 'udp' ? 'udp' : 'tcp';
      onProgress?.({ kind: 'step', index: 1, total: 1, port: wire.serverPort, protocol, elapsedMs: 0 });
      onProgress?.({ kind: 'done', steps: 1, elapsedMs: 0 });
      const skew = skewWarning(request.timeOffsetS ?? 0, maxAgeS);
      return {
        firstPacketAt: sentAt,
        lastPacketAt: sentAt,
        packets: 1,
        warnings: [...packet.warnings, ...(skew ? [skew] : [])],
        evidence: {
          packetTimestamp: fields.timestamp,
          sentAt: Math.floor(wallClockMs / 1000),
          allowIp: packetAllowIp(request.allowIp),
          ...(localAddress ? { localAddress } : {}),
          proto: wire.serverProto,
          port: wire.serverPort,
          data: packet.data,
        },
      };
    },
    explainWait(failure, opened) {
      if (failure.class !== 'filtered') return failure;
      const top = diagnoseSpa(opened.evidence, { maxAgeS }).causes[0];
      return { class: 'spa-filtered', stage: failure.stage, detail: `most likely: ${top?.id ?? 'keys'}${failure.detail ? `; ${failure.detail}` : ''}` };
    },
    diagnose(opened, serverLog) {
      return diagnoseSpa(opened.evidence, { maxAgeS, ...(serverLog !== undefined ? { serverLog } : {}) });
    },
  };
}
