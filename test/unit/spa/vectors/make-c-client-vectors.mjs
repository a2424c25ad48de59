#!/usr/bin/env node
// Regenerates c-client-vectors.json from Debian's fwknop client (fwknop-client
// 2.6.10): every vector is what the C client itself built and printed (-T -v),
// so the unit tests check Sesame against fwknop, not against Sesame.
//
//   node test/unit/spa/vectors/make-c-client-vectors.mjs
//
// Runs `fwknop -T` (build, never send) with a throwaway HOME and rc file, so
// nothing of the user's ~/.fwknoprc is read or written.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'sesame-fwknop-vectors-'));

// Keys made once with `fwknop --key-gen` (and --hmac-digest-type for the other lengths).
const KEY = '4axeWSHu+6om64aF74YfP2MT7QvFbKw04xZy60Dw1V4=';
const HMAC = 'fevVwVhF/Ys1nKPKDAtW2OLOYb0DHgeFdsezBxCp+VBPy3UQPYES1NreTHeFmiljQpUwdsVj3Gb6UKYtERKQ3A==';
const HMAC_MD5 = 'cWnyOQR/uV42N2wEOANSZQ==';
const HMAC_SHA1 = 'rgr8xkbsZ3kHNuTcZZQZedYg/Vk=';
const HMAC_SHA512 =
  'DrOlXTfYZe6Avd4qfAJzUjPF4YFTBCbuSBucPfs6LirtTPFos4rgXk89ybKBx7cme+iLi/Sv8eZOzxzHjYEBNc4aRWVVVuTXT+xWUTLcpCVmwhTBHmf8AprLY0742l9hLMSQUZRrtp+F8YS4VvRtm0VDv5H+Wp8sIsrR1ch357o=';
// Raw bytes a text field could never hold: NUL first and in the middle, 0xff, high bytes.
const RAW_KEY = Buffer.from([0x00, 0xff, 0x10, 0x80, 0x00, 0x7f, 0x3a, 0x0a, ...Array.from({ length: 24 }, (_, i) => (i * 37 + 5) & 0xff)]).toString('base64');
const RAW_HMAC = Buffer.from([0x00, 0x00, 0xfe, 0x0d, 0x0a, ...Array.from({ length: 59 }, (_, i) => (i * 91 + 3) & 0xff)]).toString('base64');

const b64 = (k, h) => ['--key-base64-rijndael', k, ...(h ? ['--key-base64-hmac', h] : [])];
const base = ['-D', '127.0.0.1', '-U', 'alice'];

/** name → [fwknop args, keys as the test must give them to Sesame, rc stanza or undefined] */
const cases = {
  'access': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'access-source-ip': [[...base, '-A', 'tcp/22', '-s', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'access-multi': [[...base, '-A', 'tcp/22,udp/53,tcp/8080', '-a', '10.1.2.3', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'client-timeout': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-f', '45', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'nat': [[...base, '-A', 'tcp/5022', '-a', '127.0.0.1', '-N', '192.168.10.5,22', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'nat-timeout': [[...base, '-A', 'tcp/5022', '-a', '127.0.0.1', '-N', 'inner.example.org,2222', '-f', '30', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'nat-local': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--nat-local', '--nat-port', '55000', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'nat-local-timeout': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--nat-local', '-f', '60', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-md5': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'md5', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-sha1': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'sha1', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-sha384': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'sha384', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-sha512': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'sha512', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-sha3_256': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'sha3_256', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'digest-sha3_512': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-m', 'sha3_512', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'hmac-md5': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'md5', ...b64(KEY, HMAC_MD5)], { keyBase64: KEY, hmacKeyBase64: HMAC_MD5 }],
  'hmac-sha1': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'sha1', ...b64(KEY, HMAC_SHA1)], { keyBase64: KEY, hmacKeyBase64: HMAC_SHA1 }],
  'hmac-sha384': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'sha384', ...b64(KEY, HMAC_SHA512)], { keyBase64: KEY, hmacKeyBase64: HMAC_SHA512 }],
  'hmac-sha512': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'sha512', ...b64(KEY, HMAC_SHA512)], { keyBase64: KEY, hmacKeyBase64: HMAC_SHA512 }],
  'hmac-sha3_256': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'sha3_256', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'hmac-sha3_512': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--hmac-digest-type', 'sha3_512', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'raw-byte-keys': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', ...b64(RAW_KEY, RAW_HMAC)], { keyBase64: RAW_KEY, hmacKeyBase64: RAW_HMAC }],
  'text-keys': [
    ['-n', 'textkeys', '-U', 'alice'],
    { key: 'correct-horse', hmacKey: 'battery-staple-42' },
    '[textkeys]\nSPA_SERVER 127.0.0.1\nACCESS tcp/22\nALLOW_IP 127.0.0.1\nKEY correct-horse\nHMAC_KEY battery-staple-42\n',
  ],
  'text-key-with-space': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--key-rijndael', 'open sesame 1', '--key-base64-hmac', HMAC], { key: 'open sesame 1', hmacKeyBase64: HMAC }],
  'no-hmac': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--key-rijndael', 'only-encryption'], { key: 'only-encryption' }],
  'legacy-iv': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-M', 'legacy', '--key-rijndael', 'short'], { key: 'short' }],
  'mode-cfb': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-M', 'cfb', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'mode-ofb': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-M', 'ofb', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'mode-ctr': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-M', 'ctr', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'mode-ecb': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '-M', 'ecb', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'time-offset-minus': [[...base, '-A', 'tcp/22', '-a', '127.0.0.1', '--time-offset-minus', '10m', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
  'long-user': [['-D', '127.0.0.1', '-U', 'a.very-long_user.name@example.org', '-A', 'tcp/22', '-a', '127.0.0.1', ...b64(KEY, HMAC)], { keyBase64: KEY, hmacKeyBase64: HMAC }],
};

