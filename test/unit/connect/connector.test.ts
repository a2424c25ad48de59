import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../../src-main/contract/features/connect';
import type { KnockRunResult } from '../../../src-main/contract/features/knock';
import { createConnector } from '../../../src-main/core/connect/connector';
import { createHistoryStore } from '../../../src-main/core/connect/history';
import type { KnockEngine } from '../../../src-main/core/knock/engine';
import { ResolveError } from '../../../src-main/core/knock/resolve';
import type { Detected } from '../../../src-main/core/launcher/detect';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import type { KnockStep } from '../../../src-main/contract/schemas/common';
import { createTestCore } from '../../support/test-core';

const target = { host: 'box.example.org', address: '192.0.2.10', family: 4 as const };
const detected: Detected = { platform: 'linux', tools: { ssh: '/usr/bin/ssh', xterm: '/usr/bin/xterm' }, terminals: ['xterm'], clients: ['openssh', 'custom'] };
const steps = (...ports: number[]): KnockStep[] => ports.map((port) => ({ port, protocol: 'tcp' }));

function fakeEngine(script: Array<KnockRunResult | 'dns' | 'hang'>, options: { knockError?: Error } = {}) {
  const calls = { resolve: 0, runs: [] as KnockStep[][], knocks: [] as Array<{ address: string; steps: KnockStep[] }> };
  const engine: KnockEngine = {
    resolve: async (_host, _family, options) => {
      calls.resolve += 1;
      if (script[0] === 'dns') throw new ResolveError('no such host', 'ENOTFOUND');
      options?.onProgress?.({ kind: 'resolved', host: target.host, address: target.address, family: 'ipv4' });
      return target;
    },
    knock: async (pinned, knockSteps) => {
      if (options.knockError) throw options.knockError;
      calls.knocks.push({ address: pinned.address, steps: knockSteps });
      return { firstKnockAt: 0, lastKnockAt: 0 };
    },
    run: async (plan, options) => {
      calls.runs.push(plan.steps);
      const next = script.shift() ?? 'hang';
      if (next === 'hang') {
        return new Promise((_, reject) => options?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
      }
      if (next === 'dns') throw new Error('unexpected');
      options?.onProgress?.(next.status === 'open' ? { kind: 'open', port: 22, msFromFirstKnock: 30, msFromLastKnock: 10, attempts: 2 } : { kind: 'failed', class: 'filtered', stage: 'wait' });
      return next;
    },
  };
  return { engine, calls };
}

const open: KnockRunResult = { status: 'open', target: { ...target, family: 'ipv4' }, port: 22, msFromFirstKnock: 30, msFromLastKnock: 10, attempts: 2 };
const filtered: KnockRunResult = { status: 'failed', class: 'filtered', stage: 'wait', port: 22, attempts: 40 };

function fakeSpawn() {
  const spawned: Array<{ command: string; args: readonly string[]; env: NodeJS.ProcessEnv | undefined; child: EventEmitter }> = [];
  const spawn: SpawnFn = (command, args, options) => {
    const child = Object.assign(new EventEmitter(), { pid: 4242, unref() {} });
    spawned.push({ command, args, env: options.env, child });
    return child as never;
  };
  return { spawn, spawned };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

async function setup(script: Array<KnockRunResult | 'dns' | 'hang'>, fields: Record<string, unknown> = {}, engineOptions: { knockError?: Error } = {}) {
  const core = createTestCore();
  cleanups.push(core.dispose);
  const events: ConnectProgress[] = [];
  const { engine, calls } = fakeEngine(script, engineOptions);
  const { spawn, spawned } = fakeSpawn();
  const history = createHistoryStore(join(core.home, 'history.jsonl'));
  const connector = createConnector({
    engine,
    profiles: core.profiles,
    history,
    emit: (event, payload) => {
      if (event === 'connectProgress') events.push((payload as { event: ConnectProgress }).event);
    },
    now: () => 1_000,
    launcher: { detect: async () => detected, spawn, env: { PATH: '/usr/bin' } },
  });
  const profile = await core.profiles.create({
    name: 'box',
    host: 'box.example.org',
    knock: { steps: steps(7000, 8000, 9000), delayMs: 0 },
    closeSequence: { steps: steps(9000, 8000, 7000), delayMs: 0 },
    service: { kind: 'ssh', port: 22, user: 'alice' },
    auth: { method: 'agent' },
    ...fields,
  });
  return { core, connector, calls, spawned, events, history, profile };
}

describe('connector', () => {
  it('launches the client on the pinned address and sends the close sequence when it exits', async () => {
    const { connector, calls, spawned, events, history, profile } = await setup([open]);
    const result = await connector.connect({ profileId: profile.id, runId: 'r1' });
    expect(result.outcome).toBe('launched');
    expect(calls.resolve).toBe(1);
    const [launched] = spawned;
    expect(launched?.command).toBe('/usr/bin/xterm');
    expect(launched?.args).toContain('192.0.2.10');
    expect(launched?.args).toContain('HostKeyAlias=box.example.org');
    launched?.child.emit('exit', 0, null);
    await result.client?.closed;
    // xterm's exit is trusted (tracksExit), so the close sequence goes to the same pinned address.
    expect(calls.knocks).toEqual([{ address: '192.0.2.10', steps: steps(9000, 8000, 7000) }]);
    expect(events.map((e) => e.kind)).toEqual(['resolved', 'open', 'launched', 'client-exited', 'closed']);
    expect(await history.list()).toEqual([{ at: 1_000, profileId: profile.id, profileName: 'box', outcome: 'launched', msToOpen: 30 }]);
  });

  it('refuses an incomplete draft before anything goes on the wire', async () => {
    const { connector, calls, core } = await setup([open]);
    const draft = await core.profiles.create({ name: 'draft', service: { kind: 'ssh', port: 22 } });
    await expect(connector.connect({ profileId: draft.id, runId: 'r2' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(calls.resolve).toBe(0);
  });

  it('ends with the diagnosis when the port stays shut, and records it', async () => {
    const { connector, spawned, history, profile } = await setup([filtered]);
    const result = await connector.connect({ profileId: profile.id, runId: 'r3' });
    expect(result).toMatchObject({ outcome: 'failed', diagnosis: { class: 'filtered', stage: 'wait' } });
    expect(spawned).toEqual([]);
    expect((await history.list())[0]).toMatchObject({ outcome: 'failed', diagnosis: 'filtered' });
  });

  it('reports a DNS failure as such', async () => {
    const { connector, profile } = await setup(['dns']);
    expect(await connector.connect({ profileId: profile.id, runId: 'r4' })).toMatchObject({ outcome: 'failed', diagnosis: { class: 'dns-failed', stage: 'resolve' } });
  });

  it('can be cancelled before the launch', async () => {
    const { connector, spawned, events, profile } = await setup(['hang']);
    const pending = connector.connect({ profileId: profile.id, runId: 'r5' });
    await new Promise((r) => setTimeout(r, 10));
    expect(connector.cancel('r5')).toBe(true);
    expect(await pending).toMatchObject({ outcome: 'cancelled' });
    expect(events.at(-1)).toEqual({ kind: 'cancelled' });
    expect(spawned).toEqual([]);
    expect(connector.cancel('r5')).toBe(false);
  });

  it('spends one-time sequences in order, only on success, never twice when connects race', async () => {
    const list = [steps(1, 2, 3), steps(4, 5, 6), steps(7, 8, 9)].map((s) => ({ steps: s }));
    const { connector, calls, core, profile } = await setup([filtered, open, open], { oneTimeSequences: list });
    await connector.connect({ profileId: profile.id, runId: 'f' });
    await Promise.all([connector.connect({ profileId: profile.id, runId: 'a' }), connector.connect({ profileId: profile.id, runId: 'b' })]);
    expect(calls.runs).toEqual([steps(1, 2, 3), steps(1, 2, 3), steps(4, 5, 6)]);
    const used = (await core.profiles.get(profile.id)).oneTimeSequences.map((s) => s.usedAt !== undefined);
    expect(used).toEqual([true, true, false]);
  });

  it('fails in plain words when no client is installed', async () => {
    const { core } = await setup([open]);
    const sftp = await core.profiles.create({ name: 'files', host: 'box.example.org', knock: { steps: steps(1), delayMs: 0 }, service: { kind: 'sftp', port: 22 } });
    const poor = createConnector({
      engine: fakeEngine([open]).engine,
      profiles: core.profiles,
      history: createHistoryStore(join(core.home, 'h2.jsonl')),
      emit: () => {},
      now: () => 1,
      launcher: { detect: async () => ({ platform: 'linux', tools: {}, terminals: [], clients: ['custom'] }), spawn: fakeSpawn().spawn, env: {} },
    });
    const result = await poor.connect({ profileId: sftp.id, runId: 'x' });
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'NOT_FOUND' } });
    expect(result.error?.message).toMatch(/No program to open a sftp session/);
  });
});

describe('history store', () => {
  it('keeps the newest entries within the cap and lists newest first', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sesame-history-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'history.jsonl');
    const history = createHistoryStore(file, 10);
    for (let i = 0; i < 40; i++) await history.append({ at: i, profileId: 'p1', profileName: 'p', outcome: 'launched' });
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(15);
    expect((await history.list({ limit: 3 })).map((e) => e.at)).toEqual([39, 38, 37]);
  });
});

