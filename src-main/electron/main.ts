import { app, BrowserWindow, ipcMain, session } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../contract';
import { createAppService } from '../core/app-service';
import { createEmitter, registerBridge } from './ipc-bridge';
import { registerRendererScheme, serveRenderer } from './renderer-protocol';
import { createMainWindow, hardenSession, isOwnSender } from './window';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..');
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
  const service = createAppService({
    name: app.getName(),
    version: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    now: Date.now,
    emit: createEmitter(() => mainWindow?.webContents),
  });
  const dispatch = createDispatcher(service, (error) => console.error('[sesame] handler error', error));
  registerBridge(ipcMain, dispatch, isOwnSender(() => mainWindow));
  mainWindow = createMainWindow(join(outDir, 'preload', 'preload.cjs'));
  mainWindow.on('closed', () => {
    mainWindow = undefined;
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(join(outDir, 'preload', 'preload.cjs'));
  });
}

// A second launch hands over to the running instance instead of starting twice.
registerRendererScheme();
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
