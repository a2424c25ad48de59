import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  createDispatcher,
  eventChannel,
  eventNames,
  invokeChannel,
  isContractError,
  methodNames,
  methods,
  type SesameApi,
} from '../../../src-main/contract';
import { createEmitter, registerBridge } from '../../../src-main/electron/ipc-bridge';
import type { createFakeElectron } from '../../support/fake-electron';
import { createTestCore } from '../../support/test-core';

const fake = vi.hoisted(() => ({ current: undefined as unknown as ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  fake.current = (await import('../../support/fake-electron')).createFakeElectron();
  return fake.current.module;
});

let api: SesameApi;
const core = createTestCore({ app: { name: 'Sesame', version: '0.0.0-test', platform: 'linux', locale: 'en-US' }, now: () => 42 });
afterAll(() => core.dispose());

beforeAll(async () => {
  // The real window sender check (main.ts wires the same one; test/unit/electron/main-shell.test.ts runs main itself).
  const { isOwnSender, rendererUrl } = await import('../../../src-main/electron/window');
  fake.current.becomeReady();
  const win = new fake.current.module.BrowserWindow({});
  await win.loadURL(rendererUrl);
  registerBridge(fake.current.module.ipcMain as never, createDispatcher(core.handlers), isOwnSender(() => win as never));
  // The real preload, loaded against the fake electron module.
  await import('../../../src-main/electron/preload');
  api = fake.current.exposed.get('sesame') as SesameApi;
});

describe('contract ↔ bridge ↔ preload', () => {
  it('registers exactly one bridge handler per declared method, on the derived channel', () => {
    expect([...fake.current.handlers.keys()].sort()).toEqual(methodNames.map(invokeChannel).sort());
  });

  it('exposes every declared method, and nothing else but `on`, as window.sesame', () => {
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'on'].sort());
    for (const method of methodNames) expect(typeof api[method]).toBe('function');
  });

  it('declares every request as an object schema (so ids and edits, not bare values, cross IPC)', () => {
    for (const method of methodNames) expect(methods[method].request).toBeInstanceOf(z.ZodObject);
  });

  it.each(methodNames)('%s rejects a malformed payload with INVALID_INPUT', async (method) => {
    const call = api[method] as (request: unknown) => Promise<unknown>;
    const error = await call('not-an-object').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isContractError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('round-trips a call through preload → bridge → core', async () => {
    await expect(api.getAppInfo({})).resolves.toEqual({
      name: 'Sesame',
      version: '0.0.0-test',
      platform: 'linux',
      locale: 'en-US',
    });
    await expect(api.ping({ nonce: 'abc' })).resolves.toEqual({ nonce: 'abc', at: 42 });
  });

  it('names the bad field and the fix in INVALID_INPUT', async () => {
    const error = await api.ping({ nonce: 5 as unknown as string }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'nonce' }] } });
    expect((error as { message: string }).message).toContain('nonce');
  });

  it('rejects calls from a frame that is not our page with FORBIDDEN_SENDER', async () => {
    const win = fake.current.windows[0]!;
    fake.current.renderer.from = { sender: win.webContents, frame: { url: 'https://evil.example/', kind: 'sub' } };
    try {
      await expect(api.getAppInfo({})).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    } finally {
      fake.current.renderer.from = undefined;
    }
  });

  it('answers an unknown method with UNKNOWN_METHOD instead of throwing', async () => {
    const dispatch = createDispatcher(core.handlers);
    await expect(dispatch('rm -rf', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    await expect(dispatch('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('delivers validated events to subscribers and stops after unsubscribe', () => {
    expect(eventNames.length).toBeGreaterThan(0);
    const received: unknown[] = [];
    const off = api.on('appNotice', (payload) => received.push(payload));
    const sent: Array<[string, unknown]> = [];
    const emit = createEmitter(() => ({ isDestroyed: () => false, send: (ch: string, p: unknown) => sent.push([ch, p]) }) as never);
    emit('appNotice', { level: 'info', message: 'hello' });
    for (const [channel, payload] of sent) fake.current.send(channel, payload);
    expect(sent[0]?.[0]).toBe(eventChannel('appNotice'));
    expect(received).toEqual([{ level: 'info', message: 'hello' }]);
    off();
    expect(fake.current.listenerCount(eventChannel('appNotice'))).toBe(0);
    expect(() => emit('appNotice', { level: 'loud' as 'info', message: 'x' })).toThrow();
  });
});
