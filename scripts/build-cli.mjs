// (No shebang: electron.vite.config.ts bundles this file into its config, and a shebang mid-bundle is a syntax error.)
// Builds the `sesame` command line into out/cli: one ESM entry (sesame.mjs),
// one chunk per lazily loaded command, and the askpass helper OpenSSH runs.
// Run by the electron-vite build (electron.vite.config.ts), so `npm run build`
// and `npm test` build it beside main/preload/renderer, and by bin/sesame.mjs
// in a dev checkout when out/cli is missing or older than its sources.
//
// Why esbuild and not a fourth electron-vite entry: the CLI is one program for
// three runtimes (plain Node from npm, Node in a dev checkout, the app's
// Electron as Node) and must start fast, so it gets its own bundle with code
// splitting (a chunk per command) and its pure-JS dependencies inlined; main's
// bundle stays as it is.
//
// Layout rules the code relies on:
// - flat folder: core/launcher/system.ts finds the helper as
//   `new URL('./askpass-helper.mjs', import.meta.url)` from whichever chunk it
//   lands in, so the helper must sit beside every chunk;
// - .mjs everywhere: in the packaged app out/cli lives in app.asar.unpacked,
//   where no package.json says "type": "module";
// - only @napi-rs/keyring stays external (native binaries); the packaged app
//   unpacks it next to out/cli (electron-builder.yml asarUnpack).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

export const cliOutDir = 'out/cli';
export const buildInfoFile = 'build-info.json';

/**
 * zod's `z` namespace re-exports all ~45 of its message locales (about 300 kB
 * of the CLI's largest chunk, parsed on every `profiles`/`connect` start);
 * esbuild cannot drop them because `z` is used as a whole object. Sesame's
 * schemas carry their own messages and never switch zod's locale (zod sets
 * English itself, from locales/en.js, on first use), so the CLI bundle keeps
 * English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/en.js'), namespace: 'zod-en' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/** Files whose change makes a build stale besides the bundle's own inputs. */
const alsoWatched = ['package.json', 'package-lock.json', 'scripts/build-cli.mjs'];

/**
 * Builds out/cli and writes out/cli/build-info.json: the time the build
 * started and every local file it read, which bin/sesame.mjs compares
 * against to decide whether a dev checkout needs a rebuild.
 */
export async function buildCli({ root = defaultRoot } = {}) {
  const startedAt = Date.now();
  const outdir = join(root, cliOutDir);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // Loaded here, not at the top: bin/sesame.mjs imports this file on every run for the freshness check.
  const { build } = await import('esbuild');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { sesame: 'src-main/cli/entry.ts', 'askpass-helper': 'src-main/core/launcher/askpass-helper.mjs' },
    outdir,
    entryNames: '[name]',
    chunkNames: '[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: `node${pkg.engines.node.replace(/^>=\s*/, '').split('.')[0]}`,
    external: ['@napi-rs/keyring'],
    // CommonJS dependencies (write-file-atomic, proper-lockfile) call require() for Node's built-ins and read __filename.
    banner: {
      js: [
        "import { createRequire as __sesameRequire } from 'node:module';",
        "import { fileURLToPath as __sesamePath } from 'node:url';",
        'const require = __sesameRequire(import.meta.url);',
        'const __filename = __sesamePath(import.meta.url);',
      ].join(' '),
    },
    // __SESAME_BUILD__: new on every build, the key of what the CLI remembers of its files (src-main/cli/build-id.ts).
    define: { __SESAME_VERSION__: JSON.stringify(pkg.version), __SESAME_BUILD__: JSON.stringify(`${pkg.version}+${startedAt.toString(36)}.${randomBytes(4).toString('hex')}`) },
    minifySyntax: true,
    minifyWhitespace: true,
    legalComments: 'none',
    plugins: [zodEnglishOnly],
    metafile: true,
    logLevel: 'error',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((file) => !file.startsWith('node_modules/') && !file.includes(`${sep}node_modules${sep}`))
    .map((file) => relative(root, join(root, file)).split(sep).join('/'));
  const info = { startedAt, inputs: [...new Set([...inputs, ...alsoWatched])].sort() };
  writeFileSync(join(outdir, buildInfoFile), `${JSON.stringify(info, null, 1)}\n`);
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return { outdir, info, metafile: result.metafile };
}

/** Why out/cli must be rebuilt, or undefined when it is up to date with every file it was built from. */
export function staleReason({ root = defaultRoot } = {}) {
  let info;
  try {
    info = JSON.parse(readFileSync(join(root, cliOutDir, buildInfoFile), 'utf8'));
  } catch {
    return 'out/cli is not built yet';
  }
  if (!existsSync(join(root, cliOutDir, 'sesame.mjs'))) return 'out/cli is incomplete';
  for (const file of info.inputs) {
    let mtime;
    try {
      mtime = statSync(join(root, file)).mtimeMs;
    } catch {
      return `${file} is gone`;
    }
    if (mtime >= info.startedAt) return `${file} changed`;
  }
  return undefined;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds out/cli when it is stale, one build at a time: tests and users may
 * start several `sesame` at once after an edit. The lock is a directory
 * (mkdir is atomic); one older than two minutes is a crashed build's and is
 * taken over. `onBuild` hears the reason just before a build starts.
 * Returns whether this call built.
 */
export async function ensureCliBuilt({ root = defaultRoot, onBuild = () => {} } = {}) {
  if (!staleReason({ root })) return false;
  const lock = join(root, 'out', '.cli-build-lock');
  mkdirSync(join(root, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let age;
      try {
        age = Date.now() - statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile
      }
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    const reason = staleReason({ root });
    if (!reason) return false; // another process built it while we waited
    onBuild(reason);
    await buildCli({ root });
    return true;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// `node scripts/build-cli.mjs` builds; `--if-stale` (npm's prepack) only when the sources changed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale')) await ensureCliBuilt();
  else await buildCli();
}
