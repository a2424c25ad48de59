import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ProfileDetail } from '../components/ProfileDetail';
import { ProfileEditor } from '../components/ProfileEditor';
import { ProfileList } from '../components/ProfileList';
import { useStores } from '../stores-context';

/** The main window's home: searchable profile list on the left, the selected profile or the editor on the right. */
export function ProfilesView() {
  const { t } = useTranslation();
  const { profiles, editor, settings } = useStores();
  const query = useStore(profiles, (s) => s.query);
  const matches = useStore(profiles, (s) => s.matches);
  const total = useStore(profiles, (s) => s.all.length);
  const loaded = useStore(profiles, (s) => s.loaded);
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
        <ProfileList onOpen={open} />
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
