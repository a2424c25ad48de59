import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../../src-main/core/profiles/document';
import { profilesParseMemo } from '../../../src-main/core/profiles/document-memo';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { defaultSettings } from '../../../src-main/core/settings/settings-parse';
import { createSettingsStore, settingsParseMemo } from '../../../src-main/core/settings/settings-store';
import { fields, makeService, tempHome } from './helpers';

// What the CLI remembers between processes of what the schemas made of a file
// (core/files/parse-memo.ts): a hit must be exactly what a parse returns, and
// anything else (other bytes, another build, a damaged memo) must parse again.

const profile = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Box ${id}`,
  host: '192.0.2.10',
  knock: { steps: [{ port: 7000 }], delayMs: 0 },
  service: { kind: 'ssh', port: 22, user: 'alice' },
  createdAt: 1,
  updatedAt: 2,
  ...extra,
});

/** A document with every part the memo must carry: valid profiles, one that needs attention, a newer Sesame's keys. */
function richText(): string {
  return `${JSON.stringify({
    format: 'sesame-profiles',
    version: 1,
    revision: 7,
    fromNewerSesame: { x: 1 },
    profiles: [profile('a'), profile('b', { host: '-oProxyCommand=x' }), profile('c', { futureKey: [1, 2] })],
  })}\n`;
}

describe('the profiles parse memo', () => {
  it('gives back exactly what a parse gave, extras and entries that need attention included', async () => {
    const memo = profilesParseMemo(join(tempHome(), 'run', 'profiles.checked.json'), 'build-1');
    const text = richText();
    const parsed = parseDocument(text);
    expect(parsed.doc.attention).toHaveLength(1);
    expect(parsed.doc.extras?.profiles?.get('c')).toEqual({ futureKey: [1, 2] });
    expect(await memo.get(text)).toBeUndefined();
    await memo.put(text, parsed);
    expect(await memo.get(text)).toEqual(parsed);
  });

  it('is a miss for other bytes, another build, or a memo file that is damaged', async () => {
    const file = join(tempHome(), 'run', 'profiles.checked.json');
    const text = richText();
    await profilesParseMemo(file, 'build-1').put(text, parseDocument(text));
    expect(await profilesParseMemo(file, 'build-1').get(`${text} `)).toBeUndefined();
    expect(await profilesParseMemo(file, 'build-2').get(text)).toBeUndefined();
    writeFileSync(file, '{"format":1,');
    expect(await profilesParseMemo(file, 'build-1').get(text)).toBeUndefined();
  });

  it('round-trips whatever a parse makes of any document (fast-check)', async () => {
    const memo = profilesParseMemo(join(tempHome(), 'run', 'profiles.checked.json'), 'b');
    const item = fc.oneof(
      fc.jsonValue(),
      fc.record({ id: fc.constantFrom('a', 'b', 'c'), extra: fc.jsonValue() }).map(({ id, extra }) => profile(id, { extra })),
      fc.constantFrom('a', 'b', 'c').map((id) => profile(id)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { maxLength: 6 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 2 }), async (profiles, top) => {
        const text = JSON.stringify({ ...top, format: 'sesame-profiles', version: 1, revision: 0, profiles });
        const parsed = parseDocument(text);
        await memo.put(text, parsed);
        expect(await memo.get(text)).toEqual(parsed);
      }),
      { numRuns: 60 },
    );
  });

  it('lets a store skip the parse for unchanged bytes, and parses again (with the same result as before) after an edit', async () => {
    const { dir, service } = makeService();
    const created = await service.create(fields());
    const filePath = join(dir, 'profiles.json');
    const memoFile = join(dir, 'run', 'profiles.checked.json');
    const store = () => createProfileStore({ filePath, now: Date.now, parseMemo: profilesParseMemo(memoFile, 'b') });

    const first = await store().read();
    expect(first.profiles.map((p) => p.id)).toEqual([created.id]);
    // The memo is what the next process uses: planted content for the same bytes shows it was used, not re-parsed.
    const saved = JSON.parse(readFileSync(memoFile, 'utf8')) as { value: { doc: { profiles: { name: string }[] } } };
    saved.value.doc.profiles[0]!.name = 'from the memo';
    writeFileSync(memoFile, JSON.stringify(saved));
    expect((await store().read()).profiles[0]?.name).toBe('from the memo');

    // A hand edit changes the bytes: parsed again, so a now-invalid profile needs attention instead of connecting.
    const edited = readFileSync(filePath, 'utf8').replace('"db.example.com"', '"-oProxyCommand=x"');
    writeFileSync(filePath, edited);
    const after = await store().read();
    expect(after.profiles).toEqual([]);
    expect(after.attention.map((e) => e.issues[0]?.path)).toEqual(['host']);
    expect(readFileSync(filePath, 'utf8')).toBe(edited);
  });
});

describe('the settings parse memo', () => {
  it('remembers the defaults of a missing file and re-reads an edited one', async () => {
    const dir = tempHome();
    const filePath = join(dir, 'settings.json');
    const memo = () => settingsParseMemo(join(dir, 'run', 'settings.checked.json'), 'b');
    expect(await createSettingsStore({ filePath, parseMemo: memo() }).read()).toEqual(defaultSettings);
    expect(await memo().get('')).toEqual(defaultSettings);
    writeFileSync(filePath, JSON.stringify({ theme: 'dark', keepOpenMaxHours: 999 }));
    // keepOpenMaxHours 999 is out of range: the schema's rule (default kept), not the memo's old answer.
    expect(await createSettingsStore({ filePath, parseMemo: memo() }).read()).toEqual({ ...defaultSettings, theme: 'dark' });
  });
});
