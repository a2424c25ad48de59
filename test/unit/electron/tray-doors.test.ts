import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OpenDoor } from '../../../src-main/contract/features/doors';
import type { Core } from '../../../src-main/core/app-core';
import { createFakeElectron, settle, type FakeElectron, type MenuItem } from '../../support/fake-electron';

/**
 * The tray's open doors: shell.ts + tray.ts against the fake `electron`
 * module, over a core whose open-door list the test sets. The countdown is
 * the one of the menu's build time; "Close now" reaches the core's closeNow.
 */
const holder = vi.hoisted(() => ({ fake: undefined as unknown }));
vi.mock('electron', async () => (await import('../../support/fake-electron')).forwardingElectronModule(() => holder.fake as FakeElectron));

const t0 = 1_700_000_000_000;
const unisolate = (label: string): string => label.replace(/\u2068([^\u2069]*)\u2069/g, '$1');
const labels = (items: MenuItem[] | undefined): string[] => (items ?? []).map((i) => (i.label ? unisolate(i.label) : (i.type ?? '')));

async function startShell(options: { locale?: string; doors: OpenDoor[] }) {
  const fake = createFakeElectron({ locale: options.locale ?? 'en-US' });
  holder.fake = fake;
  fake.becomeReady();
  const { createShell } = await import('../../../src-main/electron/shell');
  const state = { doors: options.doors, now: t0 };
  const closeNow = vi.fn(async (profileId: string) => {
    state.doors = state.doors.filter((d) => d.profileId !== profileId);
    return true;
  });
  const profiles = [
    { id: 'p1', name: 'web-01', group: '', host: 'web', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } },
    { id: 'p2', name: 'db', group: '', host: 'db', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } },
  ];
  const core = {
    profiles: { list: async () => ({ profiles }) },
    openDoors: { list: () => state.doors, closeNow },
    notices: { push: vi.fn() },
  } as unknown as Core;
  const sent: string[] = [];
  const shell = createShell({ core: () => core, send: (event) => sent.push(event), showWindow: () => {}, quit: () => {}, trayIcon: '/x.png', now: () => state.now });
  await shell.refresh();
  return { fake, shell, state, closeNow, menu: () => fake.trays[0]?.menus.at(-1) };
}

describe('tray: open doors', () => {
  afterEach(() => vi.resetModules());

  it('lists each open door with its countdown and a "Close now" that closes exactly that door', async () => {
    const app = await startShell({
      doors: [
        { profileId: 'p1', closesAt: t0 + 192_000, keptOpen: false, followsSession: true, reknocks: 0 },
        { profileId: 'p2', closesAt: t0 + 60_000, keptOpen: true, nextKnockAt: t0 + 30_500, followsSession: true, reknocks: 2 },
      ],
    });
    expect(labels(app.menu())).toEqual([
      'web-01 — closes in 3:12',
      'Close web-01 now',
      'db — kept open · re-knock in 0:31',
      'Close db now',
      'separator',
      'db',
      'web-01',
      'separator',
      'Open Sesame',
      'Quit',
    ]);
    // The countdown line is information, not an action.
    expect(app.menu()?.[0]?.enabled).toBe(false);
    app.menu()?.find((i) => i.label && unisolate(i.label) === 'Close db now')?.click?.();
    await settle();
    expect(app.closeNow.mock.calls).toEqual([['p2']]);

    // Main's openDoorsChanged rebuilds the menu, with the clock of that moment.
    app.state.now = t0 + 12_000;
    app.shell.observe('openDoorsChanged', { doors: app.state.doors });
    await settle();
    expect(labels(app.menu()).slice(0, 3)).toEqual(['web-01 — closes in 3:00', 'Close web-01 now', 'separator']);
  });

  it('says when a re-knock failed, in Korean too', async () => {
    const app = await startShell({
      locale: 'ko-KR',
      doors: [
        { profileId: 'p1', closesAt: t0 + 65_000, keptOpen: false, followsSession: true, reknocks: 0 },
        { profileId: 'p2', closesAt: t0 + 9_000, keptOpen: true, nextKnockAt: t0 + 1_000, followsSession: true, reknocks: 1, lastError: 'connect EHOSTUNREACH' },
      ],
    });
    expect(labels(app.menu()).slice(0, 4)).toEqual(['web-01 — 1:05 후 닫힘', 'web-01 지금 닫기', 'db — 다시 노크하지 못함, 문이 닫혔을 수 있음', 'db 지금 닫기']);
  });

  it('shows no door section when no door is open', async () => {
    const app = await startShell({ doors: [] });
    expect(labels(app.menu())).toEqual(['db', 'web-01', 'separator', 'Open Sesame', 'Quit']);
  });
});
