import { lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectCommand } from '../../../src-main/cli/commands/connect';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import { createTestCore } from '../../support/test-core';
import { FakeClock, FakeNet, fakeLookup } from '../knock/fakes';
import { fields, makeService, tempHome } from '../profiles/helpers';
import { memoryIo } from '../../support/cli-io';

const io = memoryIo;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function movedProfile() {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  const lookup = fakeLookup({});
  const core = createTestCore({ net: { sockets: net, lookup, clock } });
  cleanups.push(core.dispose);
  const p = await core.profiles.create(fields({ auth: { method: 'password' }, host: 'old.example.com' }));
  await core.profiles.setSecret(p.id, 'password', 'hunter2');
  const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ftpModeLearned: _f, ...edit } = await core.profiles.get(p.id);
  await core.profiles.update(p.id, { ...edit, host: 'new.example.com' });
  const command = createConnectCommand({ process: { onInterrupt: () => () => undefined, yieldSignals: () => () => undefined, checkFd: () => undefined, writeFd: () => undefined }, core: () => core });
  return { core, net, lookup, command, id: p.id };
}

describe('sesame connect, when the saved password belongs to another destination', () => {
  it('refuses in a script, before any lookup or packet, and names the flag', async () => {
    const { command, net, lookup, core, id } = await movedProfile();
    const t = io();
    expect(await command.run(['Prod DB', '--exec', 'true'], t.io)).toBe(1);
    expect(t.err()).toMatch(/saved for alice@old\.example\.com:22; the profile now connects to alice@new\.example\.com:22\. Nothing was sent.*--confirm-destination/);
    expect(lookup.calls).toEqual([]);
    expect(net.packets).toEqual([]);
    expect((await core.profiles.secretDestination(id)).confirmed).toBe(false);
  });

  it('asks on a terminal: "n" sends nothing; "y" confirms and connects', async () => {
    const no = await movedProfile();
    const t = io({ tty: true, input: 'n\n' });
    expect(await no.command.run(['Prod DB'], t.io)).toBe(1);
    expect(t.err()).toMatch(/Send the password to alice@new\.example\.com:22\? \[y\/N\]/);
    expect(no.lookup.calls).toEqual([]);

    const yes = await movedProfile();
    const y = io({ tty: true, input: 'y\n' });
    // After the confirmation the run goes on to the launch plan (built before any
    // packet), which this test core cannot build: it ends there, nothing sent.
    await yes.command.run(['Prod DB'], y.io);
    expect((await yes.core.profiles.secretDestination(yes.id)).confirmed).toBe(true);
    expect(y.err()).toMatch(/\[y\/N\] .*cannot launch clients/s);
    expect(yes.net.packets).toEqual([]);
  });

  it('--confirm-destination confirms without asking', async () => {
    const { command, core, id } = await movedProfile();
    await command.run(['Prod DB', '--confirm-destination'], io().io);
    expect((await core.profiles.secretDestination(id)).confirmed).toBe(true);
  });
});

describe('sesame profiles', () => {
  it('list shows profiles that need attention with the field and the fix, and changes nothing', async () => {
    const { service, store, dir } = makeService();
    await service.create(fields());
    const doc = JSON.parse(readFileSync(store.filePath, 'utf8'));
    doc.profiles.push({ ...doc.profiles[0], id: 'p_bad', name: 'Broken', service: { kind: 'ssh', port: 0 } });
    writeFileSync(store.filePath, JSON.stringify(doc));
    const before = readFileSync(store.filePath, 'utf8');
    const t = io();
    const again = makeService(dir);
    const context = () => ({ profiles: again.service, secrets: again.secrets, homedir: dir, now: again.now });
    expect(await runProfiles(['list'], t.io, context)).toBe(0);
    expect(t.out()).toMatch(/^Prod DB\t/m);
    expect(t.out()).toMatch(/^Broken\tneeds attention\tservice\.port: must be from 1 to 65535.*\t\(line 1\)\tp_bad$/m);
    expect(readFileSync(store.filePath, 'utf8')).toBe(before);
    const json = io();
    expect(await runProfiles(['list', '--json'], json.io, context)).toBe(0);
    expect(JSON.parse(json.out())).toHaveLength(1);
    expect(json.err()).toMatch(/warning: Broken\tneeds attention/);
  });

  it('export --out --force replaces an existing file with a new 0600 one, and never writes through a symlink', async () => {
    const { service, secrets, dir, now } = makeService();
    await service.create(fields());
    const context = () => ({ profiles: service, secrets, homedir: dir, now });
    const target = join(tempHome(), 'team.sesame');
    writeFileSync(target, 'old', { mode: 0o644 });
    expect(await runProfiles(['export', '--out', target, '--force'], io().io, context)).toBe(0);
    expect(statSync(target).mode & 0o777).toBe(0o600);
    const victim = join(tempHome(), 'victim');
    writeFileSync(victim, 'precious');
    const link = join(tempHome(), 'link.sesame');
    symlinkSync(victim, link);
    expect(await runProfiles(['export', '--out', link, '--force'], io().io, context)).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(false);
  });

  it('import of hostile XML is a clear invalid-input error (exit 2), not "unexpected"', async () => {
    const { service, secrets, dir, now } = makeService();
    const file = join(import.meta.dirname, '../../fixtures/hostile/filezilla-proto.xml');
    const t = io();
    expect(await runProfiles(['import', file], t.io, () => ({ profiles: service, secrets, homedir: dir, now }))).toBe(2);
    expect(t.err()).toMatch(/The XML file was refused .*__proto__/);
  });
});
