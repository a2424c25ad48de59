// The program `sesame` runs (bundled to out/cli/sesame.mjs). Kept apart from
// main.ts so tests can call `main` with their own io without starting a process.
import * as nodeModule from 'node:module';
import { main } from './main';

// Node 22.1+ (and the app's Electron 45) keep V8's compiled code for our chunks
// between runs (in the temp folder), so a start compiles only what changed.
// Absent on Node 20: then every start compiles, as before.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

// Inside the app's Electron binary the launcher set ELECTRON_RUN_AS_NODE; it has
// done its job, and clients (ssh, lftp) or Electron apps they start must not inherit it.
if (typeof process.versions.electron === 'string') delete process.env.ELECTRON_RUN_AS_NODE;

process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  env: process.env,
});
