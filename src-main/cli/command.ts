import { parseArgs } from 'node:util';
import { commandHelp } from './help-text';
import { exitCodes, type CliCommand, type CliIo } from './io';
import { cliText, terminalLanguage, type CliKey, type CliText } from './messages';

/** A message of the cli locale: list values are joined as "a, b or c" in the terminal's language. */
export interface CliMessage {
  key: CliKey;
  values?: Record<string, string | number | readonly string[]>;
  /** Values that are contract/schema messages (English), translated through the validation table. */
  validation?: string[];
}

/**
 * A bad command line: printed as `sesame CMD: MESSAGE` with a pointer to `--help`, exit code 2.
 * Built from a {@link CliMessage}, it speaks the terminal's language; a plain string is printed as it is.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly text: CliMessage | undefined;
  constructor(message: string | CliMessage) {
    super(typeof message === 'string' ? message : renderMessage(cliText({}), message));
    this.text = typeof message === 'string' ? undefined : message;
  }
}

function orList(words: readonly string[], or = 'or'): string {
  return words.length <= 2 ? words.join(` ${or} `) : `${words.slice(0, -1).join(', ')} ${or} ${words.at(-1)}`;
}

/** A message in the terminal's language (lists joined with its "or"). */
export function renderMessage(t: CliText, { key, values = {} }: CliMessage): string {
  const flat = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? orList(v, t('common.or')) : (v as string | number)]));
  return t(key, flat);
}

/**
 * How a usage error reads in the terminal's language. Outside English, a plain
 * message (a knock step's or an SPA setting's complaint, worded by the core) and
 * the schema/core messages among the values go through main's messages table.
 */
export async function usageText(error: UsageError, env: NodeJS.ProcessEnv): Promise<string> {
  const language = terminalLanguage(env);
  const text = error.text;
  if (language === 'en') return text ? renderMessage(cliText(env), text) : error.message;
  if (text && !text.validation?.length) return renderMessage(cliText(env), text);
  // Loaded only here: the tables hold every schema and core message, and a knock that parses never needs them.
  const { translateMessage } = await import('../contract/locales/messages');
  if (!text) {
    // Line by line: an rc file's problems come one per line as "FILE:LINE: VARIABLE: message".
    return error.message
      .split('\n')
      .map((line) => {
        const at = /^(\S+:\d+: [A-Z][A-Z0-9_]*: )(.+)$/.exec(line);
        return at ? `${at[1]}${translateMessage(at[2]!, language).text}` : translateMessage(line, language).text;
      })
      .join('\n');
  }
  const values = { ...text.values };
  for (const name of text.validation ?? []) if (typeof values[name] === 'string') values[name] = translateMessage(values[name], language).text;
  return renderMessage(cliText(env), { ...text, values });
}

/** What shell completion offers for a value: profile names, file names, or a fixed list of words. */
export type ValueCompletion = 'profile' | 'file' | 'none' | readonly string[];

/**
 * One option, in the shape `util.parseArgs` takes, plus what `--help`-independent
 * tools need: `choices` are enforced here and offered by completion; `value`
 * names the argument for completion (a profile, a file) when there are no choices.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean;
  choices?: readonly string[];
  value?: ValueCompletion;
}
export type OptionSpecs = Record<string, OptionSpec>;

/** Positional arguments for completion: one entry per position, `rest` for any further ones; `actions` for `profiles list|show|…`. */
export interface ArgsSpec {
  args?: readonly ValueCompletion[];
  rest?: ValueCompletion;
  actions?: Readonly<Record<string, Omit<ArgsSpec, 'actions'>>>;
}

/** Everything about a command except what it does: its parser, its help text, its completion. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  name: string;
  /** The whole `--help` text; every option in `options` must appear in it (a unit test checks). */
  help: string;
  options: O;
  positionals?: ArgsSpec;
}

