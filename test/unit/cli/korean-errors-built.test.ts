import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtCli, sesame, type CliResult } from '../../support/cli';
import { englishSentences } from '../../support/english';

// The error paths a user meets outside the command line's own checks, run on
// the CLI as shipped (out/cli) with LANG=ko_KR.UTF-8 and with LANG=C: files
// that are missing, folders, unreadable or empty; a folder that is not there
// for an export; no keychain. Korean must carry no English sentence.
vi.setConfig({ testTimeout: 60_000 });

const root = mkdtempSync(join(tmpdir(), 'sesame-ko-errors-'));
const home = join(root, 'home');
const missing = join(root, 'missing.conf');
const folder = join(root, 'folder');
const empty = join(root, 'empty.conf');
const locked = join(root, 'locked.key');
const badKey = join(root, 'bad.key');
const rcFile = join(root, 'fwknoprc');
// No Secret Service answers there: the keychain is unavailable, the same way on every Linux box.
const noBus = { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(root, 'no-bus')}` };

/**
 * Runs the built CLI; `asOther` runs it as another user when this one is root
 * (root reads any file, so a 0000 file says EACCES only to someone else).
 */
function run(args: string[], lang: string, options: { env?: Record<string, string>; asOther?: boolean; input?: string } = {}): Promise<CliResult> {
  const other = options.asOther && process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const child = spawn(process.execPath, [builtCli, ...args], {
    env: { PATH: process.env.PATH, HOME: root, SESAME_HOME: home, LANG: lang, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...other,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  // bin/sesame.mjs rebuilds out/cli first when the sources are newer.
  const built = await sesame(['profiles', 'add', '--name', 'web', '--host', '127.0.0.1', '--knock', '7000', '--port', '2222', '--auth', 'password'], { home });
  expect(built.code, built.stderr).toBe(0);
  mkdirSync(folder);
  writeFileSync(empty, '');
  writeFileSync(locked, 'KEY_BASE64: AAAA\n');
  writeFileSync(badKey, 'KEY_BASE64: !!!\n');
  writeFileSync(rcFile, '[x]\nSPA_SERVER_PORT abc\nKEY abc\nDIGEST_TYPE md9\n');
  chmodSync(locked, 0o000);
  chmodSync(root, 0o755);
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The keychain's own words (from the OS library) are kept, in parentheses, for searching; they are not Sesame's. */
const systemDetail = /\((?:Platform failure|Couldn't access platform storage): [^\n]*\)$/gm;

const cases: [string, string[], { env?: Record<string, string>; asOther?: boolean; input?: string; says: RegExp }][] = [
  ['import a missing file (ENOENT)', ['profiles', 'import', missing], { says: /ENOENT/ }],
  ['import a folder', ['profiles', 'import', folder], { says: /폴더/ }],
  ['import an empty file', ['profiles', 'import', empty], { says: /비어 있습니다/ }],
  ['a missing key file (ENOENT)', ['spa', '--key-file', missing, '-A', 'tcp/22', 'h.example'], { says: /그런 파일이나 폴더가 없습니다 \(ENOENT\)/ }],
  ['a folder as key file (EISDIR)', ['spa', '--key-file', folder, '-A', 'tcp/22', 'h.example'], { says: /폴더입니다 \(EISDIR\)/ }],
  ['an unreadable key file (EACCES)', ['spa', '--key-file', locked, '-A', 'tcp/22', 'h.example'], { asOther: true, says: /권한이 없습니다 \(EACCES\)/ }],
  ['a key that is not base64', ['spa', '--key-file', badKey, '-A', 'tcp/22', 'h.example'], { says: /base64가 아닙니다/ }],
  ['an rc file with bad values, one line each', ['spa', '--rc-file', rcFile, '-n', 'x', '-A', 'tcp/22', 'h.example'], { says: /:2: SPA_SERVER_PORT: 1부터 65535[^\n]*\n[^\n]*:4: DIGEST_TYPE: / }],
  ['export into a folder that is not there (ENOENT)', ['profiles', 'export', 'web', '-o', join(root, 'no-such-dir', 'web.sesame')], { says: /ENOENT/ }],
];
if (process.platform === 'linux') {
  cases.push(
    ['secret set with no keychain', ['secret', 'set', 'web'], { env: noBus, input: 'not-a-real-password\n', says: /Secret Service/ }],
    ['secret delete with no keychain', ['secret', 'delete', 'web'], { env: noBus, says: /Secret Service/ }],
  );
}

describe.concurrent('the built CLI\'s file and keychain errors follow LANG', () => {
  it.each(cases)('%s: Korean, no English sentence, same exit code as in English', async (_name, argv, { says, ...options }) => {
    const [ko, en] = await Promise.all([run(argv, 'ko_KR.UTF-8', options), run(argv, 'C', options)]);
    const koText = ko.stdout + ko.stderr;
    const enText = en.stdout + en.stderr;
    expect(ko.code, koText).not.toBe(0);
    expect(ko.code).toBe(en.code);
    expect(koText).toMatch(/[가-힣]/);
    expect(koText).toMatch(says);
    expect(englishSentences(koText.replace(systemDetail, '')), koText).toEqual([]);
    expect(enText).not.toMatch(/[가-힣]/);
  });
});

describe('import previews in Korean (built CLI)', () => {
  const siteManager = join(root, 'sitemanager.xml');
  const fwknoprc = join(root, 'import.fwknoprc');

  it("FileZilla's and .fwknoprc's warnings carry no English sentence, flags and commands included", async () => {
    writeFileSync(
      siteManager,
      '<?xml version="1.0"?><FileZilla3><Servers><Server><Host>ftp.example.org</Host><Port>21</Port><Protocol>0</Protocol><User>me</User><Pass encoding="base64">c2VjcmV0</Pass><Logontype>1</Logontype><Name>shop</Name></Server><Server><Host>b.example.org</Host><Port>21</Port><Protocol>0</Protocol><User>me</User><Pass>plain</Pass><Logontype>1</Logontype><Name>b shop</Name></Server></Servers></FileZilla3>',
    );
    writeFileSync(fwknoprc, `VERBOSE Y\n[web]\nSPA_SERVER web.example.org\nKEY_BASE64 ${'A'.repeat(43)}=\nUSE_GPG Y\nspa_server_port 1\nWGET_CMD /usr/bin/wget\n`);
    for (const argv of [['profiles', 'import', siteManager, '--dry-run'], ['profiles', 'import', fwknoprc, '--format', 'fwknoprc', '--dry-run']]) {
      const [ko, en] = await Promise.all([run(argv, 'ko_KR.UTF-8'), run(argv, 'C')]);
      const koText = ko.stdout + ko.stderr;
      expect(ko.code, koText).toBe(0);
      expect(ko.stderr).toMatch(/^경고: /m);
      expect(englishSentences(koText), koText).toEqual([]);
      expect(en.stderr).toMatch(/^warning: /m);
    }
  });
});
