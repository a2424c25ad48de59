import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectProgress } from '../../../src-main/contract/features/connect';
import type { KnockRunResult } from '../../../src-main/contract/features/knock';
import { createConnector, type ConnectorDeps } from '../../../src-main/core/connect/connector';
import { createHistoryStore } from '../../../src-main/core/connect/history';
import type { KnockEngine } from '../../../src-main/core/knock/engine';
import { ResolveError } from '../../../src-main/core/knock/resolve';
import type { Detected } from '../../../src-main/core/launcher/detect';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import type { KnockStep } from '../../../src-main/contract/schemas/common';
import { contractError } from '../../../src-main/contract/errors';
import { keychainError } from '../../../src-main/core/secrets/keyring-secret-store';
import type { AskpassHooks } from '../../../src-main/core/launcher/askpass-server';
import { fakeAskpass, memoryDirs } from '../launcher/fixtures';
import { createTestCore } from '../../support/test-core';

const target = { host: 'box.example.org', address: '192.0.2.10', family: 4 as const };
const detected: Detected = { platform: 'linux', tools: { ssh: '/usr/bin/ssh', xterm: '/usr/bin/xterm' }, terminals: ['xterm'], clients: ['openssh', 'custom'] };
const steps = (...ports: number[]): KnockStep[] => ports.map((port) => ({ port, protocol: 'tcp' }));

/** What a second lookup of the same name may answer (round-robin DNS, another family): never the pinned address. */
const elsewhere = { ...target, address: '192.0.2.99' };

function fakeEngine(script: Array<KnockRunResult | 'dns' | 'hang'>, options: { knockError?: Error } = {}) {
  const calls = { resolve: 0, runs: [] as KnockStep[][], runAddresses: [] as string[], knocks: [] as Array<{ address: string; steps: KnockStep[] }> };
  const engine: KnockEngine = {
    resolve: async (_host, _family, options) => {
      calls.resolve += 1;
      if (script[0] === 'dns') throw new ResolveError('no such host', 'ENOTFOUND');
      const answer = calls.resolve === 1 ? target : elsewhere;
      options?.onProgress?.({ kind: 'resolved', host: answer.host, address: answer.address, family: 'ipv4' });
      return answer;
    },
    knock: async (pinned, knockSteps) => {
      if (options.knockError) throw options.knockError;
      calls.knocks.push({ address: pinned.address, steps: knockSteps });
      return { firstKnockAt: 0, lastKnockAt: 0 };
    },
    // Like the real engine: knocks the pinned target when given one, otherwise resolves (again).
    run: async (plan, options) => {
      const knocked = options?.target ?? (await engine.resolve(plan.host, plan.family));
      calls.runAddresses.push(knocked.address);
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

/** A spawn double: the child starts on the next tick, or fails the way a missing program does. */
function fakeSpawn(options: { fail?: 'enoent' | 'throw' } = {}) {
  const spawned: Array<{ command: string; args: readonly string[]; env: NodeJS.ProcessEnv | undefined; child: EventEmitter }> = [];
  const spawn: SpawnFn = (command, args, spawnOptions) => {
    if (options.fail === 'throw') throw new TypeError('The argument \'env\' is invalid');
    // A child that could not start has no pid (libuv failed synchronously), then emits 'error'.
    const child = Object.assign(new EventEmitter(), { pid: options.fail === 'enoent' ? undefined : 4242, unref() {} });
    spawned.push({ command, args, env: spawnOptions.env, child });
    process.nextTick(() => {
      if (options.fail === 'enoent') child.emit('error', Object.assign(new Error(`spawn ${command} ENOENT`), { code: 'ENOENT' }));
      else child.emit('spawn');
    });
    return child as never;
  };
  return { spawn, spawned };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0)) await fn();
});

interface SetupOptions {
  knockError?: Error;
  spawnFail?: 'enoent' | 'throw';
  launcher?: Partial<ConnectorDeps['launcher']>;
  openDoors?: ConnectorDeps['openDoors'];
}

