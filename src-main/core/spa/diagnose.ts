import { DEFAULT_MAX_PACKET_AGE_S } from './constants';
import { eventsForPacket, parseFwknopdLog, type SpaLogEvent } from './server-log';

/**
 * Why a port stayed filtered after an SPA packet went out. Without the
 * server's log the causes come in the order they are met in practice (keys,
 * clock, NAT, REQUIRE_SOURCE_ADDRESS, a blocked UDP port), moved up by what
 * the client knows about its own packet (a large TIME_OFFSET, a "source"
 * allow IP). With fwknopd's log, the line that refused the packet confirms
 * one cause and the others drop away.
 */
export const spaCauseIds = ['keys', 'clock', 'allow-ip', 'require-source', 'blocked', 'replay', 'access-denied', 'user', 'source-not-allowed', 'rule-order'] as const;
export type SpaCauseId = (typeof spaCauseIds)[number];

export interface SpaCause {
  id: SpaCauseId;
  /** confirmed: fwknopd's log says so; likely: this client's own settings point to it; possible: common, unverified. */
  confidence: 'confirmed' | 'likely' | 'possible';
  /** Values the explanation quotes (seconds of skew, the addresses involved, which key). */
  facts: Record<string, string | number>;
  /** The server log line that confirmed it, when there was one. */
  logLine?: string;
}

/** What the sender knows about the packet it sent. */
export interface SpaSendEvidence {
  /** The timestamp inside the packet (Unix seconds). */
  packetTimestamp: number;
  /** This computer's clock when it sent (Unix seconds). */
  sentAt: number;
  /** The allow IP in the packet; "0.0.0.0" means "use the source". */
  allowIp: string;
  /** The local address the packet left from. */
  localAddress?: string;
  proto: 'udp' | 'tcp' | 'http';
  port: number;
  /** The wire data, to find this very packet in a verbose server log. */
  data?: string;
}

export interface SpaDiagnosis {
  causes: SpaCause[];
  /** True when a server log was given and held a line about this packet. */
  fromServerLog: boolean;
  /** The server log was given but shows no trace of the packet: it never reached fwknopd. */
  notInServerLog: boolean;
}

const order: SpaCauseId[] = ['keys', 'clock', 'allow-ip', 'require-source', 'blocked'];

function fromLog(events: SpaLogEvent[], evidence: SpaSendEvidence): SpaCause[] {
  const causes: SpaCause[] = [];
  const seen = events.find((e) => e.kind === 'received');
  const seenFrom = seen?.kind === 'received' ? seen.source : undefined;
  for (const event of events) {
    switch (event.kind) {
      case 'hmac-mismatch':
        causes.push({ id: 'keys', confidence: 'confirmed', facts: { which: 'hmac' }, logLine: event.line });
        break;
      case 'decrypt-failed':
        causes.push({ id: 'keys', confidence: 'confirmed', facts: { which: 'encryption' }, logLine: event.line });
        break;
      case 'too-old':
        causes.push({ id: 'clock', confidence: 'confirmed', facts: { seconds: event.seconds, maxAge: DEFAULT_MAX_PACKET_AGE_S }, logLine: event.line });
        break;
      case 'replay':
        causes.push({ id: 'replay', confidence: 'confirmed', facts: {}, logLine: event.line });
        break;
      case 'source-required':
        causes.push({ id: 'require-source', confidence: 'confirmed', facts: {}, logLine: event.line });
        break;
      case 'access-denied':
        causes.push({ id: 'access-denied', confidence: 'confirmed', facts: {}, logLine: event.line });
        break;
      case 'user-mismatch':
        causes.push({ id: 'user', confidence: 'confirmed', facts: {}, logLine: event.line });
        break;
      case 'source-not-allowed':
        causes.push({ id: 'source-not-allowed', confidence: 'confirmed', facts: { seen: event.source ?? seenFrom ?? '?' }, logLine: event.line });
        break;
      case 'opened': {
        // The door opened, but for an address that is not the one our connection comes from.
        const connectFrom = seenFrom ?? evidence.localAddress;
        if (connectFrom && event.allowed !== connectFrom) {
          causes.push({ id: 'allow-ip', confidence: 'confirmed', facts: { allowed: event.allowed, seen: connectFrom }, logLine: event.line });
        } else {
          // fwknopd did its part; something else in the firewall still drops (another table, a rule ahead of its jump).
          causes.push({ id: 'rule-order', confidence: 'likely', facts: { allowed: event.allowed, access: event.access }, logLine: event.line });
        }
        break;
      }
      default:
        break;
    }
  }
  // With several stanzas fwknopd tries each; an HMAC mismatch is only the answer when no stanza got further.
  const further = causes.some((c) => c.id !== 'keys' || c.facts.which !== 'hmac');
  const relevant = further ? causes.filter((c) => c.id !== 'keys' || c.facts.which !== 'hmac') : causes;
  // One cause once, however many stanzas said it (the first stanza's line is quoted).
  const seenIds = new Set<string>();
  return relevant.filter((c) => {
    const key = `${c.id}:${String(c.facts.which ?? '')}`;
    if (seenIds.has(key)) return false;
    seenIds.add(key);
    return true;
  });
}

