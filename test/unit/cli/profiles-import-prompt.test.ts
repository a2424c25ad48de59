import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import type { CliContext } from '../../../src-main/cli/context';
import { makeService, tempHome } from '../profiles/helpers';
import { memoryIo } from '../../support/cli-io';

const io = memoryIo;

function setup() {
  const home = tempHome();
  const { service, secrets, now } = makeService(home);
  const file = join(home, 'hosts.conf');
  writeFileSync(file, 'Host web\n  HostName web.example.com\n  User alice\n');
  const ctx = (): CliContext => ({ profiles: service, secrets, homedir: home, now });
  const names = async () => (await service.list()).profiles.map((p) => p.name);
  return { file, ctx, names };
}

describe('sesame profiles import FILE', () => {
  it('on a terminal shows the preview, asks "Apply? [y/N]", and applies on "y"', async () => {
    const { file, ctx, names } = setup();
    const t = io({ tty: true, input: 'y\n' });
    expect(await runProfiles(['import', file], t.io, ctx)).toBe(0);
    expect(t.out()).toMatch(/^new\s+web\s.*→ import\n/);
    expect(t.err()).toMatch(/\nApply\? \[y\/N\] $/);
    expect(t.out()).toMatch(/Imported 1, replaced 0, skipped 0; 0 secret\(s\) stored in the keychain\.\n$/);
    expect(await names()).toEqual(['web']);
  });

  it('on a terminal, anything but yes (Enter, "n", end of input) changes nothing', async () => {
    for (const input of ['\n', 'n\n', 'nope\n', '']) {
      const { file, ctx, names } = setup();
      const t = io({ tty: true, input });
      expect(await runProfiles(['import', file], t.io, ctx)).toBe(0);
      expect(t.err()).toMatch(/\nApply\? \[y\/N\] $/);
      expect(t.out()).toMatch(/\nNothing was changed\.\n$/);
      expect(await names()).toEqual([]);
    }
  });

  it('without a terminal and without a flag: preview only, and it says the exact command that applies', async () => {
    const { file, ctx, names } = setup();
    const t = io({ input: 'y\n' });
    expect(await runProfiles(['import', file], t.io, ctx)).toBe(0);
    expect(t.err()).not.toContain('Apply?');
    expect(t.out()).toContain(`Nothing was changed. To import, run: sesame profiles import ${file} --apply\n`);
    expect(await names()).toEqual([]);
  });

  it('--dry-run never asks, even on a terminal; --apply never asks and applies', async () => {
    const dry = setup();
    const t = io({ tty: true, input: 'y\n' });
    expect(await runProfiles(['import', dry.file, '--dry-run'], t.io, dry.ctx)).toBe(0);
    expect(t.err()).not.toContain('Apply?');
    expect(t.out()).toMatch(/Nothing was changed \(--dry-run\)\.\n$/);
    expect(await dry.names()).toEqual([]);

    const apply = setup();
    const a = io({ tty: true });
    expect(await runProfiles(['import', apply.file, '--apply'], a.io, apply.ctx)).toBe(0);
    expect(a.err()).not.toContain('Apply?');
    expect(await apply.names()).toEqual(['web']);
  });

  it('--apply with --dry-run is a usage error that changes nothing', async () => {
    const { file, ctx, names } = setup();
    const t = io({ tty: true, input: 'y\n' });
    expect(await runProfiles(['import', file, '--apply', '--dry-run'], t.io, ctx)).toBe(2);
    expect(t.err()).toMatch(/--apply and --dry-run exclude each other/);
    expect(await names()).toEqual([]);
  });
});
