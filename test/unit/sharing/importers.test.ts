import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIncludeReader, detectFormat, prepareImport } from '../../../src-main/core/sharing/import-files';
import { importFileZilla } from '../../../src-main/core/sharing/importers/filezilla';
import { importFwknoprc } from '../../../src-main/core/sharing/importers/fwknoprc';
import { importKnockdConf } from '../../../src-main/core/sharing/importers/knockd';
import { importSshConfig } from '../../../src-main/core/sharing/importers/ssh-config';

const fixtures = join(import.meta.dirname, '../../fixtures/import');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

describe('knockd.conf (Debian\'s shipped /etc/knockd.conf)', () => {
  it('drafts profiles with sequences, the paired close sequence and the guarded port', async () => {
    const result = await importKnockdConf(read('knockd.conf'));
    expect(result.candidates.length).toBeGreaterThanOrEqual(2);
    const ssh = result.candidates.find((c) => c.fields.service.port === 22);
    expect(ssh?.fields.knock?.steps.map((s) => s.port)).toEqual([7000, 8000, 9000]);
    expect(ssh?.fields.closeSequence?.steps.map((s) => s.port)).toEqual([9000, 8000, 7000]);
    expect(ssh?.fields.host).toBeUndefined();
    expect(ssh?.omits).toContain('host');
    const https = result.candidates.find((c) => c.fields.service.port === 443);
    expect(https?.fields.knock?.steps.map((s) => s.port)).toEqual([12345, 54321, 24680, 13579]);
  });
  it("takes the door's timeout from cmd_timeout when a stop_command closes it", async () => {
    const conf = (stop: string) => `[openSSH]\n  sequence = 7000,8000\n  command = nft add element inet f door { %IP% }\n  cmd_timeout = 45\n${stop}`;
    const closing = await importKnockdConf(conf('  stop_command = nft delete element inet f door { %IP% }\n'));
    expect(closing.candidates[0]?.fields.doorTimeoutS).toBe(45);
    // Without a stop_command knockd closes nothing: no countdown to show.
    const open = await importKnockdConf(conf(''));
    expect(open.candidates[0]?.fields.doorTimeoutS).toBeUndefined();
  });
  it('turns a parser error into a clear message with the line', async () => {
    await expect(importKnockdConf('[door]\n  sequence = 70000\n')).rejects.toThrow(/line 2/);
  });
});

describe('OpenSSH config with Host *, Match and Include', () => {
  const marker = '/tmp/sesame-ssh-config-exec-must-not-run';
  it('imports concrete hosts with Host * defaults, follows Include, never runs Match exec', async () => {
    rmSync(marker, { force: true });
    const home = join(fixtures, 'home');
    const readInclude = createIncludeReader(home);
    const result = await importSshConfig({
      text: read('ssh/config'),
      homedir: '/home/anna',
      readInclude: (pattern) => readInclude(join(fixtures, 'ssh', pattern)),
    });
    const byName = Object.fromEntries(result.candidates.map((c) => [c.fields.name, c.fields]));
    expect(Object.keys(byName).sort()).toEqual(['bastion', 'db', 'git-work', 'web1', 'web2']);
    expect(byName.bastion).toMatchObject({ host: 'bastion.example.com', service: { kind: 'ssh', port: 2201, user: 'ops' } });
    expect(byName.bastion?.auth).toEqual({ method: 'key', keyFile: '/home/anna/.ssh/id_ed25519' });
    expect(byName['git-work']).toMatchObject({ host: 'git.work.example.com', service: { port: 7999, user: 'git' } });
    expect(byName.web1?.host).toBe('web1.internal.example.com');
    expect(byName.web1?.service.user).toBe('defaultuser');
    expect(byName.db).toMatchObject({ host: '10.0.4.17', service: { user: 'postgres' } });
    expect(byName.db?.knock).toBeUndefined();
    expect(existsSync(marker)).toBe(false);
  });
  it('stops an Include loop', async () => {
    await expect(
      importSshConfig({ text: 'Include self\n', homedir: '/h', readInclude: async () => [{ path: 'self', text: 'Include self\n' }] }),
    ).rejects.toThrow(/nested more than 16/);
  });
});

