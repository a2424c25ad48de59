import { describe, expect, it } from 'vitest';
import { contractError } from '../../../src-main/contract/errors';
import { createEditorStore } from '../../../src-renderer/src/stores/editor-store';
import { fakeApi } from './fake-api';
import { storedProfile } from './stored-profile';

const saved = storedProfile;

describe('editor store', () => {
  it("explains problems with the contract's own messages, per field", () => {
    const store = createEditorStore(fakeApi({}).api);
    store.getState().startNew({ delayMs: 100, openTimeoutMs: 5000 });
    store.getState().update({ name: ' x', host: '-evil', steps: [{ port: 0, protocol: 'tcp' }] });
    const { issues } = store.getState();
    expect(issues.name).toMatch(/must not start or end with spaces/);
    expect(issues.host).toMatch(/must not start with "-"/);
    expect(issues['knock.steps.0.port']).toMatch(/from 1 to 65535/);
  });

  it('creates, then updates with the stale-edit guard', async () => {
    const { api, calls } = fakeApi({
      createProfile: ({ fields }: { fields: Record<string, unknown> }) => ({ profile: saved(fields) }),
      updateProfile: ({ fields }: { fields: Record<string, unknown> }) => ({ profile: saved(fields, { updatedAt: 2 }) }),
    });
    const store = createEditorStore(api);
    store.getState().startNew({ delayMs: 250, openTimeoutMs: 3000 });
    store.getState().update({ name: 'web', host: 'web.example.com', user: 'deploy', tagsText: 'prod  eu' });
    expect(await store.getState().save()).toMatchObject({ id: 'p1' });
    expect(calls[0]?.request).toMatchObject({
      fields: { name: 'web', host: 'web.example.com', tags: ['prod', 'eu'], knock: { delayMs: 250 }, openTimeoutMs: 3000, service: { user: 'deploy' } },
    });
    store.getState().update({ name: 'web-2' });
    await store.getState().save();
    expect(calls[1]).toMatchObject({ method: 'updateProfile', request: { id: 'p1', expectedUpdatedAt: 1 } });
    expect(store.getState().dirty).toBe(false);
  });

  it('does not call main while the draft is invalid, and maps main-side issues to fields', async () => {
    const { api, calls } = fakeApi({
      createProfile: () => {
        throw contractError('INVALID_INPUT', 'bad', { issues: [{ path: 'fields.host', message: 'is taken' }] });
      },
    });
    const store = createEditorStore(api);
    store.getState().startNew({ delayMs: 100, openTimeoutMs: 5000 });
    expect(await store.getState().save()).toBeUndefined();
    expect(calls).toHaveLength(0);
    expect(store.getState().showAllIssues).toBe(true);
    store.getState().update({ name: 'ok', host: 'h.example.com' });
    await store.getState().save();
    expect(store.getState().issues).toEqual({ host: 'is taken' });
  });

  it('sends a secret once and forgets it; only "stored" comes back', async () => {
    const { api, calls } = fakeApi({
      getProfile: () => ({ profile: saved({ name: 'a', host: 'h', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } }) }),
      setSecret: () => ({ profile: saved({ name: 'a' }, { hasPassword: true }) }),
    });
    const store = createEditorStore(api);
    await store.getState().edit('p1');
    store.getState().setSecretInput('password', 'hunter2');
    expect(await store.getState().storeSecret('password')).toBe(true);
    expect(calls.at(-1)).toMatchObject({ method: 'setSecret', request: { id: 'p1', kind: 'password', secret: 'hunter2' } });
    expect(store.getState().secretInput.password).toBe('');
    expect(store.getState().profile?.hasPassword).toBe(true);
    expect(JSON.stringify(store.getState())).not.toContain('hunter2');
  });
});
