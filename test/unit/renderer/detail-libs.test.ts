import { describe, expect, it } from 'vitest';
import { connectCommand } from '../../../src-renderer/src/lib/cli-command';
import { relativeTime } from '../../../src-renderer/src/lib/relative-time';
import { groupRowHeight, layoutRows, profileRowHeight, rowAt, rowHeightAt } from '../../../src-renderer/src/lib/row-layout';
import { liveState } from '../../../src-renderer/src/lib/run-state';
import type { Run } from '../../../src-renderer/src/stores/runs-store';

describe('the sesame connect command shown in the detail pane', () => {
  const p = (name: string) => ({ id: 'p_abc-1', name });
  it('plain names stay bare; others are quoted for the platform\'s shell', () => {
    expect(connectCommand(p('web-1.prod'), 'linux')).toBe('sesame connect web-1.prod');
    expect(connectCommand(p('Web 1'), 'linux')).toBe("sesame connect 'Web 1'");
    expect(connectCommand(p("Anna's box"), 'darwin')).toBe("sesame connect 'Anna'\\''s box'");
    expect(connectCommand(p('$(rm -rf ~)'), 'linux')).toBe("sesame connect '$(rm -rf ~)'");
    expect(connectCommand(p('데이터베이스'), 'linux')).toBe("sesame connect '데이터베이스'");
    expect(connectCommand(p('Web 1'), 'win32')).toBe('sesame connect "Web 1"');
  });
  it('falls back to the id where quoting cannot be trusted', () => {
    // A leading "-" is an option to the CLI; PowerShell expands $ inside double quotes, cmd.exe expands %.
    expect(connectCommand(p('-x'), 'linux')).toBe('sesame connect p_abc-1');
    expect(connectCommand(p('a $b'), 'win32')).toBe('sesame connect p_abc-1');
    expect(connectCommand(p('50% off'), 'win32')).toBe('sesame connect p_abc-1');
    expect(connectCommand(p('say "hi"'), 'win32')).toBe('sesame connect p_abc-1');
  });
});

describe('list layout with short group headers', () => {
  const rows = [{ kind: 'group' }, { kind: 'profile' }, { kind: 'profile' }, { kind: 'group' }, { kind: 'profile' }] as const;
  it('stacks the two heights and finds the row under an offset', () => {
    const layout = layoutRows(rows);
    expect(Array.from(layout.tops)).toEqual([0, 30, 80, 130, 160]);
    expect(layout.height).toBe(3 * profileRowHeight + 2 * groupRowHeight);
    expect([0, 29, 30, 79, 80, 131, 159, 160, 10_000].map((y) => rowAt(layout, y))).toEqual([0, 0, 1, 1, 2, 3, 3, 4, 4]);
    expect(rowHeightAt(layout, 3)).toBe(groupRowHeight);
    expect(rowHeightAt(layout, 4)).toBe(profileRowHeight);
    expect(rowAt(layoutRows([]), 50)).toBe(0);
  });
});

describe('live state of a door', () => {
  const run = (patch: Partial<Run>): Run => ({ runId: 'r', profileId: 'p', mode: 'connect', events: [], status: 'running', startedAt: 0, ...patch });
  const launched = (tracksExit: boolean) => ({ kind: 'launched' as const, client: 'openssh' as const, notes: [], clipboard: false, tracksExit });
  it('a running connect shows its latest stage', () => {
    expect(liveState(run({}))).toEqual({ kind: 'running', stage: { kind: 'resolving' } });
    expect(liveState(run({ events: [{ kind: 'step', index: 2, total: 3, port: 8000, protocol: 'udp', elapsedMs: 5 }] }))).toEqual({ kind: 'running', stage: { kind: 'knock', index: 2, total: 3 } });
    expect(liveState(run({ events: [{ kind: 'waiting', port: 22, timeoutMs: 1000 }] }))?.kind).toBe('running');
  });
  it('is open while a tracked client runs, and not after it exits or for a hand-off', () => {
    expect(liveState(run({ status: 'launched', events: [launched(true)] }))).toEqual({ kind: 'open' });
    expect(liveState(run({ status: 'launched', events: [launched(true), { kind: 'client-exited', code: 0 }] }))).toBeUndefined();
    expect(liveState(run({ status: 'launched', events: [launched(false)] }))).toBeUndefined();
    expect(liveState(run({ status: 'failed' }))).toBeUndefined();
    expect(liveState(undefined)).toBeUndefined();
  });
});

describe('relative times from the platform\'s Intl data', () => {
  it('in English and Korean', () => {
    const now = Date.UTC(2025, 0, 10, 12);
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 5 * 60_000, now, 'ko')).toBe('5분 전');
    expect(relativeTime(now - 26 * 3600_000, now, 'en')).toBe('yesterday');
    expect(relativeTime(now - 10_000, now, 'en')).toBe('now');
  });
});
