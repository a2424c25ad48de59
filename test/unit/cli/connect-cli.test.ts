import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/command';
import { clientStatus, createConnectCommand, type ConnectProcess } from '../../../src-main/cli/commands/connect';
import type { KnockRunResult } from '../../../src-main/contract/features/knock';
import { createConnector } from '../../../src-main/core/connect/connector';
import { createHistoryStore } from '../../../src-main/core/connect/history';
import type { KnockEngine } from '../../../src-main/core/knock/engine';
import type { Detected } from '../../../src-main/core/launcher/detect';
import type { SpawnFn } from '../../../src-main/core/launcher/launch';
import { memoryIo } from '../../support/cli-io';
import { createTestCore } from '../../support/test-core';

// `sesame connect` around the connector: the client's status passes through,
// the outcome goes to its own descriptor, and Ctrl-C is the client's from just
// before its spawn until the close sequence went out.

const target = { host: 'box.example.org', address: '192.0.2.10', family: 4 as const };
const detected: Detected = { platform: 'linux', tools: { ssh: '/usr/bin/ssh' }, terminals: [], clients: ['openssh'] };
const open: KnockRunResult = { status: 'open', target: { ...target, family: 'ipv4' }, port: 22, msFromFirstKnock: 30, msFromLastKnock: 10, attempts: 2 };
const filtered: KnockRunResult = { status: 'failed', class: 'filtered', stage: 'wait', port: 22, attempts: 40 };

const io = () => memoryIo();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(result: KnockRunResult, exit: { code: number | null; signal: NodeJS.Signals | null }) {
  const order: string[] = [];
  const core = createTestCore();
  cleanups.push(core.dispose);
  const engine: KnockEngine = {
    resolve: async () => target,
    run: async () => (order.push('knock'), result),
    knock: async () => (order.push('close'), { firstKnockAt: 0, lastKnockAt: 0 }),
  };
  const spawn: SpawnFn = () => {
    order.push('spawn');
    const child = Object.assign(new EventEmitter(), { pid: 4242, unref() {} });
    // The client ends a moment later, with what the test says.
    setTimeout(() => (order.push('exit'), child.emit('exit', exit.code, exit.signal)), 5);
    return child as never;
  };
  const connector = createConnector({
    engine,
    profiles: core.profiles,
    history: createHistoryStore(join(core.home, 'history.jsonl')),
    emit: () => {},
    now: () => 1,
    launcher: { detect: async () => detected, spawn, env: {} },
  });
  await core.profiles.create({
    name: 'box',
    host: 'box.example.org',
    knock: { steps: [{ port: 7000, protocol: 'tcp' }], delayMs: 0 },
    closeSequence: { steps: [{ port: 9000, protocol: 'tcp' }], delayMs: 0 },
    service: { kind: 'ssh', port: 22, user: 'alice' },
    auth: { method: 'agent' },
  });
  const written: Array<{ fd: number; text: string }> = [];
  const proc: ConnectProcess = {
    onInterrupt: () => () => undefined,
    yieldSignals: () => (order.push('yield'), () => void order.push('restore')),
    checkFd: (fd) => {
      if (fd !== 3) throw new UsageError(`--json-fd ${fd}: descriptor ${fd} is not open`);
    },
    writeFd: (fd, text) => void written.push({ fd, text }),
  };
  const command = createConnectCommand({ process: proc, core: () => ({ profiles: core.profiles, connector }) });
  return { command, order, written };
}

describe('sesame connect: exit status, JSON descriptor, signals', () => {
  it("exits with the remote command's status and writes the outcome only to --json-fd", async () => {
    const { command, written } = await setup(open, { code: 7, signal: null });
    const t = io();
    expect(await command.run(['box', '--exec', 'exit 7', '--json-fd', '3'], t.io)).toBe(7);
    expect(t.out()).toBe('');
    expect(written.map((w) => w.fd)).toEqual([3]);
    const json = JSON.parse(written[0]!.text) as Record<string, unknown>;
    expect(json).toMatchObject({ outcome: 'launched', exitCode: 7, clientExit: { code: 7, signal: null } });
    expect(written[0]!.text.endsWith('}\n')).toBe(true);
  });

  it('a client ended by a signal gives 128+N, as a shell says it', async () => {
    const { command, written } = await setup(open, { code: null, signal: 'SIGINT' });
    expect(await command.run(['box', '--json-fd', '3'], io().io)).toBe(130);
    expect(JSON.parse(written[0]!.text)).toMatchObject({ exitCode: 130, clientExit: { code: null, signal: 'SIGINT' } });
    expect(clientStatus({ code: null, signal: 'SIGQUIT' })).toBe(131);
    expect(clientStatus({ code: 0, signal: null })).toBe(0);
  });

  it("hands Ctrl-C to the client from before its spawn until the close sequence was sent", async () => {
    const { command, order } = await setup(open, { code: 0, signal: null });
    expect(await command.run(['box'], io().io)).toBe(0);
    expect(order).toEqual(['knock', 'yield', 'spawn', 'exit', 'close', 'restore']);
  });

  it("when the client never ran, the code is Sesame's own and the JSON has no clientExit", async () => {
    const { command, order, written } = await setup(filtered, { code: 0, signal: null });
    const t = io();
    expect(await command.run(['box', '--json-fd', '3'], t.io)).toBe(3);
    const json = JSON.parse(written[0]!.text) as Record<string, unknown>;
    expect(json).toMatchObject({ outcome: 'failed', exitCode: 3, diagnosis: { class: 'filtered' } });
    expect(json).not.toHaveProperty('clientExit');
    expect(order).not.toContain('yield');
    const missing = await command.run(['nope', '--json-fd', '3'], io().io);
    expect(missing).toBe(2);
    expect(JSON.parse(written[1]!.text)).toMatchObject({ outcome: 'failed', exitCode: 2, error: { code: 'NOT_FOUND' } });
  });

  it('refuses a descriptor the client owns (0-2) or one that is not open, before anything is sent', async () => {
    const { command, order } = await setup(open, { code: 0, signal: null });
    for (const fd of ['1', '2', 'x']) {
      const t = io();
      expect(await command.run(['box', '--json-fd', fd], t.io), fd).toBe(2);
      expect(t.err()).toMatch(/--json-fd must be a file descriptor number from 3 up/);
    }
    const t = io();
    expect(await command.run(['box', '--json-fd', '9'], t.io)).toBe(2);
    expect(t.err()).toMatch(/descriptor 9 is not open/);
    expect(order).toEqual([]);
  });
});
