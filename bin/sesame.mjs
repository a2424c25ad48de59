#!/usr/bin/env node
// The CLI runs from TypeScript sources through tsx's loader, so `npx sesame`
// works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src-main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdin: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  env: process.env,
});
