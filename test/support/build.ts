import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
/** What electron-vite builds and the tests load: the main bundle, the preload and the renderer. */
export const built = {
  main: join(root, 'out', 'main', 'main.js'),
  preload: join(root, 'out', 'preload', 'preload.cjs'),
  rendererDir: join(root, 'out', 'renderer'),
  rendererIndex: join(root, 'out', 'renderer', 'index.html'),
};
const sources = ['src-main', 'src-renderer', 'electron.vite.config.ts', 'package.json'];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newest(join(path, name))), stat.mtimeMs);
}

function oldestOutput(): number {
  try {
    return Math.min(...[built.main, built.preload, built.rendererIndex].map((file) => statSync(file).mtimeMs));
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** True when a source is newer than the build (or there is none): a test of `out/` would test old code. */
export function buildIsStale(): boolean {
  return Math.max(...sources.map((s) => newest(join(root, s)))) > oldestOutput();
}

/** Builds main, preload and renderer when the build is missing or older than its sources. */
export function ensureBuild(): void {
  if (!buildIsStale() && process.env.SESAME_E2E_REBUILD !== '1') return;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}
