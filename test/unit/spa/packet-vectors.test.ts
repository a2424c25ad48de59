import { describe, expect, it } from 'vitest';
import { b64 } from '../../../src-main/core/spa/b64';
import { hmacB64 } from '../../../src-main/core/spa/crypto';
import { buildPacket, decodePacket } from '../../../src-main/core/spa/packet';
import { cVectors, digestOf, fieldsOf, keysOf, modeOf, saltOf } from './vectors';

// Every expectation here is what Debian's fwknop 2.6.10 client printed for the
// same inputs (vectors/make-c-client-vectors.mjs), never Sesame's own output.
const names = Object.keys(cVectors);

describe('Sesame builds the C client’s packets byte for byte', () => {
  it.each(names)('%s', (name) => {
    const v = cVectors[name]!;
    const built = buildPacket(fieldsOf(v), keysOf(v), {
      digest: digestOf(v.digestType) ?? 'sha256',
      hmac: digestOf(v.hmacType),
      mode: modeOf(v.encryptionMode),
      salt: saltOf(v),
    });
    expect(built.encoded).toBe(v.encodedData);
    expect(built.digest).toBe(v.digest);
    expect(built.hmac ?? null).toBe(v.hmac);
    expect(built.data).toBe(v.spaData);
  });
});

describe('Sesame’s decoder reads the C client’s packets', () => {
  it.each(names)('%s', (name) => {
    const v = cVectors[name]!;
    const decoded = decodePacket(v.spaData, keysOf(v), { hmac: digestOf(v.hmacType), mode: modeOf(v.encryptionMode) });
    expect(decoded).toMatchObject({ ok: true, encoded: v.encodedData, digest: v.digest, hmacType: digestOf(v.hmacType) });
    if (!decoded.ok) return;
    expect(decoded.fields).toEqual(fieldsOf(v));
    // SHA3 digests have SHA-2's lengths; fwknopd (and Sesame) tell them apart by trying both.
    expect(decoded.digestType).toBe(digestOf(v.digestType));
  });

  it('finds the HMAC type by itself when asked to (diagnosis)', () => {
    for (const name of ['hmac-md5', 'hmac-sha1', 'hmac-sha384', 'hmac-sha512', 'hmac-sha3_512', 'access']) {
      const v = cVectors[name]!;
      const decoded = decodePacket(v.spaData, keysOf(v), { hmac: 'auto' });
      expect(decoded.ok && decoded.hmacType).toBe(digestOf(v.hmacType));
    }
  });
});

describe('the encoding rules, checked on the C client’s output', () => {
  const v = cVectors.access!;

  it('every b64 field is standard base64 with "=" stripped', () => {
    const [random, user, time, version, type, message] = v.encodedData.split(':');
    expect(random).toMatch(/^\d{16}$/);
    expect(user).toBe(b64('alice'));
    expect(Buffer.from('alice').toString('base64')).toBe('YWxpY2U=');
    expect(time).toBe(String(v.timestamp));
    expect(version).toBe('3.0.0');
    expect(type).toBe('1');
    expect(message).toBe(b64('127.0.0.1,tcp/22'));
    expect(v.encodedData.includes('=')).toBe(false);
    expect(v.spaData.includes('=')).toBe(false);
  });

  it('"source" is the allow IP 0.0.0.0 (fwknop -s)', () => {
    expect(cVectors['access-source-ip']!.message).toBe('0.0.0.0,tcp/22');
  });

  it('the HMAC covers the base64 *with* its U2FsdGVkX1 prefix, which the wire leaves off', () => {
    const keys = keysOf(v);
    const body = v.spaData.slice(0, v.spaData.length - v.hmac!.length);
    expect(body.startsWith('U2FsdGVkX1')).toBe(false);
    expect(hmacB64('sha256', keys.hmac!, `U2FsdGVkX1${body}`)).toBe(v.hmac);
    expect(hmacB64('sha256', keys.hmac!, body)).not.toBe(v.hmac);
    expect(Buffer.from(`U2FsdGVkX1${body}`, 'base64').subarray(0, 8).toString('latin1')).toBe('Salted__');
  });

  it('the HMAC is appended with no separator, its length set by the type', () => {
    expect(v.spaData.endsWith(v.hmac!)).toBe(true);
    expect(cVectors['hmac-md5']!.hmac).toHaveLength(22);
    expect(cVectors['hmac-sha1']!.hmac).toHaveLength(27);
    expect(cVectors['hmac-sha384']!.hmac).toHaveLength(64);
    expect(cVectors['hmac-sha512']!.hmac).toHaveLength(86);
  });

  it('message types: access 1, NAT 2, timeout 3, NAT+timeout 4, local NAT 5, local NAT+timeout 6', () => {
    const types = ['access', 'nat', 'client-timeout', 'nat-timeout', 'nat-local', 'nat-local-timeout'].map((n) => cVectors[n]!.messageType);
    expect(types).toEqual([1, 2, 3, 4, 5, 6]);
    // The client timeout is the last field, in decimal; NAT is b64("host,port") right after the message.
    expect(cVectors['nat-timeout']!.encodedData.split(':').slice(-2)).toEqual([b64('inner.example.org,2222'), '30']);
    expect(cVectors['nat-local']!.message).toBe('127.0.0.1,tcp/55000');
    expect(cVectors['nat-local']!.natAccess).toBe('127.0.0.1,22');
  });

  it('raw-byte keys (NUL, 0xff) are used whole, not as C strings', () => {
    const keys = keysOf(cVectors['raw-byte-keys']!);
    expect(keys.encryption[0]).toBe(0);
    expect(keys.encryption).toHaveLength(32);
    expect(keys.hmac![0]).toBe(0);
    expect(keys.hmac).toHaveLength(64);
    // A key cut at its first NUL would not reproduce the C client's packet.
    const v2 = cVectors['raw-byte-keys']!;
    expect(() => buildPacket(fieldsOf(v2), { encryption: keys.encryption.subarray(0, 0), hmac: keys.hmac! }, { salt: saltOf(v2) })).toThrow(/empty/);
  });

  it('a wrong HMAC key fails before decryption; a wrong encryption key fails at decryption', () => {
    const keys = keysOf(v);
    const other = keysOf(cVectors['raw-byte-keys']!);
    expect(decodePacket(v.spaData, { encryption: keys.encryption, hmac: other.hmac! })).toEqual({ ok: false, error: 'INVALID_DATA_HMAC_COMPAREFAIL', stage: 'hmac' });
    expect(decodePacket(v.spaData, { encryption: other.encryption, hmac: keys.hmac! })).toEqual({ ok: false, error: 'DECRYPTION_FAILURE', stage: 'decrypt' });
    const noHmac = cVectors['no-hmac']!;
    expect(decodePacket(noHmac.spaData, { encryption: Buffer.from('not-the-key') }, { hmac: null })).toMatchObject({ ok: false, error: 'DECRYPTION_FAILURE' });
  });

  it('legacy mode pads a short key with "0" to 16 bytes', () => {
    const legacy = cVectors['legacy-iv']!;
    const padded = decodePacket(legacy.spaData, { encryption: Buffer.from('short00000000000') }, { hmac: null, mode: 'cbc' });
    expect(padded.ok).toBe(true);
  });
});
