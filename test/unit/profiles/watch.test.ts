import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventName } from '../../../src-main/contract';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { eventually } from '../../support/eventually';
import { createTestCore } from '../../support/test-core';

describe('profiles file watch', () => {
  it('reports changes made by another process as "external", and not its own', async () => {
    const events: Array<{ event: EventName; payload: { reason?: string; revision?: number } }> = [];
    const core = createTestCore({ watchProfilesFile: true, emit: (event, payload) => events.push({ event, payload: payload as never }) });
    try {
      // The app's own change: announced once, as "created".
      await core.handlers.createProfile({ fields: { name: 'mine' } as never });
      expect(events.filter((e) => e.event === 'profilesChanged').map((e) => e.payload.reason)).toEqual(['created']);

      // Another writer on the same file (what `sesame profiles add` does).
      const other = createProfilesService({
        store: createProfileStore({ filePath: join(core.home, 'profiles.json'), now: Date.now }),
        secrets: new MemorySecretStore(),
        now: Date.now,
      });
      await other.create({ name: 'theirs' });
      expect(await eventually(() => events.some((e) => e.payload.reason === 'external'), 10_000)).toBe(true);
      // The other writer's change is the barrier: had our own write been taken for an external one,
      // its event would stand before this one (no fixed sleep needed to see it).
      expect(events.filter((e) => e.event === 'profilesChanged').map((e) => e.payload.reason)).toEqual(['created', 'external']);
      expect((await core.profiles.list()).profiles.map((p) => p.name).sort()).toEqual(['mine', 'theirs']);
    } finally {
      await core.dispose();
    }
  });
});
