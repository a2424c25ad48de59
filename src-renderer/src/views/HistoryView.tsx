import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';

/** Recent connections, newest first. */
export function HistoryView() {
  const { t, i18n } = useTranslation();
  const { history } = useStores();
  const entries = useStore(history, (s) => s.entries);
  const error = useStore(history, (s) => s.error);
  useEffect(() => {
    void history.getState().load();
  }, [history]);
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  return (
    <section className="page" aria-labelledby="history-title">
      <h2 id="history-title">{t('history.heading')}</h2>
      {error ? <p role="alert" className="error">{t('common.error', { message: error.message })}</p> : null}
      {entries.length === 0 ? (
        <p className="hint">{t('history.empty')}</p>
      ) : (
        <table className="table" data-testid="history-table">
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.profile')}</th>
              <th scope="col">{t('history.outcome')}</th>
              <th scope="col">{t('history.time')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.at}-${e.profileId}`}>
                <td>{format.format(e.at)}</td>
                <td>{e.profileName}</td>
                <td className={`outcome-${e.outcome}`}>
                  {t(`history.outcomes.${e.outcome}`)}
                  {e.diagnosis ? ` · ${t(`diagnostics:classes.${e.diagnosis}.title`)}` : e.message ? ` · ${e.message}` : ''}
                </td>
                <td>{e.msToOpen !== undefined ? t('history.ms', { ms: Math.round(e.msToOpen) }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
