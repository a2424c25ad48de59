import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ErrorBanner } from '../components/MessageView';
import { RunsTable } from '../components/RecentRuns';
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
      {error ? <ErrorBanner error={error} /> : null}
      {entries.length === 0 ? (
        <p className="hint">{t('history.empty')}</p>
      ) : (
        <RunsTable entries={entries} showProfile caption={t('history.heading')} className="table history" testId="history-table" when={(e) => <time dateTime={new Date(e.at).toISOString()}>{format.format(e.at)}</time>} />
      )}
    </section>
  );
}
