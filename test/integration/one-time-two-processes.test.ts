import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileStore } from '../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../src-main/core/secrets/memory-secret-store';
import { LAB_USER, requireLab, startFirewall, startKnockd, startSshd, stopAll, type Knockd } from '../lab/lab';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';

// One-time sequences under two real `sesame connect` processes at once, and
// after one killed mid-knock: knockd (with its own one_time_sequences file)
// must see each sequence once, in order, and the spent one never again.
const SSH_PORT = 2223;
requireLab();
const sequences = ['7101,7102,7103', '7201,7202,7203', '7301,7302,7303'];
let home: string;
let knockd: Knockd;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-onetime-'));
  const firewall = await startFirewall({ dropTcp: [SSH_PORT] });
  await startSshd({ port: SSH_PORT });
  const otpFile = join(home, 'knockd-otp');
  writeFileSync(otpFile, `${sequences.join('\n')}\n`);
  knockd = await startKnockd({
    doors: [{ name: 'otp', oneTimeSequences: otpFile, seqTimeout: 20, command: firewall.insertAcceptCommand(SSH_PORT, 4) }],
  });
  const store = createProfileStore({ filePath: join(home, 'profiles.json'), now: Date.now });
  await createProfilesService({ store, secrets: new MemorySecretStore(), now: Date.now }).create({
    name: 'otp',
    host: '127.0.0.1',
    // Slow knocks (2.5 s apart), so the second process surely starts while the first is mid-sequence.
    knock: { steps: [{ port: 1 }], delayMs: 2500 },
    oneTimeSequences: sequences.map((s) => ({ steps: s.split(',').map((port) => ({ port: Number(port) })) })),
    openTimeoutMs: 3000,
    service: { kind: 'ssh', port: SSH_PORT, user: LAB_USER },
    auth: { method: 'agent' },
  });
});

afterAll(async () => {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

const usedOnDisk = () =>
  (JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as { profiles: { oneTimeSequences: { usedAt?: number }[] }[] }).profiles[0]!.oneTimeSequences.map(
    (s) => s.usedAt !== undefined,
  );

describe('one-time sequences across processes (real knockd)', () => {
  it('two sesame connect at once send #1 and #2, once each, and both doors open', async () => {
    // BatchMode: no credentials here, ssh fails to log in at once; the knocks are what is tested.
    const env = { SSH_AUTH_SOCK: '' };
    // Started together; each knock takes 5 s, far longer than the two processes' start-up jitter.
    const [a, b] = await Promise.all([
      sesame(['connect', 'otp', '--exec', 'true'], { home, env }),
      sesame(['connect', 'otp', '--exec', 'true'], { home, env }),
    ]);
    for (const run of [a, b]) expect(run.stderr).toMatch(/open after \d+ ms/);
    expect(await eventually(async () => (await knockd.openCount('otp')) === 2)).toBe(true);
    expect(await knockd.openCount('otp')).toBe(2);
    expect((await knockd.stageLines('otp')).filter((l) => l.endsWith('Stage 1'))).toHaveLength(2);
    expect(usedOnDisk()).toEqual([true, true, false]);
    // knockd comments out each sequence it accepted: exactly the first two.
    expect(readFileSync(join(home, 'knockd-otp'), 'utf8').split('\n').filter((l) => l.startsWith('#')).length).toBe(2);
  });

  it('a run killed mid-knock has spent its sequence: the next run never sends it again', async () => {
    const stagesBefore = (await knockd.stageLines('otp')).length;
    const killed = sesame(['connect', 'otp', '--exec', 'true'], { home });
    // Kill it as soon as the first knock of #3 is out.
    await eventually(async () => (await knockd.stageLines('otp')).length > stagesBefore, 10_000);
    process.kill(killed.pid()!, 'SIGKILL');
    await killed;
    expect(usedOnDisk()).toEqual([true, true, true]);
    const stagesAfterKill = (await knockd.stageLines('otp')).length;
    const next = await sesame(['connect', 'otp', '--exec', 'true'], { home });
    expect(next.code).not.toBe(0);
    expect(next.stderr).toMatch(/Every one-time sequence of "otp" has been used/);
    // Nothing more reached knockd: #3 was not sent again.
    expect((await knockd.stageLines('otp')).length).toBe(stagesAfterKill);
  });
});
