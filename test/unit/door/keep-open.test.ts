import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reknockDelayMs, startKeepOpen, type KeepOpenDeps, type KeepOpenState } from '../../../src-main/core/door/keep-open';

/** Fake timers drive both the clock and the timers, so "when" is exact and nothing waits for real. */
const timers: KeepOpenDeps['timers'] = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

const t0 = 1_800_000_000_000;

function harness(overrides: Partial<KeepOpenDeps> = {}) {
  const log: string[] = [];
  const states: KeepOpenState[] = [];
  const errors: string[] = [];
  const deps: KeepOpenDeps = {
    now: () => Date.now(),
    timers,
    knock: async (reason) => {
      log.push(`knock:${reason}@${Date.now() - t0}`);
    },
    close: async () => {
      log.push(`close@${Date.now() - t0}`);
    },
    onChange: (state) => states.push(state),
    onError: (error, during) => errors.push(`${during}: ${(error as Error).message}`),
    ...overrides,
  };
  return { deps, log, states, errors };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(t0);
});
afterEach(() => vi.useRealTimers());

describe('keep-open schedule', () => {
  it('re-knocks every half timeout plus 250 ms (two knocks per timeout)', () => {
    expect(reknockDelayMs(3)).toBe(1_750);
    expect(reknockDelayMs(30)).toBe(15_250);
    expect(reknockDelayMs(600)).toBe(300_250);
    // Always under the timeout (counted rules stay open) and past half of it (idempotent stops are followed by a knock).
    for (const s of [2, 3, 10, 30, 3600]) {
      expect(reknockDelayMs(s)).toBeLessThan(s * 1000);
      expect(2 * reknockDelayMs(s)).toBeGreaterThan(s * 1000);
    }
  });

  it('knocks at those times while running, and the state says when the door closes and the next knock is due', async () => {
    const { deps, log, states } = harness();
    const keep = startKeepOpen({ timeoutS: 3, keepOpen: true, openedAt: t0 }, deps);
    expect(keep.state()).toMatchObject({ closesAt: t0 + 3_000, nextKnockAt: t0 + 1_750, keptOpen: true, reknocks: 0 });
    await vi.advanceTimersByTimeAsync(1_749);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['knock:timer@1750']);
    expect(keep.state()).toMatchObject({ closesAt: t0 + 4_750, nextKnockAt: t0 + 3_500, reknocks: 1 });
    await vi.advanceTimersByTimeAsync(5_250);
    expect(log).toEqual(['knock:timer@1750', 'knock:timer@3500', 'knock:timer@5250', 'knock:timer@7000']);
    expect(states.at(-1)).toMatchObject({ reknocks: 4, closesAt: t0 + 10_000 });
    await keep.stop('session');
  });

  it('stop ends the knocks, sends the close sequence once however often it is asked, and the state says why it ended', async () => {
    const { deps, log } = harness();
    const keep = startKeepOpen({ timeoutS: 3, keepOpen: true, openedAt: t0 }, deps);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all([keep.stop('session', { close: true }), keep.stop('user', { close: true })]);
    await keep.stop('user', { close: true });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(log).toEqual(['knock:timer@1750', 'close@2000']);
    expect(keep.state()).toMatchObject({ ended: 'session' });
    expect(keep.state().nextKnockAt).toBeUndefined();
    await expect(keep.ended).resolves.toBe('session');
  });

  it('a close asked for during a re-knock goes out after that knock, never before or amid it', async () => {
    let release!: () => void;
    const { deps, log } = harness({
      knock: async (reason) => {
        log.push(`knock-start:${reason}`);
        await new Promise<void>((resolve) => (release = resolve));
        log.push('knock-end');
      },
    });
    const keep = startKeepOpen({ timeoutS: 3, keepOpen: true, openedAt: t0 }, deps);
    await vi.advanceTimersByTimeAsync(1_750);
    const stopped = keep.stop('session', { close: true });
    await vi.advanceTimersByTimeAsync(10);
    expect(log).toEqual(['knock-start:timer']);
    release();
    await stopped;
    expect(log).toEqual(['knock-start:timer', 'knock-end', 'close@1760']);
  });

  it('a source address change knocks at once, then the schedule goes on from that knock', async () => {
    let address = '192.0.2.10';
    const { deps, log } = harness({ sourceAddress: async () => address });
    const keep = startKeepOpen({ timeoutS: 30, keepOpen: true, openedAt: t0, addressPollMs: 2_000 }, deps);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(log).toEqual([]);
    address = '198.51.100.7';
    await vi.advanceTimersByTimeAsync(2_000);
    expect(log).toEqual(['knock:address@8000']);
    expect(keep.state()).toMatchObject({ nextKnockAt: t0 + 8_000 + 15_250, closesAt: t0 + 38_000 });
    // The same new address again: nothing more until the regular time.
    await vi.advanceTimersByTimeAsync(15_249);
    expect(log).toEqual(['knock:address@8000']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['knock:address@8000', 'knock:timer@23250']);
    await keep.stop('session');
  });

  it('no route for a while is not a change; the next different address is', async () => {
    let address: string | undefined = '192.0.2.10';
    const { deps, log } = harness({ sourceAddress: async () => address });
    const keep = startKeepOpen({ timeoutS: 60, keepOpen: true, openedAt: t0, addressPollMs: 1_000 }, deps);
    await vi.advanceTimersByTimeAsync(1_000);
    address = undefined;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(log).toEqual([]);
    address = '192.0.2.10';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual([]);
    address = '203.0.113.5';
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['knock:address@6000']);
    await keep.stop('session');
  });

  it('a failed re-knock is reported (onError and lastError), retried within a second, and cleared by the next success', async () => {
    let fail = true;
    const { deps, log, errors } = harness({
      knock: async (reason) => {
        log.push(`knock:${reason}@${Date.now() - t0}`);
        if (fail) throw new Error('send EHOSTUNREACH 192.0.2.1:7000');
      },
    });
    const keep = startKeepOpen({ timeoutS: 10, keepOpen: true, openedAt: t0 }, deps);
    await vi.advanceTimersByTimeAsync(5_250);
    expect(errors).toEqual(['knock: send EHOSTUNREACH 192.0.2.1:7000']);
    expect(keep.state()).toMatchObject({ lastError: 'send EHOSTUNREACH 192.0.2.1:7000', reknocks: 0, nextKnockAt: t0 + 6_250 });
    fail = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['knock:timer@5250', 'knock:timer@6250']);
    expect(keep.state().lastError).toBeUndefined();
    expect(keep.state()).toMatchObject({ reknocks: 1, closesAt: t0 + 16_250 });
    await keep.stop('session');
  });

  it('a failed close sequence is reported, not swallowed', async () => {
    const { deps, errors } = harness({
      close: async () => {
        throw new Error('no route to host');
      },
    });
    const keep = startKeepOpen({ timeoutS: 10, keepOpen: true, openedAt: t0 }, deps);
    await keep.stop('user', { close: true });
    expect(errors).toEqual(['close: no route to host']);
    expect(keep.state().lastError).toBe('no route to host');
  });

  it('the cap ends keeping open and sends the close sequence', async () => {
    const { deps, log } = harness();
    const keep = startKeepOpen({ timeoutS: 60, keepOpen: true, openedAt: t0, capMs: 100_000 }, deps);
    expect(keep.state().until).toBe(t0 + 100_000);
    await vi.advanceTimersByTimeAsync(100_000);
    await expect(keep.ended).resolves.toBe('cap');
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['knock:timer@30250', 'knock:timer@60500', 'knock:timer@90750', 'close@100000']);
  });

  it('without keep-open it only counts down, and ends when the door closed by itself', async () => {
    const { deps, log } = harness({ sourceAddress: async () => 'x' });
    const keep = startKeepOpen({ timeoutS: 3, keepOpen: false, openedAt: t0 }, deps);
    expect(keep.state()).toEqual({ closesAt: t0 + 3_000, keptOpen: false, reknocks: 0 });
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(keep.ended).resolves.toBe('expired');
    expect(log).toEqual([]);
  });

  it('plans from the time another process knocked the shared door, when the knock says so', async () => {
    const { deps, log } = harness({
      knock: async (reason) => {
        log.push(`knock:${reason}@${Date.now() - t0}`);
        return t0 + 1_000; // the door's lease says another proxy knocked at 1 s
      },
    });
    const keep = startKeepOpen({ timeoutS: 3, keepOpen: true, openedAt: t0 }, deps);
    await vi.advanceTimersByTimeAsync(1_750);
    expect(keep.state()).toMatchObject({ nextKnockAt: t0 + 2_750, closesAt: t0 + 4_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(log).toEqual(['knock:timer@1750', 'knock:timer@2750']);
    await keep.stop('session');
  });
});
