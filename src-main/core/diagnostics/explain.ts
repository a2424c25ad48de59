import type { DiagnosisClass, DiagnosisExplanation } from '../../contract/features/knock';
import type { Language } from '../../contract/locales';
import { translate } from '../i18n';

function list(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** The plain-language explanation of a diagnosis class, in `language` (English when missing). */
export function explain(cls: DiagnosisClass, language: Language): DiagnosisExplanation {
  const t = translate(language, 'diagnostics');
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
  return translate(language, 'diagnostics')(key);
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
