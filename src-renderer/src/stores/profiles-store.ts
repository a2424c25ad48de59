import { createStore } from 'zustand/vanilla';
import type { ContractError, MethodRequest, MethodResponse, SesameApi } from '../../../src-main/contract';
import type { AttentionItem, Profile, ProfileSummary } from '../../../src-main/contract/features/profiles';

/** One row of the (virtualised) list: a group header or a profile. */
export type ListRow = { kind: 'group'; group: string; count: number; collapsed: boolean } | { kind: 'profile'; profile: ProfileSummary };

export interface ProfilesState {
  all: ProfileSummary[];
  /** Profiles kept in the file that cannot be used until fixed (shown with the field and the fix). */
  attention: AttentionItem[];
  /** Why the profiles file cannot be read at all, when it cannot. */
  damaged: string | undefined;
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
  /** The last deletion, undoable for a while (main keeps the profile and its secrets in memory). */
  lastDeleted: { name: string; undoToken: string } | undefined;
  load(): Promise<void>;
  /** The full profile (never a secret: main only says whether one is stored). */
  fetch(id: string): Promise<Profile>;
  /** Deletes in main; the token undoes it for a while (main keeps the profile and its secrets). */
  remove(id: string): Promise<{ undoToken: string }>;
  undoRemove(undoToken: string): Promise<void>;
  dismissDeleted(): void;
  /** Which client (and terminal) a connect would start, by main's own precedence. */
  describeClient(id: string): Promise<MethodResponse<'describeClient'>>;
  /** The server side for this profile's door (knockd.conf, firewall, hosts.allow, vsftpd): texts only, nothing saved. */
  serverConfig(request: MethodRequest<'getServerConfig'>): Promise<MethodResponse<'getServerConfig'>>;
  setQuery(query: string): void;
  toggleGroup(group: string): void;
  /** The collapsed groups as saved in settings (another window or a restart). */
  setCollapsed(groups: readonly string[]): void;
  select(id: string | undefined): void;
  /** Subscribes to profilesChanged; returns the unsubscribe. */
  attach(): () => void;
}

type ProfilesApi = Pick<SesameApi, 'listProfiles' | 'getProfile' | 'deleteProfile' | 'undoDelete' | 'describeClient' | 'getServerConfig' | 'on'>;

export interface ProfilesDeps {
  /** Persists the collapsed groups (in settings, so they survive a restart). */
  saveCollapsed?(groups: string[]): void;
}

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

export function createProfilesStore(api: ProfilesApi, deps: ProfilesDeps = {}) {
  let loads = 0;
  return createStore<ProfilesState>()((set, get) => {
    const rebuild = (patch: Partial<ProfilesState>) => {
      const next = { ...get(), ...patch };
      set({ ...patch, ...buildRows(next.all, next.query, next.collapsed) });
    };
    return {
      all: [],
      attention: [],
      damaged: undefined,
      revision: -1,
      loaded: false,
      error: undefined,
      query: '',
      collapsed: new Set(),
      rows: [],
      matches: 0,
      selectedId: undefined,
      lastDeleted: undefined,
      async load() {
        // Overlapping loads (a burst of changes) may answer out of order: only the latest counts.
        const mine = ++loads;
        try {
          const { profiles, revision, attention, damaged } = await api.listProfiles({});
          if (mine !== loads) return;
          const selectedId = profiles.some((p) => p.id === get().selectedId) ? get().selectedId : undefined;
          rebuild({ all: profiles, attention: attention ?? [], damaged, revision, loaded: true, error: undefined, selectedId });
        } catch (error) {
          if (mine === loads) set({ error: error as ContractError, loaded: true });
        }
      },
      async fetch(id) {
        return (await api.getProfile({ id })).profile;
      },
      async remove(id) {
        const name = get().all.find((p) => p.id === id)?.name ?? id;
        const result = await api.deleteProfile({ id });
        // Kept here, not in the detail pane: the pane goes away with the profile, the undo must not.
        set({ lastDeleted: { name, undoToken: result.undoToken } });
        return result;
      },
      async undoRemove(undoToken) {
        const { profile } = await api.undoDelete({ undoToken });
        set({ lastDeleted: undefined, selectedId: profile.id });
        await get().load();
      },
      dismissDeleted() {
        set({ lastDeleted: undefined });
      },
      async describeClient(id) {
        return api.describeClient({ profileId: id });
      },
      async serverConfig(request) {
        return api.getServerConfig(request);
      },
      setQuery(query) {
        rebuild({ query });
      },
      toggleGroup(group) {
        const collapsed = new Set(get().collapsed);
        if (collapsed.has(group)) collapsed.delete(group);
        else collapsed.add(group);
        rebuild({ collapsed });
        // Groups that no longer exist are dropped, so the saved list cannot grow without bound.
        const groups = new Set(get().all.map((p) => p.group));
        deps.saveCollapsed?.([...collapsed].filter((g) => groups.has(g)).sort());
      },
      setCollapsed(groups) {
        const current = get().collapsed;
        if (groups.length === current.size && groups.every((g) => current.has(g))) return;
        rebuild({ collapsed: new Set(groups) });
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
