import { describe, expect, it } from 'vitest';
import { doorKindOf } from '../../../src-main/core/diagnostics/door-kind';
import { explain, formatExplanation } from '../../../src-main/core/diagnostics/explain';
import { passiveOfferDetail, readPassiveOffer } from '../../../src-main/core/diagnostics/ftp-passive';
import { judgeGreeting } from '../../../src-main/core/diagnostics/greeting';

describe('greetings and refusals', () => {
  it.each([
    ['ftp', '220 (vsFTPd 3.0.3)\r\n', false, 'greeting'],
    ['ftp', '421 Service not available.\r\n', false, 'refusal'],
    ['ftp', '421 There are too many connections from your internet address.\r\n', false, 'refusal'],
    ['ftp', '421', false, 'pending'],
    ['ftp', '421', true, 'refusal'],
    ['ftp', '500 OOPS: vsftpd: refusing to run with writable root inside chroot()\r\n', false, 'refusal'],
    ['ftp', '4210 x\r\n', false, 'other'],
    ['ftp', 'SSH-2.0-OpenSSH_9.2p1\r\n', false, 'other'],
    ['ssh', 'SSH-', false, 'greeting'],
    ['ssh', 'SS', false, 'pending'],
    ['ssh', 'Exceeded MaxStartups\r\n', false, 'refusal'],
    ['ssh', 'Not allowed at this time\r\n', false, 'refusal'],
    ['ssh', '220 mail ESMTP\r\n', false, 'other'],
    ['none', 'SSH-2.0-x\r\n', false, 'greeting'],
    ['none', '421 Service not available.\r\n', false, 'refusal'],
    ['none', 'Exceeded MaxStartups\r\n', false, 'refusal'],
    ['none', 'HELLO', false, 'pending'],
    ['none', 'HELLO', true, 'greeting'],
  ] as const)('%s: %j (closed: %s) is %s', (expectKind, text, final, verdict) => {
    expect(judgeGreeting(expectKind, text, final)).toBe(verdict);
  });
});

describe('explanations with a context', () => {
  it('reads vsftpd\'s TCP-wrappers denial from the detail, in both languages', () => {
    const en = explain('reset-before-banner', 'en', { detail: 'banner: 421 Service not available.' });
    expect(en.notes?.join('\n')).toMatch(/vsftpd's TCP-wrappers denial.*tcp_wrappers denial/);
    expect(en.fixes.join('\n')).toMatch(/vsftpd: 203\.0\.113\.7/);
    expect(en.causes.join('\n')).toMatch(/hosts\.allow is read first and the first match wins; an address that matches neither file is allowed/);
    const ko = explain('reset-before-banner', 'ko', { detail: 'banner: 421 Service not available.' });
    expect(ko.notes?.join('\n')).toMatch(/TCP 래퍼 거부/);
    expect(explain('reset-before-banner', 'en', { detail: 'banner: 421 There are too many connected users, please try later.' }).notes?.[0]).toMatch(
      /over one of its limits.*not because of TCP wrappers/,
    );
    expect(explain('reset-before-banner', 'en', { detail: 'ECONNRESET' }).notes).toBeUndefined();
  });

  it('gives passive-FTP commands for the control port and names the port the server offered', () => {
    const detail = passiveOfferDetail('PASV', { code: 227, text: '227 Entering Passive Mode (127,0,0,1,117,232).' });
    expect(detail).toBe('PASV: 227 Entering Passive Mode (127,0,0,1,117,232).');
    expect(readPassiveOffer(detail)).toEqual({ dataPort: 30184, reply: '227 Entering Passive Mode (127,0,0,1,117,232).' });
    const text = explain('passive-ports-blocked', 'en', { detail, port: 2121 });
    expect(text.notes).toEqual(['The server offered passive data port 30184 (227 Entering Passive Mode (127,0,0,1,117,232).) and nothing answered there.']);
    expect(text.commands).toContain(`nft add rule inet filter prerouting 'tcp dport 2121 ct helper set "ftp-standard"'`);
    expect(text.commands).toContain('iptables -t raw -A PREROUTING -p tcp --dport 2121 -j CT --helper ftp');
    expect(text.commands?.join('\n')).toMatch(/contains 30184/);
    expect(JSON.stringify(text)).not.toMatch(/30000-30009|uses active mode instead/);
    // A known firewall keeps only its own commands.
    const nftOnly = explain('passive-ports-blocked', 'ko', { detail, port: 2121, door: { style: 'rule', firewall: 'nftables' } });
    expect(nftOnly.commands?.join('\n')).not.toMatch(/iptables/);
    expect(nftOnly.notes?.[0]).toMatch(/30184/);
    const printed = formatExplanation(text, 'en');
    expect(printed).toMatch(/Commands for the server:\n {2}# nftables: attach the FTP helper to control port 2121/);
  });

  it('explains both door kinds when the door is unknown, and only the right one when known', () => {
    const both = explain('filtered', 'en');
    expect(both.fixes.join('\n')).toMatch(/nft insert rule instead of nft add rule/);
    expect(both.fixes.join('\n')).toMatch(/nft list set inet TABLE SET.*timeout.*references the set/);
    expect(both.causes.join('\n')).not.toMatch(/\$t\(/);
    const set = explain('filtered', 'en', { door: doorKindOf('/usr/sbin/nft add element inet filter knocked { %IP% }') });
    expect(set.fixes.join('\n')).not.toMatch(/nft insert rule instead/);
    expect(set.fixes.join('\n')).toMatch(/nft list set/);
    expect(set.causes).toHaveLength(both.causes.length - 1);
    const rule = explain('filtered', 'ko', { door: doorKindOf('nft add rule inet filter input ip saddr %IP% tcp dport 22 accept') });
    expect(rule.fixes.join('\n')).not.toMatch(/nft list set/);
    expect(rule.notes?.[0]).toMatch(/DROP/);
  });

  it('reads the door kind from knockd.conf commands', () => {
    expect(doorKindOf('/usr/sbin/iptables -I INPUT -s %IP% -p tcp --dport 22 -j ACCEPT')).toEqual({ style: 'rule', firewall: 'iptables' });
    expect(doorKindOf('/sbin/iptables -A INPUT -s %IP% -p tcp --dport 22 -j ACCEPT')).toEqual({ style: 'rule', firewall: 'iptables', appends: true });
    expect(doorKindOf('nft insert rule inet filter input ip saddr %IP% tcp dport 22 accept')).toEqual({ style: 'rule', firewall: 'nftables' });
    expect(doorKindOf('nft add element inet filter knocked { %IP% timeout 30s }')).toEqual({ style: 'set', firewall: 'nftables' });
    expect(doorKindOf('ipset add knocked %IP% timeout 30')).toEqual({ style: 'set', firewall: 'iptables' });
    expect(doorKindOf('logger knock; nft -a insert rule inet f input ip saddr %IP% accept')).toEqual({ style: 'rule', firewall: 'nftables' });
    expect(doorKindOf('/usr/local/bin/open-door %IP%')).toBeUndefined();
  });
});