describe('client choice from settings', () => {
  it('maps settings to a choice per service, leaving "auto" to detection', async () => {
    const { choiceFromSettings } = await import('../../../src-main/core/connect/connector');
    const settings = { terminal: 'konsole' as const, sshClient: 'putty' as const, ftpClient: 'filezilla' as const };
    expect(choiceFromSettings(settings, { service: { kind: 'ssh', port: 22 } })).toEqual({ terminal: 'konsole', client: 'putty' });
    expect(choiceFromSettings(settings, { service: { kind: 'ftp', port: 21 } })).toEqual({ terminal: 'konsole', client: 'filezilla' });
    expect(choiceFromSettings(settings, { service: { kind: 'sftp', port: 22 } })).toEqual({ terminal: 'konsole' });
    expect(choiceFromSettings({ terminal: 'auto', sshClient: 'auto', ftpClient: 'auto' }, { service: { kind: 'ssh', port: 22 } })).toEqual({});
  });
});

describe('one-time sequences used up', () => {
  it('ends the run as a recorded failure that says what to do', async () => {
    const { connector, history, profile } = await setup([open], { oneTimeSequences: [{ steps: steps(1), usedAt: 5 }] });
    const result = await connector.connect({ profileId: profile.id, runId: 'spent' });
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'CONFLICT' } });
    expect(result.error?.message).toMatch(/add new ones/);
    expect((await history.list())[0]).toMatchObject({ outcome: 'failed' });
  });
});

describe('runs that end without a diagnosis', () => {
  it('announce the error, so a window following a tray or link run settles', async () => {
    const { connector, events, profile } = await setup([open], { oneTimeSequences: [{ steps: steps(1), usedAt: 5 }] });
    await connector.connect({ profileId: profile.id, runId: 'spent2' });
    expect(events.at(-1)).toMatchObject({ kind: 'error', code: 'CONFLICT' });
  });

  it('a close sequence that cannot be sent is reported, never an unhandled rejection', async () => {
    const { connector, spawned, events, profile } = await setup([open], {}, { knockError: new Error('ENETUNREACH') });
    const result = await connector.connect({ profileId: profile.id, runId: 'close-fails' });
    spawned[0]?.child.emit('exit', 0, null);
    await expect(result.client?.closed).resolves.toBeUndefined();
    expect(events.at(-1)).toMatchObject({ kind: 'error', code: 'CLOSE_FAILED' });
    expect((events.at(-1) as { message: string }).message).toMatch(/door may still be open/);
  });
});
