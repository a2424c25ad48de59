import { describe, expect, it } from 'vitest';
import { contractError } from '../../../src-main/contract/errors';
import { defaultSettings } from '../../../src-main/core/settings/settings-parse';
import { createSettingsStore } from '../../../src-renderer/src/stores/settings-store';
import { createSharingStore } from '../../../src-renderer/src/stores/sharing-store';
import { fakeApi } from './fake-api';

const detected = { platform: 'linux' as const, terminals: [], clients: ['custom' as const] };

describe('settings store', () => {
  it('updates optimistically and rolls back with the field message on rejection', async () => {
    const { api } = fakeApi({
      getSettings: () => ({ settings: defaultSettings, detected }),
      updateSettings: ({ patch }: { patch: Record<string, unknown> }) => {
        if (patch.defaultDelayMs === 99999) throw contractError('INVALID_INPUT', 'x', { issues: [{ path: 'patch.defaultDelayMs', message: 'too big' }] });
        return { settings: { ...defaultSettings, ...patch } };
      },
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    const pending = store.getState().update({ theme: 'dark' });
    expect(store.getState().settings?.theme).toBe('dark');
    expect(await pending).toBe(true);
    expect(await store.getState().update({ defaultDelayMs: 99999 })).toBe(false);
    expect(store.getState().settings?.defaultDelayMs).toBe(100);
    expect(store.getState().fieldErrors).toEqual({ defaultDelayMs: 'too big' });
  });

  it('follows settingsChanged from main', async () => {
    const { api, emit } = fakeApi({ getSettings: () => ({ settings: defaultSettings, detected }) });
    const store = createSettingsStore(api);
    store.getState().attach();
    emit('settingsChanged', { settings: { ...defaultSettings, language: 'ko' } });
    expect(store.getState().settings?.language).toBe('ko');
  });
});

describe('sharing store', () => {
  const item = (key: string, status: 'new' | 'conflict') => ({
    key,
    name: key,
    status,
    changes: [],
    offersSecrets: [],
    draft: false,
    allowed: status === 'new' ? ['import', 'skip'] : ['replace', 'keepBoth', 'skip'],
    defaultAction: status === 'new' ? 'import' : 'skip',
  });

  it('picks a file by token, previews, lets each item be decided, applies', async () => {
    const { api, calls } = fakeApi({
      pickImportFile: () => ({ picked: true, token: 'tok1', fileName: 'conf' }),
      previewImport: () => ({ token: 'tok1', format: 'knockd', items: [item('a', 'new'), item('b', 'conflict')], warnings: [], encryptedSecrets: false }),
      applyImport: () => ({ created: ['x'], replaced: ['y'], skipped: 0, secretsStored: 0, warnings: [] }),
    });
    const store = createSharingStore(api);
    await store.getState().pickImport();
    expect(store.getState().decisions).toEqual({ a: 'import', b: 'skip' });
    store.getState().setDecision('b', 'replace');
    await store.getState().applyImport();
    expect(calls.at(-1)?.request).toEqual({ token: 'tok1', decisions: { a: 'import', b: 'replace' }, importSecrets: false, acceptUnverified: false });
    expect(store.getState().importResult?.replaced).toEqual(['y']);
  });

  it('previews a file main was asked to open (file manager, second launch)', async () => {
    const { api, emit } = fakeApi({
      previewImport: () => ({ token: 'tok9', format: 'sesame', items: [item('a', 'new')], warnings: [], encryptedSecrets: false }),
    });
    const store = createSharingStore(api);
    store.getState().attach();
    emit('importRequested', { token: 'tok9', fileName: 'team.sesame' });
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState()).toMatchObject({ requested: 1, importFile: { token: 'tok9', fileName: 'team.sesame' } });
    expect(store.getState().preview?.items.map((i) => i.key)).toEqual(['a']);
  });

  it('refuses to export credentials when the passphrases differ, without opening a dialog', async () => {
    const { api, calls } = fakeApi({});
    const store = createSharingStore(api);
    store.getState().setExportOptions({ includeCredentials: true, passphrase: 'aaaaaaaa', passphraseConfirm: 'bbbbbbbb' });
    await store.getState().exportProfiles();
    expect(calls).toHaveLength(0);
    expect(store.getState().exportError?.code).toBe('PASSPHRASE_MISMATCH');
  });
});

describe('sharing store, two files at once', () => {
  it('never shows one file’s preview under another, nor applies without a matching preview', async () => {
    let slow: (value: unknown) => void = () => {};
    const { api, emit, calls } = fakeApi({
      pickImportFile: () => ({ picked: true, token: 'slowA', fileName: 'a.sesame' }),
      previewImport: (request: { token: string }) =>
        request.token === 'slowA'
          ? new Promise((resolve) => (slow = resolve))
          : { token: 'B', format: 'sesame', items: [], warnings: [], encryptedSecrets: false },
    });
    const store = createSharingStore(api);
    store.getState().attach();
    const picking = store.getState().pickImport();
    await new Promise((r) => setTimeout(r, 0)); // A is picked; its preview is still being read
    emit('importRequested', { token: 'B', fileName: 'b.sesame' });
    await new Promise((r) => setTimeout(r, 0));
    slow({ token: 'slowA', format: 'sesame', items: [{ key: '0', name: 'from A', status: 'new', changes: [], offersSecrets: [], draft: false, allowed: ['import', 'skip'], defaultAction: 'import' }], warnings: [], encryptedSecrets: false });
    await picking;
    expect(store.getState().importFile?.token).toBe('B');
    expect(store.getState().preview?.token).toBe('B');
    await store.getState().applyImport();
    expect(calls.filter((c) => c.method === 'applyImport').map((c) => (c.request as { token: string }).token)).toEqual(['B']);
  });
});
