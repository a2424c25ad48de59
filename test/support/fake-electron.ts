/**
 * A small stand-in for the parts of `electron` the IPC glue touches. Used only
 * by the contract test: it wires the real preload to the real bridge in-process,
 * so the whole renderer → main path runs under plain Node.
 */
type Handler = (event: FakeInvokeEvent, payload: unknown) => unknown;
type Listener = (event: unknown, payload: unknown) => void;

export interface FakeInvokeEvent {
  sender: { id: number };
  senderFrame: { url: string } | null;
}

export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  const listeners = new Map<string, Set<Listener>>();
  const exposed = new Map<string, unknown>();
  let nextEvent: FakeInvokeEvent = { sender: { id: 1 }, senderFrame: { url: 'file:///app/index.html' } };

  const ipcMain = {
    handle(channel: string, handler: Handler) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      handlers.delete(channel);
    },
  };
  const ipcRenderer = {
    async invoke(channel: string, payload: unknown) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone, as Electron does on the way in and out.
      return structuredClone(await handler(nextEvent, structuredClone(payload)));
    },
    on(channel: string, listener: Listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)?.add(listener);
    },
    removeListener(channel: string, listener: Listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
  const contextBridge = {
    exposeInMainWorld(key: string, api: unknown) {
      exposed.set(key, api);
    },
  };
  return {
    module: { ipcMain, ipcRenderer, contextBridge },
    handlers,
    exposed,
    /** Sends a main → renderer event to whatever the preload subscribed. */
    send(channel: string, payload: unknown) {
      for (const listener of listeners.get(channel) ?? []) listener({}, structuredClone(payload));
    },
    listenerCount: (channel: string) => listeners.get(channel)?.size ?? 0,
    setSender(event: FakeInvokeEvent) {
      nextEvent = event;
    },
  };
}
