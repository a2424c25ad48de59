import { describe, expect, it } from 'vitest';
import { contractError } from '../../../src-main/contract/errors';
import { createRunsStore } from '../../../src-renderer/src/stores/runs-store';
import { fakeApi } from './fake-api';

const target = { host: 'h', address: '127.0.0.1', family: 'ipv4' as const };

describe('runs store', () => {
  it('fills a test knock timeline from events, then settles on the result', async () => {
    let finish: (value: unknown) => void = () => {};
    const { api, emit } = fakeApi({ testKnock: () => new Promise((resolve) => (finish = resolve)) });
    const store = createRunsStore(api, { newId: () => 'run1', now: () => 1000 });
    store.getState().attach();
    const running = store.getState().start('p1', 'test');
    await Promise.resolve();
    emit('knockProgress', { runId: 'run1', profileId: 'p1', event: { kind: 'resolved', ...target } });
    emit('knockProgress', { runId: 'run1', profileId: 'p1', event: { kind: 'step', index: 1, total: 1, port: 7000, protocol: 'tcp', elapsedMs: 0 } });
    emit('knockProgress', { runId: 'other', profileId: 'p1', event: { kind: 'step', index: 1, total: 1, port: 1, protocol: 'tcp', elapsedMs: 0 } });
    emit('knockProgress', { runId: 'run1', profileId: 'p1', event: { kind: 'waiting', port: 22, timeoutMs: 5000 } });
    expect(store.getState().runs.p1).toMatchObject({ status: 'running', waitingSince: 1000 });
    expect(store.getState().runs.p1?.events.map((e) => e.kind)).toEqual(['resolved', 'step', 'waiting']);
    finish({ status: 'open', target, port: 22, msFromFirstKnock: 42, msFromLastKnock: 40, attempts: 2 });
    await running;
    expect(store.getState().runs.p1).toMatchObject({ status: 'open', msToOpen: 42 });
    expect(store.getState().last.p1).toMatchObject({ kind: 'open', ms: 42 });
  });

  it('keeps the diagnosis of a failed connect and shows it as the last outcome', async () => {
    const { api } = fakeApi({
      connect: () => ({ runId: 'r', outcome: 'failed', diagnosis: { class: 'filtered', stage: 'wait' } }),
    });
    const store = createRunsStore(api, { newId: () => 'r' });
    await store.getState().start('p1', 'connect');
    expect(store.getState().runs.p1).toMatchObject({ status: 'failed', diagnosis: { class: 'filtered', stage: 'wait' } });
    expect(store.getState().last.p1).toMatchObject({ kind: 'failed', diagnosis: 'filtered' });
  });

  it('cancels through the method matching the run and treats CANCELLED as cancelled', async () => {
    let reject: (error: unknown) => void = () => {};
    const { api, calls } = fakeApi({
      connect: () => new Promise((_, r) => (reject = r)),
      cancelConnect: () => {
        reject(contractError('CANCELLED', 'cancelled'));
        return { cancelled: true };
      },
    });
    const store = createRunsStore(api, { newId: () => 'r9' });
    const running = store.getState().start('p1', 'connect');
    await Promise.resolve();
    await store.getState().cancel('p1');
    await running;
    expect(calls.find((c) => c.method === 'cancelConnect')?.request).toEqual({ runId: 'r9' });
    expect(store.getState().runs.p1?.status).toBe('cancelled');
  });

  it('seeds last outcomes from history, newest entry winning', () => {
    const { api, emit } = fakeApi({});
    const store = createRunsStore(api);
    store.getState().attach();
    store.getState().seed([
      { at: 3, profileId: 'p1', profileName: 'a', outcome: 'launched', msToOpen: 12 },
      { at: 2, profileId: 'p1', profileName: 'a', outcome: 'failed', diagnosis: 'refused' },
    ]);
    expect(store.getState().last.p1).toMatchObject({ kind: 'launched', ms: 12 });
    emit('historyChanged', { entry: { at: 4, profileId: 'p2', profileName: 'b', outcome: 'cancelled' } });
    expect(store.getState().last.p2).toMatchObject({ kind: 'cancelled' });
  });
});

describe('runs started by main', () => {
  it('follows a tray or link connect from its events to the end', () => {
    const { api, emit } = fakeApi({});
    const store = createRunsStore(api, { now: () => 5 });
    store.getState().attach();
    emit('connectStarted', { runId: 'm1', profileId: 'p9', source: 'tray' });
    expect(store.getState().runs.p9).toMatchObject({ runId: 'm1', status: 'running', fromMain: true });
    emit('connectProgress', { runId: 'm1', profileId: 'p9', event: { kind: 'open', port: 22, msFromFirstKnock: 12, msFromLastKnock: 3, attempts: 1 } });
    emit('connectProgress', { runId: 'm1', profileId: 'p9', event: { kind: 'launched', client: 'openssh', notes: [], clipboard: false } });
    expect(store.getState().runs.p9).toMatchObject({ status: 'launched', msToOpen: 12 });
    emit('connectStarted', { runId: 'm2', profileId: 'p9', source: 'link' });
    emit('connectProgress', { runId: 'm2', profileId: 'p9', event: { kind: 'failed', class: 'refused', stage: 'wait' } });
    expect(store.getState().runs.p9).toMatchObject({ runId: 'm2', status: 'failed', diagnosis: { class: 'refused', stage: 'wait' } });
  });
});

describe('runs started by main that end in an error', () => {
  it('settle as failed with the message; a later close failure does not undo a launch', () => {
    const { api, emit } = fakeApi({});
    const store = createRunsStore(api, { now: () => 5 });
    store.getState().attach();
    emit('connectStarted', { runId: 'e1', profileId: 'p1', source: 'tray' });
    emit('connectProgress', { runId: 'e1', profileId: 'p1', event: { kind: 'error', code: 'NOT_FOUND', message: 'No program' } });
    expect(store.getState().runs.p1).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND', message: 'No program' } });
    emit('connectStarted', { runId: 'e2', profileId: 'p1', source: 'link' });
    emit('connectProgress', { runId: 'e2', profileId: 'p1', event: { kind: 'launched', client: 'openssh', notes: [], clipboard: false } });
    emit('connectProgress', { runId: 'e2', profileId: 'p1', event: { kind: 'error', code: 'CLOSE_FAILED', message: 'door may still be open' } });
    expect(store.getState().runs.p1).toMatchObject({ status: 'launched' });
  });
});
