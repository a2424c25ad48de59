import type { Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkEvent, createDispatcher, type Emit, type Handlers } from '../../src-main/contract';

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

const mime: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/**
 * Carries the contract between a Chromium page and the real core: calls go
 * through `page.exposeBinding` into the same dispatcher the Electron bridge
 * uses (so validation is identical); events are pushed with `page.evaluate`.
 * The built renderer is served by request interception, with the CSP header
 * Electron would apply.
 */
export async function installTransport(page: Page, service: Handlers): Promise<{ emit: Emit }> {
  const dispatch = createDispatcher(service, (error) => console.error('[transport] handler error', error));
  await page.exposeBinding('__sesameInvoke', (_source, method: string, payload: unknown) => dispatch(method, payload));
  await page.addInitScript({ content: await bundleClient() });
  await page.route(`${appOrigin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = normalize(join(rendererDir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(rendererDir)) return route.fulfill({ status: 403 });
    try {
      const body = await readFile(file);
      return await route.fulfill({ status: 200, body, contentType: mime[extname(file)] ?? 'application/octet-stream' });
    } catch {
      return await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  const emit: Emit = (event, payload) => {
    const checked = checkEvent(event, payload);
    void page.evaluate(([e, p]) => window.__sesameEmit(e, p), [event, checked] as const);
  };
  return { emit };
}