describe('FileZilla 3.63 sitemanager.xml', () => {
  it('maps folders to groups, protocols, PasvMode and offers base64 passwords only as secrets', () => {
    const result = importFileZilla(read('filezilla-3.63-sitemanager.xml'));
    const byName = Object.fromEntries(result.candidates.map((c) => [c.fields.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['Corp SFTP', 'Old FTP (explicit TLS)', 'Partner drop', 'Public mirror']);
    expect(byName['Public mirror']?.fields).toMatchObject({ group: '', ftpMode: 'passive', service: { kind: 'ftp', port: 21, user: 'anna' } });
    expect(byName['Public mirror']?.secrets).toEqual({ password: 's3cr3t-pass' });
    expect(JSON.stringify(byName['Public mirror']?.fields)).not.toContain('s3cr3t');
    expect(byName['Corp SFTP']?.fields).toMatchObject({ group: 'Work', service: { kind: 'sftp', port: 2222 }, auth: { method: 'key' } });
    expect(byName['Old FTP (explicit TLS)']?.fields).toMatchObject({ group: 'Work/Legacy', ftpMode: 'active' });
    expect(byName['Partner drop']?.fields.group).toBe('Clients & partners');
    expect(byName['Partner drop']?.secrets).toEqual({});
    expect(result.warnings.join('\n')).toMatch(/master password/);
    expect(result.warnings.join('\n')).toMatch(/Old WebDAV.*not FTP or SFTP/);
  });
  it('refuses entity tricks and malformed XML', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><FileZilla3><Servers/></FileZilla3>';
    expect(() => importFileZilla(bomb)).toThrow(/DTD or entities/);
    expect(() => importFileZilla('<FileZilla3><Servers><Server></Servers>')).toThrow(/malformed/);
    expect(() => importFileZilla('<other/>')).toThrow(/not a FileZilla/);
  });
});

describe('.fwknoprc', () => {
  it('imports working SPA profiles; the keys are offered for the keychain, never put in fields or warnings', () => {
    const text = read('fwknoprc');
    const result = importFwknoprc(text);
    expect(result.candidates.map((c) => c.fields.name)).toEqual(['webserver', 'ftp-box']);
    expect(result.candidates[0]?.fields).toMatchObject({ host: 'web.example.com', door: 'spa', service: { kind: 'ssh', port: 22 } });
    expect(result.candidates[1]?.fields).toMatchObject({ host: '192.0.2.10', door: 'spa', service: { kind: 'ftp', port: 21 }, spa: { user: 'ftpuser' } });
    expect(Object.keys(result.candidates[0]!.secrets)).toEqual(['spa-key', 'spa-hmac-key']);
    expect(JSON.stringify({ f: result.candidates.map((c) => c.fields), w: result.warnings })).not.toMatch(/wzNP62|notreallyasecret/);
    expect(result.warnings.join('\n')).toMatch(/keys will be stored in the keychain/);
  });
});

describe('format detection', () => {
  it('recognises each sample', async () => {
    expect(detectFormat('sitemanager.xml', read('filezilla-3.63-sitemanager.xml'))).toBe('filezilla');
    expect(detectFormat('knockd.conf', read('knockd.conf'))).toBe('knockd');
    expect(detectFormat('.fwknoprc', read('fwknoprc'))).toBe('fwknoprc');
    expect(detectFormat('config', read('ssh/config'))).toBe('ssh-config');
    const prepared = await prepareImport('knockd.conf', read('knockd.conf'), { homedir: '/h' });
    expect(prepared.format).toBe('knockd');
  });
});

describe('ssh config parsing (our own, linear)', () => {
  it('follows OpenSSH: first value wins, Host * last, negation, quotes, "=", comments, Match host/originalhost/all', async () => {
    const text = [
      'Port 2000',
      'Host Web1 "web 2" !web3 web3',
      '  HostName=web.example.com # comment',
      '  User "o brien"',
      'Host web*',
      '  IdentityFile ~/.ssh/id_web',
      '  Port 9',
      'Match originalhost web3',
      '  User matched',
      'Match host *.example.com exec "touch /tmp/never"',
      '  User never',
      'Host *',
      '  User fallback',
    ].join('\n');
    const result = await importSshConfig({ text, homedir: '/home/a' });
    const byName = Object.fromEntries(result.candidates.map((c) => [c.fields.name, c.fields]));
    expect(Object.keys(byName)).toEqual(['Web1', 'web 2', 'web3']);
    expect(byName.web3?.host).toBe('web3');
    expect(byName.Web1).toMatchObject({ host: 'web.example.com', service: { port: 2000 }, auth: { method: 'key', keyFile: '/home/a/.ssh/id_web' } });
    // "o brien" has a space: not a user Sesame can pass on, so it is left out rather than guessed.
    expect(byName.Web1?.service.user).toBeUndefined();
    expect(byName.web3?.service.user).toBe('matched');
    expect(result.warnings.join('\n')).toMatch(/Match blocks with exec were not applied/);
  });
});
