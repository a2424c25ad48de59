import { describe, expect, it } from 'vitest';
import { profileFieldsSchema, profileNameSchema, profileSchema, groupSchema, tagSchema } from '../../../src-main/contract/features/profiles';
import { hostInputSchema, hostSchema, urlHost } from '../../../src-main/contract/schemas/common';
import { hostKeyAlias, lftpArgs, sessionUrl } from '../../../src-main/core/launcher/client-args';

const ok = (v: string) => hostSchema.safeParse(v).success;

describe('host schema (the stored form)', () => {
  it('accepts names, canonical IPv4, bare IPv6 with zone ids', () => {
    for (const v of ['db.example.com', 'example.com.', 'web_1.internal', 'localhost', 'xn--bcher-kva.example', '192.0.2.10', '::1', '2001:db8::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '1:2:3:4:5:6:7:8', '2001:db8:0:0:0:0:2:1'])
      expect(ok(v), v).toBe(true);
  });

  it('refuses brackets (stored bare), unbalanced brackets, empty labels and numbers inet_aton would reinterpret', () => {
    for (const v of ['[::1]', '[[::1]]', '[::1', '::1]', '....', 'a..b', '.example.com', '-x.example', 'a-.example', '1.2.3', '999.1.1.1', '010.0.0.1', '0x7f.1', '0x7f000001', '127.1', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', 'fe80::1%', 'fe80::1%eth 0', 'g::1', 'host:22'])
      expect(ok(v), v).toBe(false);
    expect(hostSchema.safeParse('[::1]').error?.issues[0]?.message).toMatch(/write an IPv6 address bare/);
  });

  it('input fields normalise "[v6]" to the bare form; stored profiles with brackets are refused', () => {
    expect(hostInputSchema.parse('[2001:db8::1]')).toBe('2001:db8::1');
    expect(hostInputSchema.safeParse('[db.example.com]').success).toBe(false);
    expect(profileFieldsSchema.parse({ name: 'v6', host: '[::1]' }).host).toBe('::1');
    const stored = { id: 'p1', name: 'v6', host: '[::1]', createdAt: 1, updatedAt: 1 };
    expect(profileSchema.safeParse(stored).success).toBe(false);
  });

  it('URLs get IPv6 in brackets with the zone\'s "%" encoded as "%25" (RFC 6874)', () => {
    expect(urlHost('fe80::1%eth0')).toBe('[fe80::1%25eth0]');
    expect(urlHost('2001:db8::1')).toBe('[2001:db8::1]');
    expect(urlHost('db.example.com')).toBe('db.example.com');
    const request = { service: 'ftp' as const, host: 'fe80::1%eth0', address: 'fe80::1%eth0', family: 6 as const, port: 21, auth: 'agent' as const, client: 'lftp' as const, user: 'anna' };
    expect(sessionUrl(request, 'ftp')).toBe('ftp://anna@[fe80::1%25eth0]:21');
    expect(lftpArgs(request).at(-1)).toBe('ftp://[fe80::1%25eth0]');
    // The stored host is bare, so OpenSSH's alias gets exactly one pair of brackets.
    expect(hostKeyAlias({ host: hostInputSchema.parse('[::1]'), port: 2222 })).toBe('[::1]:2222');
  });
});

describe('names, groups and tags refuse invisible and direction-changing characters', () => {
  it.each(['\u202Eevil', 'a\u2028b', 'a\u2029b', 'zero\u200Bwidth', 'iso\u2066late\u2069', 'bom\uFEFF', 'rlm\u200F'])('refuses %j', (name) => {
    for (const schema of [profileNameSchema, groupSchema, tagSchema]) {
      const result = schema.safeParse(name);
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => i.message).join()).toMatch(/invisible or direction-changing/);
    }
  });

  it('keeps Korean, Arabic and accented names', () => {
    for (const name of ['운영 서버', 'خادم الإنتاج', 'Café prod']) expect(profileNameSchema.safeParse(name).success, name).toBe(true);
  });
});
