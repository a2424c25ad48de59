// Globals of the Chromium test transport (see transport-client.ts and ../transport.ts).
export {};

declare global {
  interface Window {
    /** JSON in, JSON out (see test/e2e/transport.ts). */
    __sesameInvoke(method: string, payload: string): Promise<string>;
    __sesameEmit(event: string, payload: unknown): void;
  }
}
