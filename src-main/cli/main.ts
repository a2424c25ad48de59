import { findCommand } from './commands/index';
import { exitCodes, type CliIo } from './io';
import { cliText } from './messages';
import { topHelp } from './help-text';

// Set by the build (scripts/build-cli.mjs) from package.json; absent when tests run the sources.
declare const __SESAME_VERSION__: string | undefined;

async function version(): Promise<string> {
  if (typeof __SESAME_VERSION__ === 'string') return __SESAME_VERSION__;
  const { readFileSync } = await import('node:fs');
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Entry point of the `sesame` command line; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(await topHelp(io.env));
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(`sesame ${await version()}\n`);
    return exitCodes.ok;
  }
  const entry = findCommand(name);
  if (!entry) {
    io.err(`sesame: ${cliText(io.env)('usage.unknownCommand', { name })}\n`);
    return exitCodes.usage;
  }
  return (await entry.load()).run(rest, io);
}
