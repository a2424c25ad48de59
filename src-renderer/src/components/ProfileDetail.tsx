import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ContractError } from '../../../src-main/contract';
import type { Profile } from '../../../src-main/contract/features/profiles';
import { formatSequence } from '../lib/sequence-text';
import { useStores } from '../stores-context';
import { RunPanel } from './RunPanel';

/** The selected profile: what it does, Connect / Test knock / Edit / Delete, and its live run. */
export function ProfileDetail({ id, onEdit }: { id: string; onEdit(): void }) {
  const { t } = useTranslation();
  const { runs, profiles } = useStores();
  const summary = useStore(profiles, (s) => s.all.find((p) => p.id === id));
  const run = useStore(runs, (s) => s.runs[id]);
  const start = useStore(runs, (s) => s.start);
  const { fetch, remove, undoRemove } = profiles.getState();
  const [full, setFull] = useState<Profile | undefined>();
  const [deleted, setDeleted] = useState<{ name: string; undoToken: string } | undefined>();
  const [error, setError] = useState<string | undefined>();

  // The full profile (for the step count and sequence) is fetched by id; it never carries a secret.
  useEffect(() => {
    let live = true;
    fetch(id)
      .then((profile) => live && setFull(profile))
      .catch(() => live && setFull(undefined));
    return () => {
      live = false;
    };
  }, [fetch, id, summary?.updatedAt]);

  if (deleted) {
    return (
      <div className="detail" role="status">
        <p>{t('detail.deleted', { name: deleted.name })}</p>
        <button
          type="button"
          onClick={() => {
            void undoRemove(deleted.undoToken).then(() => setDeleted(undefined));
          }}
        >
          {t('detail.undo')}
        </button>
      </div>
    );
  }
  if (!summary) return null;
  const busy = run?.status === 'running';
  return (
    <div className="detail" data-testid="profile-detail">
      <h2>{summary.name}</h2>
      <p className="hint">
        {summary.host ?? '—'} · {t('detail.target', { service: t(`editor.services.${summary.service.kind}`), port: summary.service.port })}
        {full?.knock ? ` · ${formatSequence(full.knock.steps)}` : ''}
      </p>
      {summary.hasPassword ? <p className="stored">{t('detail.secretStored')}</p> : null}
      {summary.draft ? <p className="hint">{t('detail.draft')}</p> : null}
      <div className="actions">
        <button type="button" className="primary" disabled={summary.draft || busy} onClick={() => void start(id, 'connect')}>
          {t('list.connect')}
        </button>
        <button type="button" disabled={summary.draft || busy} onClick={() => void start(id, 'test')}>
          {t('detail.testKnock')}
        </button>
        <button type="button" className="secondary" onClick={onEdit}>
          {t('detail.edit')}
        </button>
        <button
          type="button"
          className="secondary danger"
          disabled={busy}
          onClick={() => {
            remove(id)
              .then(({ undoToken }) => setDeleted({ name: summary.name, undoToken }))
              .catch((e: ContractError) => setError(e.message));
          }}
        >
          {t('detail.delete')}
        </button>
      </div>
      {error ? (
        <p role="alert" className="error">
          {t('common.error', { message: error })}
        </p>
      ) : null}
      <RunPanel profileId={id} host={summary.host} knownSteps={full?.knock?.steps.length} />
    </div>
  );
}
