import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { resolveRendererFile } from '../core/renderer-files';
import { rendererCsp, rendererScheme } from './renderer-policy';

export { rendererCsp, rendererOrigin, rendererScheme } from './renderer-policy';

/**
 * The renderer is served from `sesame-app://app/`, not `file://` (Electron
 * security checklist: a custom protocol confines what the page can load, and
 * lets every response carry our CSP header). Must run before `app.whenReady()`.
 */
export function registerRendererScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: rendererScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(rendererScheme, async (request) => {
    const url = new URL(request.url);
    const target = url.host === 'app' ? resolveRendererFile(rendererDir, url.pathname) : undefined;
    if (!target) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(target.file);
      return new Response(body, {
        headers: {
          'Content-Type': target.contentType,
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': rendererCsp,
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
}
