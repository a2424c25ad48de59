import type { OpenDoor } from './doors';

/**
 * What a door's countdown says at `now`, shared by the window and the tray so
 * both count the same way. Times come from main as absolute epoch ms; each
 * side reads its own clock (the same machine's wall clock) and no tick
 * crosses IPC.
 */
export interface DoorCountdown {
  /** "closes": the server shuts it at `closesAt`; "kept": Sesame re-knocks at `nextKnockAt`. */
  kind: 'closes' | 'kept';
  /** Whole seconds left, rounded up (so "0:00" only when the moment has come), never negative. */
  seconds: number;
  /** The seconds as a clock: "3:12", "1:02:03". */
  clock: string;
}

/** "m:ss" under an hour, "h:mm:ss" from an hour on. */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function doorCountdown(door: Pick<OpenDoor, 'closesAt' | 'keptOpen' | 'nextKnockAt'>, now: number): DoorCountdown {
  // A kept-open door between re-knocks has no next time for a moment: count to its closing then.
  const kept = door.keptOpen;
  const target = kept ? (door.nextKnockAt ?? door.closesAt) : door.closesAt;
  const seconds = Math.max(0, Math.ceil((target - now) / 1000));
  return { kind: kept ? 'kept' : 'closes', seconds, clock: clockText(seconds) };
}
