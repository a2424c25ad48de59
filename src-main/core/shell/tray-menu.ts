import type { ProfileSummary } from '../../contract/features/profiles';

/**
 * The tray menu as plain data, built from profile summaries; the Electron
 * shell turns it into a native Menu. Groups become submenus once the menu
 * would be too long to scan; a running connect shows its stage.
 */
export type TrayItem =
  | { type: 'connect'; label: string; profileId: string; enabled: boolean }
  | { type: 'submenu'; label: string; items: TrayItem[] }
  | { type: 'status'; label: string }
  | { type: 'separator' }
  | { type: 'open' }
  | { type: 'quit' };

export interface TrayMenuInput {
  profiles: readonly Pick<ProfileSummary, 'id' | 'name' | 'group' | 'draft'>[];
  /** Profile id → what its running connect is doing ("knock 2/3", "waiting…"). */
  running: ReadonlyMap<string, string>;
  labels: { noGroup: string; empty: string };
  /** Above this many profiles, groups become submenus. */
  flatLimit?: number;
}

function connectItem(p: TrayMenuInput['profiles'][number], running: ReadonlyMap<string, string>): TrayItem {
  const stage = running.get(p.id);
  // A draft cannot connect yet; a running one must not be started twice.
  return { type: 'connect', label: stage ? `${p.name} — ${stage}` : p.name, profileId: p.id, enabled: !p.draft && !stage };
}

export function buildTrayMenu({ profiles, running, labels, flatLimit = 15 }: TrayMenuInput): TrayItem[] {
  const byName = [...profiles].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  const items: TrayItem[] = [];
  if (byName.length === 0) items.push({ type: 'status', label: labels.empty });
  else if (byName.length <= flatLimit) items.push(...byName.map((p) => connectItem(p, running)));
  else {
    const groups = new Map<string, TrayItem[]>();
    for (const p of byName) {
      const key = p.group.trim();
      groups.set(key, [...(groups.get(key) ?? []), connectItem(p, running)]);
    }
    const named = [...groups.keys()].filter(Boolean).sort((a, b) => a.localeCompare(b));
    for (const group of named) items.push({ type: 'submenu', label: group, items: groups.get(group) ?? [] });
    const loose = groups.get('');
    if (loose) items.push({ type: 'submenu', label: labels.noGroup, items: loose });
  }
  return [...items, { type: 'separator' }, { type: 'open' }, { type: 'quit' }];
}