async function setup(script: Array<KnockRunResult | 'dns' | 'hang'>, fields: Record<string, unknown> = {}, engineOptions: SetupOptions = {}) {
  const core = createTestCore();
  cleanups.push(core.dispose);
  const events: ConnectProgress[] = [];
  const { engine, calls } = fakeEngine(script, engineOptions);
  const { spawn, spawned } = fakeSpawn(engineOptions.spawnFail ? { fail: engineOptions.spawnFail } : {});
  const history = createHistoryStore(join(core.home, 'history.jsonl'));
  const connector = createConnector({
    engine,
    profiles: core.profiles,
    history,
    emit: (event, payload) => {
      if (event === 'connectProgress') events.push((payload as { event: ConnectProgress }).event);
    },
    now: () => 1_000,
    launcher: { detect: async () => detected, spawn, env: { PATH: '/usr/bin' }, ...engineOptions.launcher },
    ...(engineOptions.openDoors ? { openDoors: engineOptions.openDoors, sourceAddress: async () => '192.0.2.1' } : {}),
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
    expect(calls.runAddresses).toEqual(['192.0.2.10']);
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
    const { connector, calls, spawned, events, profile } = await setup(['hang']);
    const pending = connector.connect({ profileId: profile.id, runId: 'r5' });
    // Cancel while the knock/wait is in flight (not on a timer: a loaded machine may not be there yet).
    for (let i = 0; i < 1000 && calls.runs.length === 0; i++) await new Promise((r) => setImmediate(r));
    expect(calls.runs).toHaveLength(1);
    expect(connector.cancel('r5')).toBe(true);
    expect(await pending).toMatchObject({ outcome: 'cancelled' });
    expect(events.at(-1)).toEqual({ kind: 'cancelled' });
    expect(spawned).toEqual([]);
    expect(connector.cancel('r5')).toBe(false);
  });

  it('spends each one-time sequence before its knock (a failed one too), never twice when connects race', async () => {
    const list = [steps(1, 2, 3), steps(4, 5, 6), steps(7, 8, 9), steps(10)].map((s) => ({ steps: s }));
    const { connector, calls, core, profile } = await setup([filtered, open, open], { oneTimeSequences: list });
    await connector.connect({ profileId: profile.id, runId: 'f' });
    await Promise.all([connector.connect({ profileId: profile.id, runId: 'a' }), connector.connect({ profileId: profile.id, runId: 'b' })]);
    expect(calls.runs).toEqual([steps(1, 2, 3), steps(4, 5, 6), steps(7, 8, 9)]);
    const used = (await core.profiles.get(profile.id)).oneTimeSequences.map((s) => s.usedAt !== undefined);
    expect(used).toEqual([true, true, true, false]);
  });

  it('holds a saved password back when the profile now points elsewhere, and says so with its own code', async () => {
    const { connector, core, spawned, profile } = await setup([open, open], { auth: { method: 'password' } });
    await core.profiles.setSecret(profile.id, 'password', 'hunter2');
    const { id: _id, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ...edit } = profile;
    await core.profiles.update(profile.id, { ...edit, host: 'evil.example.net' });
    const result = await connector.connect({ profileId: profile.id, runId: 'moved' });
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'DESTINATION_UNCONFIRMED' } });
    expect(result.error?.message).toMatch(/saved for alice@box\.example\.org:22, but the profile now connects to alice@evil\.example\.net:22/);
    expect(spawned).toEqual([]);
    await core.profiles.confirmSecretDestination(profile.id, { host: 'evil.example.net', port: 22, user: 'alice' });
    // Past the check, the password reaches the launch plan (this fake launcher has no askpass to hand it to).
    const again = await connector.connect({ profileId: profile.id, runId: 'confirmed' });
    expect(again.error).toEqual({ code: 'NOT_IMPLEMENTED', message: expect.stringMatching(/askpass/) });
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

