import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectProgress } from '../../src-main/contract/features/connect';
import type { ClientChoice } from '../../src-main/core/connect/connector';
import { createKeyringSecretStore } from '../../src-main/core/secrets/keyring-secret-store';
import { LAB_USER, LAB_USER_PASSWORD, run, startFirewall, startKnockd, startSshd, stopAll, type Knockd } from '../lab/lab';
import { eventually } from '../support/eventually';
import { testLauncher, tmuxChoice } from '../support/launcher';
import { createTestCore } from '../support/test-core';

// The connect orchestrator driven directly (as the app does), against the lab:
// the interactive path through a terminal strategy (tmux, screen captured),
// and one-time sequences.
const SSH_PORT = 2222;
const sequences = ['7201,8201,9201', '7202,8202,9202', '7203,8203,9203'];
const password = `tmux-${randomBytes(10).toString('hex')}`;
const tmuxSocket = `sesame-test-${process.pid}`;
let knockd: Knockd;
let choice: ClientChoice = { client: 'custom', customTemplate: ['true'] };
const events: ConnectProgress[] = [];

const core = createTestCore({
  secrets: createKeyringSecretStore({ service: `Sesame-lab-${randomBytes(4).toString('hex')}` }),
  emit: (event, payload) => {
    if (event === 'connectProgress') events.push((payload as { event: ConnectProgress }).event);
  },
  launcher: testLauncher(() => choice),
});

const steps = (spec: string) => spec.split(',').map((port) => ({ port: Number(port), protocol: 'tcp' as const }));

beforeAll(async () => {
  const firewall = await startFirewall({ dropTcp: [SSH_PORT, 2223] });
  await startSshd({ port: SSH_PORT });
  knockd = await startKnockd({
    doors: [
      { name: 'main', sequence: '7000,8000,9000', seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) },
      ...sequences.map((sequence, i) => ({ name: `once${i}`, sequence, seqTimeout: 5, command: firewall.insertAcceptCommand(SSH_PORT, 4) })),
    ],
  });
  await run('chpasswd', [], `${LAB_USER}:${password}\n`);
});

afterAll(async () => {
  await run('tmux', ['-L', tmuxSocket, 'kill-server']).catch(() => undefined);
  await run('chpasswd', [], `${LAB_USER}:${LAB_USER_PASSWORD}\n`);
  await stopAll();
  await core.dispose();
});

describe('connect through a terminal strategy', () => {
  it('opens an interactive ssh session in tmux with the stored password', async () => {
    const profile = await core.profiles.create({
      name: 'tmux',
      host: 'lab.sesame.test',
      knock: { steps: steps('7000,8000,9000'), delayMs: 20 },
      service: { kind: 'ssh', port: SSH_PORT, user: LAB_USER },
      auth: { method: 'password' },
    });
    await core.profiles.setSecret(profile.id, 'password', password);
    choice = tmuxChoice(tmuxSocket);
    const result = await core.connector.connect({ profileId: profile.id, runId: 'tmux-1' });
    expect(result.outcome, JSON.stringify(result)).toBe('launched');
    expect(events.map((e) => e.kind)).toEqual(['resolved', 'step', 'step', 'step', 'done', 'waiting', 'open', 'launched']);

    // The tmux server may not be up yet right after the launch: poll, tolerating that.
    const pane = async () => run('tmux', ['-L', tmuxSocket, 'capture-pane', '-p', '-t', tmuxSocket]).catch(() => '');
    const until = async (pattern: RegExp) => {
      for (let i = 0; i < 100 && !pattern.test(await pane()); i++) await new Promise((r) => setTimeout(r, 100));
      return pane();
    };
    expect(await until(/\$ ?$/m)).toMatch(/\$ ?$/m);
    await run('tmux', ['-L', tmuxSocket, 'send-keys', '-t', tmuxSocket, 'echo interactive-$((6*7))', 'Enter']);
    expect(await until(/^interactive-42$/m)).toMatch(/^interactive-42$/m);
  });
});

describe('one-time sequences', () => {
  let id: string;

  beforeAll(async () => {
    choice = { client: 'custom', customTemplate: ['true'] };
    const profile = await core.profiles.create({
      name: 'once',
      host: 'lab.sesame.test',
      knock: { steps: steps('7000,8000,9000'), delayMs: 20 },
      oneTimeSequences: sequences.map((s) => ({ steps: steps(s) })),
      // Port 2223 stays shut whatever is knocked: the first connect must fail.
      service: { kind: 'custom', port: 2223 },
      openTimeoutMs: 800,
    });
    id = profile.id;
  });

  it('spends the sequence of a connect that failed after knocking: it went on the wire, and here the server took it', async () => {
    const failed = await core.connector.connect({ profileId: id, runId: 'once-fail' });
    expect(failed.outcome).toBe('failed');
    expect((await core.profiles.get(id)).oneTimeSequences.map((s) => s.usedAt !== undefined)).toEqual([true, false, false]);
    // The door did open (only the service port stayed shut): a knockd with one_time_sequences
    // has consumed #1, so sending it again could never work, and must not be tried.
    expect(await eventually(async () => (await knockd.openCount('once0')) === 1)).toBe(true);
  });

  it('uses them in order, and two concurrent connects never share one', async () => {
    const current = await core.profiles.get(id);
    const { id: _id, createdAt: _c, updatedAt, hasPassword: _h, hasPassphrase: _p, ftpModeLearned: _f, ...fields } = current;
    await core.profiles.update(id, { ...fields, service: { kind: 'custom', port: SSH_PORT } }, updatedAt);
    const [a, b] = await Promise.all([
      core.connector.connect({ profileId: id, runId: 'once-a' }),
      core.connector.connect({ profileId: id, runId: 'once-b' }),
    ]);
    expect([a.outcome, b.outcome]).toEqual(['launched', 'launched']);
    const used = (await core.profiles.get(id)).oneTimeSequences.map((s) => s.usedAt !== undefined);
    expect(used).toEqual([true, true, true]);
    // Each sequence reached knockd exactly once: #1 by the failed connect, #2 and #3 by these two.
    expect(await eventually(async () => (await knockd.openCount('once2')) === 1)).toBe(true);
    expect(await knockd.openCount('once0')).toBe(1);
    expect(await knockd.openCount('once1')).toBe(1);
  });
});
