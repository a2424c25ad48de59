import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layeredValues, parseFwknoprc, stanzaNames } from '../../../src-main/core/spa/fwknoprc';
import { rcSettings } from '../../../src-main/core/spa/rc-settings';

// Written by `fwknop --key-gen --save-rc-stanza -n myserver …` (vectors/make-c-client-vectors.mjs):
// fwknop's own template with its comments, then the stanza it saved.
const saved = readFileSync(new URL('./vectors/c-client-fwknoprc.txt', import.meta.url), 'utf8');

describe('.fwknoprc as fwknop writes it', () => {
  it('reads the stanza fwknop saved, keys included, and nothing else', () => {
    const file = parseFwknoprc(saved);
    expect(file.warnings).toEqual([]);
    expect(stanzaNames(file)).toEqual(['myserver']);
    const settings = rcSettings(file, 'myserver');
    expect(settings).toMatchObject({
      server: 'server.example.org',
      request: { access: 'tcp/22', allowIp: '203.0.113.7', clientTimeoutS: 45 },
      wire: { serverPort: 62202 },
      problems: [],
      ignored: [],
    });
    expect(settings.keys.key).toEqual({ base64: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    expect(settings.keys.hmacKey).toEqual({ base64: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/) });
  });
});

describe('the rc dialect', () => {
  const text = [
    '# comment',
    '; also a comment',
    '[default]',
    'SPA_SERVER_PORT   62299',
    'SPOOF_USER        alice',
    'DIGEST_TYPE:      sha512',
    '',
    '[Work]',
    'SPA_SERVER        work.example.org',
    'ACCESS            tcp/22',
    'SPOOF_USER        bob    # trailing comment',
    'KEY               correct-horse',
    'HMAC_KEY_BASE64   aG1hYw==',
    '',
    '[home]',
    'SPA_SERVER        home.example.org',
    'ACCESS            tcp/2222',
  ].join('\n');

  it('[default] applies under each stanza; the stanza wins; names match case-insensitively', () => {
    const file = parseFwknoprc(text);
    expect(file.warnings).toEqual([]);
    expect(stanzaNames(file)).toEqual(['Work', 'home']);
    const work = layeredValues(file, 'work');
    expect(work.get('SPOOF_USER')).toEqual({ value: 'bob', line: 11, from: 'stanza' });
    expect(work.get('SPA_SERVER_PORT')).toEqual({ value: '62299', line: 4, from: 'default' });
    // "DIGEST_TYPE:" — fwknop drops a colon after the variable.
    expect(work.get('DIGEST_TYPE')?.value).toBe('sha512');
    expect(rcSettings(file, 'home')).toMatchObject({ server: 'home.example.org', request: { user: 'alice', access: 'tcp/2222' }, wire: { serverPort: 62299, digest: 'sha512' } });
    expect(rcSettings(file, 'WORK').keys).toEqual({ key: { text: 'correct-horse' }, hmacKey: { base64: 'aG1hYw==' } });
  });

  it('keeps and warns about every line fwknop would read differently, never quoting a key', () => {
    const file = parseFwknoprc(
      [
        'ACCESS tcp/22',
        '[s]',
        'access tcp/22',
        'ACCES tcp/22',
        'KEY two words',
        'HMAC_KEY abc#def',
        'SPOOF_USER',
        '[broken',
        '[s]',
        'SPA_SERVER h',
      ].join('\n'),
    );
    expect(file.warnings.map((w) => [w.line, w.message])).toEqual([
      [1, 'ACCESS comes before any [stanza]: fwknop ignores it'],
      [3, 'access is not an fwknop variable (fwknop reads variable names in upper case only: ACCESS): kept, not used'],
      [4, 'ACCES is not an fwknop variable: kept, not used'],
      [5, 'KEY: fwknop reads only the first word of a value; the rest of the value after the space is ignored'],
      [6, 'HMAC_KEY: fwknop ends a value at "#", so the rest of this value is ignored'],
      [7, '"SPOOF_USER" has no value: fwknop refuses the file at this line'],
      [8, '"[broken" opens a stanza without "]": fwknop ignores the line'],
      [9, 'stanza [s] appears again (first at line 2): fwknop merges both, later lines win'],
    ]);
    expect(JSON.stringify(file.warnings)).not.toMatch(/words|def/);
    const settings = rcSettings(file, 's');
    expect(settings.ignored.map((i) => [i.variable, i.value])).toEqual([
      ['access', '(kept)'],
      ['ACCES', '(kept)'],
    ]);
    expect(settings.server).toBe('h');
    expect(settings.keys).toEqual({ key: { text: 'two' }, hmacKey: { text: 'abc' } });
  });

  it('an unknown stanza is an error that names it', () => {
    expect(() => rcSettings(parseFwknoprc('[a]\nACCESS tcp/22\n'), 'b')).toThrow('No stanza [b] in the .fwknoprc file.');
  });
});

describe('stanza variables → settings', () => {
  const settingsOf = (body: string) => rcSettings(parseFwknoprc(`[s]\n${body}\n`), 's');

  it('maps what Sesame sends', () => {
    const s = settingsOf(
      [
        'ALLOW_IP source', 'FW_TIMEOUT 60', 'TIME_OFFSET -5m', 'NAT_ACCESS 192.168.10.5:22', 'NAT_PORT 55000', 'SPA_SERVER_PROTO TCP',
        'HMAC_DIGEST_TYPE SHA3_256', 'ENCRYPTION_MODE cfb', 'KEY_BASE64 a2V5', 'HMAC_KEY h',
      ].join('\n'),
    );
    expect(s.problems).toEqual([]);
    expect(s.request).toEqual({ allowIp: 'source', clientTimeoutS: 60, timeOffsetS: -300, nat: { host: '192.168.10.5', port: 22 }, natPort: 55000 });
    expect(s.wire).toEqual({ serverProto: 'tcp', hmac: 'sha3_256', mode: 'cfb' });
    expect(settingsOf('NAT_LOCAL Y').request.natLocal).toBe(true);
  });

  it('without an HMAC key the packet carries no HMAC; USE_HMAC Y without a key is a problem to fix', () => {
    expect(settingsOf('KEY k').wire.hmac).toBeNull();
    expect(settingsOf('KEY k\nUSE_HMAC Y').problems).toEqual([{ line: 3, variable: 'USE_HMAC', message: expect.stringMatching(/no HMAC_KEY/) }]);
  });

  it('"resolve" needs the user’s own RESOLVE_URL: no built-in lookup service', () => {
    expect(settingsOf('ALLOW_IP resolve').problems).toEqual([{ line: 2, variable: 'ALLOW_IP', message: expect.stringMatching(/RESOLVE_URL.*never asks a built-in/) }]);
    expect(settingsOf('ALLOW_IP resolve\nRESOLVE_URL https://ip.example.org/')).toMatchObject({ allowIpResolve: true, resolveUrl: 'https://ip.example.org/', problems: [] });
  });

  it('names each value fwknop (or Sesame) cannot use, with its line', () => {
    const s = settingsOf(
      ['ALLOW_IP 10.0.0', 'FW_TIMEOUT soon', 'SPA_SERVER_PROTO icmp', 'ENCRYPTION_MODE pcbc', 'DIGEST_TYPE sha999', 'USE_GPG Y', 'NAT_LOCAL yes', 'ACCESS 22', 'VERBOSE 1'].join('\n'),
    );
    expect(s.problems.map((p) => `${p.line} ${p.variable}: ${p.message}`)).toEqual([
      '2 ALLOW_IP: must be "source", "resolve" or an IPv4 address, got "10.0.0"',
      '3 FW_TIMEOUT: must be a whole number from 0 to 131072, got "soon"',
      '4 SPA_SERVER_PROTO: "icmp" needs raw sockets (root); Sesame sends udp, tcp or http',
      '5 ENCRYPTION_MODE: Sesame supports cbc, cfb, ofb, ctr, ecb, legacy; got "pcbc" (PCBC has no OpenSSL equivalent)',
      '6 DIGEST_TYPE: must be one of md5, sha1, sha256, sha384, sha512, sha3_256, sha3_512, got "sha999"',
      '7 USE_GPG: GnuPG-encrypted SPA is not supported: use Rijndael keys (fwknop --key-gen)',
      '8 NAT_LOCAL: fwknop reads only "Y" as yes; "yes" counts as N',
      '9 ACCESS: "22" is not proto/port: write e.g. "tcp/22" (proto tcp, udp or icmp; port 1–65535)',
    ]);
    expect(s.ignored).toEqual([{ line: 10, variable: 'VERBOSE', value: '1', reason: 'output detail of the fwknop client' }]);
  });
});
