import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { ConfirmDestination } from './components/ConfirmDestination';
import { HostKeyDialog } from './components/HostKeyDialog';
import { MessageView } from './components/MessageView';
import { NoticeBanner } from './components/NoticeBanner';
import { supportedLanguages, type Language } from './i18n/i18n';
import { useStores } from './stores-context';
import { HistoryView } from './views/HistoryView';
import { ProfilesView } from './views/ProfilesView';
import { SettingsView } from './views/SettingsView';
import { SharingView } from './views/SharingView';

export type View = 'profiles' | 'history' | 'sharing' | 'settings';
const views: View[] = ['profiles', 'history', 'sharing', 'settings'];

export function App() {
  const { t, i18n } = useTranslation();
  const { app, settings, sharing, runs, profiles } = useStores();
  const info = useStore(app, (s) => s.info);
  const error = useStore(app, (s) => s.error);
  const language = useStore(app, (s) => s.language);
  const setLanguage = useStore(app, (s) => s.setLanguage);
  const prefs = useStore(settings, (s) => s.settings);
  const [view, setView] = useState<View>('profiles');
  const main = useRef<HTMLElement>(null);
  // Each screen opens at its top: <main> is the scroller, and another screen's offset means nothing here.
  useEffect(() => {
    main.current?.scrollTo({ top: 0 });
  }, [view]);

  // Main opened a .sesame file (file manager, second launch): show its import preview.
  // Main started a connect (tray, sesame:// link): show that profile and its timeline.
  useEffect(() => {
    const offs = [
      sharing.subscribe((s, prev) => {
        if (s.requested !== prev.requested) setView('sharing');
      }),
      runs.subscribe((s, prev) => {
        const started = Object.values(s.runs).find((r) => r.fromMain && prev.runs[r.profileId]?.runId !== r.runId);
        if (started) {
          setView('profiles');
          profiles.getState().select(started.profileId);
        }
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [sharing, runs, profiles]);

  // A language saved in settings wins over the OS locale; "system" leaves the app store following the OS.
  const savedLanguage = prefs?.language;
  useEffect(() => {
    if (savedLanguage && savedLanguage !== 'system') setLanguage(savedLanguage);
  }, [savedLanguage, setLanguage]);

  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    document.title = t('app.title');
  }, [i18n, language, t]);

  const theme = prefs?.theme ?? 'system';
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  const pickLanguage = (lang: Language) => {
    setLanguage(lang);
    void settings.getState().update({ language: lang });
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <h1 data-testid="app-title">{t('app.title')}</h1>
        <nav aria-label={t('nav.label')} className="nav">
          {views.map((v) => (
            <button key={v} type="button" aria-current={view === v ? 'page' : undefined} onClick={() => setView(v)}>
              {t(`nav.${v}`)}
            </button>
          ))}
        </nav>
        <label className="language-picker">
          <span>{t('settings.language')}</span>
          <select aria-label={t('settings.language')} value={language} onChange={(event) => pickLanguage(event.target.value as Language)}>
            {supportedLanguages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`settings.languages.${lang}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" ref={main} className="shell-main" tabIndex={-1}>
        {error ? (
          <p role="alert" className="error">
            {t('app.coreErrorPrefix')} <MessageView message={error.message} code={error.code} />
          </p>
        ) : null}
        <NoticeBanner />
        <ConfirmDestination />
        {view === 'profiles' ? <ProfilesView /> : null}
        {view === 'history' ? <HistoryView /> : null}
        {view === 'sharing' ? <SharingView onShowProfiles={() => setView('profiles')} /> : null}
        {view === 'settings' ? <SettingsView /> : null}
        <HostKeyDialog />
      </main>
      <footer className="shell-footer">
        <span className="tagline">{t('app.tagline')}</span>
        {info ? (
          <span data-testid="app-version">{t('app.version', { version: info.version })}</span>
        ) : error ? null : (
          <span aria-live="polite">{t('app.connecting')}</span>
        )}
      </footer>
    </div>
  );
}
