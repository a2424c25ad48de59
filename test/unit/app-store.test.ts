import { describe, expect, it } from 'vitest';
import { contractError, type SesameApi } from '../../src-main/contract';
import { createAppStore } from '../../src-renderer/src/stores/app-store';

const info = { name: 'Sesame', version: '1.2.3', platform: 'linux' as const, locale: 'ko-KR' };

describe('app store', () => {
  it('loads app info and follows the OS locale until the user chooses', async () => {
    const api: Pick<SesameApi, 'getAppInfo'> = { getAppInfo: async () => info };
    const store = createAppStore(api, 'en');
    await store.getState().load();
    expect(store.getState().info).toEqual(info);
    expect(store.getState().language).toBe('ko');
  });

  it('keeps a language the user picked', async () => {
    const store = createAppStore({ getAppInfo: async () => info }, 'en');
    store.getState().setLanguage('en');
    await store.getState().load();
    expect(store.getState().language).toBe('en');
  });

  it('keeps the contract error when main fails', async () => {
    const failure = contractError('INTERNAL', 'boom');
    const store = createAppStore({ getAppInfo: () => Promise.reject(failure) }, 'en');
    await store.getState().load();
    expect(store.getState().error).toEqual(failure);
    expect(store.getState().info).toBeUndefined();
  });
});
