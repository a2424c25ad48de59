import { describe, expect, it } from 'vitest';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import type { CliContext } from '../../../src-main/cli/context';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { fields, tempHome } from '../profiles/helpers';
import { memoryIo } from '../../support/cli-io';

const day = 24 * 60 * 60_000;

const io = memoryIo;

function setup() {
  const dir = tempHome();
  const clock = { t: Date.UTC(2025, 0, 10, 12) };
  const now = () => clock.t++;
  const secrets = new MemorySecretStore();
  const service = createProfilesService({ store: createProfileStore({ filePath: `${dir}/profiles.json`, now }), secrets, now });
  const ctx = (): CliContext => ({ profiles: service, secrets, homedir: dir, now });
  const run = async (...argv: string[]) => {
    const t = io();
    const code = await runProfiles(argv, t.io, ctx);
    return { code, out: t.out(), err: t.err() };
  };
  return { service, clock, run };
}

describe('sesame profiles rm / restore', () => {
  it('rm says where the profile went and the command that undoes it; restore brings it back with its password', async () => {
    const { service, run } = setup();
    const p = await service.create(fields({ name: 'web server', auth: { method: 'password' } }));
    await service.setSecret(p.id, 'password', 'hunter2');
    expect(await run('rm', 'web server')).toEqual({
      code: 0,
      out: `Moved "web server" to the trash, with its keychain entries; it is kept 30 days. To undo: sesame profiles restore 'web server'\n`,
      err: '',
    });
    const list = await run('restore', '--list');
    expect(list.out).toMatch(/^web server\tdb\.example\.com\tdeleted 2025-01-10\tkept until 2025-02-09\twith: password\tt_[\w-]+\n$/);
    expect(await run('restore', 'web server')).toEqual({ code: 0, out: 'Restored "web server" with its password.\n', err: '' });
    expect(await service.readSecret(p.id, 'password')).toBe('hunter2');
    expect((await run('restore', '--list')).out).toBe('The trash is empty.\n');
  });

  it('restore without a name brings back the last one deleted; an expired entry is purged by the next rm, on stderr', async () => {
    const { service, clock, run } = setup();
    const a = await service.create(fields({ name: 'a' }));
    const b = await service.create(fields({ name: 'b' }));
    await run('rm', 'a');
    clock.t += 31 * day;
    expect((await run('restore', '--list')).out).toMatch(/^a\t.*\tover 30 days: emptied by the next rm or restore\t/);
    const rm = await run('rm', 'b');
    expect(rm.err).toBe('sesame profiles: emptied from the trash for good, with its keychain entries: "a" (deleted 2025-01-10, more than 30 days ago).\n');
    expect(await run('restore')).toMatchObject({ code: 0, out: 'Restored "b".\n' });
    expect((await service.list()).profiles.map((p) => p.id)).toEqual([b.id]);
    expect(a.id).not.toBe(b.id);
  });

  it('restore of something not in the trash, or with a name and --list, is an error that names the fix', async () => {
    const { run } = setup();
    expect(await run('restore', 'ghost')).toMatchObject({ code: 2, err: expect.stringMatching(/Nothing named or with id "ghost" is in the trash/) });
    expect(await run('restore', 'a', '--list')).toMatchObject({ code: 2, err: expect.stringMatching(/takes one PROFILE/) });
  });
});
