import { BrowserWindow, type IpcMainInvokeEvent, type Session } from 'electron';
import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** What the window loads: the dev server URL, or the built index.html. */
  url: string;
}

export function rendererLocation(outDir: string, devUrl: string | undefined): RendererLocation {
  return { url: devUrl ?? pathToFileURL(`${outDir}/renderer/index.html`).href };
}

// Mirrors the <meta> CSP in index.html: file:// loads never see response headers,
// dev-server loads do, so both paths are covered.
const csp = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
  });
}

export function createMainWindow(preloadPath: string, location: RendererLocation): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 720,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Sesame',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (url !== location.url) event.preventDefault();
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(location.url);
  return win;
}

/** Only our own window's top frame, showing our own page, may call the contract. */
export function isOwnSender(getWindow: () => BrowserWindow | undefined, location: RendererLocation) {
  const expected = new URL(location.url);
  return (event: IpcMainInvokeEvent): boolean => {
    const win = getWindow();
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || event.sender !== win.webContents || !frame) return false;
    if (frame !== win.webContents.mainFrame) return false;
    const actual = new URL(frame.url);
    return expected.protocol === 'file:'
      ? actual.protocol === 'file:' && actual.pathname === expected.pathname
      : actual.origin === expected.origin;
  };
}
