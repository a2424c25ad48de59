import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { HistoryEntry } from '../../../src-main/contract/features/connect';

export interface HistoryState {
  entries: HistoryEntry[];
  loaded: boolean;
  error: ContractError | undefined;
  /** The last runs of single profiles (the detail pane), newest first; filled by loadProfile. */
  byProfile: Record<string, HistoryEntry[]>;
  load(): Promise<void>;
  loadProfile(profileId: string): Promise<void>;
  attach(): () => void;
}

const limit = 200;
/** Runs shown per profile in its detail pane. */
export const profileRunsShown = 5;

/** Recent connections, newest first; live entries arrive by event so the view needs no polling. */
export function createHistoryStore(api: Pick<SesameApi, 'listHistory' | 'on'>) {
  return createStore<HistoryState>()((set, get) => ({
    entries: [],
    loaded: false,
    error: undefined,
    byProfile: {},
    async load() {
      try {
        const { entries } = await api.listHistory({ limit });
        set({ entries: [...entries].sort((a, b) => b.at - a.at), loaded: true, error: undefined });
      } catch (error) {
        set({ error: error as ContractError, loaded: true });
      }
    },
    async loadProfile(profileId) {
      // Asked per profile: one rarely used may have no entry among the last 200 of all profiles.
      try {
        const { entries } = await api.listHistory({ profileId, limit: profileRunsShown });
        set({ byProfile: { ...get().byProfile, [profileId]: [...entries].sort((a, b) => b.at - a.at) } });
      } catch (error) {
        set({ error: error as ContractError });
      }
    },
    attach() {
      return api.on('historyChanged', ({ entry }) => {
        const mine = get().byProfile[entry.profileId];
        set({
          entries: [entry, ...get().entries].slice(0, limit),
          ...(mine ? { byProfile: { ...get().byProfile, [entry.profileId]: [entry, ...mine].slice(0, profileRunsShown) } } : {}),
        });
      });
    },
  }));
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
