import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { debScript, debScriptFiles } from '../../../scripts/packaging/linux/deb-scripts.mjs';
import { sesame } from '../../support/cli';

// Each test starts whole processes; on a loaded 2-core machine one can take seconds.
vi.setConfig({ testTimeout: 60_000 });

// How the app ships the CLI. The Linux layout is packed for real by
// electron-builder (`--dir`, its own file matching and asar/unpack rules)
// around a stand-in "Electron" that is this Node — no Electron download exists
// here — and the shipped launcher is then run from that layout. Windows and
// macOS cannot be packed on this machine: their parts are checked against the
// config and compiled (NSIS) where a compiler exists.
const repo = join(import.meta.dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'sesame-packaging-'));
const { load } = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const config = load(readFileSync(join(repo, 'electron-builder.yml'), 'utf8')) as Record<string, Record<string, unknown>>;

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the .deb puts the CLI on PATH', () => {
  it("uses electron-builder's own maintainer scripts with /usr/bin/sesame moved to the CLI launcher", () => {
    expect(config.deb?.afterInstall).toBe('scripts/packaging/linux/after-install.tpl');
    expect(config.deb?.afterRemove).toBe('scripts/packaging/linux/after-remove.tpl');
    for (const [kind, file] of Object.entries(debScriptFiles)) {
      // Regenerate with `node scripts/packaging/linux/deb-scripts.mjs` when this fails after an electron-builder upgrade.
      expect(readFileSync(file, 'utf8'), kind).toBe(debScript(kind));
    }
    const install = readFileSync(debScriptFiles['after-install'], 'utf8');
    expect(install).toContain("update-alternatives --install '/usr/bin/${executable}' '${executable}' '/opt/${sanitizedProductName}/resources/bin/${executable}' 100");
    expect(install).not.toMatch(/--install '\/usr\/bin\/\$\{executable\}' '\$\{executable\}' '\/opt\/\$\{sanitizedProductName\}\/\$\{executable\}'/);
    // The rest of electron-builder's script (sandbox, MIME, desktop database, AppArmor) is kept.
    expect(install).toContain('chrome-sandbox');
    expect(install).toContain('update-desktop-database');
    expect(readFileSync(debScriptFiles['after-remove'], 'utf8')).toContain("update-alternatives --remove '${executable}' '/opt/${sanitizedProductName}/resources/bin/${executable}'");
  });
});

