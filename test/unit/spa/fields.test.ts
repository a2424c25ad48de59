import { describe, expect, it } from 'vitest';
import { b64, isBase64, unb64 } from '../../../src-main/core/spa/b64';
import { checkFields, checkUser, decodeFields, encodeFields, natMessage, parseAccess, parseAccessMessage } from '../../../src-main/core/spa/fields';
import { defaultSpaUser, packetAllowIp, spaFields } from '../../../src-main/core/spa/request';
import { cVectors, fieldsOf } from './vectors';

describe('b64: standard base64, "=" stripped (fwknop lib/base64.c)', () => {
  // The expected strings are fwknop's own unit-test vectors (test_base64_encode), with the padding strip_b64_eq removes.
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ])('%j → %j', (plain, encoded) => {
    expect(b64(plain)).toBe(encoded);
    expect(unb64(encoded)?.toString()).toBe(plain);
  });

  it('decodes with or without padding, and refuses what is not base64 instead of skipping it', () => {
    expect(unb64('Zg==')?.toString()).toBe('f');
    expect(unb64('Zm9v!')).toBeUndefined();
    expect(unb64('Z')).toBeUndefined();
    expect(isBase64('U2FsdGVkX1+abc/')).toBe(true);
    expect(isBase64('abc def')).toBe(false);
  });
});

describe('SPA user name (lib/fko_user.c validate_username)', () => {
  it('accepts what fwknop accepts, including "@", "." and "-"', () => {
    for (const user of ['alice', 'a.very-long_user.name@example.org', 'Bob 2', 'x']) expect(() => checkUser(user)).not.toThrow();
  });

  it.each(['a"b', 'a/b', 'a\\b', 'a[b', 'a]b', 'a:b', 'a;b', 'a|b', 'a=b', 'a,b', 'a+b', 'a*b', 'a?b', 'a<b', 'a>b', 'é', 'a\tb'])('refuses %j, naming the field', (user) => {
    expect(() => checkUser(user)).toThrow(/^user: contains/);
  });

  it('refuses an empty name and one of 64 characters or more (fwknop would cut it)', () => {
    expect(() => checkUser('')).toThrow(/user: is empty/);
    expect(() => checkUser('a'.repeat(63))).not.toThrow();
    expect(() => checkUser('a'.repeat(64))).toThrow(/shorter than 64/);
  });

  it('defaults like fwknop: SPOOF_USER, then LOGNAME, then USER', () => {
    expect(defaultSpaUser({ SPOOF_USER: 's', LOGNAME: 'l', USER: 'u' })).toBe('s');
    expect(defaultSpaUser({ LOGNAME: 'l', USER: 'u' })).toBe('l');
    expect(defaultSpaUser({ USER: 'u' })).toBe('u');
    expect(defaultSpaUser({})).toBe('NO_USER');
  });
});

describe('access and allow IP (lib/fko_message.c)', () => {
  it('parses one or several proto/port entries', () => {
    expect(parseAccess('tcp/22')).toEqual([{ proto: 'tcp', port: 22 }]);
    expect(parseAccess('tcp/22,udp/53,icmp/8')).toEqual([
      { proto: 'tcp', port: 22 },
      { proto: 'udp', port: 53 },
      { proto: 'icmp', port: 8 },
    ]);
    expect(parseAccess('none/0')).toEqual([{ proto: 'none', port: 0 }]);
  });

  it.each(['', 'tcp', 'tcp/', '22', 'tcp/0', 'tcp/65536', 'sctp/22', 'tcp/22,', 'tcp/22 udp/53'])('refuses %j with an example of the right form', (text) => {
    expect(() => parseAccess(text)).toThrow(/access: .*tcp\/22/);
  });

  it('"source" is 0.0.0.0; anything else must be IPv4 (fwknop 2.6 carries no IPv6)', () => {
    expect(packetAllowIp('source')).toBe('0.0.0.0');
    expect(packetAllowIp('SOURCE')).toBe('0.0.0.0');
    expect(packetAllowIp('203.0.113.7')).toBe('203.0.113.7');
    for (const bad of ['::1', '256.1.1.1', '1.2.3', 'host.example.org']) expect(() => packetAllowIp(bad)).toThrow(/allowIp: .*IPv4/);
    expect(parseAccessMessage('10.1.2.3,tcp/22,udp/53')).toEqual({ allowIp: '10.1.2.3', access: [{ proto: 'tcp', port: 22 }, { proto: 'udp', port: 53 }] });
  });

  it('NAT is host,port; no characters fwknopd refuses in the host', () => {
    expect(natMessage('192.168.10.5', 22)).toBe('192.168.10.5,22');
    expect(natMessage('inner.example.org', 2222)).toBe('inner.example.org,2222');
    expect(() => natMessage('bad host', 22)).toThrow(/nat:/);
    expect(() => natMessage('a/b', 22)).toThrow(/nat:/);
    expect(() => natMessage('h', 0)).toThrow(/nat: port 0/);
  });
});

