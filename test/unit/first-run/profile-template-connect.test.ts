import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../../src-main/contract/features/connect';
import { createConnector } from '../../../src-main/core/connect/connector';
import { createHistoryStore } from '../../../src-main/core/connect/history';
import type { KnockEngine } from '../../../src-main/core/knock/engine';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import { createTestCore } from '../../support/test-core';
import { detectedFor } from '../launcher/fixtures';

// The door is not under test here: the engine answers "open" at once, on the documentation address.
const engine: KnockEngine = {
  resolve: async () => ({ host: 'box.example.org', address: '192.0.2.10', family: 4 }),
  knock: async () => ({ firstKnockAt: 0, lastKnockAt: 0 }),
  run: async () => ({ status: 'open', target: { host: 'box.example.org', address: '192.0.2.10', family: 'ipv4' }, port: 2222, msFromFirstKnock: 12, msFromLastKnock: 3, attempts: 1 }),
};

describe("a profile's own custom command", () => {
  it('is what connect really runs, with the pinned address, and its launch says the door stays open while it runs', async () => {
    const core = createTestCore({ dialogs: { openFile: async () => undefined, saveFile: async () => undefined, confirmCommand: async () => true } });
    try {
      const marker = join(core.home, 'ran.txt');
      const program = 'require("fs").writeFileSync(process.argv[1], process.argv.slice(2).join(" "))';
      const { profile } = await core.handlers.createProfile({
        fields: {
          name: 'custom-box',
          host: 'box.example.org',
          knock: { steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0 },
          service: { kind: 'ssh', port: 2222, user: 'anna' },
          preferredClient: 'custom',
          customTemplate: [process.execPath, '-e', program, marker, '{user}', '{address}', '{port}', '{familyFlag}'],
        } as never,
      });
      const events: ConnectProgress[] = [];
      const connector = createConnector({
        engine,
        profiles: core.profiles,
        history: createHistoryStore(join(core.home, 'history.jsonl')),
        emit: (event, payload) => event === 'connectProgress' && events.push((payload as { event: ConnectProgress }).event),
        now: Date.now,
        // The settings' own choice (a test terminal strategy) must not win over the profile's command.
        launcher: { detect: async () => detectedFor.linux, spawn: spawn as SpawnFn, env: { PATH: process.env.PATH }, choose: () => ({ client: 'openssh', customTemplate: ['false'] }) },
      });
      const run = await connector.connect({ profileId: profile.id, runId: 'r1' });
      expect(run.outcome).toBe('launched');
      // `closed` settles after the client exited (and the close sequence, none here).
      await run.client?.closed;
      expect(existsSync(marker)).toBe(true);
      expect(readFileSync(marker, 'utf8')).toBe('anna 192.0.2.10 2222 -4');
      expect(events.find((e) => e.kind === 'launched')).toMatchObject({ client: 'custom', tracksExit: true });
      expect(events.some((e) => e.kind === 'client-exited')).toBe(true);
    } finally {
      await core.dispose();
    }
  });
});
