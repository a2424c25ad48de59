// Globals of the Chromium test transport (see electron-shim.ts and ../transport.ts).
export {};

declare global {
  interface Window {
    /** An IPC channel and a JSON payload in, the bridge's JSON envelope out (see test/e2e/transport.ts). */
    __sesameInvoke(channel: string, payload: string): Promise<string>;
    /** Delivers a main → renderer message on an IPC channel to the preload's listeners. */
    __sesameEmit(channel: string, payload: unknown): void;
  }
}
