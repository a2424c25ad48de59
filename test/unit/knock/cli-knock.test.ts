import { describe, expect, it } from 'vitest';
import { createKnockCommand, parseKnockArgs } from '../../../src-main/cli/commands/knock';
import { createProbeCommand, parseProbeArgs } from '../../../src-main/cli/commands/probe';
import type { CliIo } from '../../../src-main/cli/io';
import type { NetCliDeps } from '../../../src-main/cli/net-args';
import { FakeClock, FakeNet, fakeLookup, refuseLater } from './fakes';

function harness(env: NodeJS.ProcessEnv = {}) {
  const clock = new FakeClock();
  const net = new FakeNet(clock);
  net.onTcp = (socket) => {
    if (socket.options.port === 22) queueMicrotask(() => (socket.accept(), socket.say('SSH-2.0-lab\r\n')));
    else refuseLater(socket);
  };
  let interrupts = 0;
  const deps: NetCliDeps = {
    sockets: net,
    clock,
    lookup: fakeLookup({ 'door.example': [{ address: '192.0.2.7', family: 4 }] }),
    onInterrupt: () => {
      interrupts += 1;
      return () => {
        interrupts -= 1;
      };
    },
  };
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t), stdin: process.stdin, stdinIsTTY: false, env };
  return { clock, net, deps, io, out, err, interrupts: () => interrupts };
}

describe('sesame knock arguments', () => {
  it('takes the classic knock syntax', () => {
    expect(parseKnockArgs(['-u', 'h', '1', '2:tcp'])).toMatchObject({
      host: 'h',
      steps: [
        { port: 1, protocol: 'udp' },
        { port: 2, protocol: 'tcp' },
      ],
      delayMs: 0,
      family: 'auto',
    });
    expect(parseKnockArgs(['-d', '250', '-6v', 'h', '1'])).toMatchObject({ delayMs: 250, family: 'ipv6', verbose: true });
    expect(parseKnockArgs(['-d50', '--ipv4', 'h', '1'])).toMatchObject({ delayMs: 50, family: 'ipv4' });
    expect(parseKnockArgs(['--delay=7', 'h', '1'])).toMatchObject({ delayMs: 7 });
    expect(parseKnockArgs(['--wait', '22', '--timeout', '2.5', '--expect', 'ssh', 'h', '1'])).toMatchObject({
      wait: { port: 22, timeoutMs: 2500, expect: 'ssh' },
    });
  });

  it.each([
    [['h']],
    [[]],
    [['-x', 'h', '1']],
    [['h', '70000']],
    [['h', '1:icmp']],
    [['-d', 'soon', 'h', '1']],
    [['--expect', 'ssh', 'h', '1']],
    [['--wait', '0', 'h', '1']],
  ])('rejects %j', (argv) => {
    expect(() => parseKnockArgs(argv)).toThrow();
  });

  it('probe takes HOST PORT and options', () => {
    expect(parseProbeArgs(['-6', 'h', '22', '--expect=ftp'])).toMatchObject({ host: 'h', port: 22, family: 'ipv6', expect: 'ftp' });
    expect(() => parseProbeArgs(['h'])).toThrow();
  });
});

describe('sesame knock', () => {
  it('prints live step lines and exits 0 when the port opens', async () => {
    const h = harness();
    const code = await createKnockCommand(h.deps).run(['--wait', '22', '--expect', 'ssh', 'door.example', '7000', '8000:udp'], h.io);
    expect(code).toBe(0);
    const text = h.out.join('');
    expect(text).toContain('[1/2] tcp 192.0.2.7:7000');
    expect(text).toContain('[2/2] udp 192.0.2.7:8000');
    expect(text).toMatch(/open: port 22 answered/);
    expect(h.interrupts()).toBe(0);
  });

  it('--json prints one object for scripts', async () => {
    const h = harness();
    const code = await createKnockCommand(h.deps).run(['--json', 'door.example', '7000'], h.io);
    expect(code).toBe(0);
    const parsed = JSON.parse(h.out.join('')) as { status: string; events: unknown[] };
    expect(parsed.status).toBe('knocked');
    expect(parsed.events).toHaveLength(3);
  });

  it('exits with the diagnosis code and explains it in the user language', async () => {
    const h = harness({ LANG: 'ko_KR.UTF-8' });
    const running = createKnockCommand(h.deps).run(['--wait', '23', '--timeout', '1', 'door.example', '7000'], h.io);
    await h.clock.advance(1000);
    expect(await running).toBe(4);
    expect(h.err.join('')).toContain('연결 거부됨');
  });

  it('exits 2 on bad usage and documents the exit codes in --help', async () => {
    const h = harness();
    expect(await createKnockCommand(h.deps).run(['door.example'], h.io)).toBe(2);
    expect(await createKnockCommand(h.deps).run(['--help'], h.io)).toBe(0);
    expect(h.out.join('')).toMatch(/Exit codes:[\s\S]*reset-before-banner/);
  });

  it('probe reports the class as exit code and JSON', async () => {
    const h = harness();
    expect(await createProbeCommand(h.deps).run(['door.example', '22', '--expect', 'ssh'], h.io)).toBe(0);
    expect(await createProbeCommand(h.deps).run(['--json', 'door.example', '23'], h.io)).toBe(4);
    expect(JSON.parse(h.out.at(-1) ?? '')).toMatchObject({ status: 'failed', class: 'refused' });
    expect(await createProbeCommand(h.deps).run(['nowhere.example', '22'], h.io)).toBe(7);
  });
});

describe('host checks', () => {
  it('rejects hosts that could be read as options or hide spaces', () => {
    expect(() => parseKnockArgs(['--', '-oProxyCommand=x', '1'])).toThrow(/must not start with "-"/);
    expect(() => parseProbeArgs(['bad host', '22'])).toThrow(/spaces/);
    // Brackets as typed from a URL are accepted and dropped, as profiles store the host.
    expect(parseKnockArgs(['[::1]', '1']).host).toBe('::1');
    expect(() => parseKnockArgs(['[::1', '1'])).toThrow(/"\[" or "\]"/);
    expect(() => parseKnockArgs(['....', '1'])).toThrow(/not a valid host name/);
  });
});
