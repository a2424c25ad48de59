import { describe, expect, it } from 'vitest';
import { contractError } from '../../../src-main/contract/errors';
import { createDestinationStore } from '../../../src-renderer/src/stores/destination-store';
import { createNoticesStore } from '../../../src-renderer/src/stores/notices-store';
import { createRunsStore } from '../../../src-renderer/src/stores/runs-store';
import { estimateBits, strengthOf } from '../../../src-renderer/src/lib/passphrase-strength';
import { fakeApi } from './fake-api';

const status = {
  profileId: 'p1',
  confirmed: false,
  unconfirmed: ['password' as const],
  current: { host: 'new.example.com', port: 22, user: 'alice' },
  savedFor: { host: 'old.example.com', port: 22, user: 'alice' },
};

describe('notices store', () => {
  it('shows what main kept before the window listened, then live notices, once each; dismiss tells main', async () => {
    const { api, emit, calls } = fakeApi({
      listNotices: () => ({ notices: [{ id: 'n1', level: 'error', message: 'No profile named "x".' }] }),
      dismissNotice: () => ({ dismissed: true }),
    });
    const store = createNoticesStore(api);
    store.getState().attach();
    await store.getState().load();
    emit('appNotice', { id: 'n1', level: 'error', message: 'No profile named "x".' });
    emit('appNotice', { id: 'n2', level: 'warning', message: '1 profile(s) need attention' });
    expect(store.getState().notices.map((n) => n.id)).toEqual(['n1', 'n2']);
    store.getState().dismiss(store.getState().notices[0]!);
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().notices.map((n) => n.id)).toEqual(['n2']);
    expect(calls.filter((c) => c.method === 'dismissNotice').map((c) => c.request)).toEqual([{ id: 'n1' }]);
  });
});

describe('destination store', () => {
  it('asks when a connect is refused with DESTINATION_UNCONFIRMED; yes rebinds the shown destination and connects again', async () => {
    let attempts = 0;
    const { api, calls } = fakeApi({
      connect: () => {
        attempts++;
        if (attempts === 1) throw contractError('DESTINATION_UNCONFIRMED', 'The saved password of "web" was saved for …');
        return { runId: 'r', outcome: 'launched' };
      },
      getSecretDestination: () => status,
      confirmSecretDestination: () => ({ ...status, confirmed: true, unconfirmed: [] }),
    });
    let id = 0;
    const runs = createRunsStore(api, { newId: () => `run${++id}` });
    const destination = createDestinationStore(api, runs);
    destination.getState().attach();
    await runs.getState().start('p1', 'connect');
    await new Promise((r) => setTimeout(r, 0));
    expect(destination.getState().pending).toEqual({ runId: 'run1', status });
    await destination.getState().confirm();
    expect(calls.filter((c) => c.method === 'confirmSecretDestination').map((c) => c.request)).toEqual([{ id: 'p1', destination: status.current }]);
    expect(runs.getState().runs.p1?.status).toBe('launched');
    expect(destination.getState().pending).toBeUndefined();
  });

  it('no means nothing is sent and the question is not asked again for that run', async () => {
    const { api, calls } = fakeApi({
      connect: () => {
        throw contractError('DESTINATION_UNCONFIRMED', 'held back');
      },
      getSecretDestination: () => status,
    });
    const runs = createRunsStore(api, { newId: () => 'only' });
    const destination = createDestinationStore(api, runs);
    destination.getState().attach();
    await runs.getState().start('p1', 'connect');
    await new Promise((r) => setTimeout(r, 0));
    destination.getState().cancel();
    runs.setState({ runs: { ...runs.getState().runs } });
    expect(destination.getState().pending).toBeUndefined();
    expect(calls.some((c) => c.method === 'confirmSecretDestination')).toBe(false);
  });
});

describe('passphrase strength', () => {
  it('rates common, repeated and keyboard-run passphrases weak, and long random or many-word ones strong', () => {
    for (const weak of ['password1', 'Password1!', 'aaaaaaaaaaaa', 'qwertyuiop12', '12345678']) expect(strengthOf(weak), weak).toBe('weak');
    for (const strong of ['correct horse battery staple', 'x7#Kq9!vR2@mZ4$w', 'Tiger-Violin-Marsh-Lantern-42']) expect(strengthOf(strong), strong).toBe('strong');
    expect(estimateBits('abcdefgh')).toBeLessThan(estimateBits('axqmzvtp'));
  });
});
