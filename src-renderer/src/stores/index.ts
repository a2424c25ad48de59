import type { SesameApi } from '../../../src-main/contract';
import type { Language } from '../i18n/i18n';
import { createAppStore } from './app-store';
import { createDestinationStore } from './destination-store';
import { createDoorsStore } from './doors-store';
import { createEditorStore } from './editor-store';
import { createHistoryStore } from './history-store';
import { createHostKeyStore } from './host-key-store';
import { createNoticesStore } from './notices-store';
import { createProfilesStore } from './profiles-store';
import { createRunsStore } from './runs-store';
import { createSettingsStore } from './settings-store';
import { createSharingStore } from './sharing-store';

/** Every feature store over one contract object; `start` loads them and subscribes to main's events. */
export function createStores(api: SesameApi, language: Language) {
  const settings = createSettingsStore(api);
  const runs = createRunsStore(api);
  const app = createAppStore(api, language);
  const stores = {
    app,
    // Collapsed groups live in settings, so they are the same after a restart.
    profiles: createProfilesStore(api, { saveCollapsed: (collapsedGroups) => void settings.getState().update({ collapsedGroups }) }),
    runs,
    destination: createDestinationStore(api, runs),
    history: createHistoryStore(api),
    editor: createEditorStore(api),
    settings,
    sharing: createSharingStore(api, () => app.getState().language),
    hostKeys: createHostKeyStore(api),
    notices: createNoticesStore(api),
    doors: createDoorsStore(api),
  };
  return {
    ...stores,
    async start(): Promise<() => void> {
      const offs = [stores.profiles, stores.runs, stores.history, stores.settings, stores.sharing, stores.notices, stores.destination, stores.hostKeys, stores.doors].map((store) => store.getState().attach());
      offs.push(
        settings.subscribe((s, prev) => {
          if (s.settings?.collapsedGroups !== prev.settings?.collapsedGroups) stores.profiles.getState().setCollapsed(s.settings?.collapsedGroups ?? []);
        }),
      );
      await Promise.all([
        stores.app.getState().load(),
        stores.notices.getState().load(),
        stores.profiles.getState().load(),
        stores.settings.getState().load(),
        // The countdowns are extra: a failed first list must not keep the window from starting (events still arrive).
        stores.doors.getState().load().catch(() => undefined),
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
