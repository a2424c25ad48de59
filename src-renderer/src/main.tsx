import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { createI18n, pickLanguage } from './i18n/i18n';
import { createStores } from './stores';
import { StoresContext } from './stores-context';
import './styles.css';

async function boot(): Promise<void> {
  const language = pickLanguage(navigator.language);
  const stores = createStores(window.sesame, language);
  // Ask main for data first: the calls travel while i18n initialises and React renders the shell.
  const started = stores.start();
  const i18n = await createI18n(language);
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <StoresContext.Provider value={stores}>
          <App />
        </StoresContext.Provider>
      </I18nextProvider>
    </StrictMode>,
  );
  await started;
}

void boot();
