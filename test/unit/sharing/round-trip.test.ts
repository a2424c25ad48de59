import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ProfileFieldsInput } from '../../../src-main/contract/features/profiles';
import { createSharingService } from '../../../src-main/core/sharing/sharing-service';
import { ImportError } from '../../../src-main/core/sharing/limits';
import { applyImport, previewImport } from '../../../src-main/core/sharing/preview';
import { readSesameFile } from '../../../src-main/core/sharing/sesame-file';
import { makeService } from '../profiles/helpers';

const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}[A-Za-z0-9]$/);
const step = fc.oneof(
  fc.record({ port: fc.integer({ min: 1, max: 65535 }), protocol: fc.constant('tcp' as const) }),
  fc.record({
    port: fc.integer({ min: 1, max: 65535 }),
    protocol: fc.constant('udp' as const),
    payload: fc.option(fc.record({ encoding: fc.constant('hex' as const), data: fc.stringMatching(/^(?:[0-9a-f]{2}){0,8}$/) }), { nil: undefined }),
  }),
);
const sequence = fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 5 }), delayMs: fc.integer({ min: 0, max: 60_000 }) });

const profileFields: fc.Arbitrary<ProfileFieldsInput> = fc.record(
  {
    name: label,
    group: fc.constantFrom('', 'work', 'home/lab'),
    tags: fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 3 }),
    notes: fc.stringMatching(/^[\w .,!?'"-]{0,40}$/),
    host: fc.oneof(fc.domain(), fc.ipV4(), fc.constant('::1')),
    addressFamily: fc.constantFrom('auto' as const, 'ipv4' as const, 'ipv6' as const),
    knock: sequence,
    openTimeoutMs: fc.integer({ min: 100, max: 300_000 }),
    closeSequence: sequence,
    oneTimeSequences: fc.array(fc.record({ steps: fc.array(step, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 }),
    service: fc.record({ kind: fc.constantFrom('ssh' as const, 'sftp' as const, 'ftp' as const, 'custom' as const), port: fc.integer({ min: 1, max: 65535 }), user: fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,15}$/) }),
    auth: fc.oneof(fc.constant({ method: 'agent' as const }), fc.constant({ method: 'password' as const }), fc.record({ method: fc.constant('key' as const), keyFile: fc.constant('/home/u/.ssh/id_ed25519') })),
    ftpMode: fc.constantFrom('auto' as const, 'passive' as const, 'active' as const),
    preferredClient: fc.constantFrom('auto' as const, 'openssh' as const, 'lftp' as const),
  },
  { requiredKeys: ['name', 'host', 'knock'] },
);

function strip<T extends { createdAt: number; updatedAt: number }>(p: T): Omit<T, 'createdAt' | 'updatedAt'> {
  const { createdAt: _c, updatedAt: _u, ...rest } = p;
  return rest;
}

describe('.sesame round trip', () => {
  it('profile → export → import gives the same profile', async () => {
    await fc.assert(
      fc.asyncProperty(profileFields, async (input) => {
        const a = makeService();
        const original = await a.service.create(input);
        const sharing = createSharingService({ profiles: a.service, secrets: a.secrets, now: a.now, homedir: '/h' });
        const { text } = await sharing.exportText({ includeOneTimeSequences: true });
        const b = makeService();
        const prepared = await readSesameFile(text);
        expect(previewImport(await b.store.read(), prepared).map((i) => i.status)).toEqual(['new']);
        await applyImport({ store: b.store, secrets: b.secrets, now: b.now, newId: () => 'unused' }, prepared, {}, false);
        const [imported] = (await b.service.list()).profiles;
        expect(strip(imported!)).toEqual(strip(original));
        // Importing the same file again finds it identical and changes nothing.
        expect(previewImport(await b.store.read(), prepared).map((i) => i.status)).toEqual(['identical']);
      }),
      { numRuns: 60 },
    );
    // 60 full export/import rounds: seconds on a loaded 2-core machine, so not vitest's 5 s default.
  }, 60_000);

  it('credentials travel only encrypted, and only with the passphrase', async () => {
    const a = makeService();
    const p = await a.service.create({ name: 'X', host: 'x.example.com', knock: { steps: [{ port: 1 }] } });
    await a.service.setSecret(p.id, 'password', 'hunter2-secret');
    const sharing = createSharingService({ profiles: a.service, secrets: a.secrets, now: a.now, homedir: '/h' });
    const plain = await sharing.exportText({});
    expect(plain.text).not.toContain('hunter2');
    expect(plain.text).not.toContain('credentials');
    const enc = await sharing.exportText({ includeCredentials: true, passphrase: 'correct horse' });
    expect(enc.text).not.toContain('hunter2');
    expect(JSON.parse(enc.text).credentials.kdf).toMatchObject({ name: 'scrypt', N: 131072, r: 8, p: 1 });
    const withPass = await readSesameFile(enc.text, 'correct horse');
    expect(withPass.candidates[0]?.secrets).toEqual({ password: 'hunter2-secret' });
    const withoutPass = await readSesameFile(enc.text);
    expect(withoutPass.candidates[0]?.secrets).toEqual({});
    expect(withoutPass.warnings.join()).toMatch(/passphrase/);
    await expect(readSesameFile(enc.text, 'wrong horse')).rejects.toThrow(/Wrong passphrase or damaged file/);
    // Pointing the profile at another host must break the tag, or the file could steer passwords elsewhere.
    await expect(readSesameFile(enc.text.replace('x.example.com', 'evil.example.com'), 'correct horse')).rejects.toThrow(/Wrong passphrase or damaged file/);
    const truncated = JSON.parse(enc.text);
    truncated.credentials.data = truncated.credentials.data.slice(0, 8);
    await expect(readSesameFile(JSON.stringify(truncated), 'correct horse')).rejects.toThrow(/Wrong passphrase or damaged file/);
    truncated.credentials.kdf.N = 2 ** 30;
    await expect(readSesameFile(JSON.stringify(truncated), 'correct horse')).rejects.toThrow(/damaged.*kdf\.N/);
    // Each number within its own bound, but together 2 GiB of scrypt memory: refused before deriving.
    Object.assign(truncated.credentials.kdf, { N: 2 ** 20, r: 16, p: 1 });
    await expect(readSesameFile(JSON.stringify(truncated), 'correct horse')).rejects.toThrow(/damaged.*more key-derivation work/);
    // Each scrypt at N=2^17 takes about a second on a loaded 2-core machine.
  }, 60_000);

  it('imports with secrets into the keychain, one-time lists only when chosen, with a warning', async () => {
    const a = makeService();
    const p = await a.service.create({ name: 'X', host: 'x.example.com', knock: { steps: [{ port: 1 }] }, oneTimeSequences: [{ steps: [{ port: 5 }] }] });
    await a.service.setSecret(p.id, 'password', 'pw-123456');
    const sharing = createSharingService({ profiles: a.service, secrets: a.secrets, now: a.now, homedir: '/h' });
    const without = await sharing.exportText({ includeCredentials: true, passphrase: 'passphrase!' });
    expect(JSON.parse(without.text).profiles[0].oneTimeSequences).toBeUndefined();
    const withOts = await sharing.exportText({ includeOneTimeSequences: true });
    expect(withOts.warnings.join()).toMatch(/burn/);
    const b = makeService();
    const result = await applyImport({ store: b.store, secrets: b.secrets, now: b.now, newId: () => 'n1' }, await readSesameFile(without.text, 'passphrase!'), {}, true);
    expect(result.secretsStored).toBe(1);
    const [imported] = (await b.service.list()).profiles;
    expect(imported?.hasPassword).toBe(true);
    expect(imported?.oneTimeSequences).toEqual([]);
    expect(readFileSync(b.store.filePath, 'utf8')).not.toContain('pw-123456');
  }, 60_000);
});

