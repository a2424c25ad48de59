import type { Profile } from '../../../src-main/contract/features/profiles';

/** A profile as main returns it (defaults filled in), for the renderer's store tests; `fields`, then `extra`, win. */
export const storedProfile = (fields: Record<string, unknown>, extra: Partial<Profile> = {}): Profile =>
  ({
    id: 'p1',
    group: '',
    tags: [],
    notes: '',
    addressFamily: 'auto',
    openTimeoutMs: 5000,
    oneTimeSequences: [],
    service: { kind: 'ssh', port: 22 },
    auth: { method: 'agent' },
    ftpMode: 'auto',
    preferredClient: 'auto',
    hasPassword: false,
    hasPassphrase: false,
    createdAt: 1,
    updatedAt: 1,
    ...fields,
    ...extra,
  }) as Profile;
