import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../src-main/contract/features/connect';
import { MessageView } from './MessageView';

/** A recorded run's outcome cell: "Failed · No answer (filtered)", main's message in the UI language. */
export function RunOutcome({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  return (
    <td className={`outcome-${entry.outcome}`}>
      {t(`history.outcomes.${entry.outcome}`)}
      {entry.diagnosis ? ` · ${t(`diagnostics:classes.${entry.diagnosis}.title`)}` : null}
      {!entry.diagnosis && entry.message ? (
        <>
          {' · '}
          <MessageView message={entry.message} />
        </>
      ) : null}
    </td>
  );
}

/** The time-to-open cell. */
export function RunTime({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  return <td>{entry.msToOpen !== undefined ? t('history.ms', { ms: Math.round(entry.msToOpen) }) : '—'}</td>;
}
