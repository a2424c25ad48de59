import { lstat, mkdir, mkdtemp, readlink, realpath, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appleScriptString } from '../../../src-main/core/launcher/quote';
import { cliInvocation, packagedCliEntry } from '../../../src-main/core/shell/cli-entry';
import { CliLinkConflict, elevatedLinkScript, installCliLink, type CliLinkFs } from '../../../src-main/core/shell/cli-link';

const appImage = { APPIMAGE: '/home/u/Apps/Sesame-0.1.0-linux-x86_64.AppImage' };

describe('the app binary as the sesame command (AppImage, --cli)', () => {
  it.each([
    ['--cli anywhere', [ '--cli', 'knock', 'h', '1'], {}, false, ['knock', 'h', '1']],
    ['--cli after the --no-sandbox AppRun adds', ['--no-sandbox', '--cli', '--help'], {}, false, ['--help']],
    ['an AppImage linked as sesame', ['connect', 'web'], { ...appImage, ARGV0: '/home/u/bin/sesame' }, false, ['connect', 'web']],
    ['… with AppRun\'s --no-sandbox', ['--no-sandbox', 'profiles', 'list'], { ...appImage, ARGV0: 'sesame' }, false, ['profiles', 'list']],
    ['… bare, in a terminal (prints the help)', [], { ...appImage, ARGV0: 'sesame' }, true, []],
  ] as const)('%s → CLI', (_why, args, env, tty, expected) => {
    expect(cliInvocation({ args, env, stdinIsTTY: tty })).toEqual(expected);
  });

  it.each([
    ['a normal start', [], {}, false],
    ['the AppImage under its own name', ['connect', 'web'], { ...appImage, ARGV0: './Sesame-0.1.0-linux-x86_64.AppImage' }, true],
    ['a double-click on an AppImage named sesame (no terminal)', [], { ...appImage, ARGV0: 'sesame' }, false],
    ['a sesame:// link handed to it', ['sesame://connect/web'], { ...appImage, ARGV0: 'sesame' }, false],
    ['a .sesame file handed to it', ['/home/u/team.sesame'], { ...appImage, ARGV0: 'sesame' }, false],
    ['a deb install, whose binary is also called sesame (no APPIMAGE)', ['knock'], { ARGV0: 'sesame' }, true],
  ] as const)('%s → the app', (_why, args, env, tty) => {
    expect(cliInvocation({ args, env, stdinIsTTY: tty })).toBeUndefined();
  });

  it('finds the unpacked CLI under resources on every platform', () => {
    expect(packagedCliEntry('/opt/Sesame/resources', 'linux')).toBe('/opt/Sesame/resources/app.asar.unpacked/out/cli/sesame.mjs');
    expect(packagedCliEntry('C:\\Users\\u\\AppData\\Local\\Programs\\Sesame\\resources', 'win32')).toBe(
      'C:\\Users\\u\\AppData\\Local\\Programs\\Sesame\\resources\\app.asar.unpacked\\out\\cli\\sesame.mjs',
    );
  });
});

describe("macOS: Install 'sesame' Command in PATH", () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));
  const realFs: CliLinkFs = { lstat, readlink, realpath, symlink, unlink };

  async function layout() {
    dir = await mkdtemp(join(tmpdir(), 'sesame-cli-link-'));
    const target = join(dir, 'Sesame.app/Contents/Resources/bin/sesame');
    await mkdir(join(dir, 'Sesame.app/Contents/Resources/bin'), { recursive: true });
    await writeFile(target, '#!/bin/sh\n');
    await mkdir(join(dir, 'usr-local-bin'));
    return { target, link: join(dir, 'usr-local-bin/sesame') };
  }

  it('links as the user when it may, and does nothing the second time', async () => {
    const { target, link } = await layout();
    const elevations: string[] = [];
    const elevate = async (from: string) => void elevations.push(from);
    expect(await installCliLink({ target, link, fs: realFs, elevate })).toBe('installed');
    expect(await readlink(link)).toBe(target);
    expect(await installCliLink({ target, link, fs: realFs, elevate })).toBe('unchanged');
    expect(elevations).toEqual([]);
  });

  it('replaces the link of a moved Sesame.app, but never a file that is not ours', async () => {
    const { target, link } = await layout();
    await symlink('/Applications/Old/Sesame.app/Contents/Resources/bin/sesame', link);
    expect(await installCliLink({ target, link, fs: realFs, elevate: async () => undefined })).toBe('installed');
    expect(await readlink(link)).toBe(target);
    await unlink(link);
    await writeFile(link, '#!/bin/sh\necho someone else\n');
    await expect(installCliLink({ target, link, fs: realFs, elevate: async () => undefined })).rejects.toBeInstanceOf(CliLinkConflict);
    expect((await lstat(link)).isFile()).toBe(true);
  });

  it('asks for administrator rights only when the folder is not writable', async () => {
    const { target, link } = await layout();
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const elevations: [string, string][] = [];
    const result = await installCliLink({
      target,
      link,
      fs: { ...realFs, symlink: async () => Promise.reject(denied) },
      elevate: async (from, to) => void elevations.push([from, to]),
    });
    expect(result).toBe('installed-as-admin');
    expect(elevations).toEqual([[target, link]]);
  });

  it('quotes both paths for the shell inside AppleScript', () => {
    const script = elevatedLinkScript('/Applications/My "Tools"/Sesame.app/Contents/Resources/bin/sesame', '/usr/local/bin/sesame', appleScriptString);
    expect(script).toBe(
      'do shell script "mkdir -p " & quoted form of "/usr/local/bin" & " && ln -sf " & quoted form of "/Applications/My \\"Tools\\"/Sesame.app/Contents/Resources/bin/sesame" & " " & quoted form of "/usr/local/bin/sesame" with administrator privileges',
    );
  });
});
