import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverImportSources, displayPath, importSourceCandidates } from '../../../src-main/core/sharing/import-sources';
import { createTestCore } from '../../support/test-core';

const fixtures = join(import.meta.dirname, '../../fixtures/import');
const paths = (list: { id: string; path: string }[]) => Object.fromEntries(list.map((c) => [c.id, c.path]));

describe('import sources: the usual places on each OS', () => {
  it('Linux: ~/.ssh/config, /etc/knockd.conf, ~/.fwknoprc, FileZilla under XDG_CONFIG_HOME first', () => {
    expect(paths(importSourceCandidates({ platform: 'linux', homedir: '/home/anna', env: { XDG_CONFIG_HOME: '/home/anna/.xdg' } }))).toEqual({
      'ssh-config-0': '/home/anna/.ssh/config',
      'knockd-0': '/etc/knockd.conf',
      'knockd-1': '/usr/local/etc/knockd.conf',
      'fwknoprc-0': '/home/anna/.fwknoprc',
      'filezilla-0': '/home/anna/.xdg/filezilla/sitemanager.xml',
      'filezilla-1': '/home/anna/.config/filezilla/sitemanager.xml',
      'filezilla-2': '/home/anna/.filezilla/sitemanager.xml',
    });
  });

  it('a relative XDG_CONFIG_HOME is ignored, as FileZilla ignores it', () => {
    const list = importSourceCandidates({ platform: 'linux', homedir: '/home/anna', env: { XDG_CONFIG_HOME: 'relative' } });
    expect(list.filter((c) => c.format === 'filezilla').map((c) => c.path)).toEqual([
      '/home/anna/.config/filezilla/sitemanager.xml',
      '/home/anna/.filezilla/sitemanager.xml',
    ]);
  });

  it('macOS: Homebrew prefixes for knockd.conf, FileZilla in ~/.config', () => {
    const list = paths(importSourceCandidates({ platform: 'darwin', homedir: '/Users/anna', env: {} }));
    expect(list['knockd-0']).toBe('/opt/homebrew/etc/knockd.conf');
    expect(list['knockd-1']).toBe('/usr/local/etc/knockd.conf');
    expect(list['filezilla-0']).toBe('/Users/anna/.config/filezilla/sitemanager.xml');
  });

  it('Windows: %USERPROFILE%\\.ssh\\config, %APPDATA%\\FileZilla, no knockd', () => {
    expect(
      paths(importSourceCandidates({ platform: 'win32', homedir: 'C:\\Users\\anna', env: { APPDATA: 'D:\\Roaming' } })),
    ).toEqual({
      'ssh-config-0': 'C:\\Users\\anna\\.ssh\\config',
      'fwknoprc-0': 'C:\\Users\\anna\\.fwknoprc',
      'filezilla-0': 'D:\\Roaming\\FileZilla\\sitemanager.xml',
    });
    // Without APPDATA, Windows' default Roaming folder.
    expect(importSourceCandidates({ platform: 'win32', homedir: 'C:\\Users\\anna', env: {} }).at(-1)?.path).toBe(
      'C:\\Users\\anna\\AppData\\Roaming\\FileZilla\\sitemanager.xml',
    );
  });

  it('shows the home folder as ~', () => {
    expect(displayPath('/home/anna/.ssh/config', '/home/anna', 'linux')).toBe('~/.ssh/config');
    expect(displayPath('/home/annabel/x', '/home/anna', 'linux')).toBe('/home/annabel/x');
    expect(displayPath('C:\\Users\\anna\\.fwknoprc', 'C:\\Users\\anna', 'win32')).toBe('~\\.fwknoprc');
  });
});

describe('import sources: discovery on disk', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const home = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-sources-'));
    dirs.push(dir);
    return dir;
  };

  it('lists only files that exist, FileZilla only from its first existing folder, and leaves out files that offer nothing', async () => {
    const h = home();
    mkdirSync(join(h, '.ssh'));
    writeFileSync(join(h, '.ssh', 'config'), 'Host *\n  User anna\n'); // only defaults: nothing to import
    writeFileSync(join(h, '.fwknoprc'), '[web]\nSPA_SERVER web.example.com\nACCESS tcp/22\n');
    mkdirSync(join(h, '.config', 'filezilla'), { recursive: true });
    mkdirSync(join(h, '.filezilla'));
    cpSync(join(fixtures, 'filezilla-3.63-sitemanager.xml'), join(h, '.config', 'filezilla', 'sitemanager.xml'));
    writeFileSync(join(h, '.filezilla', 'sitemanager.xml'), 'stale');
    mkdirSync(join(h, 'etc'));
    writeFileSync(join(h, 'etc', 'knockd.conf'), 'not a knockd file [');
    const counted: string[] = [];
    const sources = await discoverImportSources({ platform: 'linux', homedir: h, env: {}, rootDir: h }, async (c) => {
      counted.push(c.id);
      if (c.format === 'knockd') throw new Error('unreadable');
      return c.format === 'ssh-config' ? 0 : 2;
    });
    expect(counted).toEqual(['ssh-config-0', 'knockd-0', 'fwknoprc-0', 'filezilla-0']);
    expect(sources).toEqual([
      // A file that could not be read is still offered (its preview explains), without a count.
      { id: 'knockd-0', format: 'knockd', displayPath: join(h, 'etc', 'knockd.conf').replace(h, '~') },
      { id: 'fwknoprc-0', format: 'fwknoprc', displayPath: '~/.fwknoprc', count: 2 },
      { id: 'filezilla-0', format: 'filezilla', displayPath: '~/.config/filezilla/sitemanager.xml', count: 2 },
    ]);
  });

  it('through the core: counts with the real importers, opens a source as an import token, refuses one that is gone', async () => {
    const core = createTestCore();
    try {
      mkdirSync(join(core.home, '.ssh'));
      cpSync(join(fixtures, 'ssh'), join(core.home, '.ssh'), { recursive: true });
      mkdirSync(join(core.home, 'etc'));
      cpSync(join(fixtures, 'knockd.conf'), join(core.home, 'etc', 'knockd.conf'));
      cpSync(join(fixtures, 'fwknoprc'), join(core.home, '.fwknoprc'));
      const { sources } = await core.handlers.listImportSources({});
      expect(sources.map((s) => [s.id, s.count])).toEqual([
        ['ssh-config-0', 5],
        ['knockd-0', 2],
        ['fwknoprc-0', 2],
      ]);
      const opened = await core.handlers.openImportSource({ id: 'knockd-0' });
      expect(opened).toMatchObject({ picked: true, fileName: 'knockd.conf' });
      const preview = await core.handlers.previewImport({ token: (opened as { token: string }).token });
      expect(preview.format).toBe('knockd');
      expect(preview.items).toHaveLength(2);
      rmSync(join(core.home, '.fwknoprc'));
      await expect(core.handlers.openImportSource({ id: 'fwknoprc-0' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // Reading the list changed nothing.
      expect((await core.handlers.listProfiles({})).profiles).toEqual([]);
    } finally {
      await core.dispose();
    }
  });
});