describe('fields: the type, NAT and timeout agree, as libfko demands', () => {
  const base = fieldsOf(cVectors.access!);

  it('refuses a NAT type without NAT, a NAT field on an access type, a timeout type without a timeout', () => {
    expect(() => checkFields({ ...base, type: 2 })).toThrow(/nat: message type 2 needs a NAT/);
    expect(() => checkFields({ ...base, nat: 'h,22' })).toThrow(/nat: message type 1 carries no NAT/);
    expect(() => checkFields({ ...base, type: 3 })).toThrow(/clientTimeout: message type 3 needs/);
    expect(() => checkFields({ ...base, clientTimeout: 30 })).toThrow(/clientTimeout: message type 1 carries no/);
    expect(() => checkFields({ ...base, random: '123' })).toThrow(/random: must be exactly 16/);
  });

  it('spaFields picks the message type from the request like the fwknop client', () => {
    const ctx = { server: '127.0.0.1', wallClockMs: 1_700_000_000_500, random: '1234567890123456' };
    const request = { access: 'tcp/22', allowIp: '127.0.0.1', user: 'alice' };
    expect(spaFields(request, ctx)).toMatchObject({ type: 1, timestamp: 1_700_000_000, message: '127.0.0.1,tcp/22' });
    expect(spaFields({ ...request, clientTimeoutS: 45 }, ctx)).toMatchObject({ type: 3, clientTimeout: 45 });
    expect(spaFields({ ...request, nat: { host: '192.168.10.5', port: 22 } }, ctx)).toMatchObject({ type: 2, nat: '192.168.10.5,22' });
    expect(spaFields({ ...request, timeOffsetS: -600 }, ctx).timestamp).toBe(1_700_000_000 - 600);
    // --nat-local --nat-port 55000 -A tcp/22, exactly as the C client built it (vector nat-local).
    const local = cVectors['nat-local']!;
    expect(spaFields({ ...request, natLocal: true, natPort: 55000 }, ctx)).toMatchObject({ type: local.messageType, message: local.message, nat: local.natAccess });
    expect(() => spaFields({ ...request, natPort: 5 }, ctx)).toThrow(/natPort: only applies to NAT/);
    expect(() => spaFields({ ...request, access: 'tcp/22,tcp/23', natLocal: true, natPort: 5 }, ctx)).toThrow(/access: NAT for several ports/);
  });

  it('encodes exactly the C client’s "Encoded Data" and decodes it back', () => {
    for (const v of Object.values(cVectors)) {
      expect(encodeFields(fieldsOf(v))).toBe(v.encodedData);
      expect(decodeFields(v.encodedData)).toEqual({ ok: true, fields: fieldsOf(v) });
    }
  });

  it('decoding names what is wrong the way libfko does', () => {
    const encoded = cVectors.access!.encodedData;
    expect(decodeFields('1:2:3')).toEqual({ ok: false, error: 'INVALID_DATA_DECODE_LT_MIN_FIELDS' });
    expect(decodeFields(`${encoded}:extra:fields`)).toEqual({ ok: false, error: 'INVALID_DATA_DECODE_WRONG_NUM_FIELDS' });
    expect(decodeFields(encoded.replace(':1:', ':9:'))).toEqual({ ok: false, error: 'INVALID_DATA_DECODE_MSGTYPE_DECODEFAIL' });
    expect(decodeFields(encoded.replace('YWxpY2U', 'YT1i'))).toEqual({ ok: false, error: 'INVALID_DATA_DECODE_USERNAME_VALIDFAIL' });
    expect(decodeFields(`${cVectors['client-timeout']!.encodedData.slice(0, -2)}x`)).toEqual({ ok: false, error: 'INVALID_DATA_DECODE_TIMEOUT_VALIDFAIL' });
  });
});
