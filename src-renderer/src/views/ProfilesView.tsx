import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ContractError } from '../../../src-main/contract';
import { FirstRun } from '../components/FirstRun';
import { ErrorBanner } from '../components/MessageView';
import { ProfileDetail } from '../components/ProfileDetail';
import { ProfileEditor } from '../components/ProfileEditor';
import { NeedsAttention } from '../components/NeedsAttention';
import { ProfileList } from '../components/ProfileList';
import { useStores } from '../stores-context';

/** "Deleted X. Undo": lives with the list, so it outlasts the detail pane of the deleted profile. */
function DeletedNotice() {
  const { t } = useTranslation();
  const { profiles } = useStores();
  const deleted = useStore(profiles, (s) => s.lastDeleted);
  const [error, setError] = useState<ContractError | undefined>();
  if (!deleted) return null;
  return (
    <div className="deleted-notice" role="status" data-testid="deleted-notice">
      <span>
        {t('detail.deletedPrefix')} <span translate="no">{deleted.name}</span>
      </span>
      <button type="button" className="small" onClick={() => void profiles.getState().undoRemove(deleted.undoToken).catch((e: ContractError) => setError(e))}>
        {t('detail.undo')}
      </button>
      <button type="button" className="small secondary" aria-label={t('detail.dismissDeleted')} onClick={() => profiles.getState().dismissDeleted()}>
        ✕
      </button>
      {error ? <ErrorBanner error={error} /> : null}
    </div>
  );
}

/** The main window's home: searchable profile list on the left, the selected profile or the editor on the right; the first-run offers when there is no profile yet. */
export function ProfilesView() {
  const { t } = useTranslation();
  const { profiles, editor, settings } = useStores();
  const query = useStore(profiles, (s) => s.query);
  const matches = useStore(profiles, (s) => s.matches);
  const total = useStore(profiles, (s) => s.all.length);
  const loaded = useStore(profiles, (s) => s.loaded);
  const loadError = useStore(profiles, (s) => s.error);
  const damaged = useStore(profiles, (s) => s.damaged);
  const attentionCount = useStore(profiles, (s) => s.attention.length);
  const selectedId = useStore(profiles, (s) => s.selectedId);
  const editing = useStore(editor, (s) => s.open);
  const prefs = useStore(settings, (s) => s.settings);
  const listArea = useRef<HTMLDivElement>(null);

  const open = (id: string) => {
    profiles.getState().select(id);
    editor.getState().close();
  };
  const startNew = () => {
    profiles.getState().select(undefined);
    editor.getState().startNew({ delayMs: prefs?.defaultDelayMs ?? 100, openTimeoutMs: prefs?.defaultOpenTimeoutMs ?? 10_000 });
  };

  // Not while the file holds profiles that need attention (or cannot be read): those must be seen, not welcomed over.
  if (loaded && !loadError && total === 0 && !editing && !damaged && attentionCount === 0) {
    return (
      <div className="page">
        <DeletedNotice />
        <FirstRun onCreate={startNew} />
      </div>
    );
  }

  return (
    <div className="profiles-view">
      <section className="list-pane" aria-label={t('list.label')} ref={listArea}>
        <div className="list-tools">
          <input
            type="search"
            aria-label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            value={query}
            onChange={(e) => profiles.getState().setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Down from the search box continues into the results, as in a combobox.
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                listArea.current?.querySelector<HTMLElement>('.row-main[tabindex="0"]')?.focus();
              }
            }}
          />
          <button type="button" className="primary" onClick={startNew}>
            {t('list.new')}
          </button>
        </div>
        <p className="hint list-count" aria-live="polite" data-testid="match-count">
          {loaded && total === 0
            ? t('list.empty')
            : loaded && matches === 0
              ? t('list.noMatch', { query })
              : t('list.matches', { count: matches, total })}
        </p>
        {loadError ? <ErrorBanner error={loadError} /> : null}
        <DeletedNotice />
        <ProfileList onOpen={open} />
        <NeedsAttention />
        <p className="hint keyboard-hint">{t('list.keyboardHint')}</p>
      </section>
      <section className="detail-pane" aria-label={t('detail.label')}>
        {editing ? (
          <ProfileEditor onClosed={() => undefined} onSaved={(id) => profiles.getState().select(id)} />
        ) : selectedId ? (
          <ProfileDetail id={selectedId} onEdit={() => void editor.getState().edit(selectedId)} />
        ) : (
          <p className="hint empty-detail">{t('detail.empty')}</p>
        )}
      </section>
    </div>
  );
}
