import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosisClass, RunStage } from '../../../src-main/contract/features/knock';
import { useMessageText } from '../i18n/use-message-text';
import { copyText } from '../lib/copy-text';

/**
 * What went wrong, why, and what to do on the server. The texts come from the
 * knock feature's `diagnostics` namespace, which the CLI prints too, so the
 * window and the terminal explain a failure in the same words.
 */
export function DiagnosisCard({
  diagnosis,
  host,
}: {
  diagnosis: { class: DiagnosisClass; stage: RunStage; detail?: string };
  host: string | undefined;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<string | undefined>();
  const messageText = useMessageText();
  const base = `diagnostics:classes.${diagnosis.class}`;
  const causes = t(`${base}.causes`, { returnObjects: true }) as unknown as string[];
  const fixes = t(`${base}.fixes`, { returnObjects: true }) as unknown as string[];
  const commands = t(`diagnosis.commandList.${diagnosis.class}`, { returnObjects: true, host: host ?? 'HOST' }) as unknown as string[];

  return (
    <section className="diagnosis" aria-labelledby="diagnosis-title" data-testid="diagnosis-card">
      <p className="diagnosis-kicker">
        {t('diagnosis.heading')} · {t(`diagnosis.stage.${diagnosis.stage}`)}
      </p>
      <h3 id="diagnosis-title">{t(`${base}.title`)}</h3>
      <p>{t(`${base}.summary`)}</p>
      {diagnosis.detail ? (
        <p className="hint">
          {t('diagnosis.detailLabel')} <code translate="no">{messageText(diagnosis.detail).text}</code>
        </p>
      ) : null}
      <h4>{t('diagnostics:labels.causes')}</h4>
      <ul>
        {Array.isArray(causes) && causes.map((c) => <li key={c}>{c}</li>)}
      </ul>
      <h4>{t('diagnostics:labels.fixes')}</h4>
      <ul>
        {Array.isArray(fixes) && fixes.map((f) => <li key={f}>{f}</li>)}
      </ul>
      {Array.isArray(commands) && commands.length > 0 ? (
        <>
          <h4>{t('diagnosis.commands')}</h4>
          <ul className="commands">
            {commands.map((command) => (
              <li key={command}>
                <code>{command}</code>
                <button
                  type="button"
                  className="small"
                  aria-label={t('diagnosis.copyCommand', { command })}
                  onClick={() => {
                    void copyText(command).then((ok) => setCopied(ok ? command : undefined));
                  }}
                >
                  {copied === command ? t('diagnosis.copied') : t('diagnosis.copy')}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
