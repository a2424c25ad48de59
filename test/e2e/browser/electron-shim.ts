// The `electron` module as the real preload sees it, in a Chromium page under
// Playwright: contextBridge puts the API on window (frozen, as the bridge's
// copy is), ipcRenderer crosses to Node through the page binding. Bundled with
// src-main/electron/preload.ts by test/e2e/transport.ts; test-only.

type Listener = (event: unknown, payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

window.__sesameEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener({ sender: 'main' }, payload);
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    Object.defineProperty(window, key, { value: Object.freeze({ ...(api as object) }), enumerable: true });
  },
};

export const ipcRenderer = {
  // Calls cross as JSON strings (see transport.ts for why); contract payloads are plain JSON.
  invoke: async (channel: string, payload: unknown): Promise<unknown> => JSON.parse(await window.__sesameInvoke(channel, JSON.stringify(payload ?? {}))),
  on(channel: string, listener: Listener): void {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)?.add(listener);
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener);
  },
};
