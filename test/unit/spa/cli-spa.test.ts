import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSpaCommand, type SpaCliDeps } from '../../../src-main/cli/commands/spa';
import type { CliIo } from '../../../src-main/cli/io';
import { FakeClock, FakeNet, fakeLookup } from '../knock/fakes';
import { cVectors } from './vectors';

const v = cVectors.access!;
const files: Record<string, string> = {
  'keys.txt': `KEY_BASE64: ${v.keys.keyBase64}\nHMAC_KEY_BASE64: ${v.keys.hmacKeyBase64}\n`,
  '/home/alice/.fwknoprc': `[default]\nSPOOF_USER alice\n\n[lab]\nSPA_SERVER 127.0.0.1\nACCESS tcp/22\nKEY_BASE64 ${v.keys.keyBase64}\nHMAC_KEY_BASE64 ${v.keys.hmacKeyBase64}\n`,
  'c-packet.txt': `${v.spaData}\n`,
  '/home/alice/odd.fwknoprc': `VERBOSE Y\n[lab]\nSPA_SERVER 127.0.0.1\nACCESS tcp/22\nKEY_BASE64 ${v.keys.keyBase64}\nHMAC_KEY_BASE64 ${v.keys.hmacKeyBase64}\nspa_server_port 1\n`,
};

function harness(lang = 'C') {
  const clock = new FakeClock();
  const deps: SpaCliDeps = {
    sockets: new FakeNet(clock),
    lookup: fakeLookup({}),
    clock,
    onInterrupt: () => () => undefined,
    wallClock: () => 1_800_000_000_000,
    homedir: '/home/alice',
    readText: async (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
  };
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (t) => (stdout += t), err: (t) => (stderr += t), stdin: Readable.from([]), stdinIsTTY: false, env: { LOGNAME: 'alice', LANG: lang } };
  const command = createSpaCommand(deps);
  return { run: (argv: string[]) => command.run(argv, io), out: () => stdout, err: () => stderr };
}

describe('sesame spa: the command line', () => {
  it.each([
    [['127.0.0.1'], /nothing to open: give -A PROTO\/PORT/],
    [['-A', 'tcp/22', '-s', '-a', '1.2.3.4', 'h'], /-s and -a exclude each other/],
    [['-A', 'tcp/22', '--expect', 'ssh', '--key-file', 'keys.txt', 'h'], /--expect needs --wait PORT/],
    [['-A', 'tcp/22', 'h'], /no encryption key: use -n NAME .* or --key-file FILE \(keys are never taken from the command line\)/],
    [['-A', 'tcp/22', '--key-file', 'nope.txt', 'h'], /cannot read nope\.txt: no such file or folder \(ENOENT\)/],
    [['-n', 'work'], /no stanza \[work\] in \/home\/alice\/\.fwknoprc \(there: lab\)/],
    [['-A', 'tcp/22', '-m', 'sha999', 'h'], /--digest-type must be md5, sha1, sha256, sha384, sha512, sha3_256 or sha3_512, got "sha999"/],
    [['-A', '22', '--key-file', 'keys.txt', '-T', 'h'], /access: "22" is not proto\/port/],
    [['-A', 'tcp/22', '--key-file', 'keys.txt', '--time-offset-minus', 'soon', 'h'], /--time-offset-minus must be seconds/],
  ])('%j → exit 2, naming the fix', async (argv, message) => {
    const h = harness();
    expect(await h.run(argv)).toBe(2);
    expect(h.err()).toMatch(message);
  });

  it('-T builds and prints the packet fwknop-style without sending; --decode reads it back with the same keys', async () => {
    const h = harness();
    expect(await h.run(['-T', '-A', 'tcp/22', '-a', '127.0.0.1', '--key-file', 'keys.txt', '127.0.0.1'])).toBe(0);
    const dump = h.out();
    expect(dump).toMatch(/^SPA Field Values:\n=================\n {3}Random Value: \d{16}\n {7}Username: alice\n {6}Timestamp: 1800000000\n/);
    expect(dump).toMatch(/Message String: 127\.0\.0\.1,tcp\/22\n/);
    expect(dump).toMatch(/test mode: the packet was built, not sent\.\n$/);
    files['built.txt'] = /Final SPA Data: (\S+)/.exec(dump)![1]!;
    const d = harness();
    expect(await d.run(['--decode', 'built.txt', '--key-file', 'keys.txt', '-A', 'tcp/22'])).toBe(0);
    expect(d.out()).toContain(dump.split('   Encoded Data')[0]!.split('Timestamp')[0]!);
  });

  it('--decode reads a packet the C client built, with keys from a -n stanza', async () => {
    const h = harness();
    expect(await h.run(['--decode', 'c-packet.txt', '-n', 'lab'])).toBe(0);
    expect(h.out()).toContain(`   Random Value: ${v.randomValue}\n`);
    expect(h.out()).toContain(`   Encoded Data: ${v.encodedData}\n`);
    const wrong = harness();
    files['other-keys.txt'] = `KEY_BASE64: ${cVectors['raw-byte-keys']!.keys.keyBase64}\nHMAC_KEY_BASE64: ${cVectors['raw-byte-keys']!.keys.hmacKeyBase64}\n`;
    expect(await wrong.run(['--decode', 'c-packet.txt', '--key-file', 'other-keys.txt', '-A', 'tcp/22'])).toBe(1);
    expect(wrong.err()).toMatch(/does not decode with these keys: INVALID_DATA_HMAC_COMPAREFAIL \(at the hmac step/);
  });

  it('speaks Korean under a Korean LANG: test mode, a packet that does not decode, .fwknoprc warnings, the server stanza', async () => {
    const h = harness('ko_KR.UTF-8');
    expect(await h.run(['-T', '-A', 'tcp/22', '-a', '127.0.0.1', '--key-file', 'keys.txt', '127.0.0.1'])).toBe(0);
    expect(h.out()).toMatch(/시험 모드: 패킷을 만들기만 하고 보내지 않았습니다\.\n$/);
    const wrong = harness('ko_KR.UTF-8');
    files['other-keys.txt'] = `KEY_BASE64: ${cVectors['raw-byte-keys']!.keys.keyBase64}\nHMAC_KEY_BASE64: ${cVectors['raw-byte-keys']!.keys.hmacKeyBase64}\n`;
    expect(await wrong.run(['--decode', 'c-packet.txt', '--key-file', 'other-keys.txt', '-A', 'tcp/22'])).toBe(1);
    expect(wrong.err()).toMatch(/이 키로는 패킷을 풀 수 없습니다: INVALID_DATA_HMAC_COMPAREFAIL \(hmac 단계/);
    const rc = harness('ko_KR.UTF-8');
    expect(await rc.run(['-T', '-n', 'lab', '--rc-file', '/home/alice/odd.fwknoprc'])).toBe(0);
    expect(rc.err()).toContain('odd.fwknoprc:1: VERBOSE이(가) 첫 [항목]보다 앞에 있습니다');
    expect(rc.err()).toContain('spa_server_port은(는) fwknop 변수가 아닙니다(fwknop은 변수 이름을 대문자로만 읽습니다: SPA_SERVER_PORT)');
    const gen = harness('ko_KR.UTF-8');
    expect(await gen.run(['--key-gen'])).toBe(0);
    expect(gen.err()).toContain('# 서버용: 이 키를 넣은 /etc/fwknop/access.conf 항목입니다:');
    expect(gen.out()).toMatch(/^KEY_BASE64: /);
  });
});
