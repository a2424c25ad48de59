import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEvent, createDispatcher, type Emit, type Handlers } from '../../src-main/contract';
import { resolveRendererFile } from '../../src-main/core/renderer-files';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = join(root, 'out', 'renderer');

/** The origin the built renderer is served from; requests never leave the browser (page.route). */
export const appOrigin = 'http://sesame.test';

let clientScript: Promise<string> | undefined;

function bundleClient(): Promise<string> {
  clientScript ??= build({
    entryPoints: [join(root, 'test/e2e/browser/transport-client.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return clientScript;
}

/**
 * Carries the contract between a Chromium page and the real core: calls go
 * through `page.exposeBinding` into the same dispatcher the Electron bridge
 * uses (so validation is identical); events are pushed with `page.evaluate`.
 * The built renderer is served by request interception, with the CSP header
 * main's sesame-app:// handler applies.
 */
export async function installTransport(page: Page, service: Handlers): Promise<{ emit: Emit }> {
  const dispatch = createDispatcher(service, (error) => console.error('[transport] handler error', error));
  // Calls cross as JSON strings: Playwright serialises a binding's object values
  // one by one (≈1 s for 5,000 profile summaries), far slower than Electron's
  // structured-clone IPC; a string crosses in milliseconds, so tests and the UI
  // bench measure the app, not the harness. Contract payloads are plain JSON.
  await page.exposeBinding('__sesameInvoke', async (_source, method: string, payload: string) =>
    JSON.stringify(await dispatch(method, JSON.parse(payload) as unknown)),
  );
  await page.addInitScript({ content: await bundleClient() });
  await page.route(`${appOrigin}/**`, async (route) => {
    const target = resolveRendererFile(rendererDir, new URL(route.request().url()).pathname);
    if (!target) return route.fulfill({ status: 404 });
    try {
      const body = await readFile(target.file);
      // The same policy main sends from sesame-app://app, for this test origin.
      const headers = {
        'Content-Security-Policy': `default-src 'none'; script-src ${appOrigin}; style-src ${appOrigin}; img-src ${appOrigin} data:; font-src ${appOrigin}; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      };
      return await route.fulfill({ status: 200, body, contentType: target.contentType, headers });
    } catch {
      return await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  const emit: Emit = (event, payload) => {
    const checked = checkEvent(event, payload);
    // After the page closed, events are dropped, as Electron drops them for a destroyed window.
    void page.evaluate(([e, p]) => window.__sesameEmit(e, p), [event, checked] as const).catch(() => undefined);
  };
  return { emit };
}