describe('a refused launch never opens the door (the dry run comes before the first packet)', () => {
  it('no client, no terminal, a locked keychain, a refused secret, a bad key file: refused with nothing resolved or knocked', async () => {
    const noTerminal = await setup([open], {}, { launcher: { detect: async () => ({ ...detected, terminals: [] }) } });
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['no terminal', () => noTerminal.connector.connect({ profileId: noTerminal.profile.id, runId: 'a' })],
    ];
    const locked = await setup([open], { auth: { method: 'password' } });
    await locked.core.profiles.setSecret(locked.profile.id, 'password', 'pw');
    // The keychain refusing (locked, or a destination-bound secret not confirmed): a contract error from the read.
    locked.core.profiles.readSecret = async () => {
      throw contractError('CONFLICT', 'The saved password belongs to another destination: confirm it first.');
    };
    cases.push(['locked keychain', () => locked.connector.connect({ profileId: locked.profile.id, runId: 'b' })]);
    const badKey = await setup([open], { auth: { method: 'key', keyFile: '/home/alice/.ssh/gone' } }, { launcher: { readKeyHead: async () => undefined } });
    cases.push(['missing key file', () => badKey.connector.connect({ profileId: badKey.profile.id, runId: 'c' })]);
    for (const [label, run] of cases) {
      const result = (await run()) as { outcome: string; error?: { message: string } };
      expect(result.outcome, label).toBe('failed');
    }
    for (const { calls, spawned } of [noTerminal, locked, badKey]) {
      expect(calls.resolve).toBe(0);
      expect(calls.runs).toEqual([]);
      expect(calls.knocks).toEqual([]);
      expect(spawned).toEqual([]);
    }
    expect(((await locked.history.list())[0] as { message?: string }).message).toMatch(/another destination/);
  });

  it.each([
    ['no-service', /No keychain is running in this session/],
    ['locked', /The keyring is locked/],
  ] as const)('a keychain that is %s is no refusal: the client asks, said in one line before the first packet', async (problem, says) => {
    const run = await setup([open], { auth: { method: 'password' } });
    await run.core.profiles.setSecret(run.profile.id, 'password', 'pw');
    run.core.profiles.readSecret = async () => {
      throw keychainError(new Error(problem === 'locked' ? 'Couldn\'t access platform storage: Secret Service: unlock prompt was dismissed' : 'Platform failure: DBus error: The name org.freedesktop.secrets was not provided by any .service files'), 'linux');
    };
    const result = await run.connector.connect({ profileId: run.profile.id, runId: 'kf' });
    expect(result.outcome, JSON.stringify(result)).toBe('launched');
    const kinds = run.events.map((e) => e.kind);
    const notice = run.events.find((e) => e.kind === 'notice');
    expect(notice).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE' });
    expect((notice as { message: string }).message).toMatch(says);
    expect((notice as { message: string }).message).toMatch(/--auth agent/);
    expect((notice as { message: string }).message).not.toMatch(problem === 'locked' ? /No keychain/ : /locked/);
    expect((notice as { message: string }).message).not.toContain('\n');
    // Decided in the dry run: before the address was resolved and the first knock left.
    expect(kinds.indexOf('notice')).toBeLessThan(kinds.indexOf('resolved'));
    // No password helper: ssh asks on its own.
    expect(run.spawned[0]?.env?.SSH_ASKPASS).toBeUndefined();
    const launched = run.events.find((e) => e.kind === 'launched') as { notes: string[] };
    expect(launched.notes).toContain((notice as { message: string }).message);
    expect(launched.notes.join('\n')).not.toMatch(/No saved password/);
  });

  it('reads each secret once, before resolving, and the FTP check uses that read', async () => {
    const order: string[] = [];
    const ftp = await setup([open], { service: { kind: 'ftp', port: 21, user: 'alice' }, auth: { method: 'password' }, ftpMode: 'auto' }, {
      launcher: { detect: async () => ({ ...detected, tools: { ...detected.tools, lftp: '/usr/bin/lftp' }, clients: ['openssh', 'lftp', 'custom'] }) },
    });
    await ftp.core.profiles.setSecret(ftp.profile.id, 'password', 'ftp-pw');
    const read = ftp.core.profiles.readSecret.bind(ftp.core.profiles);
    ftp.core.profiles.readSecret = async (...args) => (order.push('secret'), read(...args));
    const checked: string[] = [];
    const connector = createConnector({
      engine: { ...fakeEngine([open]).engine, resolve: async () => (order.push('resolve'), target) },
      profiles: ftp.core.profiles,
      history: createHistoryStore(join(ftp.core.home, 'h3.jsonl')),
      emit: () => {},
      now: () => 1,
      launcher: {
        detect: async () => ({ ...detected, tools: { ...detected.tools, lftp: '/usr/bin/lftp' }, clients: ['lftp', 'custom'] }),
        spawn: fakeSpawn().spawn,
        env: {},
        askpass: fakeAskpass().provider,
      },
      ftpCheck: async ({ password }) => (checked.push(password), { mode: 'passive', reason: 'ok' }),
    });
    const result = await connector.connect({ profileId: ftp.profile.id, runId: 'ftp' });
    expect(result.outcome, JSON.stringify(result)).toBe('launched');
    expect(order).toEqual(['secret', 'resolve']);
    expect(checked).toEqual(['ftp-pw']);
  });
});

