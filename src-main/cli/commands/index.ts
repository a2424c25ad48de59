import type { CliCommand } from '../io';

/** Every `sesame` subcommand, in the order `--help` lists them. */
export const commands: CliCommand[] = [];
