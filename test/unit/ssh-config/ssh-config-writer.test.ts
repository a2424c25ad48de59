import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSshConfigCommand, defaultSshConfigPath } from '../../../src-main/cli/commands/ssh-config';
import type { CliContext } from '../../../src-main/cli/context';
import type { Profile } from '../../../src-main/contract/features/profiles';
import { hostAlias, planHosts, renderHostBlocks } from '../../../src-main/core/ssh-config-writer/host-blocks';
import { backupSuffix, beginMarker, endMarker, installBlock, spliceBlock } from '../../../src-main/core/ssh-config-writer/install';
import { proxyCommandLine, quoteProxyWord, sesameProgram, type SesameLocation } from '../../../src-main/core/ssh-config-writer/proxy-command';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sesame-sshcfg-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const profile = (over: Partial<Profile> & { name: string }): Profile =>
  ({
    id: over.name.replace(/\W/g, '') || 'x',
    group: '',
    tags: [],
    notes: '',
    host: 'server.example.org',
    addressFamily: 'auto',
    knock: { steps: [{ port: 21036, protocol: 'tcp' }, { port: 19073, protocol: 'tcp' }, { port: 22470, protocol: 'tcp' }], delayMs: 100 },
    openTimeoutMs: 10_000,
    oneTimeSequences: [],
    service: { kind: 'ssh', port: 22 },
    auth: { method: 'agent' },
    ftpMode: 'auto',
    preferredClient: 'auto',
    hasPassword: false,
    hasPassphrase: false,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  }) as Profile;

const profiles = [
  profile({ name: 'web', service: { kind: 'ssh', port: 2222, user: 'alice' } }),
  profile({ name: 'DB 서버', host: 'db.example.org', service: { kind: 'sftp', port: 22 }, auth: { method: 'key', keyFile: '/home/a b/.ssh/id_ed25519' } }),
  profile({ name: 'files', host: 'ftp.example.org', service: { kind: 'ftp', port: 21 } }),
  profile({ name: 'draft', host: undefined }),
];

function fakeContext(list: Profile[]): CliContext {
  return {
    profiles: {
      list: async () => ({ profiles: list, revision: 1 }),
      resolve: async (ref: string) => {
        const found = list.find((p) => p.name === ref || p.id === ref);
        if (!found) throw { code: 'NOT_FOUND', message: `No profile named or with id "${ref}".` };
        return found;
      },
    },
  } as unknown as CliContext;
}

async function runSshConfig(args: string[], program = ['/opt/My Apps/sesame']) {
  let out = '';
  let err = '';
  const command = createSshConfigCommand({ context: () => fakeContext(profiles), platform: 'linux', homedir: () => dir, program: async () => program });
  const code = await command.run(args, { out: (t) => (out += t), err: (t) => (err += t), stdin: process.stdin, stdinIsTTY: false, env: { LANG: 'C' } });
  return { code, out, err };
}

