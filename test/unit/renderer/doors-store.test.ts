import { describe, expect, it } from 'vitest';
import type { TFunction } from 'i18next';
import { contractError } from '../../../src-main/contract/errors';
import { clockText, doorCountdown } from '../../../src-main/contract/features/door-countdown';
import type { OpenDoor } from '../../../src-main/contract/features/doors';
import { createI18n } from '../../../src-renderer/src/i18n/i18n';
import { doorLineText, doorMarkText } from '../../../src-renderer/src/lib/door-text';
import { createDoorsStore, type TickTimers } from '../../../src-renderer/src/stores/doors-store';
import { fakeApi } from './fake-api';

/** A clock and one interval timer the test moves by hand. */
function fakeClock(start: number) {
  let now = start;
  const intervals = new Map<number, { fn: () => void; ms: number; next: number }>();
  let ids = 0;
  const timers: TickTimers = {
    setInterval: (fn, ms) => {
      intervals.set(++ids, { fn, ms, next: now + ms });
      return ids;
    },
    clearInterval: (handle) => void intervals.delete(handle as number),
  };
  return {
    now: () => now,
    timers,
    intervals,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...intervals.values()].filter((i) => i.next <= end).sort((a, b) => a.next - b.next)[0];
        if (!due) break;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      now = end;
    },
  };
}

const door = (over: Partial<OpenDoor> = {}): OpenDoor => ({ profileId: 'p1', closesAt: 0, keptOpen: false, followsSession: true, reknocks: 0, ...over });

const t0 = 1_700_000_000_000;

describe('door countdown', () => {
  it('counts whole seconds up, as m:ss and h:mm:ss', () => {
    expect(clockText(0)).toBe('0:00');
    expect(clockText(192)).toBe('3:12');
    expect(clockText(3723)).toBe('1:02:03');
    expect(doorCountdown(door({ closesAt: t0 + 191_001 }), t0)).toEqual({ kind: 'closes', seconds: 192, clock: '3:12' });
    // Past the moment: never negative.
    expect(doorCountdown(door({ closesAt: t0 - 5000 }), t0).clock).toBe('0:00');
  });

  it('counts a kept-open door to its next re-knock, not to its closing', () => {
    expect(doorCountdown(door({ keptOpen: true, closesAt: t0 + 60_000, nextKnockAt: t0 + 30_000 }), t0)).toEqual({ kind: 'kept', seconds: 30, clock: '0:30' });
    // Between a re-knock being sent and its answer there is no next time: the closing is what counts.
    expect(doorCountdown(door({ keptOpen: true, closesAt: t0 + 60_000 }), t0).seconds).toBe(60);
  });
});

describe('doors store', () => {
  const texts = async (language: 'en' | 'ko') => (await createI18n(language)).t as TFunction;

  it('loads the list, follows openDoorsChanged and counts down with one timer of its own', async () => {
    const clock = fakeClock(t0);
    const { api, emit } = fakeApi({ listOpenDoors: () => ({ doors: [door({ closesAt: t0 + 192_000 })] }) });
    const store = createDoorsStore(api, clock);
    const detach = store.getState().attach();
    await store.getState().load();
    const t = await texts('en');
    const mark = () => {
      const { doors, now } = store.getState();
      return doors.p1 ? doorMarkText(t, doors.p1, now) : undefined;
    };
    expect(mark()).toBe('open · 3:12');
    expect(clock.intervals.size).toBe(1);
    clock.advance(2000);
    expect(mark()).toBe('open · 3:10');
    expect(doorLineText(t, store.getState().doors.p1!, store.getState().now)).toBe('Closes in 3:10');

    // Kept open: main re-knocks and says so; the row says "kept open", the pane the next re-knock.
    emit('openDoorsChanged', { doors: [door({ keptOpen: true, closesAt: t0 + 62_000, nextKnockAt: t0 + 32_000, reknocks: 1 })] });
    expect(mark()).toBe('kept open');
    expect(doorLineText(t, store.getState().doors.p1!, store.getState().now)).toBe('Kept open · re-knock in 0:30');
    const ko = await texts('ko');
    expect(doorLineText(ko, store.getState().doors.p1!, store.getState().now)).toBe('열어 두는 중 · 0:30 후 다시 노크');
    expect(doorMarkText(ko, door({ closesAt: t0 + 2000 + 65_000 }), store.getState().now)).toBe('열림 · 1:05');

    // A failed re-knock is marked in the row.
    emit('openDoorsChanged', { doors: [door({ keptOpen: true, closesAt: t0 + 62_000, nextKnockAt: t0 + 3000, reknocks: 1, lastError: 'connect EHOSTUNREACH' })] });
    expect(mark()).toBe('kept open · re-knock failed');

    // Still one timer, however many events; none once no door is open.
    expect(clock.intervals.size).toBe(1);
    emit('openDoorsChanged', { doors: [] });
    expect(store.getState().doors).toEqual({});
    expect(clock.intervals.size).toBe(0);
    detach();
  });

  it('does not let a late first list replace a newer event', async () => {
    let answer: (value: unknown) => void = () => {};
    const { api, emit } = fakeApi({ listOpenDoors: () => new Promise((resolve) => (answer = resolve)) });
    const store = createDoorsStore(api, fakeClock(t0));
    store.getState().attach();
    const loading = store.getState().load();
    await Promise.resolve();
    emit('openDoorsChanged', { doors: [] });
    answer({ doors: [door({ closesAt: t0 + 10_000 })] });
    await loading;
    expect(store.getState().doors).toEqual({});
  });

  it('"Close now" calls closeDoorNow for that profile; the event removes the door', async () => {
    const { api, calls, emit } = fakeApi({
      listOpenDoors: () => ({ doors: [door({ closesAt: t0 + 60_000 }), door({ profileId: 'p2', closesAt: t0 + 60_000 })] }),
      closeDoorNow: ({ profileId }: { profileId: string }) => {
        expect(store.getState().closing[profileId]).toBe(true);
        emit('openDoorsChanged', { doors: [door({ profileId: 'p2', closesAt: t0 + 60_000 })] });
        return { stopped: true };
      },
    });
    const store = createDoorsStore(api, fakeClock(t0));
    store.getState().attach();
    await store.getState().load();
    await store.getState().closeNow('p1');
    expect(calls.filter((c) => c.method === 'closeDoorNow').map((c) => c.request)).toEqual([{ profileId: 'p1' }]);
    expect(Object.keys(store.getState().doors)).toEqual(['p2']);
    expect(store.getState().closing).toEqual({});
  });

  it('drops a door main no longer has, and keeps a failure to close for the pane', async () => {
    let fail = false;
    const { api } = fakeApi({
      listOpenDoors: () => ({ doors: [door({ closesAt: t0 + 60_000 }), door({ profileId: 'p2', closesAt: t0 + 60_000 })] }),
      closeDoorNow: () => {
        if (fail) throw contractError('INTERNAL', 'close sequence failed');
        return { stopped: false };
      },
    });
    const store = createDoorsStore(api, fakeClock(t0));
    store.getState().attach();
    await store.getState().load();
    await store.getState().closeNow('p1');
    expect(Object.keys(store.getState().doors)).toEqual(['p2']);
    fail = true;
    await store.getState().closeNow('p2');
    expect(store.getState().closeError.p2).toMatchObject({ message: 'close sequence failed' });
    expect(store.getState().doors.p2).toBeDefined();
  });
});
