import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { HistoryEntry } from '../../../src-main/contract/features/connect';

export interface HistoryState {
  entries: HistoryEntry[];
  loaded: boolean;
  error: ContractError | undefined;
  load(): Promise<void>;
  attach(): () => void;
}

const limit = 200;

/** Recent connections, newest first; live entries arrive by event so the view needs no polling. */
export function createHistoryStore(api: Pick<SesameApi, 'listHistory' | 'on'>) {
  return createStore<HistoryState>()((set, get) => ({
    entries: [],
    loaded: false,
    error: undefined,
    async load() {
      try {
        const { entries } = await api.listHistory({ limit });
        set({ entries: [...entries].sort((a, b) => b.at - a.at), loaded: true, error: undefined });
      } catch (error) {
        set({ error: error as ContractError, loaded: true });
      }
    },
    attach() {
      return api.on('historyChanged', ({ entry }) => set({ entries: [entry, ...get().entries].slice(0, limit) }));
    },
  }));
}

export type HistoryStore = ReturnType<typeof createHistoryStore>;
