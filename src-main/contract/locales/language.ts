export const supportedLanguages = ['en', 'ko'] as const;
export type Language = (typeof supportedLanguages)[number];

/**
 * Maps an OS/browser locale ("ko-KR", "en_US") to a UI language; English otherwise.
 * Apart from ./index so the CLI can pick a language without loading every locale file.
 */
export function pickLanguage(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_.]/)[0];
  return supportedLanguages.find((lang) => lang === base) ?? 'en';
}