type Value<S extends OptionSpec> = S['type'] extends 'boolean'
  ? S['multiple'] extends true
    ? boolean[]
    : boolean
  : S['multiple'] extends true
    ? string[]
    : S['choices'] extends readonly (infer C)[]
      ? C
      : string;

/** Parsed option values: a key is present only when the option was given (or has a default). */
export type OptionValues<O extends OptionSpecs> = { [K in keyof O]?: Value<O[K]> };

export interface ParsedArgs<O extends OptionSpecs> {
  values: OptionValues<O>;
  positionals: string[];
}

/** A command as `sesame` runs it, with its spec for help and completion. */
export interface SpecCommand<O extends OptionSpecs = OptionSpecs> extends CliCommand {
  spec: CommandSpec<O>;
  /** Parses argv the way `run` does (throws {@link UsageError}); exported for tests. */
  parse(argv: string[]): ParsedArgs<O>;
}

const helpOption = { help: { type: 'boolean', short: 'h' } } as const;

/** parseArgs' messages are long and name Node's API; say the same thing the way the classic tools do. */
function usageMessage(error: unknown): string | CliMessage {
  const message = (error as Error).message ?? String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return { key: 'usage.unknownOption', values: { option: unknown[1]! } };
  const missing = /^Option '(?:(-\w), )?(--?[\w-]+)(?: <value>)?' argument missing/.exec(message);
  if (missing) return { key: 'usage.needsValue', values: { option: `${missing[1] ? `${missing[1]}/` : ''}${missing[2]!}` } };
  const ambiguous = /^Option '(--?[\w-]+)' argument is ambiguous/.exec(message);
  if (ambiguous) return { key: 'usage.ambiguous', values: { option: ambiguous[1]! } };
  const noValue = /^Option '(?:-\w, )?(--?[\w-]+)' does not take an argument/.exec(message);
  if (noValue) return { key: 'usage.takesNoValue', values: { option: noValue[1]! } };
  return message;
}

/** `util.parseArgs` over the spec's options (plus -h/--help), with `choices` checked. */
export function parseCommandLine<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): ParsedArgs<O> & { help: boolean } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean; default?: string | boolean }> = { ...helpOption };
  for (const [name, { type, short, multiple, default: fallback }] of Object.entries(spec.options)) {
    options[name] = { type, ...(short ? { short } : {}), ...(multiple ? { multiple } : {}), ...(fallback !== undefined ? { default: fallback } : {}) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(usageMessage(error));
  }
  const { help, ...values } = parsed.values as Record<string, unknown>;
  if (help) return { values: {}, positionals: parsed.positionals, help: true };
  for (const [name, option] of Object.entries(spec.options)) {
    const given = values[name];
    if (!option.choices || given === undefined) continue;
    for (const value of Array.isArray(given) ? given : [given]) {
      if (!option.choices.includes(value as string)) throw new UsageError({ key: 'usage.mustBe', values: { name, choices: option.choices, value: String(value) } });
    }
  }
  return { values: values as OptionValues<O>, positionals: parsed.positionals, help: false };
}

/**
 * Builds a command from its spec and what it does. The parser, `--help`,
 * usage errors (exit 2) and the option list that completion offers all come
 * from the one spec, so adding an option is one entry in `options` plus its
 * line in `help`.
 */
export function defineCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  run: (args: ParsedArgs<O>, io: CliIo) => Promise<number>,
): SpecCommand<O> {
  return {
    name: spec.name,
    spec,
    parse: (argv) => {
      const { help: _help, ...parsed } = parseCommandLine(spec, argv);
      return parsed;
    },
    async run(argv, io) {
      try {
        const { help, ...parsed } = parseCommandLine(spec, argv);
        if (help) {
          io.out(await commandHelp(spec, parsed.positionals[0], io.env));
          return exitCodes.ok;
        }
        return await run(parsed, io);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        io.err(`sesame ${spec.name}: ${await usageText(error, io.env)}\n${cliText(io.env)('usage.footer', { command: spec.name })}\n`);
        return exitCodes.usage;
      }
    },
  };
}
