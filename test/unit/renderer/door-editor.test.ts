import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../src-main/contract/features/profiles';
import { translateValidation } from '../../../src-main/contract/locales/validation';
import { createEditorStore } from '../../../src-renderer/src/stores/editor-store';
import { fakeApi } from './fake-api';
import { storedProfile } from './stored-profile';

const stored = (fields: Record<string, unknown>): Profile =>
  storedProfile({ name: 'web', host: 'web.example.com', knock: { steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 100 }, ...fields });

describe('editor: door timeout and keep open', () => {
  it('loads, edits and saves them; an empty timeout is no timeout', async () => {
    const { api, calls } = fakeApi({
      getProfile: () => ({ profile: stored({ doorTimeoutS: 30, keepOpen: true, requestTty: true }) }),
      updateProfile: ({ fields }: { fields: Record<string, unknown> }) => ({ profile: stored({ ...fields, updatedAt: 2 }) }),
    });
    const store = createEditorStore(api);
    await store.getState().edit('p1');
    expect(store.getState().draft).toMatchObject({ doorTimeoutS: 30, keepOpen: true });
    // Fields the form does not show survive a save (a save replaces every field).
    await store.getState().save();
    expect(calls.at(-1)?.request).toMatchObject({ fields: { doorTimeoutS: 30, keepOpen: true, requestTty: true } });

    store.getState().update({ doorTimeoutS: NaN, keepOpen: false });
    expect(store.getState().issues).toEqual({});
    await store.getState().save();
    const fields = (calls.at(-1)?.request as { fields: Record<string, unknown> }).fields;
    expect(fields).not.toHaveProperty('doorTimeoutS');
    expect(fields).not.toHaveProperty('keepOpen');
  });

  it("explains a bad timeout with the contract's message, in Korean too, and does not save it", async () => {
    const { api, calls } = fakeApi({ getProfile: () => ({ profile: stored({}) }) });
    const store = createEditorStore(api);
    await store.getState().edit('p1');
    store.getState().update({ doorTimeoutS: 1 });
    expect(store.getState().issues.doorTimeoutS).toBe('must be at least 2 s (a shorter door cannot be kept open)');
    expect(translateValidation(store.getState().issues.doorTimeoutS!, 'ko')).toBe('2초 이상이어야 합니다(더 짧은 문은 열린 채로 유지할 수 없습니다)');
    store.getState().update({ doorTimeoutS: 2.5 });
    expect(store.getState().issues.doorTimeoutS).toBe('must be whole seconds');
    store.getState().update({ doorTimeoutS: 100_000 });
    expect(store.getState().issues.doorTimeoutS).toMatch(/at most 86400 s/);
    expect(await store.getState().save()).toBeUndefined();
    expect(calls.some((c) => c.method === 'updateProfile')).toBe(false);
    store.getState().update({ doorTimeoutS: 2 });
    expect(store.getState().issues).toEqual({});
  });

  it('starts a new profile with no timeout and keep-open off', () => {
    const store = createEditorStore(fakeApi({}).api);
    store.getState().startNew({ delayMs: 100, openTimeoutMs: 5000 });
    expect(Number.isNaN(store.getState().draft.doorTimeoutS)).toBe(true);
    expect(store.getState().draft.keepOpen).toBe(false);
  });
});
