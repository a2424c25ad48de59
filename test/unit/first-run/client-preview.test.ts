import { describe, expect, it } from 'vitest';
import { profileSchema, type Profile } from '../../../src-main/contract/features/profiles';
import { resolveClient, terminalFor } from '../../../src-main/core/connect/client-choice';
import { previewTemplate } from '../../../src-main/core/launcher/template-preview';
import { createTestCore } from '../../support/test-core';
import { detectedFor } from '../launcher/fixtures';

const profile = (fields: Record<string, unknown> = {}): Profile =>
  profileSchema.parse({ id: 'p1', name: 'web', host: 'web.example.org', knock: { steps: [{ port: 7000 }] }, createdAt: 1, updatedAt: 1, ...fields });

describe('custom template preview (the launcher\'s own checkTemplate/fillTemplate)', () => {
  it('fills what the draft knows, marks what only the connect knows', () => {
    const preview = previewTemplate({ template: ['mosh', '--ssh=ssh', '{familyFlag}', '-p', '{port}', '{user}', '{host}', '{address}'], host: 'web.example.org', port: 2222, user: 'anna', addressFamily: 'auto' });
    expect(preview.placeholders).toEqual(['{host}', '{port}', '{user}', '{address}', '{family}', '{familyFlag}']);
    expect(preview.problem).toBeUndefined();
    expect(preview.argv?.map((p) => `${p.text}:${p.state}`)).toEqual([
      'mosh:literal',
      '--ssh=ssh:literal',
      '{familyFlag}:atConnect',
      '-p:literal',
      '2222:filled',
      'anna:filled',
      'web.example.org:filled',
      '{address}:atConnect',
    ]);
  });

  it('an IP literal host fills {address} and the family; a pinned family fills {family}', () => {
    expect(previewTemplate({ template: ['x', '{address}', '{family}'], host: '2001:db8::7', addressFamily: 'auto' }).argv?.map((p) => p.text)).toEqual(['x', '2001:db8::7', '6']);
    expect(previewTemplate({ template: ['x', '{familyFlag}'], host: 'h.example', addressFamily: 'ipv4' }).argv?.map((p) => `${p.text}:${p.state}`)).toEqual(['x:literal', '-4:filled']);
  });

  it('a draft without host or port marks them missing rather than inventing values', () => {
    expect(previewTemplate({ template: ['x', '{host}', '{port}'], addressFamily: 'auto' }).argv?.map((p) => p.state)).toEqual(['literal', 'missing', 'missing']);
  });

  it('refuses exactly what the launcher refuses, naming the element', () => {
    expect(previewTemplate({ template: ['ssh', '{user}@{host}'], user: 'a', addressFamily: 'auto' }).problem).toEqual({
      field: 'customTemplate.1',
      message: expect.stringMatching(/^customTemplate\.1: "\{user\}@\{host\}" puts \{user\} inside a larger argument/),
    });
    expect(previewTemplate({ template: ['{host}'], addressFamily: 'auto' }).problem?.field).toBe('customTemplate.0');
    expect(previewTemplate({ template: ['ssh', '{hots}'], addressFamily: 'auto' }).problem?.message).toMatch(/unknown placeholder \{hots\}/);
    expect(previewTemplate({ template: ['ssh', '{user}'], addressFamily: 'auto' }).problem?.message).toMatch(/no user name/);
    expect(previewTemplate({ template: [], addressFamily: 'auto' }).problem?.field).toBe('customTemplate');
  });
});

describe('which client opens (the precedence connect uses)', () => {
  const linux = detectedFor.linux;
  it('the caller, then the profile, then settings, then detection', () => {
    expect(resolveClient(profile({ preferredClient: 'putty' }), linux, { client: 'openssh' }, { client: 'custom' })).toMatchObject({ client: 'custom', source: 'request' });
    expect(resolveClient(profile({ preferredClient: 'putty' }), linux, { client: 'openssh' })).toMatchObject({ client: 'putty', source: 'profile' });
    expect(resolveClient(profile(), linux, { client: 'putty' })).toMatchObject({ client: 'putty', source: 'settings' });
    expect(resolveClient(profile(), linux, {})).toMatchObject({ client: 'openssh', source: 'detected' });
    expect(resolveClient(profile({ service: { kind: 'ftp', port: 21 } }), { ...linux, tools: {}, terminals: [] }, {})).toMatchObject({ client: undefined, source: 'none' });
  });

  it("the profile's own template beats the settings' one; terminal programs get a terminal", () => {
    const { choice } = resolveClient(profile({ preferredClient: 'custom', customTemplate: ['mosh', '{host}'] }), linux, { customTemplate: ['other'] });
    expect(choice.customTemplate).toEqual(['mosh', '{host}']);
    expect(terminalFor('openssh', {}, linux)).toBe('x-terminal-emulator');
    expect(terminalFor('openssh', { terminal: 'xterm' }, linux)).toBe('xterm');
    expect(terminalFor('putty', {}, linux)).toBeUndefined();
  });

  it('describeClient through the core: settings and detection, and "none" where nothing can launch', async () => {
    const withLauncher = createTestCore({
      launcher: { detect: async () => linux, spawn: () => { throw new Error('not in this test'); }, env: {} },
    });
    const bare = createTestCore();
    try {
      const { profile: p } = await withLauncher.handlers.createProfile({ fields: { name: 'a', host: 'a.example', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } } as never });
      expect(await withLauncher.handlers.describeClient({ profileId: p.id })).toEqual({ client: 'openssh', terminal: 'x-terminal-emulator', source: 'detected' });
      await withLauncher.settings.update({ terminal: 'xterm', sshClient: 'putty' });
      expect(await withLauncher.handlers.describeClient({ profileId: p.id })).toEqual({ client: 'putty', source: 'settings' });
      const { profile: q } = await bare.handlers.createProfile({ fields: { name: 'b', host: 'b.example', knock: { steps: [{ port: 1, protocol: 'tcp' }], delayMs: 0 } } as never });
      expect(await bare.handlers.describeClient({ profileId: q.id })).toEqual({ source: 'none' });
    } finally {
      await withLauncher.dispose();
      await bare.dispose();
    }
  });
});
