import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { Profile, ProfileSummary } from '../../../src-main/contract/features/profiles';

/** One row of the (virtualised) list: a group header or a profile. */
export type ListRow = { kind: 'group'; group: string; count: number; collapsed: boolean } | { kind: 'profile'; profile: ProfileSummary };

export interface ProfilesState {
  all: ProfileSummary[];
  revision: number;
  loaded: boolean;
  error: ContractError | undefined;
  query: string;
  collapsed: ReadonlySet<string>;
  /** The flattened rows for the current query and collapsed groups. */
  rows: ListRow[];
  /** How many profiles match the query (collapsed ones included). */
  matches: number;
  selectedId: string | undefined;
  load(): Promise<void>;
  /** The full profile (never a secret: main only says whether one is stored). */
  fetch(id: string): Promise<Profile>;
  /** Deletes in main; the token undoes it for a while (main keeps the profile and its secrets). */
  remove(id: string): Promise<{ undoToken: string }>;
  undoRemove(undoToken: string): Promise<void>;
  setQuery(query: string): void;
  toggleGroup(group: string): void;
  select(id: string | undefined): void;
  /** Subscribes to profilesChanged; returns the unsubscribe. */
  attach(): () => void;
}

type ProfilesApi = Pick<SesameApi, 'listProfiles' | 'getProfile' | 'deleteProfile' | 'undoDelete' | 'on'>;

// Searched in the renderer, not through listProfiles: a round trip per
// keystroke costs more than scanning 5,000 precomputed lowercase strings.
const haystacks = new WeakMap<ProfileSummary, string>();
function haystack(p: ProfileSummary): string {
  let text = haystacks.get(p);
  if (text === undefined) {
    text = [p.name, p.host ?? '', p.group, p.tags.join(' '), p.service.user ?? '', p.service.kind, String(p.service.port)]
      .join('\n')
      .toLowerCase();
    haystacks.set(p, text);
  }
  return text;
}

/** Groups in list order (main sorts by group, then name); profiles without a group come under "" first. */
export function buildRows(all: readonly ProfileSummary[], query: string, collapsed: ReadonlySet<string>): { rows: ListRow[]; matches: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const rows: ListRow[] = [];
  let matches = 0;
  let header: Extract<ListRow, { kind: 'group' }> | undefined;
  const searching = words.length > 0;
  for (const profile of all) {
    if (words.length > 0) {
      const text = haystack(profile);
      if (!words.every((w) => text.includes(w))) continue;
    }
    matches += 1;
    if (!header || header.group !== profile.group) {
      // A search shows every hit, even inside a collapsed group: hiding hits would read as "no match".
      header = { kind: 'group', group: profile.group, count: 0, collapsed: !searching && collapsed.has(profile.group) };
      rows.push(header);
    }
    header.count += 1;
    if (!header.collapsed) rows.push({ kind: 'profile', profile });
  }
  return { rows, matches };
}

export function createProfilesStore(api: ProfilesApi) {
  let loads = 0;
  return createStore<ProfilesState>()((set, get) => {
    const rebuild = (patch: Partial<ProfilesState>) => {
      const next = { ...get(), ...patch };
      set({ ...patch, ...buildRows(next.all, next.query, next.collapsed) });
    };
    return {
      all: [],
      revision: -1,
      loaded: false,
      error: undefined,
      query: '',
      collapsed: new Set(),
      rows: [],
      matches: 0,
      selectedId: undefined,
      async load() {
        // Overlapping loads (a burst of changes) may answer out of order: only the latest counts.
        const mine = ++loads;
        try {
          const { profiles, revision } = await api.listProfiles({});
          if (mine !== loads) return;
          const selectedId = profiles.some((p) => p.id === get().selectedId) ? get().selectedId : undefined;
          rebuild({ all: profiles, revision, loaded: true, error: undefined, selectedId });
        } catch (error) {
          if (mine === loads) set({ error: error as ContractError, loaded: true });
        }
      },
      async fetch(id) {
        return (await api.getProfile({ id })).profile;
      },
      async remove(id) {
        return api.deleteProfile({ id });
      },
      async undoRemove(undoToken) {
        await api.undoDelete({ undoToken });
      },
      setQuery(query) {
        rebuild({ query });
      },
      toggleGroup(group) {
        const collapsed = new Set(get().collapsed);
        if (collapsed.has(group)) collapsed.delete(group);
        else collapsed.add(group);
        rebuild({ collapsed });
      },
      select(id) {
        set({ selectedId: id });
      },
      attach() {
        return api.on('profilesChanged', ({ revision }) => {
          if (revision !== get().revision) void get().load();
        });
      },
    };
  });
}

export type ProfilesStore = ReturnType<typeof createProfilesStore>;
