import type { CliCommand } from '../io';
import { connectCommand } from './connect';
import { knockCommand } from './knock';
import { probeCommand } from './probe';
import { profilesCommand } from './profiles';
import { secretCommand } from './secret';

/** Every `sesame` subcommand, in the order `--help` lists them. */
export const commands: CliCommand[] = [connectCommand, knockCommand, probeCommand, profilesCommand, secretCommand];
