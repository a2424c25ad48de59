import { EventEmitter } from 'node:events';
import { tmpdir } from 'node:os';

/**
 * A stand-in for the parts of `electron` that src-main/electron/** uses, for
 * tests only (no Electron binary can run here). It keeps Electron's rules
 * where the glue could break them — windows, trays and protocol handlers
 * only after `ready`, privileged schemes only before it, one handler per IPC
 * channel, structured clone across IPC, a window's `close` that can be
 * prevented, `window-all-closed` after the last window — and records what the
 * glue did, so tests assert on it. Behaviour follows Electron 45's docs
 * (app, BrowserWindow, webContents, ipcMain, protocol, Tray, Menu, dialog,
 * Notification): https://www.electronjs.org/docs/latest/api/
 */

type Handler = (event: FakeInvokeEvent, payload: unknown) => unknown;
type Listener = (event: unknown, payload: unknown) => void;

export interface FakeFrame {
  url: string;
  /** A frame of some page: the main frame, or an iframe inside it. */
  kind: 'main' | 'sub';
}

export interface FakeInvokeEvent {
  sender: unknown;
  senderFrame: FakeFrame | null;
}

export interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

export interface FakeNotification {
  title: string;
  body: string;
}

export interface MessageBoxCall {
  options: { message: string; detail?: string; buttons: string[]; cancelId?: number; defaultId?: number };
  answer(response: number): void;
}

