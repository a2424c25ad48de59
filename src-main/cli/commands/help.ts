import { defineCommand, UsageError } from '../command';
import { commandHelp, topHelp } from '../help-text';
import { exitCodes } from '../io';
import { commands, findCommand } from './index';

const help = `Usage: sesame help [COMMAND [ACTION]]

Shows the help of COMMAND (the same text as "sesame COMMAND --help"), or of
one action ("sesame help profiles export" = "sesame profiles export --help"),
or the list of commands.
`;

export const helpSpec = { name: 'help', help, options: {}, positionals: { args: [commands.map((c) => c.name)] } } as const;

export const command = defineCommand(helpSpec, async ({ positionals }, io) => {
  const [name, action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError({ key: 'usage.helpArgs' });
  if (name === undefined) {
    io.out(await topHelp(io.env));
    return exitCodes.ok;
  }
  const entry = findCommand(name);
  if (!entry) throw new UsageError({ key: 'usage.helpUnknown', values: { name, names: commands.map((c) => c.name).join(', ') } });
  const { spec } = await entry.load();
  if (action !== undefined && !spec.positionals?.actions?.[action]) throw new UsageError({ key: 'usage.helpArgs' });
  io.out(await commandHelp(spec, action, io.env));
  return exitCodes.ok;
});
