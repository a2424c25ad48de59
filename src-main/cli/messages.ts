import en from '../contract/locales/cli.en.json' with { type: 'json' };
import ko from '../contract/locales/cli.ko.json' with { type: 'json' };
import { pickLanguage, type Language } from '../contract/locales/language';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** A message of the `cli` locale namespace, as "group.key". */
export type CliKey = Leaves<typeof en>;
export type CliText = (key: CliKey, values?: Record<string, string | number>) => string;

const tables: Record<Language, unknown> = { en, ko };

function lookup(table: unknown, key: string): string | undefined {
  let node = table;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

/** The language of the terminal, the way gettext picks it: LC_ALL, then LC_MESSAGES, then LANG. */
export function terminalLanguage(env: NodeJS.ProcessEnv): Language {
  return pickLanguage(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

/**
 * The CLI's words in the terminal's language, from src-main/contract/locales/cli.*.json.
 * Not i18next: `sesame knock` and `sesame connect` must not load it at start
 * (test/unit/cli/built-cli.test.ts), and two small tables with "{{name}}"
 * placeholders need nothing more. English fills any key a language lacks.
 */
export function cliText(env: NodeJS.ProcessEnv): CliText {
  const table = tables[terminalLanguage(env)];
  return (key, values = {}) => {
    const template = lookup(table, key) ?? lookup(en, key) ?? key;
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}

/** A path or word as the user's shell takes it back: bare when safe, else quoted (PowerShell/cmd style on Windows). */
export function shellArg(word: string, platform: NodeJS.Platform = process.platform): string {
  if (/^[A-Za-z0-9_@%+=:,./\\~-]+$/.test(word) && !(platform !== 'win32' && word.includes('\\'))) return word;
  return platform === 'win32' ? `"${word.replace(/"/g, '""')}"` : `'${word.replace(/'/g, `'\\''`)}'`;
}
