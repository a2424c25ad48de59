import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join as joinPath } from 'node:path';

/**
 * One door shared by every `sesame proxy` process that goes through it.
 *
 * Ten `scp` or Ansible forks start ten proxies within milliseconds. knockd
 * tracks one sequence per source address, so ten interleaved sequences would
 * kill each other, and ten close sequences would shut the door under the
 * sessions still starting. So, per door (profile + pinned address):
 *
 * - a **lock file**, held only for the read-change-write of the lease and for
 *   sending a sequence (a few hundred ms): whoever holds it is the only one
 *   sending to that door, across processes — the cross-process twin of the
 *   knock engine's per-address lock;
 * - a **lease file** listing the processes using the door: the first one in
 *   knocks, the others find it knocked and only wait for the port; the last
 *   one out sends the close sequence (still under the lock, so a newcomer
 *   knocks only after the close went out, never interleaved with it).
 *
 * A crashed holder is detected by its pid: a lock or a lease entry whose
 * process is gone is dropped by the next process that looks. (A reused pid can
 * only make a dead holder look alive: the door then stays open longer, never
 * shuts under a live session.) The lock also expires after `lockStaleMs`,
 * which covers a pid that was reused while the lock was held.
 *
 * Hand-written rather than proper-lockfile (which the profile store uses):
 * proper-lockfile judges staleness by mtime only, and its dependencies cost
 * this path start-up time (see door-profile.ts for why that matters here).
 * The file operations are synchronous on purpose: each is a few microseconds
 * on a local folder, and on a loaded machine every asynchronous one is another
 * trip through the thread pool and the event loop in front of the ssh session.
 */
