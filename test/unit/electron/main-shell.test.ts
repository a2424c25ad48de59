import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventChannel, type SesameApi } from '../../../src-main/contract';
import type { ConnectProgress } from '../../../src-main/contract/features/connect';
import { rendererCsp } from '../../../src-main/electron/renderer-policy';
import { built, ensureBuild } from '../../support/build';
import { createFakeElectron, settle, type FakeElectron, type MenuItem } from '../../support/fake-electron';

/**
 * The Electron shell as it ships: the built `out/main/main.js` (main.ts,
 * shell.ts, tray.ts, window.ts, renderer-protocol.ts, ipc-bridge.ts and the
 * real core) runs in Node against a fake `electron` module; the real preload
 * runs against the same fake. Knocks are real UDP datagrams to listeners on
 * this machine's loopback, so "knocked" and "knocked nothing" are facts, not
 * calls on a fake engine.
 */
const holder = vi.hoisted(() => ({ fake: undefined as unknown }));
vi.mock('electron', async () => (await import('../../support/fake-electron')).forwardingElectronModule(() => holder.fake as FakeElectron));

const homes: string[] = [];
const listeners: Socket[] = [];
afterAll(() => {
  for (const socket of listeners) socket.close();
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => ensureBuild(), 120_000);

/** Polls until `check` holds; the shell reacts on later turns of the event loop (file writes, sockets). */
async function until<T>(check: () => T | undefined | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A UDP "knock port": records every datagram in the fake's shared record, so order against dialogs is visible. */
async function knockPort(fake: { record: string[] }, name: string): Promise<{ port: number; received: Buffer[] }> {
  const socket = createSocket('udp4');
  listeners.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (message) => {
    received.push(message);
    fake.record.push(`knock:${name}`);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, received };
}

/** A port nothing listens on: the wait after the knock is refused and ends in a diagnosis, never a launch. */
const closedPort = 9;

interface Instance {
  fake: FakeElectron;
  home: string;
  api: SesameApi;
  window: () => FakeElectron['windows'][number] | undefined;
}

/**
 * Loads the built main as a fresh process would, against a fresh fake, with
 * `argv` as its command line; `beforeReady` runs between loading and `ready`
 * (macOS delivers open-file there).
 */
async function startMain(options: { argv?: string[]; beforeReady?: (fake: FakeElectron) => void; settings?: object; home?: string } = {}): Promise<Instance> {
  const fake = createFakeElectron();
  holder.fake = fake;
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sesame-shell-'));
  if (!options.home) homes.push(home);
  if (options.settings) writeFileSync(join(home, 'settings.json'), JSON.stringify(options.settings));
  const saved = { argv: process.argv, home: process.env.SESAME_HOME };
  process.env.SESAME_HOME = home;
  process.argv = [process.execPath, '/opt/Sesame/sesame', ...(options.argv ?? [])];
  try {
    vi.resetModules();
    await import(built.main);
    options.beforeReady?.(fake);
    fake.becomeReady();
    await until(() => fake.trays[0]?.menus.length, 'the tray menu');
  } finally {
    process.argv = saved.argv;
    if (saved.home === undefined) delete process.env.SESAME_HOME;
    else process.env.SESAME_HOME = saved.home;
  }
  // The real preload, as Chromium runs it in the window.
  await import('../../../src-main/electron/preload');
  const api = fake.exposed.get('sesame') as SesameApi;
  return { fake, home, api, window: () => fake.windows[0] };
}

async function addProfile(api: SesameApi, name: string, knock: number, extra: Record<string, unknown> = {}): Promise<string> {
  const { profile } = await api.createProfile({
    fields: {
      name,
      host: '127.0.0.1',
      knock: { steps: [{ port: knock, protocol: 'udp' }], delayMs: 0 },
      service: { kind: 'ssh', port: closedPort, user: 'alice' },
      openTimeoutMs: 300,
      ...extra,
    } as never,
  });
  return profile.id;
}

const connectEnded = (fake: FakeElectron, profileId: string) => () =>
  fake.windows.flatMap((w) => fake.sentOn(w, eventChannel('connectProgress'))).some((p) => {
    const { profileId: id, event } = p as { profileId: string; event: ConnectProgress };
    return id === profileId && (event.kind === 'failed' || event.kind === 'error');
  });

// Profile names reach the tray isolated (FSI … PDI, so a right-to-left name cannot restyle the
// stage text); the isolates are checked once below and stripped for the rest.
const unisolate = (label: string): string => label.replace(/^\u2068(.*)\u2069/, '$1');
const labels = (items: MenuItem[] | undefined): string[] => (items ?? []).map((i) => (i.label ? unisolate(i.label) : (i.type ?? '')));

describe('main process, first instance', { timeout: 30_000 }, () => {
  let app: Instance;
  let alpha: { id: string; port: number; received: Buffer[] };
  let beta: { id: string; port: number; received: Buffer[] };
  const fixtures = join(built.rendererDir, '..', '..', 'test', 'fixtures', 'import');

  beforeAll(async () => {
    app = await startMain({ beforeReady: (fake) => fake.app.emit('open-file', { preventDefault: () => undefined }, join(fixtures, 'knockd.conf')) });
    const a = await knockPort(app.fake, 'alpha');
    const b = await knockPort(app.fake, 'beta');
    alpha = { ...a, id: await addProfile(app.api, 'Alpha', a.port) };
    beta = { ...b, id: await addProfile(app.api, 'Beta', b.port) };
  }, 60_000);

  it('registers its scheme before ready, takes the single-instance lock, and opens one hardened window on our origin', () => {
    const { fake } = app;
    expect(fake.privileged).toEqual([{ scheme: 'sesame-app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
    expect(fake.app.protocolClients.map((c) => c.scheme)).toEqual(['sesame']);
    expect(fake.windows).toHaveLength(1);
    const win = app.window();
    expect(win?.loadedUrl).toBe('sesame-app://app/index.html');
    expect(win?.options.webPreferences).toMatchObject({ preload: built.preload, contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(win?.visible).toBe(true);
    expect(win?.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const granted = vi.fn();
    fake.sessionRecord.permissionRequest?.({}, 'media', granted);
    expect(granted).toHaveBeenCalledWith(false);
  });

  it("the bridge main registered serves our window's top frame and refuses every other sender", async () => {
    const { fake, api } = app;
    const win = app.window()!;
    await expect(api.getAppInfo({})).resolves.toMatchObject({ name: 'Sesame', version: '0.1.0' });
    const refusals: Array<[string, { sender: unknown; frame: { url: string; kind: 'main' | 'sub' } | null }]> = [
      ['an iframe inside our page', { sender: win.webContents, frame: { url: 'sesame-app://app/index.html', kind: 'sub' } }],
      ['another webContents showing our URL', { sender: { id: 999, mainFrame: { url: 'sesame-app://app/index.html' } }, frame: { url: 'sesame-app://app/index.html', kind: 'main' } }],
      ['no frame at all (a frame that went away)', { sender: win.webContents, frame: null }],
    ];
    try {
      for (const [why, from] of refusals) {
        fake.renderer.from = from;
        await expect(api.listProfiles({}), why).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
      }
      // Our own window's top frame after navigating away from our origin.
      fake.renderer.from = undefined;
      win.webContents.mainFrame.url = 'https://evil.example/';
      await expect(api.deleteProfile({ id: alpha.id })).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    } finally {
      fake.renderer.from = undefined;
      win.webContents.mainFrame.url = 'sesame-app://app/index.html';
    }
    // Nothing a refused call asked for happened.
    expect((await api.listProfiles({})).profiles.map((p) => p.name).sort()).toEqual(['Alpha', 'Beta']);
  });

  it('a .sesame or knockd.conf opened before ready reaches the import preview once the window is up', async () => {
    const [request] = app.fake.sentOn(app.window(), eventChannel('importRequested')) as Array<{ token: string; fileName: string }>;
    expect(request?.fileName).toBe('knockd.conf');
    const preview = await app.api.previewImport({ token: request!.token });
    expect(preview.items.map((i) => i.status)).toEqual(['new', 'new']);
  });

  it('exports through main’s save dialog (0600), and a second instance opening that .sesame shows its preview', async () => {
    const { fake, api } = app;
    const win = app.window()!;
    fake.dialogScript.savePath = join(app.home, 'team.sesame');
    const picked = await api.pickExportFile({ suggestedName: 'team.sesame' });
    expect(picked).toMatchObject({ picked: true, fileName: 'team.sesame' });
    await expect(api.exportProfiles({ token: (picked as { token: string }).token })).resolves.toMatchObject({ exported: 2 });
    expect(statSync(fake.dialogScript.savePath).mode & 0o777).toBe(0o600);
    win.hide();
    fake.app.emit('second-instance', { preventDefault: () => undefined }, ['/opt/Sesame/sesame', '--no-sandbox', fake.dialogScript.savePath], '/home/alice');
    const requests = await until(() => {
      const sent = fake.sentOn(win, eventChannel('importRequested'));
      return sent.length === 2 && sent;
    }, 'the second import request');
    expect(win.visible).toBe(true);
    const { token, fileName } = requests[1] as { token: string; fileName: string };
    expect(fileName).toBe('team.sesame');
    const preview = await api.previewImport({ token });
    expect(preview.items.map((i) => [i.name, i.status])).toEqual([
      ['Alpha', 'identical'],
      ['Beta', 'identical'],
    ]);
  });

  it('a sesame:// link asks first, and Cancel knocks nothing', async () => {
    const { fake } = app;
    const started = () => fake.sentOn(app.window(), eventChannel('connectStarted'));
    fake.app.emit('open-url', { preventDefault: () => undefined }, 'sesame://connect/Alpha');
    const box = await until(() => fake.messageBoxes[0], 'the confirmation dialog');
    expect(box.options.message).toContain('Alpha');
    expect(box.options.message).toContain('127.0.0.1');
    expect(box.options.cancelId).toBe(1);
    expect(box.options.defaultId).toBe(1);
    // While the dialog is up, nothing has gone out.
    await settle();
    expect(alpha.received).toHaveLength(0);
    box.answer(1);
    await settle();
    expect(started()).toEqual([]);
    // The proof that Cancel sent nothing is the next test's count: exactly one knock, after the second dialog.
  });

  it('a link confirmed with Connect knocks the named profile only after the answer', async () => {
    const { fake } = app;
    fake.app.emit('second-instance', { preventDefault: () => undefined }, ['/opt/Sesame/sesame', 'sesame://connect/Alpha'], '/home/alice');
    const box = await until(() => fake.messageBoxes[1], 'the second confirmation');
    await settle();
    expect(alpha.received).toHaveLength(0);
    box.answer(0);
    await until(() => alpha.received.length === 1, 'the knock');
    expect(beta.received).toHaveLength(0);
    expect(fake.record.filter((e) => e === 'dialog.messageBox' || e.startsWith('knock:'))).toEqual(['dialog.messageBox', 'dialog.messageBox', 'knock:alpha']);
    expect(fake.sentOn(app.window(), eventChannel('connectStarted'))).toEqual([{ runId: expect.any(String), profileId: alpha.id, source: 'link' }]);
    await until(connectEnded(fake, alpha.id), 'the link run to end');
  });

  it('the tray lists the profiles, and a click connects exactly that profile (no dialog)', async () => {
    const { fake } = app;
    const tray = fake.trays[0]!;
    // The link's run has ended: the menu drops its stage label.
    const menu = await until(() => labels(tray.menus.at(-1))[0] === 'Alpha' && tray.menus.at(-1), 'the idle menu');
    expect(labels(menu)).toEqual(['Alpha', 'Beta', 'separator', 'Open Sesame', 'Quit']);
    expect(menu?.[0]?.label).toBe('\u2068Alpha\u2069');
    const dialogs = fake.messageBoxes.length;
    menu?.find((item) => item.label && unisolate(item.label) === 'Beta')?.click?.();
    await until(() => beta.received.length === 1, "Beta's knock");
    expect(alpha.received).toHaveLength(1); // only the link's knock from before
    expect(fake.messageBoxes).toHaveLength(dialogs);
    expect(fake.sentOn(app.window(), eventChannel('connectStarted')).at(-1)).toEqual({ runId: expect.any(String), profileId: beta.id, source: 'tray' });
    await until(connectEnded(fake, beta.id), 'the tray run to end');
    // The failure is told natively, naming the profile.
    await until(() => fake.notifications.some((n) => n.title.includes('Beta')), 'the failure notification');
  });

  it('the tray menu follows profile changes made in the window', async () => {
    const { fake, api } = app;
    const tray = fake.trays[0]!;
    const gamma = await addProfile(api, 'Gamma', 40_000);
    await until(() => labels(tray.menus.at(-1)).includes('Gamma'), 'Gamma in the tray');
    await api.deleteProfile({ id: alpha.id });
    await until(() => !labels(tray.menus.at(-1)).includes('Alpha'), 'Alpha gone from the tray');
    expect(labels(tray.menus.at(-1)).slice(0, 2)).toEqual(['Beta', 'Gamma']);
    const { profile } = await api.getProfile({ id: gamma });
    const { id: _id, createdAt: _c, updatedAt, hasPassword: _p, hasPassphrase: _q, ...fields } = profile;
    await api.updateProfile({ id: gamma, fields: { ...fields, name: 'Delta' } as never, expectedUpdatedAt: updatedAt });
    await until(() => labels(tray.menus.at(-1)).includes('Delta'), 'the renamed profile in the tray');
    // A tray click on the icon opens the window (Linux/Windows).
    app.window()?.hide();
    tray.emit('click');
    expect(app.window()?.visible).toBe(true);
  });

  it('serves only the built renderer folder, each answer with the production CSP', async () => {
    const { fake } = app;
    const index = await fake.fetch('sesame-app://app/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('content-security-policy')).toBe(rendererCsp);
    const html = await index.text();
    const script = /src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await fake.fetch(new URL(script!, 'sesame-app://app/index.html').href);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-security-policy')).toBe(rendererCsp);
    // The session repeats the same policy for any other response.
    let sessionCsp: string[] | undefined;
    fake.sessionRecord.onHeadersReceived?.({ responseHeaders: {} }, ({ responseHeaders }) => (sessionCsp = responseHeaders['Content-Security-Policy']));
    expect(sessionCsp).toEqual([rendererCsp]);
    for (const outside of [
      'sesame-app://app/..%2Fmain%2Fmain.js',
      'sesame-app://app/%2e%2e/preload/preload.cjs',
      'sesame-app://app/..%2F..%2Fpackage.json',
      'sesame-app://app/%2F..%2F..%2Fpackage.json',
      'sesame-app://elsewhere/index.html',
      'sesame-app://app/no-such-file.js',
    ]) {
      expect((await fake.fetch(outside)).status, outside).toBe(404);
    }
  });

  it('closing the window hides it to the tray; with "close to tray" off, closing quits', async () => {
    const { fake, api } = app;
    const win = app.window()!;
    win.close();
    expect(win.isDestroyed()).toBe(false);
    expect(win.visible).toBe(false);
    expect(fake.app.quitCalls).toBe(0);
    win.show();
    await api.updateSettings({ patch: { closeToTray: false, launchAtLogin: true } });
    await until(() => fake.app.loginItem?.openAtLogin === true, 'the login item');
    win.close();
    expect(win.isDestroyed()).toBe(true);
    expect(fake.app.quitCalls).toBe(1);
  });
});

describe('main process, other starts', { timeout: 60_000 }, () => {
  it('a link on the first launch command line asks before knocking too', async () => {
    // The profile must exist before main starts: a first run writes it through its bridge.
    const seed = await startMain();
    const target = await knockPort(seed.fake, 'first');
    await addProfile(seed.api, 'Launcher', target.port);
    const first = await startMain({ home: seed.home, argv: ['--no-sandbox', 'sesame://connect/Launcher'] });
    const box = await until(() => first.fake.messageBoxes[0], 'the confirmation on launch');
    expect(box.options.message).toContain('Launcher');
    await settle();
    expect(target.received).toHaveLength(0);
    box.answer(1);
    // Then the same link again, confirmed: exactly one knock in all, after the second question.
    first.fake.app.emit('open-url', { preventDefault: () => undefined }, 'sesame://connect/Launcher');
    (await until(() => first.fake.messageBoxes[1], 'the second question')).answer(0);
    await until(() => target.received.length === 1, 'the confirmed knock');
    const [run] = first.fake.sentOn(first.window(), eventChannel('connectStarted')) as Array<{ profileId: string }>;
    await until(connectEnded(first.fake, run!.profileId), 'the run to end');
    expect(target.received).toHaveLength(1);
    expect(first.fake.messageBoxes).toHaveLength(2);
  });

  it('"start in tray" starts without a window; the tray opens it', async () => {
    const app = await startMain({ settings: { startInTray: true } });
    expect(app.fake.windows).toHaveLength(0);
    app.fake.trays[0]?.emit('click');
    expect(app.fake.windows).toHaveLength(1);
    // Quit from the tray menu ends the app even with "close to tray" on.
    app.fake.trays[0]?.menus.at(-1)?.find((i) => i.label === 'Quit')?.click?.();
    expect(app.fake.app.quitCalls).toBe(1);
    expect(app.fake.windows).toHaveLength(0);
  });

  it('a second instance that does not get the lock quits without opening anything', async () => {
    const fake = createFakeElectron({ singleInstanceLock: false });
    holder.fake = fake;
    vi.resetModules();
    const home = mkdtempSync(join(tmpdir(), 'sesame-shell-'));
    homes.push(home);
    process.env.SESAME_HOME = home;
    try {
      await import(built.main);
    } finally {
      delete process.env.SESAME_HOME;
    }
    fake.becomeReady();
    await settle();
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.trays).toHaveLength(0);
    expect(fake.handlers.size).toBe(0);
  });
});
