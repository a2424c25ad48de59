import { locales, type Language } from './index';

/**
 * Validation messages in the UI language. The contract's zod schemas stay the
 * one source of truth and speak English (the CLI prints them as they are);
 * validation.<lang>.json maps each English message, verbatim, to its
 * translation. A Map, not i18next: the keys are sentences with ":" and ".",
 * which i18next would read as namespace and key separators.
 */
const tables = new Map<Language, ReadonlyMap<string, string>>(
  (Object.keys(locales) as Language[]).map((lang) => [lang, new Map(Object.entries(locales[lang].validation))]),
);

const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Entries with {{placeholders}} are messages main builds at run time, such as
 * the duplicate-name check (`"web" is already used by another profile: …`).
 */
const patterns = [...Object.keys(locales.en.validation)]
  .filter((key) => key.match(placeholder))
  .map((key) => ({
    key,
    regex: new RegExp(`^${key.split(placeholder).map((part, i) => (i % 2 === 1 ? `(?<${part}>.+)` : escapeRegExp(part))).join('')}$`, 's'),
  }));

/** One schema/INVALID_INPUT issue message in `language`; unknown messages come back unchanged (English). */
export function translateValidation(message: string, language: Language): string {
  const table = tables.get(language);
  if (!table) return message;
  const exact = table.get(message);
  if (exact !== undefined) return exact;
  for (const { key, regex } of patterns) {
    const match = regex.exec(message);
    const template = table.get(key);
    if (match?.groups && template !== undefined) return template.replace(placeholder, (_, name: string) => match.groups?.[name] ?? '');
  }
  return message;
}
