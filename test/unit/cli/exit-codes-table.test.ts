import { describe, expect, it } from 'vitest';
import { createKnockCommand } from '../../../src-main/cli/commands/knock';
import { createProbeCommand } from '../../../src-main/cli/commands/probe';
import { commands } from '../../../src-main/cli/commands/index';
import { main } from '../../../src-main/cli/main';
import { diagnosisExitCodes } from '../../../src-main/cli/diagnosis';
import type { NetCliDeps } from '../../../src-main/cli/net-args';
import { memoryIo } from '../../support/cli-io';
import { tempHome } from '../profiles/helpers';
import { FakeClock, FakeNet, fakeLookup } from '../knock/fakes';

/** `sesame ARGV` in-process over an empty data folder (no keychain is reached: every row fails before). */
async function sesame(argv: string[]) {
  const m = memoryIo({ env: { SESAME_HOME: tempHome() } });
  const code = await main(argv, m.io);
  return { code, err: m.err() };
}

describe('exit codes: the same cause gives the same code in every command', () => {
  it.each([
    ['connect', ['connect', 'nope']],
    ['proxy', ['proxy', '--profile', 'nope', 'h', '22']],
    ['proxy (by host)', ['proxy', 'nowhere.example', '22']],
    ['profiles show', ['profiles', 'show', 'nope']],
    ['profiles edit', ['profiles', 'edit', 'nope', '--port', '22']],
    ['profiles export', ['profiles', 'export', 'nope']],
    ['secret', ['secret', 'delete', 'nope']],
    ['server-config', ['server-config', 'nope']],
    ['ssh-config', ['ssh-config', 'nope']],
  ])('unknown profile → 2: %s', async (_name, argv) => {
    expect(await sesame(argv)).toMatchObject({ code: 2 });
  });

  it.each([
    ['knock', ['knock', '--timeout', 'soon', '--wait', '22', 'h', '1']],
    ['probe', ['probe', 'h', '0']],
    ['spa', ['spa', '-A', 'tcp/0', '-D', 'h']],
    ['profiles add', ['profiles', 'add', '--name', 'x', '--host', 'h', '--knock', '1', '--port', '99999']],
    ['server-config', ['server-config', 'x', '--timeout', 'soon']],
    ['completion', ['completion', 'tcsh']],
    ['secret --kind', ['secret', 'set', 'x', '--kind', 'pin']],
  ])('bad value → 2: %s', async (_name, argv) => {
    expect(await sesame(argv)).toMatchObject({ code: 2 });
  });

  it.each(commands.map((c) => [c.name]))('usage error (unknown option) → 2: %s', async (name) => {
    expect(await sesame([name, '--no-such-option'])).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --no-such-option') });
  });

  it.each(['knock', 'probe'])('filtered door (no answer at all) → %s exits 3', async (name) => {
    const clock = new FakeClock();
    const net = new FakeNet(clock);
    net.onTcp = () => {}; // dropped: never accepted, never refused
    const deps: NetCliDeps = { sockets: net, clock, lookup: fakeLookup({ 'door.example': [{ address: '192.0.2.7', family: 4 }] }), onInterrupt: () => () => {} };
    const m = memoryIo();
    const argv = name === 'knock' ? ['--wait', '2222', '--timeout', '1', 'door.example', '7000'] : ['--timeout', '1', 'door.example', '2222'];
    const running = (name === 'knock' ? createKnockCommand(deps) : createProbeCommand(deps)).run(argv, m.io);
    await clock.advance(60_000);
    expect(await running).toBe(diagnosisExitCodes.filtered);
    expect(diagnosisExitCodes.filtered).toBe(3);
  });
});

describe('help: every command and every action has its own, and names its diagnoses', () => {
  const diagnosing = ['knock', 'probe', 'connect', 'spa', 'proxy'];

  it.each(commands.map((c) => [c.name]))('sesame help %s is the same text as its --help', async (name) => {
    const viaHelp = memoryIo();
    const viaFlag = memoryIo();
    expect(await main(['help', name], viaHelp.io)).toBe(0);
    expect(await main([name, '--help'], viaFlag.io)).toBe(0);
    expect(viaHelp.out()).toBe(viaFlag.out());
    expect(viaHelp.out()).toMatch(new RegExp(`^Usage:\\s+sesame ${name}\\b`));
    if (diagnosing.includes(name)) {
      for (const [cls, code] of Object.entries(diagnosisExitCodes)) expect(viaHelp.out()).toMatch(new RegExp(`\\n  ${code} +${cls}: \\S`));
    }
  });

  it.each(['list', 'show', 'add', 'edit', 'rm', 'restore', 'export', 'import'].map((a) => ['profiles', a]).concat([['secret', 'set'], ['secret', 'delete']]))(
    'sesame help %s %s shows that action',
    async (name, action) => {
      const viaHelp = memoryIo();
      const viaFlag = memoryIo();
      expect(await main(['help', name, action], viaHelp.io)).toBe(0);
      expect(await main([name, action, '--help'], viaFlag.io)).toBe(0);
      expect(viaHelp.out()).toBe(viaFlag.out());
      const usage = viaHelp.out().split('\n\n')[0]!;
      expect(usage).toMatch(new RegExp(`^Usage:\\n  sesame ${name} ${action}\\b`));
      expect(usage.match(/sesame \w+ \w+/g)!.every((s) => s === `sesame ${name} ${action}`)).toBe(true);
      expect(viaHelp.out()).toContain('Exit codes');
    },
  );
});
