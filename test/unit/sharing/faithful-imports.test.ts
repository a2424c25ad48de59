import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import type { CliIo } from '../../../src-main/cli/io';
import { UnknownFormatError, createSequenceFileReader, detectFormat, prepareImport } from '../../../src-main/core/sharing/import-files';
import { applyImport, previewImport } from '../../../src-main/core/sharing/preview';
import { fields, makeService, tempHome } from '../profiles/helpers';

/**
 * Imports keep what the file says (issue 16): a file Sesame does not read is
 * refused with the list of what it reads, and Sesame's own profiles.json is
 * a restore source that goes through the same preview and decisions.
 */

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), stdin: new PassThrough(), stdinIsTTY: false, env: {} };
  return { io: value, out: () => out.join(''), err: () => err.join('') };
}

const formatList = /Sesame reads a Sesame export \(\.sesame\), Sesame's own profiles\.json \(to restore from\), an OpenSSH config \(~\/\.ssh\/config\), a FileZilla sitemanager\.xml, a knockd\.conf and an fwknop \.fwknoprc\./;

describe('format detection refuses what Sesame does not read', () => {
  const samples: [string, string, RegExp][] = [
    ['hello.json', '{"hello":1}', /it is JSON, but neither a Sesame export nor a Sesame profiles\.json/],
    ['notes.txt', 'hello world\nthis is plain text\n', /it starts with "hello"/],
    ['config', 'hello world\n', /it starts with "hello"/],
    ['photo.jpg', '\u00ff\u00d8\u00ff\u00e0\u0000\u0010JFIF\u0000', /it is binary, not text/],
    ['empty', '  \n', /it is empty/],
  ];
  it.each(samples)('%s is refused, naming every format Sesame reads', async (name, text, reason) => {
    expect(() => detectFormat(name, text)).toThrow(UnknownFormatError);
    expect(() => detectFormat(name, text)).toThrow(reason);
    expect(() => detectFormat(name, text)).toThrow(formatList);
    await expect(prepareImport(name, text, { homedir: '/h' })).rejects.toThrow(UnknownFormatError);
  });

  it('still recognises a real ssh config without a telling name, and a profiles.json by its content', () => {
    expect(detectFormat('my-hosts', '# work\n\nHost web\n  HostName web.example.com\n')).toBe('ssh-config');
    expect(detectFormat('backup.json', '{"format":"sesame-profiles","version":1,"revision":3,"profiles":[]}')).toBe('sesame-profiles');
  });

  it('the CLI exits 2 with the list and the --format flag, and the store is untouched', async () => {
    const { service, secrets, dir, now, store } = makeService();
    await service.create(fields());
    const before = readFileSync(store.filePath, 'utf8');
    const file = join(tempHome(), 'hello.json');
    writeFileSync(file, '{"hello":1}');
    const t = io();
    expect(await runProfiles(['import', file, '--apply'], t.io, () => ({ profiles: service, secrets, homedir: dir, now }))).toBe(2);
    expect(t.err()).toMatch(formatList);
    expect(t.err()).toMatch(/say which with --format sesame\|sesame-profiles\|knockd\|ssh-config\|filezilla\|fwknoprc\./);
    expect(t.out()).toBe('');
    expect(readFileSync(store.filePath, 'utf8')).toBe(before);
  });
});

