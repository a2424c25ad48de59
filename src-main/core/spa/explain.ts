import type { DiagnosisExplanation } from '../../contract/features/knock';
import type { Language } from '../../contract/locales';
import { explain } from '../diagnostics/explain';
import { translate } from '../i18n';
import type { SpaCause, SpaDiagnosis } from './diagnose';

/** One ranked cause in plain words: what, how sure, the server log line to look for, and the fix. */
export interface SpaCauseText {
  id: SpaCause['id'];
  confidence: SpaCause['confidence'];
  title: string;
  text: string;
  /** What to grep for in fwknopd's log. */
  log: string;
  fix: string;
  /** The line from the user's server log that confirmed it, when one was read. */
  logLine?: string;
}

export function spaCauseText(cause: SpaCause, language: Language): SpaCauseText {
  const t = translate(language, 'diagnostics');
  const key = `spa.causes.${cause.id}`;
  const which = cause.id === 'keys' && typeof cause.facts.which === 'string' ? `${key}.${cause.facts.which}` : `${key}.text`;
  return {
    id: cause.id,
    confidence: cause.confidence,
    title: t(`${key}.title`),
    text: t(which, cause.facts),
    log: t(`${key}.log`),
    fix: t(`${key}.fix`),
    ...(cause.logLine ? { logLine: cause.logLine.trim() } : {}),
  };
}

/** fwknopd's lines about packets, refusals and openings: what to grep on the server (Debian's unit is fwknop-server). */
const serverGrep =
  "journalctl -u fwknop-server --since -10min | grep -E 'SPA Packet from IP|HMAC_COMPAREFAIL|Non-corresponding HMAC|Decryption failed|time difference is too great|Replay detected|Got 0.0.0.0|was denied|Added access rule'";

/**
 * The `spa-filtered` explanation with its causes in this diagnosis's order, in
 * the same shape every other diagnosis has, so the window, the tray and the
 * CLI show it without knowing about SPA: the server lines that confirmed a
 * cause go in `notes`, the grep that finds them in `commands`.
 */
export function explainSpa(diagnosis: SpaDiagnosis, language: Language): DiagnosisExplanation {
  const t = translate(language, 'diagnostics');
  const base = explain('spa-filtered', language);
  const causes = diagnosis.causes.map((cause) => spaCauseText(cause, language));
  const lead = diagnosis.fromServerLog ? `${t('spa.fromServerLog')} ` : diagnosis.notInServerLog ? `${t('spa.notInServerLog')} ` : '';
  const confirmed = causes.flatMap((c) => (c.logLine ? [`${t('spa.serverLogLabel')}: ${c.logLine}`] : []));
  return {
    class: 'spa-filtered',
    title: base.title,
    summary: `${lead}${base.summary}`,
    causes: causes.map((c) => `${c.title} (${t(`spa.confidence.${c.confidence}`)}): ${c.text}${c.logLine ? '' : `\n    ${t('spa.serverLogLabel')}: ${c.log}`}`),
    fixes: [...new Set(causes.map((c) => c.fix))],
    ...(confirmed.length > 0 ? { notes: confirmed } : {}),
    commands: [`# ${t('spa.grepComment')}`, serverGrep],
  };
}
