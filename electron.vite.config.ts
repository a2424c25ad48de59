import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildCli } from './scripts/build-cli.mjs';

/** The `sesame` command line (out/cli) is built with the app, so every build ships both (see scripts/build-cli.mjs). */
const sesameCli: Plugin = { name: 'sesame-cli', apply: 'build', closeBundle: async () => void (await buildCli()) };

// Our folders are not electron-vite's defaults (src/main, src/preload, src/renderer),
// so every entry is named explicitly.
export default defineConfig({
  main: {
    plugins: [sesameCli],
    build: {
      outDir: 'out/main',
      // The askpass helper is a program of its own (run by OpenSSH), built beside main.js.
      rollupOptions: {
        input: { main: resolve('src-main/electron/main.ts'), 'askpass-helper': resolve('src-main/core/launcher/askpass-helper.mjs') },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require() anything but 'electron': bundle zod in.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('src-main/electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      // electron-vite leaves bundles unminified; the renderer is parsed on every window open.
      minify: true,
      outDir: resolve('out/renderer'),
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