export interface LeaseDeps {
  dir: string;
  pid: number;
  /** Whether a process exists (process.kill(pid, 0)); tests pass their own. */
  alive: (pid: number) => boolean;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface LeaseState {
  /** Processes using the door now. */
  holders: number[];
  /** When the door was last knocked by one of them (wall clock, ms). */
  knockedAt?: number;
}

export interface JoinOptions {
  /**
   * Sends the door's sequence. Runs under the lock, only when no live process
   * holds a lease that still counts as open (see `stillOpen`).
   */
  knock: () => Promise<void>;
  /**
   * Whether a door knocked at `knockedAt` with live holders is still open. A
   * door with a close sequence stays open until it is closed (true); a door
   * the server closes by itself (knockd cmd_timeout) only for a while.
   */
  stillOpen: (knockedAt: number) => boolean;
  /** How long to wait for another process's lock before giving up. */
  waitMs: number;
  signal?: AbortSignal;
}

export interface Lease {
  /** Whether this process sent the knock (false: it joined a door already knocked). */
  knocked: boolean;
  /**
   * Leaves the door. The last one out runs `close` (under the lock) and
   * learns it did; a failed `close` still removes the lease, then rethrows.
   */
  leave(close?: () => Promise<void>): Promise<{ last: boolean }>;
  /**
   * Keep-open's re-knock, shared by every holder: under the lock, knocks
   * unless another holder did less than `minAgeMs` ago, and returns when the
   * door was last knocked (wall clock), so each holder plans its next
   * re-knock from the same time and the door is knocked once per round
   * however many proxies share it — and on as long as any of them lives.
   */
  reknock(knock: () => Promise<void>, minAgeMs: number): Promise<number>;
}

export class LeaseTimeoutError extends Error {
  override readonly name = 'LeaseTimeoutError';
}

export const lockStaleMs = 120_000;

/** The file name of a door: profile id and pinned address, hashed (ids and IPv6 addresses are not all file-name safe). */
export function doorKey(profileId: string, address: string, port: number): string {
  // FNV-1a, twice with different offsets: node:crypto alone would add several ms to every start, and these names need no secrecy.
  const text = `${profileId}\n${address}\n${port}`;
  const fnv = (seed: number): string => {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h.toString(16).padStart(8, '0');
  };
  return `${fnv(0x811c9dc5)}${fnv(0x050c5d1f)}${fnv(0x2f0b3c4d)}`;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function parseState(text: string | undefined): LeaseState {
  if (text === undefined) return { holders: [] };
  try {
    const raw = JSON.parse(text) as Partial<LeaseState>;
    const holders = Array.isArray(raw.holders) ? raw.holders.filter((p): p is number => Number.isInteger(p) && p > 0) : [];
    return { holders, ...(typeof raw.knockedAt === 'number' ? { knockedAt: raw.knockedAt } : {}) };
  } catch {
    // A torn or foreign file says nothing trustworthy: as if nobody held the door (the next one knocks).
    return { holders: [] };
  }
}

export function createDoorLeases(deps: LeaseDeps) {
  const paths = (key: string) => ({ lock: joinPath(deps.dir, `${key}.lock`), lease: joinPath(deps.dir, `${key}.json`) });

  /** Takes the door's lock: an exclusive create, with a dead or expired holder's lock taken over. */
  async function takeLock(key: string, waitMs: number, signal?: AbortSignal): Promise<() => Promise<void>> {
    const { lock: file } = paths(key);
    const deadline = deps.now() + waitMs;
    mkdirSync(deps.dir, { recursive: true, mode: 0o700 });
    for (let pause = 2; ; pause = Math.min(pause * 2, 25)) {
      signal?.throwIfAborted();
      try {
        const fd = openSync(file, 'wx', 0o600);
        try {
          writeSync(fd, `${deps.pid}\n`);
        } finally {
          closeSync(fd);
        }
        return async () => {
          // Only our own lock: after an expiry takeover the file may be someone else's.
          if (readText(file)?.trim() === String(deps.pid)) rmSync(file, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      takeOverIfStale(file);
      if (deps.now() > deadline) throw new LeaseTimeoutError(`another sesame proxy has held ${file} for over ${Math.round(waitMs / 1000)} s`);
      await deps.sleep(pause);
    }
  }

  /**
   * Removes a lock whose holder is gone. Two processes may judge the same lock
   * stale at once; renaming it to a name of our own first means only one of
   * them removes it, and the other's rename fails (ENOENT) — never removing a
   * fresh lock the first one has meanwhile created.
   */
  function takeOverIfStale(file: string): void {
    const text = readText(file);
    if (text === undefined) return;
    const holder = Number(text.trim());
    const age = ageMs(file);
    // No pid yet: its writer is between open and write, and only an old one is stale.
    const expired = !Number.isInteger(holder) || holder <= 0 ? age > 5_000 : !deps.alive(holder) || age > lockStaleMs;
    if (!expired) return;
    const aside = `${file}.stale-${deps.pid}`;
    try {
      renameSync(file, aside);
    } catch {
      return;
    }
    // Between our read and our rename the lock may have changed hands: put a live one back
    // (link, not rename: never over a lock someone created since).
    if (readText(aside)?.trim() !== text.trim()) {
      try {
        linkSync(aside, file);
      } catch {
        // someone holds a newer lock: theirs stands
      }
    }
    rmSync(aside, { force: true });
  }

  function readState(key: string): LeaseState {
    const state = parseState(readText(paths(key).lease));
    return { ...state, holders: state.holders.filter((pid) => pid === deps.pid || deps.alive(pid)) };
  }

  function writeState(key: string, state: LeaseState): void {
    const file = paths(key).lease;
    if (state.holders.length === 0) {
      rmSync(file, { force: true });
      return;
    }
    // Written whole under the lock; a rename keeps a reader without the lock from seeing half a file.
    const temp = `${file}.${deps.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  }

  async function joinDoor(key: string, options: JoinOptions): Promise<Lease> {
    const unlock = await takeLock(key, options.waitMs, options.signal);
    let knocked = false;
    try {
      const state = readState(key);
      const others = state.holders.filter((pid) => pid !== deps.pid);
      const open = others.length > 0 && state.knockedAt !== undefined && options.stillOpen(state.knockedAt);
      if (!open) {
        await options.knock();
        knocked = true;
      }
      writeState(key, {
        holders: [...others, deps.pid],
        ...(knocked ? { knockedAt: deps.now() } : state.knockedAt !== undefined ? { knockedAt: state.knockedAt } : {}),
      });
    } finally {
      await unlock();
    }
    let left = false;
    return {
      knocked,
      async reknock(send, minAgeMs) {
        const release = await takeLock(key, options.waitMs);
        try {
          const state = readState(key);
          if (state.knockedAt !== undefined && deps.now() - state.knockedAt < minAgeMs) return state.knockedAt;
          await send();
          const knockedAt = deps.now();
          writeState(key, { holders: state.holders.includes(deps.pid) ? state.holders : [...state.holders, deps.pid], knockedAt });
          return knockedAt;
        } finally {
          await release();
        }
      },
      async leave(close) {
        if (left) return { last: false };
        left = true;
        // Leaving must not give up on a busy lock: the close sequence depends on it.
        const release = await takeLock(key, Math.max(options.waitMs, 60_000));
        try {
          const state = readState(key);
          const holders = state.holders.filter((pid) => pid !== deps.pid);
          writeState(key, { ...state, holders });
          if (holders.length > 0) return { last: false };
          if (close) await close();
          return { last: true };
        } finally {
          await release();
        }
      },
    };
  }

  return { join: joinDoor, readState, paths };
}

export type DoorLeases = ReturnType<typeof createDoorLeases>;
