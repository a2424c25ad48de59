import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { accessConfStanza, checkKeys, formatKeyGen, generateKeys, keyBytes, parseKeyGen } from '../../../src-main/core/spa/keys';
import { formatTimeOffset, packetTimestamp, parseTimeOffset, skewWarning } from '../../../src-main/core/spa/time-offset';

const { keyGen } = JSON.parse(readFileSync(new URL('./vectors/c-client-vectors.json', import.meta.url), 'utf8')) as { keyGen: Record<string, string> };

describe('keys: text or base64 bytes', () => {
  it('text keys are their UTF-8 bytes; base64 keys are raw bytes, NUL included', () => {
    expect(keyBytes({ text: 'open sesame' }, 'key').toString()).toBe('open sesame');
    expect([...keyBytes({ base64: 'AP8A' }, 'key')]).toEqual([0, 255, 0]);
    expect([...keyBytes({ base64: ' AP8A\n' }, 'key')]).toEqual([0, 255, 0]);
  });

  it('bad input names the field and the fix, never echoing the value', () => {
    expect(() => keyBytes({ base64: 'not base64!' }, 'hmacKey')).toThrow(/HMAC key \(HMAC_KEY \/ HMAC_KEY_BASE64\) is not base64: paste the value exactly as "fwknop --key-gen" printed it/);
    expect(() => keyBytes({ base64: 'not base64!' }, 'hmacKey')).not.toThrow(/not base64!/);
    expect(() => keyBytes({ text: '' }, 'key')).toThrow(/encryption key .* is empty/);
  });

  it('checks what the fwknop client checks before sending', () => {
    const key = Buffer.alloc(32, 1);
    expect(checkKeys({ encryption: key, hmac: Buffer.alloc(64, 2) }, 'cbc')).toEqual([]);
    expect(() => checkKeys({ encryption: Buffer.alloc(33, 1) }, 'cbc')).toThrow(/33 bytes; fwknop uses at most 32/);
    expect(() => checkKeys({ encryption: key, hmac: Buffer.alloc(137, 2) }, 'cbc')).toThrow(/at most 136/);
    expect(() => checkKeys({ encryption: key, hmac: Buffer.from(key) }, 'cbc')).toThrow(/identical/);
    expect(() => checkKeys({ encryption: key, hmac: Buffer.alloc(64, 2) }, 'legacy')).toThrow(/Legacy encryption mode cannot be combined with an HMAC key/);
    expect(checkKeys({ encryption: key }, 'legacy')).toEqual([expect.stringMatching(/first 16 bytes/), expect.stringMatching(/No HMAC key/)]);
  });
});

describe('--key-gen, as fwknop prints it', () => {
  it('the same two lines and lengths as the C client for each HMAC type', () => {
    for (const [type, output] of Object.entries(keyGen)) {
      const c = parseKeyGen(output);
      const ours = generateKeys({ hmacDigest: type as 'sha256' });
      expect(formatKeyGen(ours)).toMatch(/^KEY_BASE64: \S+\nHMAC_KEY_BASE64: \S+\n$/);
      expect(output).toMatch(/^KEY_BASE64: \S+\nHMAC_KEY_BASE64: \S+\n$/);
      expect(Buffer.from(ours.keyBase64, 'base64')).toHaveLength(Buffer.from(c.keyBase64!, 'base64').length);
      expect(Buffer.from(ours.hmacKeyBase64, 'base64'), type).toHaveLength(Buffer.from(c.hmacKeyBase64!, 'base64').length);
      // Padded base64, as fwknop's b64_encode writes keys (only packet fields lose their "=").
      expect(ours.keyBase64).toMatch(/=$/);
    }
  });

  it('reads --key-gen output and rc-style lines alike', () => {
    expect(parseKeyGen('KEY_BASE64: a2V5\nHMAC_KEY_BASE64: aG1hYw==\n')).toEqual({ keyBase64: 'a2V5', hmacKeyBase64: 'aG1hYw==' });
    expect(parseKeyGen('KEY_BASE64      a2V5\r\n')).toEqual({ keyBase64: 'a2V5' });
  });

  it('prints the server’s access.conf stanza for the same keys', () => {
    const stanza = accessConfStanza({ keyBase64: 'K', hmacKeyBase64: 'H' }, { hmacDigest: 'sha512', openPorts: 'tcp/22', requireSource: true });
    expect(stanza).toBe(
      'SOURCE                  ANY\nOPEN_PORTS              tcp/22\nREQUIRE_SOURCE_ADDRESS  Y\nKEY_BASE64              K\nHMAC_KEY_BASE64         H\nHMAC_DIGEST_TYPE        sha512\nFW_ACCESS_TIMEOUT       30\n',
    );
  });
});

describe('TIME_OFFSET (fwknop --time-offset-plus/-minus syntax)', () => {
  it.each([
    ['90', 90],
    ['5m', 300],
    ['-5m', -300],
    ['+2h', 7200],
    ['1d', 86_400],
    ['10M', 600],
  ])('%s → %i s', (text, seconds) => {
    expect(parseTimeOffset(text)).toBe(seconds);
  });

  it('refuses anything else, naming the option', () => {
    expect(() => parseTimeOffset('soon', '--time-offset-plus')).toThrow(/^--time-offset-plus must be seconds/);
    expect(() => parseTimeOffset('5x')).toThrow(/TIME_OFFSET/);
  });

  it('the packet carries local time plus the offset; beyond 120 s it warns', () => {
    expect(packetTimestamp(1_700_000_000_999, -600)).toBe(1_699_999_400);
    expect(skewWarning(120)).toBeUndefined();
    expect(skewWarning(-600)).toMatch(/TIME_OFFSET -10m .* 120 s window/);
    expect(formatTimeOffset(90)).toBe('+90s');
  });
});
