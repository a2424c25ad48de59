/**
 * Reads what fwknopd 2.6 logged about SPA packets (syslog, `journalctl -u
 * fwknop-server`, or `fwknopd -f` output), line by line, into events. The
 * patterns are fwknopd's own messages (server/incoming_spa.c,
 * server/replay_cache.c, server/fw_util_iptables.c), checked against Debian's
 * fwknopd 2.6.10 in the lab; syslog prefixes in front of them do not matter.
 */

export type SpaLogEvent =
  /** A datagram or connection reached fwknopd, and a stanza's SOURCE matched. */
  | { kind: 'received'; source: string; line: string }
  /** With -v, the packet itself: lets a diagnosis find *its* packet among others. */
  | { kind: 'packet'; data: string; line: string }
  | { kind: 'hmac-mismatch'; source?: string; line: string }
  | { kind: 'decrypt-failed'; source?: string; line: string }
  | { kind: 'too-old'; source?: string; seconds: number; line: string }
  | { kind: 'replay'; source?: string; line: string }
  | { kind: 'source-required'; source?: string; line: string }
  | { kind: 'access-denied'; source?: string; line: string }
  | { kind: 'user-mismatch'; source?: string; line: string }
  | { kind: 'source-not-allowed'; source?: string; line: string }
  | { kind: 'opened'; source?: string; allowed: string; access: string; line: string };

export type SpaLogEventKind = SpaLogEvent['kind'];

const sourceOf = (line: string): string | undefined => /\[(\d{1,3}(?:\.\d{1,3}){3})\]/.exec(line)?.[1];

type Rule = (line: string) => SpaLogEvent | undefined;

const rules: Rule[] = [
  (line) => {
    const m = /SPA Packet from IP: (\S+) received/.exec(line);
    return m?.[1] ? { kind: 'received', source: m[1], line } : undefined;
  },
  (line) => {
    const m = /SPA Packet: '([A-Za-z0-9+/=]+)'/.exec(line);
    return m?.[1] ? { kind: 'packet', data: m[1], line } : undefined;
  },
  // Without -v fwknopd says "Non-corresponding HMAC"; with -v it names the libfko error too.
  (line) => (/HMAC_COMPAREFAIL|Non-corresponding HMAC/.test(line) ? { kind: 'hmac-mismatch', source: sourceOf(line), line } : undefined),
  (line) => (/Decryption failed|decrypted data is invalid|DECRYPTION_(FAILURE|SIZE)/.test(line) ? { kind: 'decrypt-failed', source: sourceOf(line), line } : undefined),
  (line) => {
    const m = /time difference is too great \((-?\d+) seconds\)/.exec(line);
    return m ? { kind: 'too-old', source: sourceOf(line), seconds: Number(m[1]), line } : undefined;
  },
  (line) => {
    const m = /Replay detected from source IP: (\d{1,3}(?:\.\d{1,3}){3})/.exec(line);
    return m ? { kind: 'replay', source: m[1], line } : undefined;
  },
  (line) => (/Got 0\.0\.0\.0 when valid source IP was required/.test(line) ? { kind: 'source-required', source: sourceOf(line), line } : undefined),
  (line) => (/requested protocol\/ports was denied/.test(line) ? { kind: 'access-denied', source: sourceOf(line), line } : undefined),
  (line) => (/does not match required username/.test(line) ? { kind: 'user-mismatch', source: sourceOf(line), line } : undefined),
  (line) => {
    if (/filtered by SOURCE and\/or DESTINATION/.test(line)) return { kind: 'source-not-allowed', source: sourceOf(line), line };
    const m = /No access data found for source IP: (\S+)/.exec(line);
    return m ? { kind: 'source-not-allowed', source: m[1], line } : undefined;
  },
  (line) => {
    // iptables/firewalld/nftables back ends: "Added access rule to CHAIN for IP -> DST proto/port, expires at …"
    const m = /Added (?:access )?rule to \S+ for (\d{1,3}(?:\.\d{1,3}){3})(?:,\s*|\s+->\s+\S+\s+)(\S+?),? expires/.exec(line);
    if (m?.[1] && m[2]) return { kind: 'opened', source: sourceOf(line), allowed: m[1], access: m[2], line };
    // CMD_CYCLE_OPEN: the command runs with the allowed address substituted in.
    if (/Running CMD_CYCLE_OPEN command/.test(line)) return { kind: 'opened', source: sourceOf(line), allowed: sourceOf(line) ?? '', access: '', line };
    return undefined;
  },
];

/** An event and the access.conf stanza it concerns, when fwknopd said ("(stanza #2)"). */
export type StanzaEvent = SpaLogEvent & { stanza?: number };

export function parseFwknopdLog(text: string): StanzaEvent[] {
  const events: StanzaEvent[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const rule of rules) {
      const event = rule(line);
      if (event) {
        const stanza = /\(stanza #(\d+)\)/.exec(line)?.[1];
        events.push(stanza ? { ...event, stanza: Number(stanza) } : event);
        break;
      }
    }
  }
  return events;
}

/**
 * The events that belong to one packet: the group holding its `SPA Packet: '…'`
 * line when fwknopd logged it (-v), else the last group — the most recent
 * packet, which is what a user pasting a log has just sent. fwknopd tries the
 * stanzas in order and logs `received` for each, so a packet's group starts at
 * a `received` whose stanza number does not go up (or at a replay, which
 * fwknopd logs before any stanza).
 */
export function eventsForPacket(events: StanzaEvent[], data?: string): StanzaEvent[] {
  const groups: StanzaEvent[][] = [];
  let lastStanza = Number.POSITIVE_INFINITY;
  for (const event of events) {
    let starts = groups.length === 0 || event.kind === 'replay';
    if (event.kind === 'received') {
      const stanza = event.stanza ?? 1;
      starts ||= stanza <= lastStanza;
      lastStanza = stanza;
    } else if (event.kind === 'replay') {
      lastStanza = Number.POSITIVE_INFINITY;
    }
    if (starts) groups.push([]);
    groups[groups.length - 1]?.push(event);
  }
  if (data !== undefined) {
    const mine = groups.find((group) => group.some((e) => e.kind === 'packet' && e.data === data));
    if (mine) return mine;
  }
  return groups.at(-1) ?? [];
}
