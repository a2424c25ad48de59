import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import type { CliContext } from '../../../src-main/cli/context';
import { presentImportSources, usualImportPaths } from '../../../src-main/core/profiles/import-sources';
import { fields, makeService, tempHome } from '../profiles/helpers';
import { memoryIo } from '../../support/cli-io';

const io = memoryIo;

/** A context over a temp home; only files under that home "exist" for the import offers (the machine's /etc is not the test's). */
function context(home: string): { ctx: () => CliContext; service: ReturnType<typeof makeService>['service'] } {
  const { service, secrets, now } = makeService(home);
  const exists = async (path: string) => path.startsWith(home) && existsSync(path);
  const ctx = (): CliContext => ({
    profiles: service,
    secrets,
    homedir: home,
    now,
    importSources: () => presentImportSources({ platform: 'linux', env: {}, homedir: home }, exists),
  });
  return { ctx, service };
}

describe('sesame profiles list with no profiles', () => {
  it('offers the files found at their usual places, each with its exact import command, then .sesame and add', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'config'), 'Host web\n  HostName web.example.com\n');
    mkdirSync(join(home, '.config', 'filezilla'), { recursive: true });
    writeFileSync(join(home, '.config', 'filezilla', 'sitemanager.xml'), '<FileZilla3/>');
    const t = io();
    expect(await runProfiles(['list'], t.io, context(home).ctx)).toBe(0);
    expect(t.out()).toBe(
      [
        'No profiles yet. To start:',
        `  Import your OpenSSH hosts from ${home}/.ssh/config:`,
        `      sesame profiles import ${home}/.ssh/config`,
        `  Import FileZilla's Site Manager from ${home}/.config/filezilla/sitemanager.xml:`,
        `      sesame profiles import ${home}/.config/filezilla/sitemanager.xml`,
        '  Open a .sesame file (a team\'s shared profiles):',
        '      sesame profiles import FILE.sesame',
        '  Create a profile:',
        '      sesame profiles add --name NAME --host HOST --knock 7000,8000,9000',
        '',
      ].join('\n'),
    );
    expect(t.err()).toBe('');
  });

  it('offers nothing that is absent; a .fwknoprc in a home with a space is quoted for the shell', async () => {
    const home = join(tempHome(), 'my home');
    mkdirSync(home);
    writeFileSync(join(home, '.fwknoprc'), '[default]\n');
    const t = io();
    expect(await runProfiles(['list'], t.io, context(home).ctx)).toBe(0);
    expect(t.out()).toContain(`  Import your fwknop stanzas from ${home}/.fwknoprc:\n      sesame profiles import '${home}/.fwknoprc'\n`);
    expect(t.out()).not.toMatch(/OpenSSH|knockd|FileZilla/);
  });

  it('each offered command imports: the ssh config offer previews its host', async () => {
    const home = tempHome();
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'config'), 'Host web\n  HostName web.example.com\n');
    const { ctx } = context(home);
    const list = io();
    await runProfiles(['list'], list.io, ctx);
    const command = /sesame profiles (import \S+\/\.ssh\/config)/.exec(list.out())?.[1]?.split(' ');
    expect(command).toEqual(['import', `${home}/.ssh/config`]);
    const preview = io();
    expect(await runProfiles(command!, preview.io, ctx)).toBe(0);
    expect(preview.out()).toMatch(/^new\s+web/m);
  });

  it('a filter that matches nothing says so, without the first-run offers', async () => {
    const home = tempHome();
    const { ctx, service } = context(home);
    await service.create(fields());
    const t = io();
    expect(await runProfiles(['list', 'nothing-like-this'], t.io, ctx)).toBe(0);
    expect(t.out()).toBe('No profile matches.\n');
  });

  it('knows each OS\'s usual places', () => {
    const paths = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) =>
      Object.fromEntries(usualImportPaths({ platform, env, homedir: platform === 'win32' ? 'C:\\Users\\ann' : '/home/ann' }).map((s) => [s.format, s.paths[0]]));
    expect(paths('linux', { XDG_CONFIG_HOME: '/x' })).toEqual({
      'ssh-config': '/home/ann/.ssh/config',
      knockd: '/etc/knockd.conf',
      fwknoprc: '/home/ann/.fwknoprc',
      filezilla: '/x/filezilla/sitemanager.xml',
    });
    expect(paths('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' })).toEqual({
      'ssh-config': 'C:\\Users\\ann\\.ssh\\config',
      knockd: undefined,
      fwknoprc: 'C:\\Users\\ann\\.fwknoprc',
      filezilla: 'C:\\Users\\ann\\AppData\\Roaming\\FileZilla\\sitemanager.xml',
    });
    expect(paths('darwin').knockd).toBe('/opt/homebrew/etc/knockd.conf');
  });
});
