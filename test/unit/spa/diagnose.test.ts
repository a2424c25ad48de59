import { describe, expect, it } from 'vitest';
import { diagnoseSpa, spaCauseIds, type SpaSendEvidence } from '../../../src-main/core/spa/diagnose';
import { explainSpa, spaCauseText } from '../../../src-main/core/spa/explain';
import { eventsForPacket, parseFwknopdLog } from '../../../src-main/core/spa/server-log';

// Lines as Debian's fwknopd 2.6.10 printed them in the lab (fwknopd -f -v), and as syslog carries them.
const P1 = '8vJq7e3c3pzkcCWGasVg8JgK5pkjDFrSmXQzmvpOJxDi4koNrfPurr9HXKSOi/zDFCGir+ObYzclyvY+9lG5T6ll0IVv3bc5M8btrYRs';
const P2 = '9xlD2L9Dw+h+PBFvZtiAyZReNHNp2CEqWwWUnvbnaaAvKsO6KQWAeJIDhiYxltXCPkhhrmoo6QpzNjxNr8/0ttBPRTsp4i+wH0UKA7g';
const lines = {
  received: '(stanza #1) SPA Packet from IP: 127.0.0.1 received with access source match',
  received2: '(stanza #2) SPA Packet from IP: 127.0.0.1 received with access source match',
  packet: (data: string) => `SPA Packet: '${data}'`,
  hmac: '[127.0.0.1] (stanza #1) Error creating fko context: Args contain invalid data: FKO_ERROR_INVALID_DATA_HMAC_COMPAREFAIL',
  hmacQuiet: 'Dec  2 00:32:20 gw fwknopd[812]: (stanza #1) Non-corresponding HMAC for this stanza',
  decrypt: '[127.0.0.1] (stanza #1) Error creating fko context: Decryption failed or decrypted data is invalid',
  old: '[127.0.0.1] (stanza #1) SPA data time difference is too great (600 seconds).',
  replay: 'Replay detected from source IP: 127.0.0.1, Destination proto/port: 17/62201, Original source IP: 127.0.0.1, Original dst proto/port: 17/62201, Entry created: 12/02/26 00:32:20',
  source: '[127.0.0.1] (stanza #2) Got 0.0.0.0 when valid source IP was required.',
  denied: '[127.0.0.1] (stanza #1) One or more requested protocol/ports was denied per access.conf.',
  opened: (ip: string) => `Added access rule to FWKNOP_INPUT for ${ip} -> 0.0.0.0/0 tcp/2222, expires at 1796172257`,
};

const evidence: SpaSendEvidence = { packetTimestamp: 1_000_000, sentAt: 1_000_000, allowIp: '127.0.0.1', localAddress: '127.0.0.1', proto: 'udp', port: 62201 };
const ids = (log?: string, e: SpaSendEvidence = evidence) => diagnoseSpa(e, log === undefined ? {} : { serverLog: log }).causes.map((c) => `${c.id}:${c.confidence}`);

describe('fwknopd log lines → events', () => {
  it('reads each refusal, with or without a syslog prefix', () => {
    const events = parseFwknopdLog([lines.received, lines.packet(P1), lines.hmac, lines.hmacQuiet, lines.decrypt, lines.old, lines.replay, lines.source, lines.denied, lines.opened('10.9.9.9'), 'noise'].join('\n'));
    expect(events.map((e) => e.kind)).toEqual(['received', 'packet', 'hmac-mismatch', 'hmac-mismatch', 'decrypt-failed', 'too-old', 'replay', 'source-required', 'access-denied', 'opened']);
    expect(events[0]).toMatchObject({ source: '127.0.0.1', stanza: 1 });
    expect(events[5]).toMatchObject({ seconds: 600 });
    expect(events[9]).toMatchObject({ allowed: '10.9.9.9', access: 'tcp/2222' });
  });

  it('groups a packet’s lines across stanzas, and finds a packet by its data', () => {
    const log = [lines.received, lines.packet(P1), lines.hmac, lines.received2, lines.source, lines.received, lines.packet(P2), lines.opened('127.0.0.1')].join('\n');
    const events = parseFwknopdLog(log);
    expect(eventsForPacket(events, P1).map((e) => e.kind)).toEqual(['received', 'packet', 'hmac-mismatch', 'received', 'source-required']);
    expect(eventsForPacket(events).map((e) => e.kind)).toEqual(['received', 'packet', 'opened']);
    expect(eventsForPacket(events, 'unknown').map((e) => e.kind)).toEqual(['received', 'packet', 'opened']);
    expect(eventsForPacket([])).toEqual([]);
  });
});

