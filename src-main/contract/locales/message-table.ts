/**
 * Looks up English sentences, verbatim, in a per-language table, the way the
 * contract's English texts (schema messages, main's runtime messages) are
 * shown in the UI language. Entries with {{placeholders}} are patterns for
 * messages built at run time; the captured parts can be translated in turn
 * (`fill`), e.g. a reason that is itself a known sentence.
 */
export type Lookup = (message: string, fill?: (name: string, value: string) => string) => string | undefined;

const placeholder = /\{\{\s*(\w+)\s*\}\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A key as a regular expression; a placeholder used twice ("{{path}} … {{path}}.ppk") must hold the same text both times. */
function patternOf(key: string): RegExp {
  const seen = new Set<string>();
  const parts = key.split(placeholder).map((part, i) => {
    if (i % 2 === 0) return escapeRegExp(part);
    if (seen.has(part)) return `\\k<${part}>`;
    seen.add(part);
    // A config variable (an fwknop or knockd name) is one word: ".fwknoprc line 1: VERBOSE comes before…"
    // must read as the "line {{line}}: {{reason}}" wrapper, not as a {{variable}} of ".fwknoprc line 1: VERBOSE".
    if (part === 'variable') return `(?<${part}>[A-Za-z_][A-Za-z0-9_]*)`;
    // A config value as fwknop reads it: its first word only.
    if (part === 'word') return `(?<${part}>\\S+)`;
    return `(?<${part}>.+?)`;
  });
  return new RegExp(`^${parts.join('')}$`, 's');
}

// Captures are lazy: in "line {{line}}: {{reason}}" the line number stops at the first ": ", the reason takes the rest.
export function createLookup(english: Record<string, string>, translated: Record<string, string> | undefined): Lookup {
  const table = new Map(Object.entries(translated ?? {}));
  // Longer, more specific patterns first: "knockd.conf {{reason}}" must not shadow a sentence of its own.
  const patterns = Object.keys(english)
    .filter((key) => key.match(placeholder))
    .sort((a, b) => b.replace(placeholder, '').length - a.replace(placeholder, '').length)
    .map((key) => ({
      key,
      regex: patternOf(key),
    }));
  return (message, fill = (_name, value) => value) => {
    const exact = table.get(message);
    if (exact !== undefined) return exact;
    for (const { key, regex } of patterns) {
      const match = regex.exec(message);
      const template = table.get(key);
      if (match?.groups && template !== undefined) return template.replace(placeholder, (_, name: string) => fill(name, match.groups?.[name] ?? ''));
    }
    return undefined;
  };
}
