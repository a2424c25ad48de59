import { describe, expect, it, vi } from 'vitest';

const created: Array<{ options: Record<string, unknown>; handlers: Map<string, (...args: unknown[]) => void> }> = [];
vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>;
    constructor(options: Record<string, unknown>) {
      const handlers = new Map<string, (...args: unknown[]) => void>();
      created.push({ options, handlers });
      this.webContents = {
        mainFrame: { url: 'sesame-app://app/index.html' },
        setWindowOpenHandler: (fn: () => unknown) => handlers.set('open', fn),
        on: (name: string, fn: (...args: unknown[]) => void) => handlers.set(name, fn),
      };
    }
    once() {}
    loadURL = vi.fn(async () => {});
    isDestroyed = () => false;
  }
  return { BrowserWindow, protocol: {} };
});

const { createMainWindow, hardenSession, isOwnSender, rendererUrl } = await import('../../../src-main/electron/window');
const { rendererCsp } = await import('../../../src-main/electron/renderer-protocol');

describe('main window hardening', () => {
  it('creates the window isolated, sandboxed, without Node, and loads our origin', () => {
    const win = createMainWindow('/app/preload.cjs') as unknown as { loadURL: ReturnType<typeof vi.fn> };
    const prefs = created[0]?.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(win.loadURL).toHaveBeenCalledWith(rendererUrl);
  });

  it('denies new windows and every navigation', () => {
    const handlers = created[0]?.handlers;
    expect(handlers?.get('open')?.()).toEqual({ action: 'deny' });
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      handlers?.get(name)?.(event, 'https://example.com/');
      expect(event.preventDefault).toHaveBeenCalled();
    }
  });

  it('denies permissions and sends the same CSP as the protocol handler', () => {
    let onHeaders: ((details: unknown, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    let permission: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | undefined;
    hardenSession({
      setPermissionRequestHandler: (fn: typeof permission) => (permission = fn),
      setPermissionCheckHandler: () => {},
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
    } as never);
    const granted = vi.fn();
    permission?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
    onHeaders?.({ responseHeaders: {} }, ({ responseHeaders }) => {
      expect(responseHeaders['Content-Security-Policy']).toEqual([rendererCsp]);
    });
    expect(onHeaders).toBeDefined();
  });

  it('accepts calls only from our window top frame on our origin', () => {
    const mainFrame = { url: 'sesame-app://app/index.html' };
    const webContents = { mainFrame };
    const win = { isDestroyed: () => false, webContents };
    const check = isOwnSender(() => win as never);
    expect(check({ sender: webContents, senderFrame: mainFrame } as never)).toBe(true);
    expect(check({ sender: {}, senderFrame: mainFrame } as never)).toBe(false);
    expect(check({ sender: webContents, senderFrame: { url: 'sesame-app://app/' } } as never)).toBe(false);
    const evil = { url: 'https://evil.example/' };
    expect(isOwnSender(() => ({ isDestroyed: () => false, webContents: { mainFrame: evil } }) as never)({ sender: { mainFrame: evil }, senderFrame: evil } as never)).toBe(false);
    expect(isOwnSender(() => undefined)({ sender: webContents, senderFrame: mainFrame } as never)).toBe(false);
  });
});
