import { describe, expect, it } from 'vitest';
import { buildRows, createProfilesStore } from '../../../src-renderer/src/stores/profiles-store';
import { fakeApi, summary } from './fake-api';

const list = [summary('a', 'alpha', ''), summary('b', 'beta db', 'Prod'), summary('c', 'gamma', 'Prod', '10.0.0.7')];

describe('profiles store', () => {
  it('loads, groups and searches by every word', async () => {
    const { api } = fakeApi({ listProfiles: () => ({ profiles: list, revision: 3 }) });
    const store = createProfilesStore(api);
    await store.getState().load();
    expect(store.getState().rows.map((r) => (r.kind === 'group' ? `#${r.group}:${r.count}` : r.profile.id))).toEqual(['#:1', 'a', '#Prod:2', 'b', 'c']);
    store.getState().setQuery('PROD 10.0');
    expect(store.getState().matches).toBe(1);
    expect(store.getState().rows.map((r) => (r.kind === 'group' ? '#' : r.profile.id))).toEqual(['#', 'c']);
  });

  it('collapses groups, but a search still shows hits inside them', async () => {
    const { api } = fakeApi({ listProfiles: () => ({ profiles: list, revision: 1 }) });
    const store = createProfilesStore(api);
    await store.getState().load();
    store.getState().toggleGroup('Prod');
    expect(store.getState().rows).toHaveLength(3);
    store.getState().setQuery('beta');
    expect(store.getState().rows.map((r) => (r.kind === 'profile' ? r.profile.id : '#'))).toEqual(['#', 'b']);
  });

  it('reloads when main announces a new revision and drops a selection that is gone', async () => {
    let profiles = list;
    const { api, emit } = fakeApi({ listProfiles: () => ({ profiles, revision: profiles.length }) });
    const store = createProfilesStore(api);
    store.getState().attach();
    await store.getState().load();
    store.getState().select('c');
    profiles = list.slice(0, 2);
    emit('profilesChanged', { revision: 2, reason: 'deleted', ids: ['c'] });
    await expect.poll(() => store.getState().all.length).toBe(2);
    expect(store.getState().selectedId).toBeUndefined();
  });

  it('finds the one match among 5,000 profiles (its speed is measured by npm run bench:ui)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => summary(`p${i}`, `server ${i}`, `g${i % 50}`));
    const { matches } = buildRows(many, 'server 4999', new Set());
    expect(matches).toBe(1);
  });
});

describe('profiles store, overlapping loads', () => {
  it('keeps the latest answer when an older one arrives last', async () => {
    const answers: Array<(value: unknown) => void> = [];
    const { api } = fakeApi({ listProfiles: () => new Promise((resolve) => answers.push(resolve)) });
    const store = createProfilesStore(api);
    const first = store.getState().load();
    const second = store.getState().load();
    const row = (name: string) => ({ id: name, name, group: '', tags: [], service: { kind: 'ssh', port: 22 }, hasPassword: false, hasPassphrase: false, draft: false, oneTimeLeft: 0, updatedAt: 1 });
    answers[1]?.({ profiles: [row('new')], revision: 2 });
    answers[0]?.({ profiles: [row('old')], revision: 1 });
    await Promise.all([first, second]);
    expect(store.getState().revision).toBe(2);
  });
});
