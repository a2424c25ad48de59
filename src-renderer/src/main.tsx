import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { createI18n, pickLanguage } from './i18n/i18n';
import { createAppStore } from './stores/app-store';
import './styles.css';

async function boot(): Promise<void> {
  const language = pickLanguage(navigator.language);
  const store = createAppStore(window.sesame, language);
  const i18n = await createI18n(language);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <App store={store} />
      </I18nextProvider>
    </StrictMode>,
  );
  await store.getState().load();
}

void boot();
