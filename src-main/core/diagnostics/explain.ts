import i18next, { type i18n } from 'i18next';
import type { DiagnosisClass, DiagnosisExplanation } from '../../contract/features/knock';
import { locales, namespaces, type Language } from '../../contract/locales';

let instance: i18n | undefined;

// The same resources and fallback the renderer uses (src-renderer/src/i18n),
// so the window and the terminal print the same words.
function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: locales,
      ns: [...namespaces],
      defaultNS: 'diagnostics',
      lng: 'en',
      fallbackLng: 'en',
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  return instance;
}

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The plain-language explanation of a diagnosis class, in `language` (English when missing). */
export function explain(cls: DiagnosisClass, language: Language): DiagnosisExplanation {
  const t = translator().getFixedT(language, 'diagnostics');
  const key = `classes.${cls}`;
  return {
    class: cls,
    title: t(`${key}.title`),
    summary: t(`${key}.summary`),
    causes: list(t(`${key}.causes`, { returnObjects: true })),
    fixes: list(t(`${key}.fixes`, { returnObjects: true })),
  };
}

/** A label or hint from the diagnostics namespace ("labels.causes", "hints.ftpPassive.text"). */
export function diagnosticsText(key: string, language: Language): string {
  return translator().getFixedT(language, 'diagnostics')(key);
}

/** Renders an explanation as plain text for a terminal. */
export function formatExplanation(explanation: DiagnosisExplanation, language: Language): string {
  const bullet = (items: string[]): string[] => items.map((item) => `  - ${item}`);
  return [
    `${explanation.title}`,
    explanation.summary,
    '',
    `${diagnosticsText('labels.causes', language)}:`,
    ...bullet(explanation.causes),
    '',
    `${diagnosticsText('labels.fixes', language)}:`,
    ...bullet(explanation.fixes),
    '',
  ].join('\n');
}
