import { extname, join, normalize, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Maps a request path of the renderer's origin to a file in the built renderer
 * folder, refusing anything that would escape it ("/../", encoded or not).
 * Shared by the Electron protocol handler and the Chromium test transport, so
 * both serve exactly the same files the same way.
 */
export function resolveRendererFile(rendererDir: string, urlPath: string): { file: string; contentType: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = normalize(rendererDir);
  const file = normalize(join(root, relative));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  return { file, contentType: contentTypes[extname(file)] ?? 'application/octet-stream' };
}
