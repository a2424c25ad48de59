import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../src-main/contract/features/connect';
import { relativeTime } from '../lib/relative-time';
import { RunOutcome, RunTime } from './RunOutcome';

/** Recorded runs as a table: when, (which profile,) outcome with its diagnosis, and how long the door took to open. */
export function RunsTable({
  entries,
  when,
  showProfile = false,
  caption,
  className = 'table',
  testId,
}: {
  entries: readonly HistoryEntry[];
  when(entry: HistoryEntry): ReactNode;
  showProfile?: boolean;
  caption: string;
  className?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <table className={className} data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('history.when')}</th>
          {showProfile ? <th scope="col">{t('history.profile')}</th> : null}
          <th scope="col">{t('history.outcome')}</th>
          <th scope="col">{t('history.time')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={`${e.at}-${e.profileId}-${e.outcome}`} data-outcome={e.outcome}>
            <td>{when(e)}</td>
            {showProfile ? (
              <td translate="no">
                <bdi>{e.profileName}</bdi>
              </td>
            ) : null}
            <RunOutcome entry={e} />
            <RunTime entry={e} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A profile's last runs, "3 minutes ago" with the full date as a tooltip. */
export function RecentRuns({ entries, now }: { entries: readonly HistoryEntry[] | undefined; now: number }) {
  const { t, i18n } = useTranslation();
  if (!entries) return <p className="hint">{t('common.loading')}</p>;
  if (entries.length === 0) return <p className="hint">{t('detail.runsEmpty')}</p>;
  const full = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'medium' });
  return (
    <RunsTable
      entries={entries}
      caption={t('detail.runs')}
      className="table compact"
      testId="recent-runs"
      when={(e) => (
        <time dateTime={new Date(e.at).toISOString()} title={full.format(e.at)}>
          {relativeTime(e.at, now, i18n.language)}
        </time>
      )}
    />
  );
}