function fromClient(evidence: SpaSendEvidence, maxAgeS: number): SpaCause[] {
  const skew = evidence.packetTimestamp - evidence.sentAt;
  const likely = new Map<SpaCauseId, SpaCause>();
  if (Math.abs(skew) > maxAgeS) likely.set('clock', { id: 'clock', confidence: 'likely', facts: { seconds: Math.abs(skew), offset: skew, maxAge: maxAgeS } });
  if (evidence.allowIp === '0.0.0.0') likely.set('require-source', { id: 'require-source', confidence: 'likely', facts: {} });
  else if (evidence.localAddress && evidence.allowIp !== evidence.localAddress) {
    likely.set('allow-ip', { id: 'allow-ip', confidence: 'likely', facts: { allowed: evidence.allowIp, seen: evidence.localAddress } });
  }
  const facts: Record<SpaCauseId, Record<string, string | number>> = {
    keys: {},
    clock: { seconds: Math.abs(skew), offset: skew, maxAge: maxAgeS },
    'allow-ip': { allowed: evidence.allowIp, seen: evidence.localAddress ?? '?' },
    'require-source': {},
    blocked: { proto: evidence.proto, port: evidence.port },
    replay: {},
    'access-denied': {},
    user: {},
    'source-not-allowed': {},
    'rule-order': {},
  };
  const causes = [...likely.values()];
  for (const id of order) if (!likely.has(id)) causes.push({ id, confidence: 'possible', facts: facts[id] });
  return causes;
}

/** Ranks the causes of "SPA sent, port still filtered", confirmed by fwknopd's log when one is given. */
export function diagnoseSpa(evidence: SpaSendEvidence, options: { serverLog?: string; maxAgeS?: number } = {}): SpaDiagnosis {
  const maxAgeS = options.maxAgeS ?? DEFAULT_MAX_PACKET_AGE_S;
  const client = fromClient(evidence, maxAgeS);
  if (options.serverLog === undefined) return { causes: client, fromServerLog: false, notInServerLog: false };
  const events = eventsForPacket(parseFwknopdLog(options.serverLog), evidence.data);
  const confirmed = fromLog(events, evidence);
  if (confirmed.length > 0) return { causes: confirmed, fromServerLog: true, notInServerLog: false };
  if (events.length === 0) {
    // fwknopd never saw it: the way there (or its port, or the daemon) is the problem.
    // Keys, clock and addresses never came into it: the server did not get to read the packet.
    const blocked = client.find((c) => c.id === 'blocked') as SpaCause;
    return { causes: [{ ...blocked, confidence: 'likely' }], fromServerLog: false, notInServerLog: true };
  }
  return { causes: client, fromServerLog: false, notInServerLog: false };
}