describe('hostile .sesame files', () => {
  const valid = async () => {
    const a = makeService();
    await a.service.create({ name: 'X', host: 'x.example.com', knock: { steps: [{ port: 1 }] } });
    return (await createSharingService({ profiles: a.service, secrets: a.secrets, now: a.now, homedir: '/h' }).exportText({})).text;
  };

  it('refuses each trick with a clear message', async () => {
    const text = await valid();
    const doc = JSON.parse(text);
    const cases: [string, RegExp][] = [
      ['{"format":"sesame-export","version":1,"profiles":[{"__proto__":{"x":1}}]}', /forbidden key "__proto__"/],
      ['{"format":"sesame-export","version":1,"profiles":[],"constructor":{}}', /forbidden key "constructor"/],
      ['{"format":"sesame-export","version":1,"profiles":[{"a":{"prototype" :1}}]}', /forbidden key "prototype"/],
      ['{"format":"sesame-export","version":1,"profiles":[{"\\u005f_proto__":{"x":1}}]}', /forbidden key "__proto__"/],
      [`${'['.repeat(100)}${']'.repeat(100)}`, /nested more than 32/],
      [JSON.stringify({ ...doc, version: 7 }), /format version 7/],
      [JSON.stringify({ ...doc, profiles: Array(10_001).fill(0) }), /more than 10000 profiles/],
      [' '.repeat(5 * 1024 * 1024 + 1), /larger than 5 MB/],
      [text.slice(0, text.length / 2), /not valid JSON/],
      ['{"format":"other"}', /not a Sesame export/],
    ];
    for (const [input, message] of cases) await expect(readSesameFile(input), input.slice(0, 60)).rejects.toThrow(message);
    // The same words as values, or escaped in values, are just text.
    const innocent = JSON.stringify({ ...doc, profiles: [{ ...doc.profiles[0], notes: '"__proto__": \u0007 {"constructor":1}' }] });
    expect((await readSesameFile(innocent)).candidates).toHaveLength(1);
    const wrongTypes = await readSesameFile(JSON.stringify({ ...doc, profiles: [{ ...doc.profiles[0], service: { kind: 'ssh', port: '22' } }] }));
    expect(wrongTypes.candidates).toEqual([]);
    expect(wrongTypes.warnings[0]).toMatch(/Profile #1 "X" was skipped: service\.port: must be a port number/);
  });

  it('random garbage and mutated exports never crash and never change the store', async () => {
    const text = await valid();
    const target = makeService();
    await target.service.create({ name: 'Keep me', host: 'keep.example.com', knock: { steps: [{ port: 2 }] } });
    const before = readFileSync(target.store.filePath, 'utf8');
    const mutated = fc
      .tuple(fc.nat(text.length), fc.nat(40), fc.string({ maxLength: 12 }))
      .map(([at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), mutated), fc.boolean(), async (input, withPass) => {
        try {
          const prepared = await readSesameFile(input, withPass ? 'some passphrase' : undefined);
          previewImport(await target.store.read(), prepared);
        } catch (error) {
          if (!(error instanceof ImportError)) throw error;
        }
        expect(readFileSync(target.store.filePath, 'utf8')).toBe(before);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
