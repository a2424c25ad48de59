// Globals of the Chromium test transport (see transport-client.ts and ../transport.ts).
export {};

declare global {
  interface Window {
    __sesameInvoke(method: string, payload: unknown): Promise<never>;
    __sesameEmit(event: string, payload: unknown): void;
  }
}
