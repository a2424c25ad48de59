import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { OpenDoor } from '../../../src-main/contract/features/doors';

/** setInterval as the DOM has it; tests pass a fake one. */
export interface TickTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface DoorsState {
  /** Profile id → its door, open now and closing by itself. */
  doors: Record<string, OpenDoor>;
  /** The renderer's clock for the countdowns, ticking once a second while any door is open. */
  now: number;
  /** Profiles whose "Close now" is in flight. */
  closing: Record<string, boolean>;
  /** Why "Close now" failed, per profile. */
  closeError: Record<string, ContractError>;
  load(): Promise<void>;
  closeNow(profileId: string): Promise<void>;
  attach(): () => void;
}

type DoorsApi = Pick<SesameApi, 'listOpenDoors' | 'closeDoorNow' | 'on'>;

export interface DoorsDeps {
  now?: () => number;
  timers?: TickTimers;
}

const tickMs = 1000;

const byProfile = (doors: readonly OpenDoor[]): Record<string, OpenDoor> => Object.fromEntries(doors.map((d) => [d.profileId, d]));

/**
 * Doors open now that close by themselves, from `listOpenDoors` and then the
 * `openDoorsChanged` events (the whole list each time). Main sends absolute
 * times only; the one timer here moves `now`, and every row and the detail
 * pane derive their countdown from it, so nothing ticks over IPC.
 */
export function createDoorsStore(api: DoorsApi, deps: DoorsDeps = {}) {
  const now = deps.now ?? Date.now;
  const timers: TickTimers = deps.timers ?? {
    setInterval: (fn, ms) => setInterval(fn, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
  };
  // Bumped by every event: a listOpenDoors answer older than an event must not replace it.
  let version = 0;
  let ticker: unknown;
  return createStore<DoorsState>()((set, get) => {
    // The timer runs only while there is something to count down.
    const syncTicker = () => {
      const any = Object.keys(get().doors).length > 0;
      if (any && ticker === undefined) ticker = timers.setInterval(() => set({ now: now() }), tickMs);
      if (!any && ticker !== undefined) {
        timers.clearInterval(ticker);
        ticker = undefined;
      }
    };
    const setDoors = (doors: readonly OpenDoor[]) => {
      const next = byProfile(doors);
      // A door that is gone has nothing left to close or to report.
      const keep = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).filter(([id]) => id in next));
      set({ doors: next, now: now(), closing: keep(get().closing), closeError: keep(get().closeError) });
      syncTicker();
    };
    return {
      doors: {},
      now: now(),
      closing: {},
      closeError: {},
      async load() {
        const mine = version;
        const { doors } = await api.listOpenDoors({});
        if (mine === version) setDoors(doors);
      },
      async closeNow(profileId) {
        if (get().closing[profileId]) return;
        const { [profileId]: _dropped, ...closeError } = get().closeError;
        set({ closing: { ...get().closing, [profileId]: true }, closeError });
        try {
          const { stopped } = await api.closeDoorNow({ profileId });
          // Main had no such door (it closed meanwhile): drop the stale row; otherwise its event does.
          if (!stopped && get().doors[profileId]) {
            const { [profileId]: _gone, ...doors } = get().doors;
            setDoors(Object.values(doors));
          }
        } catch (thrown) {
          set({ closeError: { ...get().closeError, [profileId]: thrown as ContractError } });
        } finally {
          const { [profileId]: _done, ...closing } = get().closing;
          set({ closing });
        }
      },
      attach() {
        const off = api.on('openDoorsChanged', ({ doors }) => {
          version += 1;
          setDoors(doors);
        });
        return () => {
          off();
          if (ticker !== undefined) timers.clearInterval(ticker);
          ticker = undefined;
        };
      },
    };
  });
}

export type DoorsStore = ReturnType<typeof createDoorsStore>;
