/**
 * Keeping a timed door open while a session runs.
 *
 * A door that closes by itself (knockd `cmd_timeout` + `stop_command`,
 * fwknopd FW_ACCESS_TIMEOUT / the packet's FW_TIMEOUT) lets a session that is
 * already established go on (conntrack ESTABLISHED), but refuses every NEW
 * connection once it closed: the second `scp`, a VS Code reconnect, an
 * `rsync` started from the open shell. "Keep open" knocks again before that.
 *
 * The plain module: clock, timers, the knock, the close sequence and the
 * source-address probe are all passed in, so the schedule is tested with
 * fake timers and every entrance (connector, CLI, proxy, tray) uses the same.
 */

/** Timer functions as Node and the DOM have them; tests pass fake ones. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    // A kept-open door never keeps a process alive by itself: its session does.
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * When to knock again after a knock, for a door open `timeoutS` seconds.
 *
 * Not "just before the timeout": knockd forks one sleeper per accepted knock
 * (knockd.c: sleep(cmd_timeout), then stop_command), and a re-knock does not
 * cancel the earlier sleeper. With a stop_command that is idempotent (the
 * usual `nft delete element` / a set), the first knock's stop removes the door
 * at T whatever came after it, so a re-knock at T−5 s leaves it shut from T
 * until the next re-knock (20 s of every 25 s for T = 30 s). With a counted
 * rule (`iptables -I` … `-D`, one rule per knock) any interval below T is
 * seamless. Two knocks per timeout — every T/2 + 250 ms — serve both: a
 * counted door always has a knock younger than T, and an idempotent door is
 * re-opened 0.5 s after each stop (the knock two back was T + 0.5 s earlier).
 * The 0.5 s covers the jitter of timers and of knockd on a loaded machine; a
 * NEW connection that meets that gap gets in on the kernel's first SYN
 * retransmit (1 s). fwknopd either extends its rule or re-creates it after
 * the expiry: the same half-timeout schedule fits both.
 */
export function reknockDelayMs(timeoutS: number): number {
  return Math.max(500, Math.round((timeoutS * 1000 + 500) / 2));
}

/** How often the source address toward the server is read (a local lookup, no packet): a network change is noticed within this. */
export const defaultAddressPollMs = 5_000;
/** A failed re-knock is tried again this soon (or at the next regular time when that is sooner). */
export const retryDelayMs = 1_000;

export type KeepOpenEnd = 'session' | 'user' | 'cap' | 'expired';

export interface KeepOpenState {
  /** When the door closes by itself unless knocked again (wall clock, epoch ms). */
  closesAt: number;
  /** When the next re-knock is due; absent when not keeping open. */
  nextKnockAt?: number;
  keptOpen: boolean;
  /** Keeping open ends at this time at the latest (the cap for sessions Sesame cannot follow). */
  until?: number;
  /** Re-knocks sent so far (not counting the knock that opened the door). */
  reknocks: number;
  /** The last re-knock's (or close's) failure, until the next success. */
  lastError?: string;
  ended?: KeepOpenEnd;
}

export interface KeepOpenOptions {
  /** How long the server keeps the door open after a knock. */
  timeoutS: number;
  /** Re-knock while running; false: only count down to the closing. */
  keepOpen: boolean;
  /** When the door was knocked open (epoch ms). */
  openedAt: number;
  /** Stop keeping open (and close) this long after `openedAt`: for sessions that end without Sesame seeing it. */
  capMs?: number;
  addressPollMs?: number;
}

export interface KeepOpenDeps {
  /** Wall clock, epoch ms (shared with the renderer's countdown and other processes' lease files). */
  now(): number;
  timers: Timers;
  /**
   * Knocks the door again. May resolve with the time the door was last
   * knocked when that is not now (another process sharing the door knocked it
   * a moment ago): the next re-knock is planned from that time.
   */
  knock(reason: 'timer' | 'address'): Promise<number | void>;
  /** The close sequence, sent once when keeping open ends (absent: the server closes the door by itself). */
  close?(): Promise<void>;
  /** The local address the kernel would send from toward the server; undefined when there is no route. */
  sourceAddress?(): Promise<string | undefined>;
  onChange?(state: KeepOpenState): void;
  /** Every failure goes here (and into `lastError`): a door that may have shut is something the user must learn. */
  onError?(error: unknown, during: 'knock' | 'close' | 'address'): void;
}

