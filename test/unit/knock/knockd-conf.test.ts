import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guessGuardedPort, KnockdConfError, parseKnockdConf, plainSynSatisfies } from '../../../src-main/core/importers/knockd-conf';

/** Debian 12's /etc/knockd.conf, as shipped by the knockd package. */
const debianConf = `[options]
	UseSyslog

[openSSH]
	sequence    = 7000,8000,9000
	seq_timeout = 5
	command     = /sbin/iptables -A INPUT -s %IP% -p tcp --dport 22 -j ACCEPT
	tcpflags    = syn

[closeSSH]
	sequence    = 9000,8000,7000
	seq_timeout = 5
	command     = /sbin/iptables -D INPUT -s %IP% -p tcp --dport 22 -j ACCEPT
	tcpflags    = syn

[openHTTPS]
	sequence    = 12345,54321,24680,13579
	seq_timeout = 5
	command     = /usr/local/sbin/knock_add -i -c INPUT -p tcp -d 443 -f %IP%
	tcpflags    = syn
`;

const tcp = (...ports: number[]) => ports.map((port) => ({ port, protocol: 'tcp' }));

describe('knockd.conf import', () => {
  it("reads Debian's shipped file: open/close SSH paired, HTTPS on its own", () => {
    const { drafts, warnings } = parseKnockdConf(debianConf);
    expect(warnings).toEqual([]);
    expect(drafts).toHaveLength(2);
    expect(drafts[0]).toMatchObject({
      name: 'SSH',
      steps: tcp(7000, 8000, 9000),
      closeSteps: tcp(9000, 8000, 7000),
      seqTimeoutSec: 5,
      guardedPort: 22,
      doors: ['openSSH', 'closeSSH'],
      warnings: [],
    });
    expect(drafts[1]).toMatchObject({ name: 'openHTTPS', steps: tcp(12345, 54321, 24680, 13579), guardedPort: 443 });
    expect(drafts[1]?.closeSteps).toBeUndefined();
  });

  it.runIf(existsSync('/etc/knockd.conf'))('reads this machine’s /etc/knockd.conf', () => {
    const { drafts } = parseKnockdConf(readFileSync('/etc/knockd.conf', 'utf8'));
    expect(drafts.length).toBeGreaterThan(0);
  });

  it('handles mixed protocols, case-insensitive keys, comments, start/stop commands and one-time sequences', () => {
    const { drafts, warnings } = parseKnockdConf(`# a comment
[Options]
  LogFile = /var/log/knockd.log
  Interface = eth0

[ssh-door]
  # inner comment
  Sequence    = 7000:TCP,8000:udp, 9000
  SEQ_TIMEOUT = 10
  Start_Command = nft insert rule inet filter input ip saddr %IP% tcp dport 2222 accept
  cmd_timeout = 30
  stop_command = nft delete rule inet filter input handle 7
  TCPFlags = syn,!ack

[otp]
  one_time_sequences = /etc/knockd/otp.txt
  tcpflags = fin,!syn
  command = /bin/true
`);
    expect(drafts[0]).toMatchObject({
      name: 'ssh-door',
      steps: [
        { port: 7000, protocol: 'tcp' },
        { port: 8000, protocol: 'udp' },
        { port: 9000, protocol: 'tcp' },
      ],
      seqTimeoutSec: 10,
      cmdTimeoutSec: 30,
      guardedPort: 2222,
      warnings: [],
    });
    expect(drafts[1]).toMatchObject({ name: 'otp', steps: [], oneTimeSequencesFile: '/etc/knockd/otp.txt' });
    expect(drafts[1]?.guardedPort).toBeUndefined();
    expect(drafts[1]?.warnings.join('\n')).toMatch(/one-time/);
    expect(drafts[1]?.warnings.join('\n')).toMatch(/tcpflags = fin,!syn/);
    expect(warnings.map((w) => w.line)).toEqual([16, 17]);
  });

  it('pairs doors by mirrored sequence when the names do not say', () => {
    const { drafts } = parseKnockdConf(`[lock]
sequence = 3,2,1
command = iptables -D INPUT -s %IP% -p tcp --dport 21 -j ACCEPT
[unlock]
sequence = 1,2,3
command = iptables -I INPUT -s %IP% -p tcp --dport 21 -j ACCEPT
`);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ name: 'unlock', steps: tcp(1, 2, 3), closeSteps: tcp(3, 2, 1), guardedPort: 21 });
  });

  it.each([
    ['sequence = 1,2\n', 1, /before any \[section\]/],
    ['[door]\nsequence = 1,2\n[broken\n', 3, /closing "\]"/],
    ['[door]\nsequence = 7000,80000\n', 2, /out of range/],
    ['[door]\nsequence = 7000:sctp\n', 2, /unknown protocol/],
    ['[door]\nsequence = 7000,,8000\n', 2, /not a sequence step/],
    ['[door]\nseq_timeout = 5\n', 1, /no sequence/],
    ['[door]\nsequence = 1\nseq_timeout = soon\n', 3, /seq_timeout/],
    ['[door]\nsequence 1,2,3\n', 2, /key = value/],
    ['[a]\nsequence = 1\n[A]\nsequence = 2\n', 3, /defined twice/],
    ['[]\n', 1, /empty section/],
  ])('rejects %j at line %i', (text, line, message) => {
    try {
      parseKnockdConf(text);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(KnockdConfError);
      expect((error as KnockdConfError).line).toBe(line);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('never fails with anything but a KnockdConfError, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseKnockdConf(text);
        } catch (error) {
          expect(error).toBeInstanceOf(KnockdConfError);
        }
      }),
    );
  });

  it('round-trips generated doors', () => {
    const step = fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constantFrom('tcp' as const, 'udp' as const) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 65535 }), (steps, port) => {
        const sequence = steps.map((s) => `${s.port}:${s.protocol}`).join(', ');
        const { drafts } = parseKnockdConf(`[door]\nsequence = ${sequence}\ncommand = iptables -I INPUT -s %IP% -p tcp --dport ${port} -j ACCEPT\n`);
        expect(drafts[0]?.steps).toEqual(steps);
        expect(drafts[0]?.guardedPort).toBe(port);
      }),
    );
  });

  it('guesses the guarded port only when the command names exactly one', () => {
    expect(guessGuardedPort('iptables -I INPUT -p tcp --dport 22 -j ACCEPT')).toBe(22);
    expect(guessGuardedPort('nft insert rule inet f input tcp dport 2222 accept')).toBe(2222);
    expect(guessGuardedPort('iptables -I INPUT -d 10.0.0.1 -j ACCEPT')).toBeUndefined();
    expect(guessGuardedPort('a --dport 21; b --dport 22')).toBeUndefined();
    expect(guessGuardedPort('/usr/local/bin/open-door.sh %IP%')).toBeUndefined();
  });

  it('knows which tcpflags a plain SYN satisfies', () => {
    expect(plainSynSatisfies('syn')).toBe(true);
    expect(plainSynSatisfies('syn,!ack,!fin')).toBe(true);
    expect(plainSynSatisfies('fin')).toBe(false);
    expect(plainSynSatisfies('syn,ack')).toBe(false);
    expect(plainSynSatisfies('!syn')).toBe(false);
  });
});