describe('Windows: sesame.cmd and the PATH option of the installer', () => {
  it('ships resources\\bin\\sesame.cmd, which runs the unpacked CLI with Sesame.exe as Node', () => {
    const extra = (config.win?.extraResources ?? []) as { from: string; to: string }[];
    expect(extra).toContainEqual({ from: 'scripts/packaging/windows/sesame.cmd', to: 'bin/sesame.cmd' });
    const shim = readFileSync(join(repo, 'scripts/packaging/windows/sesame.cmd'), 'utf8');
    expect(shim.split('\r\n').length).toBeGreaterThan(5); // CRLF: cmd.exe misreads labels and long lines in LF batch files
    expect(shim).toContain('set ELECTRON_RUN_AS_NODE=1');
    expect(shim).toContain('"%~dp0..\\..\\Sesame.exe" "%~dp0..\\app.asar.unpacked\\out\\cli\\sesame.mjs" %*');
    expect(shim).toContain('exit /b %ERRORLEVEL%');
  });

  const makensis = ['/usr/bin/makensis', '/usr/local/bin/makensis'].find((p) => existsSync(p));
  it.each([['installer'], ['uninstaller']])('the NSIS include compiles with warnings as errors (%s build)', (build) => {
    expect(config.nsis?.include).toBe('scripts/packaging/windows/installer.nsh');
    expect(makensis, 'makensis (Debian package nsis) is needed; test/lab/ensure-tools.mjs installs it').toBeDefined();
    const dir = mkdtempSync(join(work, 'nsis-'));
    const script = join(dir, 'harness.nsi');
    // The hooks in the places electron-builder's templates insert them (installer.nsi, assistedInstaller.nsh, installSection.nsh, uninstaller.nsh).
    writeFileSync(
      script,
      [
        'Unicode true',
        build === 'uninstaller' ? '!define BUILD_UNINSTALLER' : '',
        '!define INSTALL_REGISTRY_KEY "Software\\sesame-test"',
        '!include LogicLib.nsh',
        '!macro _isUpdated _a _b _t _f',
        '  StrCmp "$R9" "updated" `${_t}` `${_f}`',
        '!macroend',
        '!define isUpdated `"" isUpdated ""`',
        `!include "${join(repo, 'scripts/packaging/windows/installer.nsh')}"`,
        '!include MUI2.nsh',
        'Name "harness"',
        `OutFile "${join(dir, 'out.exe')}"`,
        'RequestExecutionLevel user',
        '!ifndef BUILD_UNINSTALLER',
        '  !insertmacro customPageAfterChangeDir',
        '!endif',
        '!insertmacro MUI_PAGE_INSTFILES',
        '!insertmacro MUI_LANGUAGE "English"',
        '!insertmacro MUI_LANGUAGE "Korean"',
        '!insertmacro customHeader',
        'Function .onInit',
        '!ifdef BUILD_UNINSTALLER',
        `  WriteUninstaller "${join(dir, 'un.exe')}"`,
        '!else',
        '  !insertmacro customInit',
        '!endif',
        'FunctionEnd',
        'Section "install"',
        '!ifndef BUILD_UNINSTALLER',
        '  !insertmacro customInstall',
        '!endif',
        'SectionEnd',
        '!ifdef BUILD_UNINSTALLER',
        'Section "un.install"',
        '  !insertmacro customUnInstall',
        'SectionEnd',
        '!endif',
        '',
      ].join('\n'),
    );
    const run = spawnSync(makensis!, ['-WX', '-V2', script], { encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(statSync(join(dir, 'out.exe')).size).toBeGreaterThan(0);
  });
});

describe('macOS: the launcher the "Install \'sesame\' Command" menu item links to', () => {
  it('ships Contents/Resources/bin/sesame (the same launcher as Linux)', () => {
    expect(config.mac?.extraResources).toContainEqual({ from: 'scripts/packaging/sesame.sh', to: 'bin/sesame' });
    expect(readFileSync(join(repo, 'scripts/packaging/sesame.sh'), 'utf8')).toContain('electron=$resources/../MacOS/Sesame');
  });
});

describe('the Linux app as electron-builder packs it', () => {
  const out = join(work, 'dist');
  const unpacked = join(out, 'linux-unpacked');
  // @electron/fuses finds the fuse wire after this marker (its constants.SENTINEL).
  const fuseSentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
  const resources = join(unpacked, 'resources');
  const home = join(work, 'home');

  beforeAll(async () => {
    // out/cli must be current (bin/sesame.mjs rebuilds it when the sources changed).
    expect((await sesame(['--version'], { home })).code).toBe(0);
    const fakeDist = join(work, 'electron-dist');
    mkdirSync(fakeDist);
    // Stands in for the Electron binary; with ELECTRON_RUN_AS_NODE Electron is Node, and so is this.
    // After the exec line, a fuse wire as Electron 45 ships it (sentinel, version 1, 8 fuses at their
    // defaults), so electron-builder's electronFuses can flip it as it would in the real binary.
    writeFileSync(join(fakeDist, 'electron'), `#!/bin/sh\nexec '${process.execPath}' "$@"\n# ${fuseSentinel}\x01\x0810110001\n`);
    chmodSync(join(fakeDist, 'electron'), 0o755);
    for (const file of ['chrome-sandbox', 'LICENSE', 'LICENSES.chromium.html']) writeFileSync(join(fakeDist, file), '');
    writeFileSync(join(fakeDist, 'version'), JSON.parse(readFileSync(join(repo, 'node_modules/electron/package.json'), 'utf8')).version);
    execFileSync(
      process.execPath,
      [join(repo, 'node_modules/electron-builder/cli.js'), '--dir', '--linux', `-c.electronDist=${fakeDist}`, `-c.directories.output=${out}`],
      { cwd: repo, stdio: 'pipe', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
  }, 240_000);

  it('flips the Electron fuses electron-builder.yml asks for (README, Security)', () => {
    const binary = readFileSync(join(unpacked, 'sesame'));
    const wire = binary.subarray(binary.indexOf(fuseSentinel) + fuseSentinel.length + 2, binary.indexOf(fuseSentinel) + fuseSentinel.length + 10);
    // RunAsNode on, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on, asar only on,
    // browser snapshot as shipped (off), file:// privileges off.
    expect(wire.toString('latin1')).toBe('11001100');
  });

  it('has the CLI, its askpass helper and the keyring package unpacked, and the launcher executable in resources/bin', () => {
    for (const file of ['app.asar.unpacked/out/cli/sesame.mjs', 'app.asar.unpacked/out/cli/askpass-helper.mjs', 'app.asar.unpacked/node_modules/@napi-rs/keyring/index.js', 'app.asar.unpacked/node_modules/@napi-rs/keyring/package.json']) {
      expect(existsSync(join(resources, file)), file).toBe(true);
    }
    expect(existsSync(join(resources, 'app.asar.unpacked/out/cli/meta.json'))).toBe(false);
    expect(statSync(join(resources, 'bin/sesame')).mode & 0o111).toBe(0o111);
    expect(readFileSync(join(resources, 'bin/sesame'), 'utf8')).toBe(readFileSync(join(repo, 'scripts/packaging/sesame.sh'), 'utf8'));
  });

  it('runs as `sesame` through a /usr/bin-style symlink: help, version, and the same profiles file as the app', () => {
    const link = join(work, 'usr-bin-sesame');
    symlinkSync(join(resources, 'bin/sesame'), link);
    const run = (args: string[], input = '') => spawnSync(link, args, { env: { ...process.env, SESAME_HOME: home, LANG: 'C' }, input, encoding: 'utf8' });
    expect(run(['--help'])).toMatchObject({ status: 0, stdout: expect.stringContaining('Commands:') });
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(run(['--version']).stdout).toBe(`sesame ${pkg.version}\n`);
    expect(run(['profiles', 'add', '--name', 'packaged', '--host', 'door.example', '--knock', '7000,8000'])).toMatchObject({ status: 0 });
    expect(run(['profiles', 'list']).stdout).toMatch(/^packaged\tdoor\.example\t/m);
    // The keychain package loads from the unpacked folder: the error is the Secret Service's, not a missing module.
    const secret = spawnSync(link, ['secret', 'set', 'packaged'], { env: { ...process.env, SESAME_HOME: home, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' }, input: 'pw\n', encoding: 'utf8' });
    expect(secret.stderr).not.toMatch(/Cannot find (module|package)/);
    expect(secret.stderr).toMatch(/Secret Service|keychain|D-?Bus/i);
  });
});
