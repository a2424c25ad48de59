import { app, ipcMain, session, type BrowserWindow } from 'electron';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher, type Emit, type EventPayload } from '../contract';
import type { Settings } from '../contract/features/settings';
import { pickLanguage } from '../contract/locales';
import { createCore, type Core } from '../core/app-core';
import { resolveAppPaths } from '../core/app-paths';
import { systemLauncher } from '../core/launcher/system';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { dataFolderSecretStore } from '../core/secrets/store-keychain';
import { runCliIfAsked, setMacAppMenu } from './cli-install';
import { createEmitter, registerBridge } from './ipc-bridge';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';
import { createShell, electronClipboard, electronDialogs } from './shell';
import { createMainWindow, hardenSession, isOwnSender } from './window';

// Windows: OpenSSH starts SSH_ASKPASS with CreateProcess, so the askpass helper
// is this very executable (see core/launcher/askpass-session.ts). Answer and
// leave before anything of the app starts.
if (process.env.SESAME_ASKPASS_TOKEN && process.env.SESAME_ASKPASS_SOCKET && process.platform === 'win32') {
  const { runAskpassHelper } = await import('../core/launcher/askpass-helper.mjs');
  const code = await runAskpassHelper({ argv: process.argv.slice(app.isPackaged ? 1 : 2), env: process.env, stdout: process.stdout, stderr: process.stderr });
  // Synchronous: nothing of the app below may start in this process.
  process.exit(code);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// `sesame …` run from an AppImage, or `--cli …`: this process is the command line, not the app.
if (runCliIfAsked(outDir)) await new Promise<never>(() => undefined);
const preloadPath = join(outDir, 'preload', 'preload.cjs');
// Bundled beside main.js and unpacked from the asar archive, so a plain Node
// (this binary with ELECTRON_RUN_AS_NODE=1) can run it for OpenSSH.
const askpassHelperPath = join(outDir, 'main', 'askpass-helper.js').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
const assetsDir = app.isPackaged ? process.resourcesPath : join(outDir, '..', 'assets');
// The same folder the CLI uses (SESAME_HOME wins), so both see one profiles file.
const paths = resolveAppPaths({ platform: process.platform, env: process.env, homedir: homedir() });
app.setPath('userData', paths.dataDir);

let mainWindow: BrowserWindow | undefined;
let core: Core | undefined;
let shell: ReturnType<typeof createShell> | undefined;
let quitting = false;
let closeToTray = true;
// macOS delivers double-clicked .sesame files through 'open-file', possibly before ready.
const pendingFiles: string[] = [];

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow(preloadPath);
    mainWindow.on('close', (event) => {
      // The tray keeps Sesame alive: closing the window hides it (Quit is in the tray menu).
      if (!quitting && closeToTray) {
        event.preventDefault();
        mainWindow?.hide();
      }
    });
    mainWindow.on('closed', () => {
      mainWindow = undefined;
    });
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** The settings that act outside the window: tray language, close behaviour, login item. */
function applySettings(settings: Settings): void {
  const language = settings.language === 'system' ? pickLanguage(app.getLocale()) : settings.language;
  shell?.setLanguage(language);
  setMacAppMenu(language);
  closeToTray = settings.closeToTray;
  app.setLoginItemSettings({ openAtLogin: settings.launchAtLogin });
}

function quit(): void {
  quitting = true;
  app.quit();
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveRenderer(join(outDir, 'renderer'));
  const toWindow = createEmitter(() => mainWindow?.webContents);
  shell = createShell({
    core: () => core,
    send: toWindow,
    showWindow,
    quit,
    trayIcon: join(assetsDir, process.platform === 'darwin' ? 'trayTemplate.png' : 'icons/32x32.png'),
  });
  const emit: Emit = (event, payload) => {
    shell?.observe(event, payload);
    if (event === 'settingsChanged') applySettings((payload as EventPayload<'settingsChanged'>).settings);
  };
  core = createCore({
    app: { name: app.getName(), version: app.getVersion(), platform: process.platform, locale: app.getLocale() },
    now: Date.now,
    emit,
    profilesFile: paths.profilesFile,
    watchProfilesFile: true,
    homedir: homedir(),
    secrets: dataFolderSecretStore(createKeyringSecretStore(), paths.dataDir),
    dialogs: electronDialogs(() => mainWindow, () => shell?.language() ?? pickLanguage(app.getLocale())),
    importSearch: { env: process.env },
    launcher: {
      ...systemLauncher({
        platform: process.platform,
        env: process.env,
        tmpDir: app.getPath('temp'),
        // The askpass wrapper must be executable; a hardened /tmp is mounted noexec.
        runDir: join(paths.dataDir, 'run'),
        askpassRuntime: {
          execPath: process.execPath,
          runtimeEnv: { ELECTRON_RUN_AS_NODE: '1' },
          helperPath: askpassHelperPath,
          windowsExecutable: process.execPath,
        },
      }),
      clipboard: electronClipboard,
    },
  });
  const dispatch = createDispatcher(core.handlers, (error) => console.error('[sesame] handler error', error));
  registerBridge(ipcMain, dispatch, isOwnSender(() => mainWindow));
  const settings = await core.settings.read();
  applySettings(settings);
  await shell.refresh();
  if (!settings.startInTray) showWindow();
  shell.handleArgv(process.argv.slice(1));
  for (const path of pendingFiles.splice(0)) shell.handleFile(path);
  app.on('second-instance', (_event, argv) => {
    showWindow();
    shell?.handleArgv(argv.slice(1));
  });
  app.on('open-url', (event, url) => {
    event.preventDefault();
    shell?.handleUrl(url);
  });
  app.on('activate', showWindow);
}

registerRendererScheme();
// A second launch hands over to the running instance (with its link or file) instead of starting twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // sesame:// links; in development Electron needs the script path to relaunch us.
  if (app.isPackaged) app.setAsDefaultProtocolClient('sesame');
  else app.setAsDefaultProtocolClient('sesame', process.execPath, [join(outDir, '..')]);
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (shell) shell.handleFile(path);
    else pendingFiles.push(path);
  });
  app.on('before-quit', () => {
    quitting = true;
  });
  // With "close to tray" the app keeps running without a window; otherwise it ends as usual.
  app.on('window-all-closed', () => {
    if (!closeToTray && process.platform !== 'darwin') quit();
  });
  start().catch((error: unknown) => {
    console.error('[sesame] failed to start', error);
    app.exit(1);
  });
}
