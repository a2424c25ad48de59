import { locales, type Language } from './index';
import { createLookup, type Lookup } from './message-table';

/**
 * Validation messages in the UI language. The contract's zod schemas stay the
 * one source of truth and speak English (the CLI prints them as they are);
 * validation.<lang>.json maps each English message, verbatim, to its
 * translation. A Map, not i18next: the keys are sentences with ":" and ".",
 * which i18next would read as namespace and key separators. Entries with
 * {{placeholders}} are messages main builds at run time, such as the
 * duplicate-name check (`"web" is already used by another profile: …`).
 */
const lookups = new Map<Language, Lookup>(
  (Object.keys(locales) as Language[]).map((lang) => [lang, createLookup(locales.en.validation, locales[lang].validation)]),
);

/** One schema/INVALID_INPUT issue message in `language`; unknown messages come back unchanged (English). */
export function translateValidation(message: string, language: Language): string {
  return lookups.get(language)?.(message) ?? message;
}
