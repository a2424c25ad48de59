import { describe, expect, it } from 'vitest';
import { locales, namespaces, pickLanguage, supportedLanguages } from '../../../src-main/contract/locales';

/** Flattens nested resources to "a.b.c" → value. */
function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  } else out.set(prefix, value);
  return out;
}
const placeholders = (text: unknown) => [...String(text).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  it.each(namespaces)('namespace "%s" has the same keys, non-empty, in every language', (ns) => {
    const english = flatten(locales.en[ns]);
    for (const lang of supportedLanguages) {
      const other = flatten(locales[lang][ns]);
      const missing = [...english.keys()].filter((k) => !other.has(k));
      const extra = [...other.keys()].filter((k) => !english.has(k));
      expect({ lang, missing, extra }).toEqual({ lang, missing: [], extra: [] });
      for (const [key, text] of other) {
        expect(String(text).trim(), `${lang}:${ns}.${key} is empty`).not.toBe('');
        expect(placeholders(text), `${lang}:${ns}.${key} placeholders`).toEqual(placeholders(english.get(key)));
      }
    }
  });

  it('maps OS locales to a shipped language', () => {
    expect(pickLanguage('ko-KR')).toBe('ko');
    expect(pickLanguage('ko_KR.UTF-8')).toBe('ko');
    expect(pickLanguage('en-GB')).toBe('en');
    expect(pickLanguage('fr-FR')).toBe('en');
    expect(pickLanguage(undefined)).toBe('en');
  });
});
