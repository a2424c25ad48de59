import { readFileSync } from 'node:fs';
import { commands } from './commands';
import { exitCodes, type CliIo } from './io';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: sesame <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run "sesame <command> --help" for a command\'s options and exit codes.',
    '',
  ].join('\n');
}

/** Entry point of the `sesame` command line; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(`sesame ${version()}\n`);
    return exitCodes.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`sesame: unknown command "${name}". Run "sesame --help" for the list.\n`);
    return exitCodes.usage;
  }
  return command.run(rest, io);
}
