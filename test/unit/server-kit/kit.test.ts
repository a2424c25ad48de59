import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src-main/contract/features/profiles';
import { doorKindOf } from '../../../src-main/core/diagnostics/door-kind';
import { kitForProfile } from '../../../src-main/core/server-kit/from-profile';

const base = {
  id: 'p1', name: 'web', group: '', tags: [], notes: '', host: 'server.example.org', addressFamily: 'auto',
  knock: { steps: [{ port: 21036, protocol: 'tcp' }, { port: 19073, protocol: 'udp' }, { port: 22470, protocol: 'tcp' }], delayMs: 100 },
  openTimeoutMs: 10_000, oneTimeSequences: [], service: { kind: 'ssh', port: 22 }, auth: { method: 'agent' }, ftpMode: 'auto',
  preferredClient: 'auto', hasPassword: false, hasPassphrase: false, createdAt: 0, updatedAt: 0,
} as unknown as Profile;
const text = (kit: ReturnType<typeof kitForProfile>, id: string) => kit.sections.find((s) => s.id === id)?.text ?? '';

describe('server kit', () => {
  it('iptables door inserts (-I) into its own chain and deletes (-D); the diagnosis reads it as a non-appending rule door', () => {
    const kit = kitForProfile(base, { firewall: 'iptables', timeoutSeconds: 20 }, 'en');
    const conf = text(kit, 'knockd');
    expect(conf).toContain('sequence        = 21036:tcp,19073:udp,22470:tcp');
    expect(conf).toMatch(/start_command\s+= .*\/usr\/sbin\/iptables -I sesame-web 1 -s %IP% -p tcp --dport 22 -j ACCEPT/);
    expect(conf).toMatch(/start_command_6\s+= .*ip6tables -I sesame-web 1/);
    expect(conf).toMatch(/stop_command\s+= \/usr\/sbin\/iptables -D sesame-web -s %IP%/);
    expect(conf).not.toMatch(/iptables -A/);
    const start = /start_command\s+= (.+)/.exec(conf)?.[1] ?? '';
    expect(doorKindOf(start)).toEqual({ style: 'rule', firewall: 'iptables' });
    expect(kit.sections.map((s) => s.id)).toEqual(['knockd', 'iptables', 'ip6tables']);
  });

  it('nftables door fills a set whose accept sits above the drop; a close sequence door takes the address out', () => {
    const kit = kitForProfile({ ...base, closeSequence: { steps: [{ port: 30001, protocol: 'tcp' }, { port: 28002, protocol: 'tcp' }, { port: 31003, protocol: 'tcp' }], delayMs: 100 } }, {}, 'en');
    const conf = text(kit, 'knockd');
    expect(conf).toMatch(/\[sesame-web\][^[]*command\s+= \/usr\/sbin\/nft add element inet sesame_web door4 \{ %IP% \}/);
    expect(conf).toMatch(/\[sesame-web-close\][^[]*command\s+= \/usr\/sbin\/nft delete element inet sesame_web door4/);
    expect(conf).not.toContain('cmd_timeout');
    const nft = text(kit, 'nftables');
    expect(nft.indexOf('ip saddr @door4 tcp dport 22 accept')).toBeLessThan(nft.indexOf('tcp dport 22 drop'));
    expect(kit.warnings).toEqual([]);
  });

  it('without a close sequence or --timeout the door closes by itself after 30 s, and says so', () => {
    const kit = kitForProfile(base, {}, 'en');
    expect(text(kit, 'knockd')).toMatch(/cmd_timeout\s+= 30/);
    expect(kit.warnings.join('\n')).toMatch(/closes 30 s after each knock/);
  });

  it("the profile's door timeout is the server's cmd_timeout, with no warning", () => {
    const kit = kitForProfile({ ...base, doorTimeoutS: 90 } as Profile, {}, 'en');
    expect(text(kit, 'knockd')).toMatch(/cmd_timeout\s+= 90/);
    expect(kit.warnings).toEqual([]);
  });

  it('FTP: vsftpd passive range, the helper commands of the diagnosis, hosts.allow for vsftpd with the client given', () => {
    const kit = kitForProfile({ ...base, service: { kind: 'ftp', port: 21 } }, { allowFrom: ['203.0.113.0/24'], passiveRange: { min: 50_000, max: 50_010 } }, 'en');
    expect(text(kit, 'vsftpd')).toContain('pasv_min_port=50000\npasv_max_port=50010');
    expect(text(kit, 'vsftpd')).toContain('tcp_wrappers=YES');
    expect(text(kit, 'ftpFirewall')).toContain(`nft add rule inet filter prerouting 'tcp dport 21 ct helper set "ftp-standard"'`);
    expect(text(kit, 'ftpFirewall')).toContain('tcp dport 50000-50010 accept');
    expect(text(kit, 'hostsAllow')).toMatch(/^vsftpd: 203\.0\.113\.0\/24$/m);
  });

  it('one-time sequences become knockd one_time_sequences, each line starting with a space', () => {
    const steps = (a: number, b: number, c: number) => [a, b, c].map((port) => ({ port, protocol: 'tcp' as const }));
    const kit = kitForProfile({ ...base, oneTimeSequences: [{ steps: steps(20001, 19002, 21003), usedAt: 5 }, { steps: steps(25001, 24002, 26003) }] }, {}, 'en');
    expect(text(kit, 'knockd')).toContain('one_time_sequences = /etc/knockd/sesame-web.sequences');
    expect(text(kit, 'oneTime')).toBe(' 25001:tcp,24002:tcp,26003:tcp\n');
  });

  it('warns about the classic sequence, in Korean too, and rejects bad options by field', () => {
    const classic = { ...base, knock: { steps: [7000, 8000, 9000].map((port) => ({ port, protocol: 'tcp' })), delayMs: 100 } } as Profile;
    expect(kitForProfile(classic, {}, 'en').warnings[0]).toMatch(/^Knock sequence: Port\(s\) 7000, 8000, 9000: among the ports scanners probe most/);
    expect(kitForProfile(classic, {}, 'ko').warnings.join('\n')).toMatch(/오름차순/);
    expect(() => kitForProfile(base, { interface: 'eth0; rm' }, 'en')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/--interface/) }));
    expect(() => kitForProfile(base, { passiveRange: { min: 900, max: 1000 } }, 'en')).toThrow(expect.objectContaining({ message: expect.stringMatching(/--pasv-range/) }));
    expect(() => kitForProfile({ ...base, knock: undefined } as unknown as Profile, {}, 'en')).toThrow(expect.objectContaining({ message: expect.stringMatching(/no knock sequence/) }));
  });

  it('--new-sequence: fresh knock and close sequences, disjoint, without the service port', () => {
    const kit = kitForProfile(base, { newSequence: { length: 5, protocols: 'tcp' } }, 'en');
    const ports = [...(kit.generated?.knock.steps ?? []), ...(kit.generated?.closeSequence.steps ?? [])].map((s) => s.port);
    expect(ports).toHaveLength(10);
    expect(new Set(ports).size).toBe(10);
    expect(ports).not.toContain(22);
    expect(kit.warnings).toEqual([]);
  });
});
