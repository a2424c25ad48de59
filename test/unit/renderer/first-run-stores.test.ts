import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../src-main/contract/features/connect';
import { createEditorStore } from '../../../src-renderer/src/stores/editor-store';
import { createHistoryStore } from '../../../src-renderer/src/stores/history-store';
import { createProfilesStore } from '../../../src-renderer/src/stores/profiles-store';
import { fieldsFromDraft } from '../../../src-renderer/src/stores/profile-draft';
import { createSharingStore } from '../../../src-renderer/src/stores/sharing-store';
import { fakeApi, summary } from './fake-api';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('first-run offers (sharing store)', () => {
  it('lists the found sources and opens one as its import preview, asking the shell to show it', async () => {
    const { api, calls } = fakeApi({
      listImportSources: () => ({ sources: [{ id: 'ssh-config-0', format: 'ssh-config', displayPath: '~/.ssh/config', count: 3 }] }),
      openImportSource: () => ({ picked: true, token: 'tokS', fileName: 'config' }),
      previewImport: () => ({ token: 'tokS', format: 'ssh-config', items: [], warnings: [], encryptedSecrets: false }),
    });
    const store = createSharingStore(api);
    await store.getState().loadSources();
    expect(store.getState().sources?.map((s) => s.id)).toEqual(['ssh-config-0']);
    await store.getState().openSource('ssh-config-0');
    expect(calls.map((c) => c.method)).toEqual(['listImportSources', 'openImportSource', 'previewImport']);
    expect(store.getState()).toMatchObject({ requested: 1, importFile: { token: 'tokS' }, preview: { format: 'ssh-config' } });
  });

  it('"Open a .sesame file" asks the dialog for that format; a cancelled dialog changes nothing', async () => {
    const { api, calls } = fakeApi({ pickImportFile: () => ({ picked: false }) });
    const store = createSharingStore(api);
    await store.getState().pickImport({ format: 'sesame', show: true });
    expect(calls[0]).toEqual({ method: 'pickImportFile', request: { format: 'sesame' } });
    expect(store.getState()).toMatchObject({ requested: 0, importFile: undefined, importError: undefined });
  });

  it('a source that is gone shows main\'s error on the import screen', async () => {
    const { api } = fakeApi({ openImportSource: () => Promise.reject({ code: 'NOT_FOUND', message: 'This file is no longer there; choose it with "Choose a file…" instead.' }) });
    const store = createSharingStore(api);
    await store.getState().openSource('fwknoprc-0');
    expect(store.getState()).toMatchObject({ requested: 1, importError: { code: 'NOT_FOUND' } });
  });
});

describe('profile list state kept across restarts and deletions', () => {
  const list = [summary('a', 'alpha', 'Prod'), summary('b', 'beta', 'Lab')];
  it('saves collapsed groups (only existing ones) and follows them when settings change', async () => {
    const saved: string[][] = [];
    const { api } = fakeApi({ listProfiles: () => ({ profiles: list, revision: 1 }) });
    const store = createProfilesStore(api, { saveCollapsed: (groups) => saved.push(groups) });
    await store.getState().load();
    store.getState().setCollapsed(['Gone', 'Lab']);
    expect(store.getState().rows.map((r) => (r.kind === 'group' ? `#${r.group}${r.collapsed ? '-' : '+'}` : r.profile.id))).toEqual(['#Prod+', 'a', '#Lab-']);
    store.getState().toggleGroup('Prod');
    expect(saved).toEqual([['Lab', 'Prod']]);
  });

  it('keeps the undo of a deletion in the store (the detail pane goes away), and selects the restored profile', async () => {
    let profiles = list;
    const { api, calls } = fakeApi({
      listProfiles: () => ({ profiles, revision: profiles.length }),
      deleteProfile: () => ({ undoToken: 'u_1' }),
      undoDelete: () => {
        // Restored under a new id (the old one was taken meanwhile), as main may do.
        profiles = [...list, summary('a2', 'alpha', 'Prod')];
        return { profile: { id: 'a2' }, secretsRestored: true };
      },
    });
    const store = createProfilesStore(api);
    await store.getState().load();
    await store.getState().remove('a');
    expect(store.getState().lastDeleted).toEqual({ name: 'alpha', undoToken: 'u_1' });
    await store.getState().undoRemove('u_1');
    expect(store.getState().lastDeleted).toBeUndefined();
    expect(store.getState().selectedId).toBe('a2');
    expect(calls.filter((c) => c.method === 'listProfiles')).toHaveLength(2);
  });
});

