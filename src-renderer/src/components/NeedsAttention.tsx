import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useValidationText } from '../i18n/use-validation-text';
import { useStores } from '../stores-context';

/**
 * Profiles the file holds but this Sesame cannot use (a hand edit, a value it
 * refuses): listed with the field and the fix. Main keeps them unchanged in
 * the file; nothing here can delete them by accident.
 */
export function NeedsAttention() {
  const { t } = useTranslation();
  const { profiles } = useStores();
  const attention = useStore(profiles, (s) => s.attention);
  const damaged = useStore(profiles, (s) => s.damaged);
  const translate = useValidationText();
  if (damaged) {
    return (
      <section className="needs-attention" aria-label={t('attention.label')} data-testid="needs-attention">
        <p role="alert" className="error" dir="auto">
          {t('attention.damaged', { problem: damaged })}
        </p>
      </section>
    );
  }
  if (attention.length === 0) return null;
  return (
    <section className="needs-attention" aria-label={t('attention.label')} data-testid="needs-attention">
      <h2>{t('attention.heading', { count: attention.length })}</h2>
      <ul>
        {attention.map((item) => (
          <li key={`${item.index}:${item.id ?? ''}`}>
            <bdi className="row-name">{item.name ?? t('attention.unnamed', { index: item.index + 1 })}</bdi>{' '}
            <span className="badge">{t('attention.badge')}</span>
            <ul>
              {item.issues.slice(0, 3).map((issue) => (
                <li key={issue.path}>
                  <code>{issue.path}</code>: {translate(issue.message)}
                </li>
              ))}
            </ul>
            <p className="hint">{t('attention.where', { line: item.line })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