describe('after the door opened, every way out sends the close sequence and says so', () => {
  it('the client program cannot start (ENOENT): failed, close sequence sent', async () => {
    const { connector, calls, events, profile } = await setup([open], {}, { spawnFail: 'enoent' });
    const result = await connector.connect({ profileId: profile.id, runId: 'enoent' });
    expect(result).toMatchObject({ outcome: 'failed', closeSequence: 'sent', error: { code: 'INTERNAL' } });
    expect(result.error?.message).toMatch(/ENOENT/);
    expect(calls.knocks).toEqual([{ address: '192.0.2.10', steps: steps(9000, 8000, 7000) }]);
    expect(events.map((e) => e.kind)).toEqual(['resolved', 'open', 'closed', 'error']);
  });

  it('spawn throws synchronously (bad environment): failed, close sequence sent', async () => {
    const { connector, calls, profile } = await setup([open], {}, { spawnFail: 'throw' });
    expect(await connector.connect({ profileId: profile.id, runId: 'sync' })).toMatchObject({ outcome: 'failed', closeSequence: 'sent' });
    expect(calls.knocks).toHaveLength(1);
  });

  it('the real plan fails where the dry run passed (askpass server cannot start): failed, close sequence sent', async () => {
    const askpass = {
      preflight: async () => ({ programPath: '/run/askpass' }),
      start: async () => {
        throw new Error('EMFILE: too many open files');
      },
    };
    const { connector, calls, core, profile } = await setup([open], { auth: { method: 'password' } }, { launcher: { askpass } });
    await core.profiles.setSecret(profile.id, 'password', 'pw');
    const result = await connector.connect({ profileId: profile.id, runId: 'askpass' });
    expect(result).toMatchObject({ outcome: 'failed', closeSequence: 'sent', error: { message: 'EMFILE: too many open files' } });
    expect(calls.knocks).toHaveLength(1);
  });

  it('cancelled during the FTP check: cancelled, close sequence sent', async () => {
    const launcher = { detect: async () => ({ ...detected, tools: { ...detected.tools, lftp: '/usr/bin/lftp' }, clients: ['lftp' as const, 'custom' as const] }) };
    const { core, calls, profile } = await setup([open], { service: { kind: 'ftp', port: 21, user: 'alice' }, auth: { method: 'password' } }, { launcher });
    await core.profiles.setSecret(profile.id, 'password', 'pw');
    const engine = fakeEngine([open]);
    const ref: { connector?: ReturnType<typeof createConnector> } = {};
    const connector = createConnector({
      engine: engine.engine,
      profiles: core.profiles,
      history: createHistoryStore(join(core.home, 'h4.jsonl')),
      emit: () => {},
      now: () => 1,
      launcher: { ...launcher, spawn: fakeSpawn().spawn, env: {}, askpass: fakeAskpass().provider },
      ftpCheck: async () => {
        ref.connector?.cancel('ftp-cancel');
        return { mode: 'passive', reason: 'x' };
      },
    });
    ref.connector = connector;
    const result = await connector.connect({ profileId: profile.id, runId: 'ftp-cancel' });
    expect(result).toMatchObject({ outcome: 'cancelled', closeSequence: 'sent' });
    expect(engine.calls.knocks).toHaveLength(1);
    expect(calls.knocks).toEqual([]);
  });

  it('keep-open stops with the client, even one that exited before its door was tracked', async () => {
    // The registry is a dependency here: its track() answers only when the test says, after the client is gone.
    const stops: string[] = [];
    let release: () => void = () => undefined;
    const tracking = new Promise<void>((resolve) => (release = resolve));
    const openDoors = {
      track: async () => {
        await tracking;
        return { keep: {} as never, stop: async (reason: string) => void stops.push(reason) };
      },
    } as unknown as NonNullable<ConnectorDeps['openDoors']>;
    const { connector, calls, spawned, profile } = await setup([open], { doorTimeoutS: 30, keepOpen: true }, { openDoors });
    const pending = connector.connect({ profileId: profile.id, runId: 'quick-exit' });
    await vi.waitFor(() => expect(spawned).toHaveLength(1));
    spawned[0]?.child.emit('exit', 255, null);
    release();
    const result = await pending;
    await result.client?.closed;
    expect(stops).toContain('session');
    expect(calls.knocks).toHaveLength(1); // the close sequence, once
  });

  it('a client that crashes (signal, non-zero exit) still closes the door when it ends', async () => {
    const { connector, calls, events, spawned, profile } = await setup([open]);
    const result = await connector.connect({ profileId: profile.id, runId: 'crash' });
    expect(calls.knocks).toEqual([]);
    spawned[0]?.child.emit('exit', null, 'SIGSEGV');
    await result.client?.closed;
    expect(calls.knocks).toHaveLength(1);
    expect(events.slice(-2)).toEqual([{ kind: 'client-exited', code: null }, { kind: 'closed', steps: 3 }]);
  });

  it("a refused hand-off (macOS Apple events, -1743) is a failed launch in plain words, and the door closes", async () => {
    const mac: Detected = { platform: 'darwin', tools: { ssh: '/usr/bin/ssh', osascript: '/usr/bin/osascript' }, terminals: ['terminal-app'], clients: ['openssh', 'custom'] };
    const refused: SpawnFn = (command) => {
      const child = Object.assign(new EventEmitter(), { pid: 7, unref() {}, stderr: Object.assign(new EventEmitter(), { setEncoding() {} }) });
      process.nextTick(() => {
        child.emit('spawn');
        child.stderr.emit('data', '64:120: execution error: Not authorized to send Apple events to Terminal. (-1743)\n');
        child.emit('exit', 1, null);
        child.emit('close', 1, null);
      });
      expect(command).toBe('/usr/bin/osascript');
      return child as never;
    };
    const dirs = memoryDirs();
    const { connector, calls, profile } = await setup([open], {}, { launcher: { detect: async () => mac, spawn: refused, privateDir: dirs.factory } });
    const result = await connector.connect({ profileId: profile.id, runId: 'tcc' });
    expect(result).toMatchObject({ outcome: 'failed', closeSequence: 'sent' });
    expect(result.error?.message).toBe(
      'macOS did not let Sesame control Terminal (error -1743). Allow it in System Settings › Privacy & Security › Automation › Sesame › Terminal, then connect again.',
    );
    expect(calls.knocks).toHaveLength(1);
  });

  it('reports prompts the askpass helper refused (a ProxyJump hop) as progress', async () => {
    let hooks: AskpassHooks | undefined;
    const askpass = {
      preflight: async () => ({ programPath: '/run/askpass' }),
      start: async (_s: string, _e: unknown, h?: AskpassHooks) => {
        hooks = h;
        return { env: { SSH_ASKPASS: '/run/askpass' }, helperEnv: {}, programPath: '/run/askpass', server: undefined as never, close: async () => {} };
      },
    };
    const { connector, core, events, profile } = await setup([open], { auth: { method: 'password' } }, { launcher: { askpass } });
    await core.profiles.setSecret(profile.id, 'password', 'pw');
    await connector.connect({ profileId: profile.id, runId: 'hop' });
    hooks?.onRefused?.("jump@bastion.other.example's password: ");
    expect(events.at(-1)).toEqual({ kind: 'prompt-refused', prompt: "jump@bastion.other.example's password:" });
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