describe('ranking the causes of "SPA sent, port still filtered"', () => {
  it('with nothing to go on: keys, clock, NAT, REQUIRE_SOURCE_ADDRESS, a blocked port — in that order', () => {
    expect(ids()).toEqual(['keys:possible', 'clock:possible', 'allow-ip:possible', 'require-source:possible', 'blocked:possible']);
  });

  it('what the client knows moves causes up: a skewed TIME_OFFSET, a "source" allow IP, an allow IP that is not ours', () => {
    expect(ids(undefined, { ...evidence, packetTimestamp: evidence.sentAt - 600 })[0]).toBe('clock:likely');
    expect(ids(undefined, { ...evidence, packetTimestamp: evidence.sentAt - 120 })[0]).toBe('keys:possible');
    expect(ids(undefined, { ...evidence, allowIp: '0.0.0.0' })[0]).toBe('require-source:likely');
    expect(diagnoseSpa({ ...evidence, allowIp: '203.0.113.7', localAddress: '192.168.1.10' }).causes[0]).toEqual({
      id: 'allow-ip',
      confidence: 'likely',
      facts: { allowed: '203.0.113.7', seen: '192.168.1.10' },
    });
  });

  it('the server’s log confirms one cause, and the others drop away', () => {
    const log = (...l: string[]) => [lines.received, lines.packet(P1), ...l].join('\n');
    expect(ids(log(lines.hmac))).toEqual(['keys:confirmed']);
    expect(diagnoseSpa(evidence, { serverLog: log(lines.hmac) }).causes[0]?.facts).toEqual({ which: 'hmac' });
    expect(diagnoseSpa(evidence, { serverLog: log(lines.decrypt) }).causes[0]?.facts).toEqual({ which: 'encryption' });
    expect(diagnoseSpa(evidence, { serverLog: log(lines.old) }).causes).toEqual([{ id: 'clock', confidence: 'confirmed', facts: { seconds: 600, maxAge: 120 }, logLine: lines.old }]);
    expect(ids([lines.replay].join('\n'))).toEqual(['replay:confirmed']);
    expect(ids(log(lines.denied))).toEqual(['access-denied:confirmed']);
    expect(diagnoseSpa(evidence, { serverLog: log(lines.opened('10.9.9.9')) }).causes).toEqual([
      { id: 'allow-ip', confidence: 'confirmed', facts: { allowed: '10.9.9.9', seen: '127.0.0.1' }, logLine: lines.opened('10.9.9.9') },
    ]);
    // fwknopd opened for the right address and it is still filtered: the firewall itself.
    expect(ids(log(lines.opened('127.0.0.1')))).toEqual(['rule-order:likely']);
  });

  it('with several stanzas, an HMAC miss in one is noise when another got further; repeats count once', () => {
    expect(ids([lines.received, lines.hmac, lines.received2, lines.source].join('\n'))).toEqual(['require-source:confirmed']);
    expect(ids([lines.received, lines.hmac, lines.received2, lines.hmac.replace('#1', '#2')].join('\n'))).toEqual(['keys:confirmed']);
  });

  it('a log without this packet: it never reached fwknopd', () => {
    const d = diagnoseSpa(evidence, { serverLog: 'Starting fwknopd main event loop.\n' });
    expect(d).toEqual({ notInServerLog: true, fromServerLog: false, causes: [{ id: 'blocked', confidence: 'likely', facts: { proto: 'udp', port: 62201 } }] });
  });
});

describe('the explanation, in English and Korean', () => {
  it('every cause has its title, text, log line and fix in both languages', () => {
    for (const id of spaCauseIds) {
      for (const language of ['en', 'ko'] as const) {
        const text = spaCauseText({ id, confidence: 'possible', facts: { seconds: 1, maxAge: 120, allowed: 'a', seen: 'b', proto: 'udp', port: 1 } }, language);
        for (const part of [text.title, text.text, text.log, text.fix]) expect(part, `${id} ${language}`).not.toMatch(/^spa\.|\{\{/);
        if (language === 'ko') expect(text.title).toMatch(/[가-힣]/);
      }
    }
  });

  it('quotes the server line that confirmed the cause, and leads with "the log names the reason"', () => {
    const d = diagnoseSpa(evidence, { serverLog: [lines.received, lines.old].join('\n') });
    const en = explainSpa(d, 'en');
    expect(en.class).toBe('spa-filtered');
    expect(en.summary).toMatch(/^fwknopd's log names the reason:/);
    expect(en.causes).toEqual([expect.stringMatching(/^The clocks differ too much \(confirmed by the server's log\): .*600 s off\.$/)]);
    expect(en.notes).toEqual([`Server log: ${lines.old}`]);
    expect(en.commands?.[1]).toMatch(/^journalctl -u fwknop-server .*grep -E '.*HMAC_COMPAREFAIL.*time difference is too great/);
    expect(explainSpa(d, 'ko').causes[0]).toMatch(/시계 차이가 너무 큼 \(서버 로그로 확인됨\).*600초/);
    // Without a log, each cause says which line to look for.
    expect(explainSpa(diagnoseSpa(evidence), 'en').causes[0]).toMatch(/Server log: "FKO_ERROR_INVALID_DATA_HMAC_COMPAREFAIL"/);
  });
});
