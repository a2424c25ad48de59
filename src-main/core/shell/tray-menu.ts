import { doorCountdown } from '../../contract/features/door-countdown';
import type { OpenDoor } from '../../contract/features/doors';
import type { ProfileSummary } from '../../contract/features/profiles';
import { isolate } from '../../contract/schemas/common';
import type { RunStage } from './run-status';

/**
 * The tray menu as plain data, built from profile summaries; the Electron
 * shell turns it into a native Menu. Groups become submenus once the menu
 * would be too long to scan; a running connect shows its stage, a door open
 * right now (a session in progress) says so. Doors that close by themselves
 * come first, each with its countdown as of building the menu (a native menu
 * cannot tick; it is rebuilt on every change of the doors) and "Close now".
 */
export type TrayItem =
  | { type: 'connect'; label: string; profileId: string; enabled: boolean; state?: 'running' | 'open' }
  | { type: 'submenu'; label: string; items: TrayItem[] }
  | { type: 'status'; label: string }
  | { type: 'closeDoor'; label: string; profileId: string }
  | { type: 'separator' }
  | { type: 'open' }
  | { type: 'quit' };

export interface TrayMenuInput {
  profiles: readonly Pick<ProfileSummary, 'id' | 'name' | 'group' | 'draft'>[];
  /** Profile id → what its running connect is doing, already worded ("knock 2/3", "waiting for :22"). */
  running: ReadonlyMap<string, string>;
  /** Profiles whose door is open right now (a launched client still running). */
  open?: ReadonlySet<string>;
  labels: { noGroup: string; empty: string; openNow?: string };
  /** Doors open now that close by themselves, already worded (see {@link doorLabels}). */
  doors?: readonly { profileId: string; label: string; closeLabel: string }[];
  /** Above this many profiles, groups become submenus. */
  flatLimit?: number;
}

/** Words a run's stage with the shell's translations (keys under `tray.stage`). */
export function stageLabel(stage: RunStage, t: (key: string, values: Record<string, number>) => string): string {
  switch (stage.kind) {
    case 'resolving':
      return t('tray.stage.resolving', {});
    case 'knock':
      return t('tray.stage.knock', { index: stage.index, total: stage.total });
    case 'waiting':
      return t('tray.stage.waiting', { port: stage.port });
    case 'opened':
      return t('tray.stage.opened', { ms: stage.ms });
  }
}

/** A door's line and its "Close now" item, with the shell's translations (keys under `tray`). */
export function doorLabels(
  door: OpenDoor,
  name: string,
  now: number,
  t: (key: string, values: Record<string, string>) => string,
): { profileId: string; label: string; closeLabel: string } {
  const isolated = isolate(name);
  const { kind, clock } = doorCountdown(door, now);
  const label =
    door.lastError !== undefined
      ? t('tray.doorFailed', { name: isolated })
      : kind === 'kept'
        ? t('tray.doorKept', { name: isolated, time: clock })
        : t('tray.doorCloses', { name: isolated, time: clock });
  return { profileId: door.profileId, label, closeLabel: t('tray.closeDoor', { name: isolated }) };
}

function connectItem(p: TrayMenuInput['profiles'][number], input: TrayMenuInput): TrayItem {
  const stage = input.running.get(p.id);
  // Isolated, so a right-to-left name cannot pull the stage text into it.
  const name = isolate(p.name);
  // A draft cannot connect yet; a running one must not be started twice. An open door may take a second session.
  if (stage) return { type: 'connect', label: `${name} — ${stage}`, profileId: p.id, enabled: false, state: 'running' };
  if (input.open?.has(p.id)) {
    return { type: 'connect', label: input.labels.openNow ? `${name} — ${input.labels.openNow}` : name, profileId: p.id, enabled: !p.draft, state: 'open' };
  }
  return { type: 'connect', label: name, profileId: p.id, enabled: !p.draft };
}

export function buildTrayMenu(input: TrayMenuInput): TrayItem[] {
  const { profiles, labels, flatLimit = 15 } = input;
  const byName = [...profiles].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  const items: TrayItem[] = [];
  for (const door of input.doors ?? []) {
    items.push({ type: 'status', label: door.label }, { type: 'closeDoor', label: door.closeLabel, profileId: door.profileId });
  }
  if (items.length > 0) items.push({ type: 'separator' });
  if (byName.length === 0) items.push({ type: 'status', label: labels.empty });
  else if (byName.length <= flatLimit) items.push(...byName.map((p) => connectItem(p, input)));
  else {
    const groups = new Map<string, TrayItem[]>();
    for (const p of byName) {
      const key = p.group.trim();
      groups.set(key, [...(groups.get(key) ?? []), connectItem(p, input)]);
    }
    const named = [...groups.keys()].filter(Boolean).sort((a, b) => a.localeCompare(b));
    for (const group of named) items.push({ type: 'submenu', label: group, items: groups.get(group) ?? [] });
    const loose = groups.get('');
    if (loose) items.push({ type: 'submenu', label: labels.noGroup, items: loose });
  }
  return [...items, { type: 'separator' }, { type: 'open' }, { type: 'quit' }];
}
