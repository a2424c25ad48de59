import { commands } from './commands/index';

/** `sesame --help`: the command list, from the table alone (no command module is loaded). */
export function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: sesame <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "sesame help <command>" or "sesame <command> --help" for its options and exit codes.',
    '',
  ].join('\n');
}
