import type { OpenDoor } from '../../contract/features/doors';
import { startKeepOpen, type KeepOpen, type KeepOpenDeps, type KeepOpenEnd, type Timers } from './keep-open';

export interface OpenDoorsDeps {
  /** Wall clock, epoch ms. */
  now(): number;
  timers: Timers;
  /** The list after every change (the app: the `openDoorsChanged` event; the CLI: nothing). */
  onChange?(doors: OpenDoor[]): void;
  /** How long a session Sesame cannot follow is kept open at most (the setting; 8 h by default). */
  capMs(): Promise<number>;
  /** Failures of re-knocks and close sequences (the connector turns them into progress events). */
  onError?(profileId: string, error: unknown, during: 'knock' | 'close' | 'address'): void;
  addressPollMs?: number;
}

export interface TrackRequest {
  profileId: string;
  timeoutS: number;
  keepOpen: boolean;
  /** When the door answered (epoch ms). */
  openedAt: number;
  /** Whether Sesame sees the session end (a client process it tracks); if not, the cap applies. */
  followsSession: boolean;
  knock: KeepOpenDeps['knock'];
  close?: KeepOpenDeps['close'];
  sourceAddress?: KeepOpenDeps['sourceAddress'];
}

export interface TrackedDoor {
  /** Ends this session's keeping open; a newer session on the same door is left alone. */
  stop(reason: KeepOpenEnd, options?: { close?: boolean }): Promise<void>;
  readonly keep: KeepOpen;
}

/**
 * The app's (and a CLI run's) doors that close by themselves, one per
 * profile: the keep-open scheduler of each, and the list the window and the
 * tray show. A second session through the same door takes over from the first
 * (it has just knocked); the first one's end then leaves it alone.
 */
export function createOpenDoors(deps: OpenDoorsDeps) {
  const doors = new Map<string, { keep: KeepOpen; followsSession: boolean }>();
  const list = (): OpenDoor[] =>
    [...doors.entries()].map(([profileId, { keep, followsSession }]) => {
      const s = keep.state();
      return {
        profileId,
        closesAt: Math.round(s.closesAt),
        keptOpen: s.keptOpen,
        ...(s.nextKnockAt !== undefined ? { nextKnockAt: Math.round(s.nextKnockAt) } : {}),
        ...(s.until !== undefined ? { until: Math.round(s.until) } : {}),
        followsSession,
        reknocks: s.reknocks,
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
      };
    });
  const changed = () => deps.onChange?.(list());

  async function track(request: TrackRequest): Promise<TrackedDoor> {
    const capMs = request.keepOpen && !request.followsSession ? await deps.capMs() : undefined;
    const previous = doors.get(request.profileId);
    // Taken over, not closed: the new session's knock has just opened the door again.
    if (previous) await previous.keep.stop('session');
    // The scheduler's onChange may fire before startKeepOpen returns: it reads the entry through this slot.
    const slot: { entry?: { keep: KeepOpen; followsSession: boolean } } = {};
    const keep = startKeepOpen(
      {
        timeoutS: request.timeoutS,
        keepOpen: request.keepOpen,
        openedAt: request.openedAt,
        ...(capMs !== undefined ? { capMs } : {}),
        ...(deps.addressPollMs !== undefined ? { addressPollMs: deps.addressPollMs } : {}),
      },
      {
        now: deps.now,
        timers: deps.timers,
        knock: request.knock,
        ...(request.close ? { close: request.close } : {}),
        ...(request.sourceAddress ? { sourceAddress: request.sourceAddress } : {}),
        onChange: () => {
          if (slot.entry && doors.get(request.profileId) === slot.entry) changed();
        },
        onError: (error, during) => deps.onError?.(request.profileId, error, during),
      },
    );
    const mine = { keep, followsSession: request.followsSession };
    slot.entry = mine;
    doors.set(request.profileId, mine);
    void keep.ended.then(() => {
      if (doors.get(request.profileId) !== mine) return;
      doors.delete(request.profileId);
      changed();
    });
    changed();
    return {
      keep,
      stop: async (reason, options) => {
        if (doors.get(request.profileId) !== mine && !options?.close) return;
        await keep.stop(reason, options);
      },
    };
  }

  return {
    track,
    list,
    /** "Close now" / "Stop keeping open": ends keeping open and sends the close sequence if the profile has one. */
    async closeNow(profileId: string): Promise<boolean> {
      const entry = doors.get(profileId);
      if (!entry) return false;
      await entry.keep.stop('user', { close: true });
      return true;
    },
    /** Quitting the app: stop every re-knock (the close sequences go with each session's own end). */
    async stopAll(): Promise<void> {
      await Promise.all([...doors.values()].map(({ keep }) => keep.stop('session')));
    },
  };
}

export type OpenDoors = ReturnType<typeof createOpenDoors>;
