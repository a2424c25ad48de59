import type { ArgsSpec, ValueCompletion } from '../command';
import { commands } from '../commands/index';

export interface OptionModel {
  long: string;
  short?: string;
  /** Undefined for flags; what to offer for an option's value otherwise. */
  value?: ValueCompletion;
  description: string;
}

export interface CommandModel {
  name: string;
  summary: string;
  options: OptionModel[];
  positionals: ArgsSpec;
}

/** Every command's options and arguments, from the specs the parser uses (loads every command module: script generation only). */
export async function completionModel(): Promise<CommandModel[]> {
  const out: CommandModel[] = [];
  for (const entry of commands) {
    const { spec } = await entry.load();
    const options: OptionModel[] = Object.entries(spec.options).map(([long, o]) => ({
      long,
      ...(o.short ? { short: o.short } : {}),
      ...(o.type === 'string' ? { value: o.choices ?? o.value ?? 'none' } : {}),
      description: describeOption(spec.help, long),
    }));
    options.push({ long: 'help', short: 'h', description: 'show this command\'s help' });
    out.push({ name: entry.name, summary: entry.summary, options, positionals: spec.positionals ?? {} });
  }
  return out;
}

/** The words after `--name VALUE` on its help line, for shells that show descriptions (fish, PowerShell). */
function describeOption(help: string, long: string): string {
  const line = help.split('\n').find((l) => new RegExp(`(^|[\\s,])--${long}(?![\\w-])`).test(l) && /^\s+-/.test(l));
  if (!line) return '';
  return line.replace(/^\s*(-\w,\s*)?--[\w-]+(=\S+|\s+[A-Z][A-Z_|.]*)?\s*/, '').trim();
}
