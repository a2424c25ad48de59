import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { supportedLanguages, type Language } from './i18n/i18n';
import type { AppStore } from './stores/app-store';

export function App({ store }: { store: AppStore }) {
  const { t, i18n } = useTranslation();
  const info = useStore(store, (s) => s.info);
  const error = useStore(store, (s) => s.error);
  const language = useStore(store, (s) => s.language);
  const setLanguage = useStore(store, (s) => s.setLanguage);

  useEffect(() => {
    if (i18n.language !== language) void i18n.changeLanguage(language);
    document.documentElement.lang = language;
    document.title = t('app.title');
  }, [i18n, language, t]);

  return (
    <div className="shell">
      <header className="shell-header">
        <h1 data-testid="app-title">{t('app.title')}</h1>
        <label className="language-picker">
          <span>{t('settings.language')}</span>
          <select
            aria-label={t('settings.language')}
            value={language}
            onChange={(event) => setLanguage(event.target.value as Language)}
          >
            {supportedLanguages.map((lang) => (
              <option key={lang} value={lang}>
                {t(`settings.languages.${lang}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="shell-main">
        <p className="tagline">{t('app.tagline')}</p>
        {error ? (
          <p role="alert" className="error">
            {t('app.coreError', { message: error.message })}
          </p>
        ) : info ? (
          <p data-testid="app-version">{t('app.version', { version: info.version })}</p>
        ) : (
          <p aria-live="polite">{t('app.connecting')}</p>
        )}
      </main>
    </div>
  );
}