export interface KeepOpen {
  state(): KeepOpenState;
  /** Ends keeping open; `close` sends the close sequence (once, whoever asks first). Resolves when it went. */
  stop(reason: KeepOpenEnd, options?: { close?: boolean }): Promise<void>;
  /** Settles when it ended (stopped, capped, or — without keep-open — the door's time ran out). */
  readonly ended: Promise<KeepOpenEnd>;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function startKeepOpen(options: KeepOpenOptions, deps: KeepOpenDeps): KeepOpen {
  const timeoutMs = options.timeoutS * 1000;
  const interval = reknockDelayMs(options.timeoutS);
  const pollMs = options.addressPollMs ?? defaultAddressPollMs;
  const until = options.keepOpen && options.capMs !== undefined ? options.openedAt + options.capMs : undefined;
  let state: KeepOpenState = {
    closesAt: options.openedAt + timeoutMs,
    keptOpen: options.keepOpen,
    reknocks: 0,
    ...(options.keepOpen ? { nextKnockAt: options.openedAt + interval } : {}),
    ...(until !== undefined ? { until } : {}),
  };
  let knockTimer: unknown;
  let pollTimer: unknown;
  let capTimer: unknown;
  let knocking: Promise<void> | undefined;
  let again: 'address' | undefined;
  let lastAddress: string | undefined;
  let closing: Promise<void> | undefined;
  let resolveEnded!: (end: KeepOpenEnd) => void;
  const ended = new Promise<KeepOpenEnd>((resolve) => (resolveEnded = resolve));

  const update = (patch: Partial<KeepOpenState>, drop: (keyof KeepOpenState)[] = []) => {
    const next = { ...state, ...patch };
    for (const key of drop) delete next[key];
    state = next;
    deps.onChange?.(state);
  };
  const clearTimers = () => {
    for (const handle of [knockTimer, pollTimer, capTimer]) if (handle !== undefined) deps.timers.clearTimeout(handle);
    knockTimer = pollTimer = capTimer = undefined;
  };

  const schedule = (at: number) => {
    if (state.ended) return;
    if (knockTimer !== undefined) deps.timers.clearTimeout(knockTimer);
    knockTimer = deps.timers.setTimeout(() => {
      knockTimer = undefined;
      void reknock('timer');
    }, Math.max(0, at - deps.now()));
    if (state.nextKnockAt !== at) update({ nextKnockAt: at });
  };

  function reknock(reason: 'timer' | 'address'): Promise<void> {
    if (state.ended) return Promise.resolve();
    // One knock at a time (knockd tracks one sequence per source): a change seen meanwhile knocks once more after it.
    if (knocking) {
      if (reason === 'address') again = 'address';
      return knocking;
    }
    if (knockTimer !== undefined) deps.timers.clearTimeout(knockTimer);
    knockTimer = undefined;
    knocking = (async () => {
      const sentAt = deps.now();
      try {
        const knockedAt = (await deps.knock(reason)) ?? sentAt;
        if (state.ended) return;
        update({ closesAt: Math.max(state.closesAt, knockedAt + timeoutMs), reknocks: state.reknocks + 1 }, ['lastError']);
        schedule(knockedAt + interval);
      } catch (error) {
        if (state.ended) return;
        deps.onError?.(error, 'knock');
        update({ lastError: messageOf(error) });
        schedule(Math.min(deps.now() + retryDelayMs, sentAt + interval));
      }
    })().finally(() => {
      knocking = undefined;
      if (again && !state.ended) {
        again = undefined;
        void reknock('address');
      }
    });
    return knocking;
  }

  const poll = () => {
    pollTimer = deps.timers.setTimeout(async () => {
      pollTimer = undefined;
      try {
        const address = await deps.sourceAddress!();
        // No route for now: nothing to compare; the next address that differs from the last known knocks.
        if (address !== undefined) {
          if (lastAddress !== undefined && address !== lastAddress && !state.ended) void reknock('address');
          lastAddress = address;
        }
      } catch (error) {
        deps.onError?.(error, 'address');
      }
      if (!state.ended) poll();
    }, pollMs);
  };

  async function stop(reason: KeepOpenEnd, stopOptions: { close?: boolean } = {}): Promise<void> {
    if (!state.ended) {
      clearTimers();
      again = undefined;
      update({ ended: reason }, ['nextKnockAt']);
      resolveEnded(reason);
    }
    // A re-knock in flight finishes before the close sequence, never after it.
    await knocking?.catch(() => undefined);
    if (stopOptions.close && deps.close) {
      closing ??= deps.close().catch((error: unknown) => {
        deps.onError?.(error, 'close');
        update({ lastError: messageOf(error) });
      });
      await closing;
    }
  }

  if (options.keepOpen) {
    schedule(state.nextKnockAt!);
    if (until !== undefined) capTimer = deps.timers.setTimeout(() => void stop('cap', { close: true }), Math.max(0, until - deps.now()));
    if (deps.sourceAddress) {
      void deps.sourceAddress().then(
        (address) => {
          lastAddress ??= address;
        },
        (error: unknown) => deps.onError?.(error, 'address'),
      );
      poll();
    }
  } else {
    // Only the countdown: it ends when the server closed the door.
    knockTimer = deps.timers.setTimeout(() => void stop('expired'), Math.max(0, state.closesAt - deps.now()));
  }
  deps.onChange?.(state);
  return { state: () => state, stop, ended };
}