const sshG = (file: string, host: string): Record<string, string[]> => {
  const result = spawnSync('ssh', ['-F', file, '-G', host], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const options: Record<string, string[]> = {};
  for (const line of result.stdout.split('\n')) {
    const [key, ...rest] = line.split(' ');
    if (key) (options[key] ??= []).push(rest.join(' '));
  }
  return options;
};

describe('ssh -G (OpenSSH parser) on the generated block', () => {
  it('gives each host its proxycommand, hostkeyalias, user and port; FTP and drafts are left out', async () => {
    const printed = await runSshConfig([]);
    expect(printed.code, printed.err).toBe(0);
    expect(printed.err).toContain('Skipped "files"');
    expect(printed.err).toContain('Skipped "draft"');
    const file = join(dir, 'printed-config');
    writeFileSync(file, printed.out);
    for (const host of ['web', 'server.example.org']) {
      const g = sshG(file, host);
      expect(g.proxycommand).toEqual(["'/opt/My Apps/sesame' proxy %h %p"]);
      expect(g.hostkeyalias).toEqual(['[server.example.org]:2222']);
      expect(g.user).toEqual(['alice']);
      expect(g.port).toEqual(['2222']);
      expect(g.hostname).toEqual(['server.example.org']);
    }
    const db = sshG(file, 'DB');
    expect(db.hostkeyalias).toEqual(['db.example.org']);
    expect(db.port).toEqual(['22']);
    expect(db.identityfile).toContain('/home/a b/.ssh/id_ed25519');
    expect(sshG(file, 'files').proxycommand).toBeUndefined();
  });

  it('the shell ssh runs the ProxyCommand with gets the path with spaces as one word and %h %p expanded', () => {
    const bin = join(dir, 'My Apps');
    mkdirSync(bin, { recursive: true });
    const script = join(bin, 'sesame');
    const record = join(dir, 'argv.txt');
    writeFileSync(script, `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
    chmodSync(script, 0o755);
    const file = join(dir, 'exec-config');
    writeFileSync(file, `Host web\n\tHostName server.example.org\n\tPort 2222\n\tProxyCommand ${proxyCommandLine([script], 'linux')}\n`);
    spawnSync('ssh', ['-F', file, '-o', 'BatchMode=yes', '-o', 'UserKnownHostsFile=/dev/null', 'web', 'true'], { encoding: 'utf8', env: { ...process.env, SHELL: '/bin/sh' } });
    expect(readFileSync(record, 'utf8').split('\n')).toEqual(['proxy', 'server.example.org', '2222', '']);
  });
});

describe('ProxyCommand words', () => {
  it('quotes for POSIX shells and for Win32-OpenSSH (CreateProcessW), doubling %', () => {
    expect(quoteProxyWord('/usr/bin/sesame', 'linux')).toBe('/usr/bin/sesame');
    expect(quoteProxyWord('/opt/My Apps/sesame', 'darwin')).toBe("'/opt/My Apps/sesame'");
    expect(quoteProxyWord('C:\\Program Files\\Sesame\\resources\\bin\\sesame.cmd', 'win32')).toBe('"C:\\Program Files\\Sesame\\resources\\bin\\sesame.cmd"');
    expect(quoteProxyWord('C:\\100%\\sesame.cmd', 'win32')).toBe('"C:\\100%%\\sesame.cmd"');
    for (const bad of ["/it's/sesame", '/a"b', '/a#b', '/a\nb']) expect(() => quoteProxyWord(bad, 'linux')).toThrow(/cannot write/);
  });

  const location = (over: Partial<SesameLocation>): SesameLocation => ({
    platform: 'linux',
    execPath: '/usr/bin/node',
    script: '/repo/bin/sesame.mjs',
    onElectron: false,
    env: { PATH: '/usr/local/bin:/usr/bin' },
    realpath: (p) => p,
    ...over,
  });

  it('packaged app: the launcher in resources/bin (sesame.cmd on Windows), or the PATH link to it; the AppImage file with --cli', () => {
    const win = location({ platform: 'win32', onElectron: true, execPath: 'C:\\Users\\a\\AppData\\Local\\Programs\\Sesame\\Sesame.exe', script: 'C:\\Users\\a\\AppData\\Local\\Programs\\Sesame\\resources\\app.asar.unpacked\\out\\cli\\sesame.mjs' });
    expect(sesameProgram(win)).toEqual(['C:\\Users\\a\\AppData\\Local\\Programs\\Sesame\\resources\\bin\\sesame.cmd']);
    const mac = location({ platform: 'darwin', onElectron: true, script: '/Applications/Sesame.app/Contents/Resources/app.asar.unpacked/out/cli/sesame.mjs', env: { PATH: '/usr/bin' } });
    expect(sesameProgram(mac)).toEqual(['/Applications/Sesame.app/Contents/Resources/bin/sesame']);
    const links: Record<string, string> = { '/usr/local/bin/sesame': '/Applications/Sesame.app/Contents/Resources/bin/sesame' };
    expect(sesameProgram({ ...mac, env: { PATH: '/usr/local/bin:/usr/bin' }, realpath: (p) => links[p] ?? (p.startsWith('/Applications') ? p : undefined) })).toEqual(['/usr/local/bin/sesame']);
    const deb = location({ onElectron: true, script: '/opt/Sesame/resources/app.asar.unpacked/out/cli/sesame.mjs', realpath: (p) => (p === '/usr/bin/sesame' ? '/opt/Sesame/resources/bin/sesame' : p.startsWith('/opt') ? p : undefined) });
    expect(sesameProgram(deb)).toEqual(['/usr/bin/sesame']);
    const appImage = location({ onElectron: true, script: '/tmp/.mount_SesameX/resources/app.asar.unpacked/out/cli/sesame.mjs', env: { APPIMAGE: '/home/a/Apps/Sesame.AppImage' } });
    expect(sesameProgram(appImage)).toEqual(['/home/a/Apps/Sesame.AppImage', '--cli']);
  });

  it('npm or a checkout: the bin link on PATH, else node + bin/sesame.mjs', () => {
    const links: Record<string, string> = { '/usr/local/bin/sesame': '/usr/local/lib/node_modules/sesame/bin/sesame.mjs' };
    const npm = location({ script: '/usr/local/lib/node_modules/sesame/out/cli/sesame.mjs', realpath: (p) => links[p] ?? p });
    expect(sesameProgram(npm)).toEqual(['/usr/local/bin/sesame']);
    expect(sesameProgram(location({ realpath: (p) => (p.startsWith('/repo') ? p : undefined) }))).toEqual(['/usr/bin/node', '/repo/bin/sesame.mjs']);
    expect(defaultSshConfigPath('win32', 'C:\\Users\\a')).toBe('C:\\Users\\a\\.ssh\\config');
    expect(defaultSshConfigPath('darwin', '/Users/a')).toBe('/Users/a/.ssh/config');
  });

  it('names hosts after profiles, never twice, and gives a host name to its first profile only', () => {
    expect(hostAlias('web-1.prod')).toBe('web-1.prod');
    expect(hostAlias('My server!')).toBe('My-server');
    const plan = planHosts([profile({ name: 'a' }), profile({ name: 'b', service: { kind: 'ssh', port: 2200 } }), profile({ name: 'a' })]);
    expect(plan.entries.map((e) => e.patterns)).toEqual([['a', 'server.example.org'], ['b'], ['a-2']]);
    expect(plan.notes.map((n) => n.reason.kind)).toEqual(['hostTaken', 'hostTaken']);
    // %h %p cannot tell apart two profiles on one host and port: their blocks name the profile.
    expect(plan.entries.map((e) => e.proxyProfile)).toEqual(['a', undefined, 'a-2']);
    const blocks = renderHostBlocks(plan.entries, "'/opt/s' proxy %h %p", (name) => name);
    expect(blocks.match(/ProxyCommand .*/g)).toEqual(["ProxyCommand '/opt/s' proxy --profile a %h %p", "ProxyCommand '/opt/s' proxy %h %p", "ProxyCommand '/opt/s' proxy --profile a-2 %h %p"]);
  });
});

describe('--install', () => {
  const userText = '# my own settings\r\nHost old\r\n    HostName old.example.org   \r\n\r\nHost *\r\n    ServerAliveInterval 30\r\n';

  it('puts the block before Host *, keeps every other byte and the mode, backs up, and a second run changes nothing', async () => {
    const file = join(dir, 'ssh', 'config');
    mkdirSync(join(dir, 'ssh'), { recursive: true });
    const original = Buffer.concat([Buffer.from(userText, 'latin1'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0d, 0x0a])]);
    writeFileSync(file, original, { mode: 0o640 });
    chmodSync(file, 0o640);
    const first = await runSshConfig(['--install', '--file', file]);
    expect(first.code, first.err).toBe(0);
    expect(first.err).toContain(`Wrote 2 host(s) to ${file}`);
    const written = readFileSync(file);
    const text = written.toString('latin1');
    const begin = text.indexOf(beginMarker);
    const end = text.indexOf(endMarker) + endMarker.length + 2;
    expect(Buffer.concat([written.subarray(0, begin), written.subarray(end)]).equals(original)).toBe(true);
    expect(text.slice(0, begin)).toBe(userText.slice(0, userText.indexOf('Host *')));
    expect(text.slice(begin, end)).toMatch(/\r\n\tProxyCommand /);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readFileSync(`${file}${backupSuffix}`).equals(original)).toBe(true);
    // Korean profile names are written as UTF-8.
    expect(written.toString('utf8')).toContain('Sesame profile "DB 서버"');
    // ssh reads it: the catch-all is still there and after Sesame's hosts.
    expect(sshG(file, 'web').serveraliveinterval).toEqual(['30']);
    expect(sshG(file, 'web').user).toEqual(['alice']);

    const mtime = statSync(file).mtimeMs;
    const second = await runSshConfig(['--install', '--file', file]);
    expect(second.err).toContain('nothing changed');
    expect(readFileSync(file).equals(written)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);

    // A different program path replaces the block in place; removing it gives back the original bytes.
    await runSshConfig(['--install', '--file', file], ['/usr/bin/sesame']);
    expect(readFileSync(file, 'latin1')).toContain('ProxyCommand /usr/bin/sesame proxy %h %p');
    const removed = await runSshConfig(['--remove', '--file', file]);
    expect(removed.code, removed.err).toBe(0);
    expect(readFileSync(file).equals(original)).toBe(true);
  });

  it('creates ~/.ssh/config (mode 600 in a 700 folder) when there is none', async () => {
    const result = await runSshConfig(['--install']);
    expect(result.code, result.err).toBe(0);
    const file = join(dir, '.ssh', 'config');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.ssh')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').startsWith(`${beginMarker}\n`)).toBe(true);
  });

  it('refuses a symbolic link and a damaged block, changing nothing', async () => {
    const real = join(dir, 'real-config');
    writeFileSync(real, 'Host x\n');
    const link = join(dir, 'link-config');
    symlinkSync(real, link);
    const viaLink = await runSshConfig(['--install', '--file', link]);
    expect(viaLink.code).toBe(1);
    expect(viaLink.err).toMatch(/symbolic link/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('Host x\n');
    const damaged = join(dir, 'damaged-config');
    writeFileSync(damaged, `Host x\n${beginMarker}\nHost y\n`);
    const result = await runSshConfig(['--install', '--file', damaged]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/damaged Sesame block/);
    expect(readFileSync(damaged, 'utf8')).toBe(`Host x\n${beginMarker}\nHost y\n`);
  });

  it('spliceBlock appends after a last line without a line end, and removal of an absent block is a no-op', () => {
    expect(spliceBlock('Host a', 'Host b')).toBe(`Host a\n${beginMarker}\nHost b\n${endMarker}\n`);
    expect(spliceBlock('Host a\n', undefined)).toBe('Host a\n');
  });

  it('installBlock writes nothing when removing from a file that does not exist', async () => {
    expect(await installBlock(join(dir, 'none', 'config'), undefined)).toEqual({ status: 'absent' });
  });
});
