import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';

/**
 * Files main found at their usual places (ssh config, knockd.conf,
 * .fwknoprc, FileZilla's Site Manager), each one click from its import
 * preview. Shown on first run and on the import screen.
 */
export function ImportSources({ headingLevel = 3 }: { headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const { sharing } = useStores();
  const sources = useStore(sharing, (s) => s.sources);
  const busy = useStore(sharing, (s) => s.busy);
  useEffect(() => {
    void sharing.getState().loadSources();
  }, [sharing]);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="import-sources" aria-labelledby="found-title" data-testid="import-sources">
      <Heading id="found-title">{t('firstRun.foundHeading')}</Heading>
      {sources === undefined ? (
        <p className="hint" aria-live="polite">
          {t('firstRun.looking')}
        </p>
      ) : sources.length === 0 ? (
        <p className="hint">{t('firstRun.noneFound')}</p>
      ) : (
        <ul className="offers">
          {sources.map((source) => (
            <li key={source.id} className="offer" data-format={source.format}>
              <span className="offer-text">
                <span className="offer-title">{t(`firstRun.formats.${source.format}`)}</span>
                <span className="hint">
                  <code translate="no">{source.displayPath}</code>
                  {source.count !== undefined ? ` · ${t(`firstRun.count.${source.format}`, { count: source.count })}` : ''}
                </span>
              </span>
              <button
                type="button"
                disabled={busy}
                aria-label={t('firstRun.previewFrom', { format: t(`firstRun.formats.${source.format}`), path: source.displayPath })}
                onClick={() => void sharing.getState().openSource(source.id)}
              >
                {t('firstRun.preview')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
