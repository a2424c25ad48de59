import { describe, expect, it } from 'vitest';
import { localPathSchema } from '../../../src-main/contract/features/profiles';
import { userSchema } from '../../../src-main/contract/schemas/common';
import { importSshConfig } from '../../../src-main/core/sharing/importers/ssh-config';
import { buildLaunchPlan } from '../../../src-main/core/launcher/plan';
import { validatePath, validateUser } from '../../../src-main/core/launcher/validate';
import { createTestCore } from '../../support/test-core';
import { detectedFor, fakeAskpass, request } from './fixtures';

// Issue #9 §1: a profile that cannot launch cannot be saved or imported. The
// launcher's refusals live in the contract's schemas, and the launcher checks
// with those same schemas, so the two cannot drift apart.
const users = ['alice', 'svc.deploy_01', 'a-b', "o'brien", 'admin@corp', '%u', '${USER}', 'corp\\alice', 'a,b', 'a"b', 'ü', '-l', 'a b', '.hidden'];
const paths = [
  '/home/alice/.ssh/id_ed25519', '/home/Jane Doe/.ssh/id', 'C:\\Users\\Jane Doe\\.ssh\\id_ed25519', '\\\\server\\keys\\id',
  '%d/.ssh/id_box', '/home/%u/.ssh/id', '/k/${HOME}/id', 'id_box', '~/.ssh/id', 'relative/key', '-i/x', '/k\nx', '/k\tx', '\\\\?\\C:\\k',
];

describe('one rule set for users and key files', () => {
  it('the schema accepts exactly the login names the launcher accepts', () => {
    for (const user of users) {
      const launcher = (() => {
        try {
          validateUser(user);
          return true;
        } catch {
          return false;
        }
      })();
      expect(userSchema.safeParse(user).success, user).toBe(launcher);
    }
    expect(users.filter((u) => userSchema.safeParse(u).success)).toEqual(['alice', 'svc.deploy_01', 'a-b', '.hidden']);
  });

  it('the schema accepts exactly the key paths the launcher accepts on one platform or the other', () => {
    for (const path of paths) {
      const launches = (['linux', 'win32'] as const).some((platform) => {
        try {
          validatePath(path, platform);
          return true;
        } catch {
          return false;
        }
      });
      expect(localPathSchema.safeParse(path).success, JSON.stringify(path)).toBe(launches);
    }
  });

  it('a profile the launcher would refuse cannot be saved (INVALID_INPUT naming the field)', async () => {
    const core = createTestCore();
    try {
      for (const user of ["o'brien", 'admin@corp', '%u']) {
        await expect(core.profiles.create({ name: `u-${user}`, host: 'h', service: { kind: 'ssh', port: 22, user } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
      for (const keyFile of ['%d/.ssh/id_box', 'id_box']) {
        await expect(core.profiles.create({ name: `k-${keyFile}`, host: 'h', auth: { method: 'key', keyFile } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      }
      // What can be saved, launches (the launcher's own check, with nothing created).
      const ok = await core.profiles.create({ name: 'fine', host: 'h', service: { kind: 'ssh', port: 22, user: 'alice' }, auth: { method: 'key', keyFile: '/home/alice/.ssh/id' } });
      const plan = await buildLaunchPlan(request({ user: ok.service.user, auth: 'key', keyFile: '/home/alice/.ssh/id', terminal: 'xterm' }), {
        detected: detectedFor.linux,
        env: {},
        askpass: fakeAskpass().provider,
        dryRun: true,
      });
      expect(plan.argv).toContain('/home/alice/.ssh/id');
    } finally {
      await core.dispose();
    }
  });

  it('an ssh_config import says, per host, what it left out and why', async () => {
    const text = [
      'Host box',
      '  HostName box.example.org',
      "  User o'brien",
      '  IdentityFile %d/.ssh/id_box',
      'Host web',
      '  HostName web.example.org',
      '  User deploy',
      '  IdentityFile keys/web',
    ].join('\n');
    const prepared = await importSshConfig({ text, homedir: '/home/alice' });
    expect(prepared.candidates.map((c) => [c.fields.name, c.fields.service.user, c.fields.auth])).toEqual([
      ['box', undefined, { method: 'agent' }],
      ['web', 'deploy', { method: 'agent' }],
    ]);
    expect(prepared.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^"box": User "o'brien" was left out \(must be a plain login name/),
        expect.stringMatching(/^"box": IdentityFile "%d\/\.ssh\/id_box" was left out \(must be an absolute path/),
        expect.stringMatching(/^"web": IdentityFile "keys\/web" was left out \(must be an absolute path/),
      ]),
    );
  });
});
