import { describe, expect, it } from 'vitest';
import type { PassThrough } from 'node:stream';
import { runProfiles } from '../../../src-main/cli/commands/profiles';
import { createSecretCommand } from '../../../src-main/cli/commands/secret';
import type { CliContext } from '../../../src-main/cli/context';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import { memoryIo } from '../../support/cli-io';
import { fields, tempHome } from '../profiles/helpers';

export function setup() {
  const dir = tempHome();
  let t = Date.UTC(2025, 0, 10, 12);
  const now = () => t++;
  const secrets = new MemorySecretStore();
  const service = createProfilesService({ store: createProfileStore({ filePath: `${dir}/profiles.json`, now }), secrets, now });
  const ctx = (): CliContext => ({ profiles: service, secrets, homedir: dir, now });
  const run = async (argv: string[], options: Parameters<typeof memoryIo>[0] = {}) => {
    const m = memoryIo(options);
    const code = await runProfiles(argv, m.io, ctx);
    return { code, out: m.out(), err: m.err() };
  };
  return { dir, service, secrets, run };
}

function setupCtx(service: ReturnType<typeof setup>['service']) {
  return (): CliContext => ({ profiles: service, secrets: new MemorySecretStore(), homedir: tempHome(), now: Date.now });
}

describe('profiles: errors in the words the user typed', () => {
  it('names the flag, not the contract path (service.port, service.user, knock.delayMs)', async () => {
    const { run } = setup();
    const port = await run(['add', '--name', 'x', '--host', 'h', '--knock', '1,2', '--port', '0']);
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/^sesame profiles: invalid input: --port: /);
    expect(port.err).not.toContain('service.port');
    const user = await run(['add', '--name', 'x', '--host', 'h', '--knock', '1,2', '--user', 'a b']);
    expect(user.err).toContain('--user: must not contain spaces');
    const delay = await run(['add', '--name', 'x', '--host', 'h', '--knock', '1,2', '--delay=-5']);
    expect(delay.err).toContain('--delay: cannot be negative');
    expect(delay.err).not.toContain('delayMs');
  });

  it('--timeout is seconds, as on knock/probe/spa: 5 stores 5000 ms, show says seconds, 0.01 is refused naming the unit', async () => {
    const { run, service } = setup();
    expect((await run(['add', '--name', 'x', '--host', 'h', '--knock', '1,2', '--timeout', '5'])).code).toBe(0);
    expect((await service.resolve('x')).openTimeoutMs).toBe(5000);
    expect((await run(['show', 'x'])).out).toContain('open timeout 5 s');
    const bad = await run(['edit', 'x', '--timeout', '0.01']);
    expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('--timeout must be seconds from 0.1 to 300, got "0.01"') });
    expect((await run(['--help'])).out).toMatch(/--timeout S +seconds/);
  });

  it('the import preview names the conflict action as --on-conflict spells it', async () => {
    const { run, service, dir } = setup();
    await service.create(fields({ name: 'web' }));
    const exported = await run(['export']);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${dir}/team.sesame`, exported.out);
    await run(['edit', 'web', '--host', 'other.example.com']);
    const preview = await run(['import', `${dir}/team.sesame`, '--on-conflict', 'keep-both', '--dry-run']);
    expect(preview.out).toMatch(/→ keep-both\n/);
    expect(preview.out).not.toContain('keepBoth');
  });
});

/** A terminal over memory: raw mode is accepted, input arrives as typed (not ended). */
function terminal(lines: string) {
  const m = memoryIo({ tty: true });
  Object.assign(m.io.stdin, { setRawMode: () => m.io.stdin });
  (m.io.stdin as PassThrough).write(lines);
  return m;
}

describe('profiles export --include-credentials: the passphrase', () => {
  it('on a terminal is asked twice; a mismatch asks again, three mismatches export nothing', async () => {
    const { service } = setup();
    await service.create(fields({ name: 'web' }));
    const ctx = setupCtx(service);
    const ok = terminal('first-try\nfirst-typo\ngood-pass\ngood-pass\n');
    expect(await runProfiles(['export', '--include-credentials'], ok.io, ctx)).toBe(0);
    expect(ok.err()).toContain('Same passphrase again: ');
    expect(ok.err()).toContain('the two passphrases differ; type them again.');
    expect(JSON.parse(ok.out())).toMatchObject({ format: 'sesame-export' });
    const bad = terminal('aaaaaaaa\nbbbbbbbb\naaaaaaaa\nbbbbbbbb\naaaaaaaa\nbbbbbbbb\n');
    expect(await runProfiles(['export', '--include-credentials'], bad.io, ctx)).toBe(2);
    expect(bad.err()).toContain('the passphrases differed three times; nothing was exported.');
    expect(bad.out()).toBe('');
  });

  it('without a terminal and with nothing on stdin: "no passphrase given" and how to give one (exit 2)', async () => {
    const { run, service } = setup();
    await service.create(fields({ name: 'web' }));
    const none = await run(['export', '--include-credentials'], { input: '' });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^sesame profiles: no passphrase given: .*stdin.*pass show team-export \| sesame profiles export --include-credentials/);
    const piped = await run(['export', '--include-credentials'], { input: 'long-enough\n' });
    expect(piped.code).toBe(0);
  });
});

describe('profiles export --out onto an existing file', () => {
  it('a script is refused (exit 2, names --force) and the file is kept; --force replaces; a terminal asks', async () => {
    const { run, service, dir } = setup();
    await service.create(fields({ name: 'web' }));
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = `${dir}/team.sesame`;
    writeFileSync(file, 'precious');
    const refused = await run(['export', '-o', file]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`${file} exists; it is replaced only with --force`);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    const no = await run(['export', '-o', file], { tty: true, input: 'n\n' });
    expect(no).toMatchObject({ code: 0, err: `${file} exists. Replace it? [y/N] ${file} was left as it is; nothing was exported.\n` });
    expect(readFileSync(file, 'utf8')).toBe('precious');
    expect((await run(['export', '-o', file], { tty: true, input: 'y\n' })).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'sesame-export' });
    writeFileSync(file, 'precious');
    expect((await run(['export', '-o', file, '--force'])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toBe('precious');
  });
});

describe('small things: secret delete, --kind, drafts, --delay', () => {
  it('secret delete says when nothing was stored; --kind pin names the bad value and the allowed ones', async () => {
    const { service, secrets } = setup();
    const p = await service.create(fields({ name: 'web' }));
    await service.setSecret(p.id, 'password', 'hunter2');
    const ctx = (): CliContext => ({ profiles: service, secrets, homedir: tempHome(), now: Date.now });
    const secret = async (...argv: string[]) => {
      const m = memoryIo();
      const code = await createSecretCommand(ctx).run(argv, m.io);
      return { code, out: m.out(), err: m.err() };
    };
    expect(await secret('delete', 'web')).toEqual({ code: 0, out: 'Deleted the password of "web" from the keychain.\n', err: '' });
    expect(await secret('delete', 'web')).toEqual({ code: 0, out: 'No password of "web" was stored in the keychain; nothing to delete.\n', err: '' });
    const pin = await secret('delete', 'web', '--kind', 'pin');
    expect(pin.code).toBe(2);
    expect(pin.err).toContain('--kind must be password, passphrase, spa-key or spa-hmac-key, got "pin"');
  });

  it('list marks drafts with the flags they need, in a sixth column', async () => {
    const { run, service } = setup();
    await service.create(fields({ name: 'ready' }));
    await service.create({ name: 'half', host: 'h.example.com', service: { kind: 'ssh', port: 22 } });
    const lines = (await run(['list'])).out.trim().split('\n');
    expect(lines.find((l) => l.startsWith('half\t'))).toMatch(/^half\th\.example\.com\tssh:22\t\t\S+\t\[draft: needs --knock\]$/);
    expect(lines.find((l) => l.startsWith('ready\t'))!.split('\t')).toHaveLength(5);
  });

  it('--delay on a profile without knock steps is refused with the fix, and nothing is saved', async () => {
    const { run, service } = setup();
    await service.create({ name: 'half', host: 'h.example.com', service: { kind: 'ssh', port: 22 } });
    const before = await service.resolve('half');
    const r = await run(['edit', 'half', '--delay', '50']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--delay sets the pause between knock steps, and "half" has none: give the steps too, e.g. --knock 7000,8000,9000 --delay 50');
    expect(await service.resolve('half')).toEqual(before);
    expect((await run(['edit', 'half', '--delay', '50', '--knock', '1,2'])).code).toBe(0);
  });
});