describe("Sesame's own profiles.json as a restore source", () => {
  it('previews by id, never overwrites by default, restores what is missing, reports what needs attention', async () => {
    // The backup: two profiles, one with a password and a used one-time sequence; one entry the store cannot use.
    const backup = makeService();
    const web = await backup.service.create(fields({ name: 'Web', host: 'web.example.com', oneTimeSequences: [{ steps: [{ port: 1 }], usedAt: 5 }, { steps: [{ port: 2 }] }] }));
    await backup.service.setSecret(web.id, 'password', 'hunter2');
    const db = await backup.service.create(fields({ name: 'DB', host: 'db.example.com' }));
    const raw = JSON.parse(readFileSync(backup.store.filePath, 'utf8'));
    raw.profiles.push({ ...raw.profiles[1], id: 'p_bad', name: 'Broken', service: { kind: 'ssh', port: 0 } });
    const text = JSON.stringify(raw);

    // Here: "Web" still exists, edited since the backup; "DB" was deleted.
    const here = makeService();
    await here.store.update((doc) => {
      doc.profiles.push({ ...web, host: 'moved.example.com', hasPassword: false });
    });
    const doc = await here.store.read();
    const prepared = await prepareImport('profiles.json', text, { homedir: '/h' });
    expect(prepared.format).toBe('sesame-profiles');
    expect(prepared.candidates.map((c) => [c.fields.name, c.sourceId])).toEqual([['Web', web.id], ['DB', db.id]]);
    const items = previewImport(doc, prepared);
    expect(items.map((i) => [i.name, i.status, i.defaultAction])).toEqual([['Web', 'changed', 'skip'], ['DB', 'new', 'import']]);
    expect(items[0]?.changes.map((c) => c.field)).toEqual(['host']);
    expect(prepared.warnings.join('\n')).toMatch(/Profile #3 "Broken" \(line \d+\) was skipped: service\.port: must be from 1 to 65535/);
    expect(prepared.warnings.join('\n')).toMatch(/1 profile\(s\) had a saved password or passphrase \("Web"\).*keychain, not in profiles\.json/);

    const result = await applyImport({ store: here.store, secrets: here.secrets, now: here.now, newId: () => 'p_new' }, prepared, {}, false);
    expect(result).toMatchObject({ created: [db.id], replaced: [], skipped: 1 });
    const after = await here.store.read();
    expect(after.profiles.find((p) => p.id === web.id)?.host).toBe('moved.example.com');
    expect(after.profiles.find((p) => p.id === db.id)).toMatchObject({ name: 'DB', host: 'db.example.com' });

    // "replace" restores the backup's fields, used one-time marks included (a spent sequence is never sent again).
    await applyImport({ store: here.store, secrets: here.secrets, now: here.now, newId: () => 'p_new2' }, prepared, { '0': 'replace' }, false);
    const restored = (await here.store.read()).profiles.find((p) => p.id === web.id);
    expect(restored?.host).toBe('web.example.com');
    expect(restored?.oneTimeSequences).toEqual([{ steps: [{ port: 1, protocol: 'tcp' }], usedAt: 5 }, { steps: [{ port: 2, protocol: 'tcp' }] }]);
  });

  it('a damaged or newer profiles.json is refused with the reason', async () => {
    await expect(prepareImport('profiles.json', '{"format":"sesame-profiles","version":99,"revision":0,"profiles":[]}', { homedir: '/h' })).rejects.toThrow(
      /This profiles\.json was written by a newer Sesame/,
    );
  });
});

describe('knockd.conf doors keep their service, port and sequences', () => {
  const conf = join(import.meta.dirname, '../../fixtures/import/knockd-doors/knockd.conf');
  const prepare = () =>
    prepareImport('knockd.conf', readFileSync(conf, 'utf8'), { homedir: '/h', readSequenceFile: createSequenceFileReader(conf) });

  it('takes the port from --dport / dport / ufw / a service name, else from the door name; the kind follows', async () => {
    const prepared = await prepare();
    const byName = Object.fromEntries(prepared.candidates.map((c) => [c.fields.name, c]));
    expect(Object.keys(byName)).toEqual(['SSH', 'openFTP', 'openHTTPS', 'otp-ssh', 'otp-ftp', 'ftps-door']);
    expect(byName.SSH?.fields.service).toEqual({ kind: 'ssh', port: 22 });
    expect(byName.openFTP?.fields.service).toEqual({ kind: 'ftp', port: 2121 });
    expect(byName.openHTTPS?.fields.service).toEqual({ kind: 'custom', port: 443 });
    expect(byName.openHTTPS?.notes).toEqual([`The port (443) comes from the door's name ("https"), not from its command: check it.`]);
    expect(byName['otp-ssh']?.fields.service).toEqual({ kind: 'ssh', port: 22 });
    expect(byName['otp-ftp']?.fields.service).toEqual({ kind: 'ftp', port: 21 });
    expect(byName['ftps-door']?.fields.service).toEqual({ kind: 'custom', port: 990 });
    expect(byName['ftps-door']?.notes?.join('\n')).toMatch(/implicit TLS \(FTPS\).*custom service/);
    // knockd 0.8's command_6 is a door key like command: no "unknown key" warning.
    expect(prepared.warnings.join('\n')).not.toMatch(/unknown key/);
  });

  it("the preview shows each door's sequence, close sequence and service", async () => {
    const items = previewImport(await makeService().store.read(), await prepare());
    expect(items.map((i) => [i.name, i.knock, i.closeSequence, i.service])).toEqual([
      ['SSH', '7000:tcp,8000:tcp,9000:tcp', '9000:tcp,8000:tcp,7000:tcp', { kind: 'ssh', port: 22 }],
      ['openFTP', '6000:udp,6001:tcp,6002:tcp', undefined, { kind: 'ftp', port: 2121 }],
      ['openHTTPS', '12345:tcp,54321:tcp', undefined, { kind: 'custom', port: 443 }],
      ['otp-ssh', undefined, undefined, { kind: 'ssh', port: 22 }],
      ['otp-ftp', '1001:tcp,2001:udp', undefined, { kind: 'ftp', port: 21 }],
      ['ftps-door', '3000:tcp,3001:tcp', undefined, { kind: 'custom', port: 990 }],
    ]);
  });

  it('a one-time door reads its list when the file is here, and otherwise is a draft that asks for the first sequence', async () => {
    const prepared = await prepare();
    const items = previewImport(await makeService().store.read(), prepared);
    const ftp = prepared.candidates.find((c) => c.fields.name === 'otp-ftp');
    // knockd skips "#" lines (used ones): the two unused sequences, in order.
    expect(ftp?.fields.oneTimeSequences).toEqual([
      { steps: [{ port: 1001, protocol: 'tcp' }, { port: 2001, protocol: 'udp' }] },
      { steps: [{ port: 1002, protocol: 'tcp' }, { port: 2002, protocol: 'tcp' }] },
    ]);
    expect(ftp?.omits).not.toContain('oneTimeSequences');
    expect(items.find((i) => i.name === 'otp-ftp')).toMatchObject({ oneTimeSequences: 2 });
    expect(items.find((i) => i.name === 'otp-ftp')?.notes?.[0]).toMatch(/^2 unused one-time sequence\(s\) read from .*knockd-doors\/ftp_otp \(the door names \/etc\/knockd\/ftp_otp\)/);

    const ssh = prepared.candidates.find((c) => c.fields.name === 'otp-ssh');
    expect(ssh?.fields.knock).toBeUndefined();
    expect(ssh?.omits).toEqual(expect.arrayContaining(['knock', 'oneTimeSequences']));
    const row = items.find((i) => i.name === 'otp-ssh');
    expect(row?.draft).toBe(true);
    expect(row?.notes?.[0]).toMatch(/one-time sequences from \/etc\/knockd\/ssh_otp on the server, which could not be read here .*enter the first unused sequence from that file before connecting/);
    expect(ssh?.fields.notes).toMatch(/One-time sequences on the server: \/etc\/knockd\/ssh_otp\./);
  });

  it('a sequence file that is not a list of sequences is refused whole, and none of its lines is echoed', async () => {
    const prepared = await prepareImport('knockd.conf', '[otp]\n one_time_sequences = /etc/knockd/x\n command = iptables -I INPUT --dport 22 -j ACCEPT\n', {
      homedir: '/h',
      readSequenceFile: async (path) => ({ path, text: '1000,2000\nssh-ed25519 AAAAsecret\n' }),
    });
    expect(prepared.candidates[0]?.fields.oneTimeSequences).toEqual([]);
    expect(prepared.candidates[0]?.notes?.join('\n')).toMatch(/could not be read here \(line 2 is not a knock sequence\)/);
    expect(JSON.stringify(prepared)).not.toContain('AAAAsecret');
  });
});

describe('FileZilla sitemanager.xml keeps TLS modes and leaves the client to the user', () => {
  const xml = readFileSync(join(import.meta.dirname, '../../fixtures/import/filezilla-ftps-sitemanager.xml'), 'utf8');

  it('no site forces FileZilla: the client follows the user\'s settings', async () => {
    for (const file of [xml, readFileSync(join(import.meta.dirname, '../../fixtures/import/filezilla-3.63-sitemanager.xml'), 'utf8')]) {
      const prepared = await prepareImport('sitemanager.xml', file, { homedir: '/h' });
      expect(prepared.candidates.map((c) => c.fields.preferredClient)).toEqual(prepared.candidates.map(() => 'auto'));
    }
  });

  it('implicit FTPS (3) and explicit FTPES (4) are imported with what profiles can hold, and each row says what that means', async () => {
    const prepared = await prepareImport('sitemanager.xml', xml, { homedir: '/h' });
    const byName = Object.fromEntries(prepared.candidates.map((c) => [c.fields.name, c]));
    expect(byName['If available']?.fields.service).toEqual({ kind: 'ftp', port: 21, user: 'anna' });
    expect(byName['If available']?.notes).toBeUndefined();
    expect(byName['Implicit FTPS']?.fields.service).toEqual({ kind: 'custom', port: 990, user: 'bob' });
    expect(byName['Implicit FTPS']?.notes?.[0]).toMatch(/implicit TLS \(FTPS\) on port 990.*custom service/);
    expect(byName['Explicit FTPES']?.fields).toMatchObject({ service: { kind: 'ftp', port: 2121, user: 'carol' }, ftpMode: 'active' });
    expect(byName['Explicit FTPES']?.notes?.[0]).toMatch(/requires FTP over explicit TLS \(FTPES\).*set ftp:ssl-force true/);
    expect(byName['Plain only']?.fields.service).toEqual({ kind: 'ftp', port: 21 });
    expect(byName['Plain only']?.notes).toBeUndefined();
    const items = previewImport(await makeService().store.read(), prepared);
    expect(items.map((i) => i.notes?.length ?? 0)).toEqual([0, 1, 1, 0]);
  });

  it('the password warnings name the control the user has: the app\'s checkbox, or the CLI flag actually used', async () => {
    const ui = JSON.parse(readFileSync(join(import.meta.dirname, '../../../src-main/contract/locales/ui.en.json'), 'utf8'));
    const app = await prepareImport('sitemanager.xml', xml, { homedir: '/h' });
    expect(app.warnings).toContain(`1 saved password(s) can be moved into the keychain: tick "${ui.sharing.importSecrets}" to do so.`);
    expect(app.warnings).toContain(`"Explicit FTPES": a plain-text password was found but not imported; save it in the profile's editor.`);

    const file = join(tempHome(), 'sitemanager.xml');
    writeFileSync(file, xml);
    const run = async (...args: string[]) => {
      const { service, secrets, dir, now } = makeService();
      const t = io();
      expect(await runProfiles(['import', file, ...args], t.io, () => ({ profiles: service, secrets, homedir: dir, now }))).toBe(0);
      return t.err();
    };
    expect(await run()).toMatch(/can be moved into the keychain: add --import-secrets \(with --apply\) to do so\./);
    expect(await run()).toMatch(/"Explicit FTPES": a plain-text password was found but not imported; save it with: sesame secret set 'Explicit FTPES'\.\n/);
    expect(await run('--apply')).toMatch(/can be moved into the keychain: run again with --import-secrets to do so\./);
    expect(await run('--apply', '--import-secrets')).toMatch(/can be moved into the keychain: --import-secrets stores them now\./);
  });
});

describe('ssh_config keeps jump hosts in view and password logins', () => {
  const text = [
    'Host behind',
    '  HostName 10.1.2.3',
    '  ProxyJump ops@bastion.example.com:2201',
    'Host pw',
    '  HostName pw.example.com',
    '  IdentityFile ~/.ssh/id_pw',
    '  PreferredAuthentications password,publickey',
    'Host kbd',
    '  HostName kbd.example.com',
    '  PreferredAuthentications=keyboard-interactive',
    'Host keyfirst',
    '  HostName key.example.com',
    '  IdentityFile ~/.ssh/id_key',
    '  PreferredAuthentications publickey,password',
    'Host knocked',
    '  HostName knocked.example.com',
    '  ProxyCommand "/opt/My Apps/Sesame/resources/bin/sesame" proxy %h %p',
    'Host viaNc',
    '  HostName nc.example.com',
    '  ProxyCommand nc -X 5 -x proxy:1080 %h %p',
    'Host direct',
    '  HostName direct.example.com',
    '  ProxyJump none',
    'Host *',
    '  ProxyJump fallback-bastion',
  ].join('\n');

  it('PreferredAuthentications that starts with password (or keyboard-interactive) imports password auth', async () => {
    const prepared = await prepareImport('config', text, { homedir: '/home/a' });
    const auth = Object.fromEntries(prepared.candidates.map((c) => [c.fields.name, c.fields.auth]));
    expect(auth).toMatchObject({
      pw: { method: 'password' },
      kbd: { method: 'password' },
      keyfirst: { method: 'key', keyFile: '/home/a/.ssh/id_key' },
    });
  });

  it('ProxyJump (also from Host *) and a foreign ProxyCommand are warned about on their own row; "none" and sesame proxy are not', async () => {
    const prepared = await prepareImport('config', text, { homedir: '/home/a' });
    const items = previewImport(await makeService().store.read(), prepared);
    const notes = Object.fromEntries(items.map((i) => [i.name, i.notes ?? []]));
    expect(notes.behind).toEqual([
      "ProxyJump ops@bastion.example.com:2201 is not kept: Sesame's profiles have no jump host, so Sesame knocks and connects to 10.1.2.3 directly. " +
        'If that host is reachable only through the jump host, its knocks will not arrive from here either.',
    ]);
    expect(notes.pw?.[0]).toMatch(/^ProxyJump fallback-bastion is not kept/);
    expect(notes.viaNc).toEqual(['ProxyCommand nc -X 5 -x proxy:1080 %h %p is not kept: Sesame knocks and connects to nc.example.com directly.']);
    expect(notes.direct).toEqual([]);
    // Their own ProxyCommand came first, so Host *'s ProxyJump never applies (ssh_config(5)); "knocked"'s is Sesame's.
    expect(notes.knocked).toEqual([]);
  });
});