/** Lets every pending promise callback and I/O callback run. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createFakeElectron(options: { singleInstanceLock?: boolean; locale?: string } = {}) {
  const record: string[] = [];
  let ready = false;
  let readyResolve!: () => void;
  const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
  const mustBeReady = (what: string): void => {
    if (!ready) throw new Error(`${what} cannot be used before the app is ready`);
  };

  // ------------------------------------------------------------------ app
  class FakeApp extends EventEmitter {
    isPackaged = false;
    quitCalls = 0;
    exitCode: number | undefined;
    loginItem: { openAtLogin?: boolean } | undefined;
    protocolClients: Array<{ scheme: string; path?: string; args?: string[] }> = [];
    paths = new Map<string, string>([['temp', tmpdir()]]);
    whenReady = (): Promise<void> => readyPromise;
    isReady = (): boolean => ready;
    getName = (): string => 'Sesame';
    getVersion = (): string => '0.1.0';
    getLocale = (): string => options.locale ?? 'en-US';
    getPath = (name: string): string => {
      const path = this.paths.get(name);
      if (!path) throw new Error(`Failed to get '${name}' path`);
      return path;
    };
    setPath = (name: string, path: string): void => {
      this.paths.set(name, path);
    };
    requestSingleInstanceLock = (): boolean => options.singleInstanceLock ?? true;
    setAsDefaultProtocolClient = (scheme: string, path?: string, args?: string[]): boolean => {
      this.protocolClients.push({ scheme, ...(path ? { path } : {}), ...(args ? { args } : {}) });
      return true;
    };
    setLoginItemSettings = (settings: { openAtLogin?: boolean }): void => {
      this.loginItem = settings;
    };
    /** Electron: before-quit (preventable), then every window is closed, then will-quit and quit. */
    quit = (): void => {
      this.quitCalls += 1;
      record.push('app.quit');
      const event = preventable();
      this.emit('before-quit', event);
      if (event.defaultPrevented) return;
      for (const win of [...windows]) win.close();
      if (windows.length > 0) return;
      this.emit('will-quit', preventable());
      this.emit('quit');
    };
    exit = (code = 0): void => {
      this.exitCode = code;
    };
  }
  const app = new FakeApp();

  function preventable() {
    return {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
  }

  // ------------------------------------------------------------------ windows
  const windows: FakeBrowserWindow[] = [];
  let nextId = 1;

  class FakeWebContents extends EventEmitter {
    readonly id = nextId++;
    readonly mainFrame: FakeFrame = { url: '', kind: 'main' };
    /** Every main → renderer message, in order. */
    readonly sent: Array<{ channel: string; payload: unknown }> = [];
    destroyed = false;
    windowOpenHandler: ((details: { url: string }) => unknown) | undefined;
    constructor(readonly owner: FakeBrowserWindow) {
      super();
    }
    isDestroyed = (): boolean => this.destroyed;
    send = (channel: string, payload: unknown): void => {
      if (this.destroyed) throw new Error('Object has been destroyed');
      const copy = structuredClone(payload);
      this.sent.push({ channel, payload: copy });
      renderer.deliver(this, channel, copy);
    };
    setWindowOpenHandler = (handler: (details: { url: string }) => unknown): void => {
      this.windowOpenHandler = handler;
    };
  }

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents: FakeWebContents;
    visible = false;
    focused = false;
    minimized = false;
    destroyed = false;
    loadedUrl: string | undefined;
    constructor(readonly options: Record<string, unknown>) {
      super();
      mustBeReady('BrowserWindow');
      this.webContents = new FakeWebContents(this);
      windows.push(this);
      record.push('window.create');
    }
    static getAllWindows = (): FakeBrowserWindow[] => [...windows];
    loadURL = async (url: string): Promise<void> => {
      this.loadedUrl = url;
      this.webContents.mainFrame.url = url;
      // The page is parsed and painted a moment later.
      setImmediate(() => {
        if (!this.destroyed) this.emit('ready-to-show');
      });
    };
    isDestroyed = (): boolean => this.destroyed;
    isVisible = (): boolean => this.visible;
    isMinimized = (): boolean => this.minimized;
    show = (): void => {
      this.visible = true;
      this.minimized = false;
      record.push('window.show');
    };
    hide = (): void => {
      this.visible = false;
      record.push('window.hide');
    };
    focus = (): void => {
      this.focused = true;
    };
    minimize = (): void => {
      this.minimized = true;
    };
    restore = (): void => {
      this.minimized = false;
    };
    /** Electron: `close` can be prevented; otherwise the window is destroyed. */
    close = (): void => {
      if (this.destroyed) return;
      const event = preventable();
      this.emit('close', event);
      if (!event.defaultPrevented) this.destroy();
    };
    destroy = (): void => {
      if (this.destroyed) return;
      this.destroyed = true;
      this.visible = false;
      this.webContents.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      record.push('window.closed');
      this.emit('closed');
      if (windows.length === 0) app.emit('window-all-closed');
    };
  }

  // ------------------------------------------------------------------ IPC
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };

  /**
   * The renderer side: one page per webContents. The preload's ipcRenderer
   * calls come from `renderer.from` (a webContents and one of its frames),
   * which a test points at the real window, at an iframe, or at a stranger.
   */
  const renderer = {
    from: undefined as { sender: unknown; frame: FakeFrame | null } | undefined,
    listeners: new Map<string, Set<Listener>>(),
    deliver(contents: FakeWebContents, channel: string, payload: unknown) {
      const current = this.from?.sender ?? windows[0]?.webContents;
      if (current !== contents) return;
      for (const listener of this.listeners.get(channel) ?? []) listener({ sender: 'main' }, structuredClone(payload));
    },
  };

  const ipcRenderer = {
    async invoke(channel: string, payload: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const contents = windows[0]?.webContents;
      const from = renderer.from ?? { sender: contents, frame: contents?.mainFrame ?? null };
      return structuredClone(await handler({ sender: from.sender, senderFrame: from.frame }, structuredClone(payload)));
    },
    on(channel: string, listener: Listener) {
      if (!renderer.listeners.has(channel)) renderer.listeners.set(channel, new Set());
      renderer.listeners.get(channel)?.add(listener);
    },
    removeListener(channel: string, listener: Listener) {
      renderer.listeners.get(channel)?.delete(listener);
    },
  };

  const exposed = new Map<string, unknown>();
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      // contextBridge hands the page a copy whose functions proxy back; the page cannot change it.
      exposed.set(key, Object.freeze({ ...(api as object) }));
    },
  };

  // ------------------------------------------------------------------ session, protocol
  const sessionRecord = {
    permissionRequest: undefined as undefined | ((contents: unknown, permission: string, callback: (ok: boolean) => void) => void),
    permissionCheck: undefined as undefined | (() => boolean),
    onHeadersReceived: undefined as
      | undefined
      | ((details: { responseHeaders?: Record<string, string[]> }, callback: (r: { responseHeaders: Record<string, string[]> }) => void) => void),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: (fn: typeof sessionRecord.permissionRequest) => (sessionRecord.permissionRequest = fn),
      setPermissionCheckHandler: (fn: typeof sessionRecord.permissionCheck) => (sessionRecord.permissionCheck = fn),
      webRequest: { onHeadersReceived: (fn: typeof sessionRecord.onHeadersReceived) => (sessionRecord.onHeadersReceived = fn) },
    },
  };

  const protocolHandlers = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privileged: Array<{ scheme: string; privileges: Record<string, boolean> }> = [];
  const protocol = {
    registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) {
      if (ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      privileged.push(...schemes);
    },
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>) {
      mustBeReady('protocol.handle');
      if (protocolHandlers.has(scheme)) throw new Error(`The scheme has been handled: ${scheme}`);
      protocolHandlers.set(scheme, handler);
    },
  };

  // ------------------------------------------------------------------ tray, menu, images
  const trays: FakeTray[] = [];
  class FakeTray extends EventEmitter {
    tooltip = '';
    /** Every context menu set, oldest first. */
    menus: MenuItem[][] = [];
    destroyed = false;
    constructor(readonly image: unknown) {
      super();
      mustBeReady('Tray');
      trays.push(this);
    }
    setToolTip = (text: string): void => {
      this.tooltip = text;
    };
    setContextMenu = (menu: { items: MenuItem[] }): void => {
      this.menus.push(menu.items);
    };
    destroy = (): void => {
      this.destroyed = true;
    };
  }
  const Menu = {
    buildFromTemplate: (template: MenuItem[]) => ({ items: template }),
  };
  const nativeImage = {
    createFromPath: (path: string) => ({ path, setTemplateImage: () => undefined, isEmpty: () => false }),
  };

  // ------------------------------------------------------------------ dialogs, notifications, clipboard, shell
  const messageBoxes: MessageBoxCall[] = [];
  const dialogScript = {
    openPath: undefined as string | undefined,
    savePath: undefined as string | undefined,
  };
  const dialog = {
    /** Pending until the test answers it, as a modal dialog waits for the user. */
    showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
      const options = (args.length > 1 ? args[1] : args[0]) as MessageBoxCall['options'];
      record.push('dialog.messageBox');
      return new Promise((resolve) => messageBoxes.push({ options, answer: (response) => resolve({ response, checkboxChecked: false }) }));
    },
    async showOpenDialog() {
      return dialogScript.openPath ? { canceled: false, filePaths: [dialogScript.openPath] } : { canceled: true, filePaths: [] };
    },
    async showSaveDialog() {
      return dialogScript.savePath ? { canceled: false, filePath: dialogScript.savePath } : { canceled: true, filePath: '' };
    },
  };
  const notifications: FakeNotification[] = [];
  class Notification {
    static isSupported = (): boolean => true;
    constructor(readonly options: FakeNotification) {}
    show(): void {
      notifications.push(this.options);
    }
  }
  let clipboardText = '';
  const clipboard = {
    writeText: (text: string) => void (clipboardText = text),
    readText: () => clipboardText,
  };
  const opened: string[] = [];
  const shell = {
    openExternal: async (url: string) => void opened.push(url),
  };

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    ipcRenderer,
    contextBridge,
    session,
    protocol,
    Tray: FakeTray,
    Menu,
    nativeImage,
    dialog,
    Notification,
    clipboard,
    shell,
  };

  return {
    module,
    app,
    record,
    handlers,
    exposed,
    renderer,
    windows,
    trays,
    messageBoxes,
    dialogScript,
    notifications,
    privileged,
    sessionRecord,
    opened,
    /** What Electron does once its runtime is up. */
    becomeReady() {
      ready = true;
      record.push('ready');
      app.emit('ready');
      readyResolve();
    },
    /** A request to a scheme main handles, as Chromium would make it. */
    async fetch(url: string): Promise<Response> {
      const scheme = new URL(url).protocol.slice(0, -1);
      const handler = protocolHandlers.get(scheme);
      if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
      return handler(new Request(url));
    },
    /** Sends a main → renderer event straight to the page's listeners (for preload-only tests). */
    send(channel: string, payload: unknown) {
      for (const listener of renderer.listeners.get(channel) ?? []) listener({}, structuredClone(payload));
    },
    listenerCount: (channel: string) => renderer.listeners.get(channel)?.size ?? 0,
    /** Every menu item of a tray menu, submenus flattened. */
    menuItems(items: MenuItem[] | undefined): MenuItem[] {
      return (items ?? []).flatMap((item) => [item, ...(item.submenu ? this.menuItems(item.submenu) : [])]);
    },
    /** Messages of one channel sent to a window. */
    sentOn(win: FakeBrowserWindow | undefined, channel: string): unknown[] {
      return (win?.webContents.sent ?? []).filter((m) => m.channel === channel).map((m) => m.payload);
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

const moduleKeys = ['app', 'BrowserWindow', 'ipcMain', 'ipcRenderer', 'contextBridge', 'session', 'protocol', 'Tray', 'Menu', 'nativeImage', 'dialog', 'Notification', 'clipboard', 'shell'] as const;

/**
 * An `electron` module whose every export forwards to `current()`'s. Vitest
 * builds a mocked module once per file, so a test that loads main afresh per
 * case (as a new process would) swaps the fake behind this, not the module.
 */
export function forwardingElectronModule(current: () => FakeElectron): Record<string, unknown> {
  const forward = (key: (typeof moduleKeys)[number]) =>
    new Proxy(function placeholder() {}, {
      get(_target, prop) {
        const target = current().module[key] as unknown as Record<PropertyKey, unknown>;
        const value = Reflect.get(target, prop, target);
        // Methods of instances (app.on, …) need their own `this`; classes and their statics do not care.
        return typeof value === 'function' && !/^class\b/.test(Function.prototype.toString.call(value)) ? value.bind(target) : value;
      },
      construct: (_target, args) => Reflect.construct(current().module[key] as unknown as new (...a: unknown[]) => object, args),
      apply: (_target, self, args) => Reflect.apply(current().module[key] as unknown as (...a: unknown[]) => unknown, self, args),
    });
  return Object.fromEntries(moduleKeys.map((key) => [key, forward(key)]));
}