/** The first "SPA Field Values" block of `fwknop -v` (the packet as built, HMAC included). */
function parseDump(text) {
  const block = text.split('Generating SPA packet:')[0];
  const fields = {};
  for (const line of block.split('\n')) {
    const match = /^\s*([A-Za-z ]+?):\s(.*)$/.exec(line);
    if (match) fields[match[1].trim()] = match[2].trim();
  }
  return fields;
}

const vectors = {};
for (const [name, [args, keys, rc]] of Object.entries(cases)) {
  const rcPath = join(home, `${name}.rc`);
  writeFileSync(rcPath, rc ?? '[default]\n', { mode: 0o600 });
  const argv = ['-T', '-v', '--no-save-args', '--rc-file', rcPath, ...args];
  const out = execFileSync('fwknop', argv, { env: { ...process.env, HOME: home, LOGNAME: 'alice' }, encoding: 'utf8' });
  const dump = parseDump(out);
  const redacted = argv.map((a, i) => (/^--key-/.test(argv[i - 1] ?? '') ? '<key>' : a));
  vectors[name] = {
    fwknopArgs: redacted,
    keys,
    randomValue: dump['Random Value'],
    username: dump.Username,
    timestamp: Number(dump.Timestamp),
    version: dump['FKO Version'],
    messageType: Number.parseInt(dump['Message Type'], 10),
    message: dump['Message String'],
    natAccess: dump['Nat Access'] === '<NULL>' ? null : dump['Nat Access'],
    clientTimeout: Number(dump['Client Timeout']),
    digestType: dump['Digest Type'],
    hmacType: dump['HMAC Type'],
    encryptionMode: dump['Encryption Mode'],
    encodedData: dump['Encoded Data'],
    digest: dump['SPA Data Digest'],
    hmac: dump.HMAC === '<NULL>' ? null : dump.HMAC,
    spaData: dump['Final SPA Data'],
  };
}
// The rc file fwknop itself writes (its template, then the saved stanza), and what --key-gen prints.
const rcPath = join(home, 'saved.fwknoprc');
execFileSync('fwknop', ['--rc-file', rcPath, '--key-gen', '--save-rc-stanza', '-n', 'myserver', '-D', 'server.example.org', '-A', 'tcp/22', '-a', '203.0.113.7', '-p', '62202', '-f', '45'], { env: { ...process.env, HOME: home }, stdio: 'pipe' });
writeFileSync(join(here, 'c-client-fwknoprc.txt'), readFileSync(rcPath, 'utf8'));
const keyGen = {};
for (const type of ['sha256', 'md5', 'sha1', 'sha384', 'sha512']) {
  keyGen[type] = execFileSync('fwknop', ['--no-rc-file', '--key-gen', '--hmac-digest-type', type], { env: { ...process.env, HOME: home }, encoding: 'utf8' });
}
rmSync(home, { recursive: true, force: true });
const file = join(here, 'c-client-vectors.json');
writeFileSync(file, `${JSON.stringify({ generator: 'fwknop client 2.6.10 (Debian fwknop-client 2.6.10-16), fwknop -T -v', keyGen, vectors }, null, 2)}\n`);
console.log(`wrote ${Object.keys(vectors).length} vectors to ${file}`);
