import { createApi, type RawTransport } from '../../src-main/contract/api';

// The bench's page-side transport: like test/e2e/browser/transport-client.ts,
// but calls cross as JSON strings. Playwright serialises a binding's object
// results value by value (≈1 s for 5,000 profile summaries), far slower than
// Electron's structured-clone IPC; a string crosses in a few ms, so this
// measures the UI rather than the test harness.

declare global {
  interface Window {
    __sesameInvokeJson(method: string, payload: string): Promise<string>;
  }
}

const transport: RawTransport = {
  invoke: async (method, payload) => JSON.parse(await window.__sesameInvokeJson(method, JSON.stringify(payload ?? {}))),
  subscribe: () => () => undefined,
};

Object.defineProperty(window, 'sesame', { value: Object.freeze(createApi(transport)), enumerable: true });
