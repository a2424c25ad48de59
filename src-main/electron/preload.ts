import { contextBridge, ipcRenderer } from 'electron';
import { createApi, eventChannel, invokeChannel, type Envelope } from '../contract';

// Derived from the contract; no logic of its own lives here.
contextBridge.exposeInMainWorld(
  'sesame',
  createApi({
    invoke: (method, payload) => ipcRenderer.invoke(invokeChannel(method), payload) as Promise<Envelope<unknown>>,
    subscribe: (event, listener) => {
      const handler = (_event: unknown, payload: unknown): void => listener(payload);
      ipcRenderer.on(eventChannel(event), handler);
      return () => {
        ipcRenderer.removeListener(eventChannel(event), handler);
      };
    },
  }),
);
