import { app, BrowserWindow, ipcMain, session } from 'electron';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../contract';
import { createCore } from '../core/app-core';
import { resolveAppPaths } from '../core/app-paths';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { createEmitter, registerBridge } from './ipc-bridge';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';
import { createMainWindow, hardenSession, isOwnSender } from './window';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const preloadPath = join(outDir, 'preload', 'preload.cjs');
// The same folder the CLI uses (SESAME_HOME wins), so both see one profiles file.
const paths = resolveAppPaths({ platform: process.platform, env: process.env, homedir: homedir() });
app.setPath('userData', paths.dataDir);

let mainWindow: BrowserWindow | undefined;

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession(session.defaultSession);
  serveRenderer(join(outDir, 'renderer'));
  const core = createCore({
    app: { name: app.getName(), version: app.getVersion(), platform: process.platform, locale: app.getLocale() },
    now: Date.now,
    emit: createEmitter(() => mainWindow?.webContents),
    profilesFile: paths.profilesFile,
    homedir: homedir(),
    secrets: createKeyringSecretStore(),
  });
  const dispatch = createDispatcher(core.handlers, (error) => console.error('[sesame] handler error', error));
  registerBridge(ipcMain, dispatch, isOwnSender(() => mainWindow));
  mainWindow = createMainWindow(preloadPath);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(preloadPath);
  });
}

registerRendererScheme();
// A second launch hands over to the running instance instead of starting twice.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  start().catch((error: unknown) => {
    console.error('[sesame] failed to start', error);
    app.exit(1);
  });
}
