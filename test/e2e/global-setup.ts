import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Builds the renderer once if no build is there (run-all.mjs builds before this anyway). */
export default function globalSetup(): void {
  if (existsSync('out/renderer/index.html') && process.env.SESAME_E2E_REBUILD !== '1') return;
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
}
