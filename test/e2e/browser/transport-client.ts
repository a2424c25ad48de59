import { createApi, type RawTransport } from '../../../src-main/contract/api';
import type { EventName } from '../../../src-main/contract/events';

// Runs in the page before the app (Playwright init script). It builds the very
// same `window.sesame` the Electron preload builds, over Playwright's binding
// instead of ipcRenderer. Test-only: never bundled into the app.
// The two globals it uses are typed in ./globals.d.ts.

const listeners = new Map<string, Set<(payload: unknown) => void>>();

window.__sesameEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const transport: RawTransport = {
  invoke: async (method, payload) => JSON.parse(await window.__sesameInvoke(method, JSON.stringify(payload ?? {}))) as never,
  subscribe: (event: EventName, listener) => {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event)?.add(listener);
    return () => {
      listeners.get(event)?.delete(listener);
    };
  },
};

Object.defineProperty(window, 'sesame', { value: Object.freeze(createApi(transport)), enumerable: true });
