import type { Frame, Page } from '@playwright/test';
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher, type Emit, type Handlers } from '../../src-main/contract';
import { resolveRendererFile } from '../../src-main/core/renderer-files';
import { createEmitter, registerBridge } from '../../src-main/electron/ipc-bridge';
import { rendererCsp, rendererOrigin } from '../../src-main/electron/renderer-policy';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rendererDir = join(root, 'out', 'renderer');

/** The origin the built renderer is served from; requests never leave the browser (page.route). */
export const appOrigin = 'http://sesame.test';
/** The production policy, for this origin: a change to main's CSP changes what the e2e page runs under. */
export const appCsp = rendererCsp.replaceAll(rendererOrigin, appOrigin);

let preloadScript: Promise<string> | undefined;

/** The real preload (src-main/electron/preload.ts), bundled with a browser stand-in for `electron`. */
function bundlePreload(): Promise<string> {
  preloadScript ??= build({
    entryPoints: [join(root, 'src-main/electron/preload.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    alias: { electron: join(root, 'test/e2e/browser/electron-shim.ts') },
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return preloadScript;
}

interface BindingEvent {
  sender: Page;
  senderFrame: Frame;
}

/**
 * Carries the contract between a Chromium page and the real core with the
 * production pieces at both ends: the real preload runs in the page (over a
 * Playwright binding instead of ipcRenderer), main's real IPC bridge and
 * emitter run in Node, with a sender check that, like main's, accepts only
 * this page's top frame on the app's origin. The built renderer is served by
 * request interception with the production CSP.
 */
export async function installTransport(page: Page, service: Handlers): Promise<{ emit: Emit }> {
  const dispatch = createDispatcher(service, (error) => console.error('[transport] handler error', error));
  const handlers = new Map<string, (event: BindingEvent, payload: unknown) => unknown>();
  registerBridge(
    { handle: (channel, handler) => void handlers.set(channel, handler as never), removeHandler: (channel) => void handlers.delete(channel) },
    dispatch,
    (event) => {
      const { sender, senderFrame } = event as unknown as BindingEvent;
      return sender === page && senderFrame === page.mainFrame() && new URL(senderFrame.url()).origin === appOrigin;
    },
  );
  // Calls cross as JSON strings: Playwright serialises a binding's object values
  // one by one (≈1 s for 5,000 profile summaries), far slower than Electron's
  // structured-clone IPC; a string crosses in milliseconds, so tests and the UI
  // bench measure the app, not the harness. Contract payloads are plain JSON.
  await page.exposeBinding('__sesameInvoke', async (source, channel: string, payload: string) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return JSON.stringify(await handler({ sender: source.page, senderFrame: source.frame }, JSON.parse(payload) as unknown));
  });
  await page.addInitScript({ content: await bundlePreload() });
  await page.route(`${appOrigin}/**`, async (route) => {
    const target = resolveRendererFile(rendererDir, new URL(route.request().url()).pathname);
    if (!target) return route.fulfill({ status: 404 });
    try {
      const body = await readFile(target.file);
      return await route.fulfill({ status: 200, body, contentType: target.contentType, headers: { 'Content-Security-Policy': appCsp } });
    } catch {
      return await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  // Main's emitter (validates every event), delivering to the page; after the page closed, events
  // are dropped, as Electron drops them for a destroyed window.
  const emit = createEmitter(() => ({
    isDestroyed: () => page.isClosed(),
    send: (channel: string, payload: unknown) => void page.evaluate(([c, p]) => window.__sesameEmit(c, p), [channel, payload] as const).catch(() => undefined),
  }) as never);
  return { emit };
}
