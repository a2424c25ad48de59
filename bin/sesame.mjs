#!/usr/bin/env node
// `sesame`: runs the built command line (out/cli/sesame.mjs). Installed from
// npm or with the app, that is all this file does. In a dev checkout (the
// sources are next to it) it first rebuilds out/cli when it is missing or
// older than any file it was built from, saying so in one line on stderr, so
// `npx sesame` works straight after `npm ci` and after every edit.
import { existsSync } from 'node:fs';

const root = new URL('../', import.meta.url);

if (existsSync(new URL('src-main/cli/entry.ts', root))) {
  try {
    const { ensureCliBuilt } = await import('../scripts/build-cli.mjs');
    await ensureCliBuilt({ onBuild: (reason) => process.stderr.write(`sesame: building the command line into out/cli (${reason})…\n`) });
  } catch (error) {
    process.stderr.write(`sesame: could not build the command line: ${error.message}\n(run "npm ci" in ${new URL('.', root).pathname} first)\n`);
    process.exit(1);
  }
}

await import(new URL('out/cli/sesame.mjs', root).href);
