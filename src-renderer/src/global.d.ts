import type { SesameApi } from '../../src-main/contract/api';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the test transport (Chromium); derived from the contract. */
    readonly sesame: SesameApi;
  }
}
