import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/contract';
import { createTestCore } from '../../support/test-core';
import { defaultSettings } from '../../../src-main/core/settings/settings-parse';
import { createSettingsStore } from '../../../src-main/core/settings/settings-store';

const detectTools = async () => ({ platform: 'linux' as const, terminals: ['xterm' as const], clients: ['openssh' as const, 'custom' as const] });

describe('settings', () => {
  it('defaults when the file is missing, keeps valid fields of a damaged one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-settings-'));
    const file = join(dir, 'settings.json');
    expect(await createSettingsStore({ filePath: file }).read()).toEqual(defaultSettings);
    writeFileSync(file, JSON.stringify({ theme: 'dark', defaultDelayMs: -5, language: 'fr', extra: 1 }));
    expect(await createSettingsStore({ filePath: file }).read()).toEqual({ ...defaultSettings, theme: 'dark' });
    writeFileSync(file, '{ not json');
    expect(await createSettingsStore({ filePath: file }).read()).toEqual(defaultSettings);
    rmSync(dir, { recursive: true, force: true });
  });

  it('persists next to profiles.json through the contract and announces changes', async () => {
    const events: unknown[] = [];
    const core = createTestCore({ emit: (event, payload) => events.push({ event, payload }), detectTools });
    try {
      const dispatch = createDispatcher(core.handlers);
      expect(await dispatch('getSettings', {})).toMatchObject({ ok: true, value: { settings: defaultSettings, detected: { terminals: ['xterm'] } } });
      expect(await dispatch('updateSettings', { patch: { theme: 'dark', launchAtLogin: true } })).toMatchObject({ ok: true });
      expect(JSON.parse(readFileSync(join(core.home, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark', launchAtLogin: true });
      expect(events).toEqual([{ event: 'settingsChanged', payload: { settings: { ...defaultSettings, theme: 'dark', launchAtLogin: true } } }]);
      const bad = await dispatch('updateSettings', { patch: { defaultOpenTimeoutMs: 5, colour: 'red' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      await core.dispose();
    }
  });
});

describe('file dialogs', () => {
  it('turns the chosen path into a token and a display name; the path never crosses', async () => {
    const core = createTestCore({
      dialogs: { openFile: async () => '/home/me/.ssh/config', saveFile: async () => undefined },
      detectTools,
    });
    try {
      const dispatch = createDispatcher(core.handlers);
      const picked = await dispatch('pickImportFile', {});
      expect(picked).toMatchObject({ ok: true, value: { picked: true, fileName: 'config' } });
      expect(JSON.stringify(picked)).not.toContain('/home/me');
      expect(await dispatch('pickExportFile', { suggestedName: 'x.sesame' })).toEqual({ ok: true, value: { picked: false } });
      expect(await dispatch('pickExportFile', { suggestedName: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    } finally {
      await core.dispose();
    }
  });

  it('says so when there is no dialog (CLI, bare core)', async () => {
    const core = createTestCore({ detectTools });
    try {
      expect(await createDispatcher(core.handlers)('pickImportFile', {})).toMatchObject({ ok: false, error: { code: 'NOT_IMPLEMENTED' } });
    } finally {
      await core.dispose();
    }
  });
});

describe('detected tools for the settings screen', () => {
  it('offers the terminals and clients the launcher found, with its default', async () => {
    const { toDetectedTools } = await import('../../../src-main/core/settings/detect-tools');
    expect(
      toDetectedTools({ platform: 'linux', tools: { ssh: '/usr/bin/ssh', konsole: '/usr/bin/konsole', xterm: '/usr/bin/xterm' }, terminals: ['konsole', 'xterm'], clients: ['openssh', 'custom'] }),
    ).toEqual({ platform: 'linux', terminals: ['konsole', 'xterm'], clients: ['openssh', 'custom'], defaultTerminal: 'konsole' });
    expect(toDetectedTools(undefined)).toEqual({ platform: 'other', terminals: [], clients: ['custom'] });
  });
});

describe('the data folder', () => {
  it('is created 0700 whichever file is written first, and Sesame\'s own folder is tightened from 0755', async () => {
    const { chmodSync, mkdirSync, statSync } = await import('node:fs');
    const root = mkdtempSync(join(tmpdir(), 'sesame-datadir-'));
    try {
      const settingsFirst = join(root, 'one', 'Sesame');
      await createSettingsStore({ filePath: join(settingsFirst, 'settings.json') }).update({ theme: 'dark' });
      expect(statSync(settingsFirst).mode & 0o777).toBe(0o700);
      const { createProfileStore } = await import('../../../src-main/core/profiles/profile-store');
      const profilesFirst = join(root, 'two', 'data');
      await createProfileStore({ filePath: join(profilesFirst, 'profiles.json'), now: Date.now }).update(() => undefined);
      expect(statSync(profilesFirst).mode & 0o777).toBe(0o700);
      const older = join(root, 'three', 'Sesame');
      mkdirSync(older, { recursive: true, mode: 0o755 });
      chmodSync(older, 0o755);
      await createSettingsStore({ filePath: join(older, 'settings.json') }).update({ theme: 'light' });
      expect(statSync(older).mode & 0o777).toBe(0o700);
      // A folder the user named (SESAME_HOME) that already exists keeps its mode.
      const shared = join(root, 'shared');
      mkdirSync(shared, { mode: 0o755 });
      chmodSync(shared, 0o755);
      await createSettingsStore({ filePath: join(shared, 'settings.json') }).update({ theme: 'light' });
      expect(statSync(shared).mode & 0o777).toBe(0o755);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
