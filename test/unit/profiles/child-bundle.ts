import { build } from 'esbuild';
import { join } from 'node:path';

/** Bundles writer-child.ts into one plain .mjs so the tests can spawn it hundreds of times cheaply. */
export async function bundleWriterChild(outDir: string): Promise<string> {
  return bundleChild(join(import.meta.dirname, 'writer-child.ts'), join(outDir, 'writer-child.mjs'));
}

/** Bundles a TypeScript entry (a child process or worker of a test) into one plain .mjs. */
export async function bundleChild(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies (proper-lockfile, write-file-atomic) use require() and __filename; give the ESM bundle both.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url); const __filename = new URL(import.meta.url).pathname;",
    },
    external: ['@napi-rs/keyring'],
    logLevel: 'error',
  });
  return outfile;
}
