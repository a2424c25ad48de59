import type { SesameApi } from '../../../src-main/contract';
import type { Language } from '../i18n/i18n';
import { createAppStore } from './app-store';
import { createEditorStore } from './editor-store';
import { createHistoryStore } from './history-store';
import { createProfilesStore } from './profiles-store';
import { createRunsStore } from './runs-store';
import { createSettingsStore } from './settings-store';
import { createSharingStore } from './sharing-store';

/** Every feature store over one contract object; `start` loads them and subscribes to main's events. */
export function createStores(api: SesameApi, language: Language) {
  const stores = {
    app: createAppStore(api, language),
    profiles: createProfilesStore(api),
    runs: createRunsStore(api),
    history: createHistoryStore(api),
    editor: createEditorStore(api),
    settings: createSettingsStore(api),
    sharing: createSharingStore(api),
  };
  return {
    ...stores,
    async start(): Promise<() => void> {
      const offs = [stores.profiles, stores.runs, stores.history, stores.settings, stores.sharing].map((store) => store.getState().attach());
      await Promise.all([
        stores.app.getState().load(),
        stores.profiles.getState().load(),
        stores.settings.getState().load(),
        stores.history
          .getState()
          .load()
          .then(() => stores.runs.getState().seed(stores.history.getState().entries)),
      ]);
      return () => offs.forEach((off) => off());
    },
  };
}

export type Stores = ReturnType<typeof createStores>;
