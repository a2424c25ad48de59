import type { TFunction } from 'i18next';
import { doorCountdown } from '../../../src-main/contract/features/door-countdown';
import type { OpenDoor } from '../../../src-main/contract/features/doors';

/** The list row's compact mark: "open · 3:12" for a door that will close, "kept open" for one Sesame re-knocks. */
export function doorMarkText(t: TFunction, door: OpenDoor, now: number): string {
  const countdown = doorCountdown(door, now);
  if (countdown.kind === 'closes') return t('door.markOpen', { time: countdown.clock });
  return door.lastError !== undefined ? t('door.markFailed') : t('door.markKept');
}

/** The detail pane's line: "Closes in 3:12" or "Kept open · re-knock in 0:41". */
export function doorLineText(t: TFunction, door: OpenDoor, now: number): string {
  const countdown = doorCountdown(door, now);
  return countdown.kind === 'closes' ? t('door.closesIn', { time: countdown.clock }) : t('door.keptOpen', { time: countdown.clock });
}