describe('a profile\'s recent runs (history store)', () => {
  const entry = (profileId: string, at: number): HistoryEntry => ({ at, profileId, profileName: profileId, outcome: 'launched', msToOpen: 40 });
  it('asks main per profile, newest first, and adds live runs of that profile only', async () => {
    const { api, calls, emit } = fakeApi({ listHistory: () => ({ entries: [entry('p1', 1), entry('p1', 3)] }) });
    const store = createHistoryStore(api);
    store.getState().attach();
    await store.getState().loadProfile('p1');
    expect(calls[0]?.request).toEqual({ profileId: 'p1', limit: 5 });
    expect(store.getState().byProfile.p1?.map((e) => e.at)).toEqual([3, 1]);
    emit('historyChanged', { entry: entry('p1', 9) });
    emit('historyChanged', { entry: entry('p2', 10) });
    expect(store.getState().byProfile.p1?.map((e) => e.at)).toEqual([9, 3, 1]);
    expect(store.getState().byProfile.p2).toBeUndefined();
  });
});

describe('custom client template and UDP payload in the editor', () => {
  it('previews the draft through main, the latest answer winning, and refuses to save a template main refuses', async () => {
    const answers: Array<(v: unknown) => void> = [];
    const { api, calls } = fakeApi({ previewClientTemplate: () => new Promise((resolve) => answers.push(resolve)) });
    const store = createEditorStore(api);
    store.getState().startNew({ delayMs: 100, openTimeoutMs: 5000 });
    store.getState().update({ name: 'x', host: 'h.example', preferredClient: 'custom', customTemplateText: '  mosh \n\n{host}\n' });
    const older = store.getState().previewTemplate();
    const newer = store.getState().previewTemplate();
    expect(calls[0]?.request).toEqual({ template: ['mosh', '{host}'], host: 'h.example', port: 22, addressFamily: 'auto' });
    answers[1]?.({ placeholders: [], argv: [{ text: 'mosh', state: 'literal' }] });
    answers[0]?.({ placeholders: [], problem: { field: 'customTemplate', message: 'stale' } });
    await Promise.all([older, newer]);
    expect(store.getState().templatePreview?.problem).toBeUndefined();

    store.getState().update({ customTemplateText: 'ssh\n{user}@{host}' });
    const saving = store.getState().save();
    await tick();
    answers[2]?.({ placeholders: [], problem: { field: 'customTemplate.1', message: 'customTemplate.1: "{user}@{host}" puts {user} inside a larger argument; …' } });
    expect(await saving).toBeUndefined();
    expect(store.getState().issues.customTemplate).toMatch(/inside a larger argument/);
    expect(calls.some((c) => c.method === 'createProfile')).toBe(false);
  });

  it('keeps a typed template when another client is chosen, and accepts hex payloads typed with spaces', () => {
    const store = createEditorStore(fakeApi({}).api);
    store.getState().startNew({ delayMs: 100, openTimeoutMs: 5000 });
    store.getState().update({ name: 'x', host: 'h.example', customTemplateText: 'mosh\n{host}', preferredClient: 'auto', steps: [{ port: 7000, protocol: 'udp', payload: { encoding: 'hex', data: 'de ad:be ef' } }] });
    const fields = fieldsFromDraft(store.getState().draft);
    expect(fields.customTemplate).toEqual(['mosh', '{host}']);
    expect(fields.knock?.steps[0]).toEqual({ port: 7000, protocol: 'udp', payload: { encoding: 'hex', data: 'deadbeef' } });
    expect(store.getState().issues).toEqual({});
    store.getState().update({ steps: [{ port: 7000, protocol: 'udp', payload: { encoding: 'hex', data: 'abc' } }] });
    expect(store.getState().issues['knock.steps.0.payload.data']).toMatch(/hex digits in pairs/);
  });
});
