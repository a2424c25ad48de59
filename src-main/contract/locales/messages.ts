import { locales, type Language } from './index';
import { createLookup, type Lookup } from './message-table';
import { translateValidation } from './validation';

/**
 * Main's runtime messages (refusals, importer errors and warnings, launcher
 * checks) in the UI language. Main keeps speaking English (the CLI prints
 * it, logs stay greppable); messages.<lang>.json maps each sentence, or its
 * pattern, to a translation. Captured reasons are translated in turn, and a
 * list of field issues ("host: is empty…; knock.steps: …") is translated
 * issue by issue with the schema messages.
 */
const lookups = new Map<Language, Lookup>(
  (Object.keys(locales) as Language[]).map((lang) => [lang, createLookup(locales.en.messages.text, locales[lang].messages.text)]),
);

/** A field path in words: "knock.steps.0.port" → the longest known prefix, then step numbers and known field words. */
function fieldName(path: string, language: Language): string {
  const fields: Record<string, string> = locales[language].messages.fields;
  if (Object.hasOwn(fields, path)) return fields[path] as string;
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n -= 1) {
    const prefix = parts.slice(0, n).join('.');
    if (!Object.hasOwn(fields, prefix)) continue;
    const rest = parts.slice(n).map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : Object.hasOwn(fields, part) ? (fields[part] as string) : part));
    return [fields[prefix] as string, ...rest].join(' › ');
  }
  return path;
}

/** "path: message; path: message" (how main joins field issues) translated part by part; undefined if not that shape. */
function translateIssues(text: string, language: Language): string | undefined {
  const parts = text.split('; ');
  const out: string[] = [];
  for (const part of parts) {
    const colon = part.indexOf(': ');
    if (colon <= 0) return undefined;
    const message = part.slice(colon + 2);
    const translated = translateValidation(message, language);
    if (translated === message && language !== 'en') return undefined;
    out.push(`${fieldName(part.slice(0, colon), language)}: ${translated}`);
  }
  return out.join('; ');
}

function translate(message: string, language: Language, depth: number): string | undefined {
  const lookup = lookups.get(language);
  const fill = (name: string, value: string): string => {
    if (depth > 3) return value;
    // Reasons and issue lists are sentences of their own; names, paths and codes are data and stay as they are.
    if (name === 'issues') return translateIssues(value, language) ?? value;
    if (name === 'reason') return translate(value, language, depth + 1) ?? value;
    // A secret kind or service kind ("password", "ssh") reads as a word of the sentence; so does "the client" (a custom one).
    // So does the request field a launcher refusal names ("customTemplate.3" → its name, element 4).
    if (name === 'kind' || name === 'service' || name === 'what' || name === 'field' || name === 'client') return fieldName(value, language);
    return value;
  };
  const found = lookup?.(message, fill);
  if (found !== undefined) return found;
  const validation = translateValidation(message, language);
  if (validation !== message) return validation;
  // An fwknop variable leads its problem ("USE_HMAC: fwknop reads only…"): the name is data, the rest a sentence.
  const variable = depth <= 3 ? /^([A-Z][A-Z0-9_]*): (.+)$/s.exec(message) : null;
  if (variable?.[1] && variable[2]) {
    const rest = translate(variable[2], language, depth + 1);
    if (rest !== undefined) return `${variable[1]}: ${rest}`;
  }
  return translateIssues(message, language);
}

/** `message` in `language`, and whether a translation was found (unknown text comes back unchanged, in English). */
export function translateMessage(message: string, language: Language): { text: string; known: boolean } {
  if (language === 'en') return { text: message, known: true };
  const text = translate(message, language, 0);
  if (text !== undefined) return { text, known: true };
  // Already in Korean (main words some notices in the tray's language) — or main's English sentence
  // around words the CLI gave in Korean, which the pattern above has translated if it knows it.
  return { text: message, known: language === 'ko' && /[\uac00-\ud7a3]/.test(message) };
}
