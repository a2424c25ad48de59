import diagnosticsEn from './diagnostics.en.json' with { type: 'json' };
import diagnosticsKo from './diagnostics.ko.json' with { type: 'json' };
import shellEn from './shell.en.json' with { type: 'json' };
import shellKo from './shell.ko.json' with { type: 'json' };
import uiEn from './ui.en.json' with { type: 'json' };
import uiKo from './ui.ko.json' with { type: 'json' };
import validationEn from './validation.en.json' with { type: 'json' };
import validationKo from './validation.ko.json' with { type: 'json' };

/**
 * All user-facing text, in every shipped language, shared by the renderer and
 * the CLI (so a diagnosis reads the same in the window and the terminal).
 * One i18next namespace per file; `ui` is the default namespace. `validation`
 * is keyed by the schemas' English messages, whole sentences full of ":" and
 * ".", so read it through `translateValidation` (./validation), not `t()`.
 */
export const locales = {
  en: { ui: uiEn, diagnostics: diagnosticsEn, shell: shellEn, validation: validationEn },
  ko: { ui: uiKo, diagnostics: diagnosticsKo, shell: shellKo, validation: validationKo },
} as const;

export const supportedLanguages = ['en', 'ko'] as const;
export type Language = (typeof supportedLanguages)[number];
export const namespaces = ['ui', 'diagnostics', 'shell', 'validation'] as const;

/** Maps an OS/browser locale ("ko-KR", "en_US") to a UI language; English otherwise. */
export function pickLanguage(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_.]/)[0];
  return supportedLanguages.find((lang) => lang === base) ?? 'en';
}
