import { BrowserWindow, type IpcMainInvokeEvent, type Session } from 'electron';
import { rendererOrigin } from './renderer-protocol';

export const rendererUrl = `${rendererOrigin}/index.html`;

export function hardenSession(session: Session): void {
  // Sesame needs no web permission (camera, notifications from the page, …); main
  // shows native notifications itself.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The sesame-app:// handler already sends this policy; this covers any other
  // response the session might see. A literal on purpose: electronegativity
  // reads it from here to check the policy.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          "default-src 'none'; script-src sesame-app://app; style-src sesame-app://app; img-src sesame-app://app data:; font-src sesame-app://app; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ],
      },
    });
  });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
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
      // Middle-click would otherwise open links in new windows, bypassing setWindowOpenHandler.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  // The app is one page: no navigation, no new windows, no webviews.
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(rendererUrl);
  return win;
}

/** Only our own window's top frame, showing our own origin, may call the contract. */
export function isOwnSender(getWindow: () => BrowserWindow | undefined) {
  return (event: IpcMainInvokeEvent): boolean => {
    const win = getWindow();
    const frame = event.senderFrame;
    if (!win || win.isDestroyed() || event.sender !== win.webContents || !frame) return false;
    if (frame !== win.webContents.mainFrame) return false;
    try {
      // Not URL.origin: for a custom scheme Node's URL reports the origin as "null".
      const url = new URL(frame.url);
      return `${url.protocol}//${url.host}` === rendererOrigin;
    } catch {
      return false;
    }
  };
}
