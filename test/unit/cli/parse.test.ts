import { describe, expect, it, vi } from 'vitest';
import { parseCommandLine, UsageError } from '../../../src-main/cli/command';
import { parseKnockArgs } from '../../../src-main/cli/commands/knock';
import { parseProbeArgs } from '../../../src-main/cli/commands/probe';
import { commands } from '../../../src-main/cli/commands/index';
import { main } from '../../../src-main/cli/main';
import type { CliIo } from '../../../src-main/cli/io';

// Loading every command module through vitest's transform takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdin: process.stdin,
    stdinIsTTY: false,
    env: {},
    stdout: () => out,
    stderr: () => err,
  };
}

describe('knock-compatible syntax on util.parseArgs', () => {
  it('reads the classic knock line with the wait after the ports', () => {
    expect(parseKnockArgs(['-d', '0', 'HOST', '1111', '2222:udp', '3333', '--wait', '22'])).toEqual({
      host: 'HOST',
      steps: [
        { port: 1111, protocol: 'tcp' },
        { port: 2222, protocol: 'udp' },
        { port: 3333, protocol: 'tcp' },
      ],
      delayMs: 0,
      family: 'auto',
      verbose: false,
      json: false,
      wait: { port: 22, timeoutMs: 10_000, expect: 'none' },
    });
  });

  it('bundles short flags and inline values as getopt does', () => {
    expect(parseKnockArgs(['-uv', 'h', '1', '2:tcp'])).toMatchObject({ verbose: true, steps: [{ protocol: 'udp' }, { protocol: 'tcp' }] });
    expect(parseKnockArgs(['-vd', '5', 'h', '1'])).toMatchObject({ verbose: true, delayMs: 5 });
    expect(parseKnockArgs(['-d50', 'h', '1'])).toMatchObject({ delayMs: 50 });
    expect(parseKnockArgs(['--expect=ssh', '--wait=22', 'h', '1'])).toMatchObject({ wait: { port: 22, expect: 'ssh' } });
  });

  it('takes everything after -- as positionals, so a host that looks like an option is refused by the host rules', () => {
    expect(() => parseKnockArgs(['--', '-oProxyCommand=x', '1'])).toThrow(/HOST must not start with "-"/);
  });

  it.each([
    [['-x', 'h', '1'], 'unknown option -x'],
    [['-d'], '-d/--delay needs a value'],
    [['--wait', '--udp', 'h', '1'], '--wait needs a value'],
    [['--udp=yes', 'h', '1'], '--udp takes no value'],
    [['--expect', 'http', '--wait', '22', 'h', '1'], '--expect must be ssh, ftp or none, got "http"'],
    [['-4', '-6', 'h', '1'], '-4 and -6 exclude each other'],
    [['h'], 'expected HOST and at least one PORT'],
    [['--timeout', '0', '--wait', '22', 'h', '1'], '--timeout must be seconds from 0.1 to 300'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(() => parseKnockArgs(argv)).toThrow(UsageError);
    expect(() => parseKnockArgs(argv)).toThrow(message);
  });

  it('probe: options before or after HOST PORT', () => {
    expect(parseProbeArgs(['h', '22', '-6', '--expect', 'ftp', '--timeout', '1.5'])).toEqual({
      host: 'h',
      port: 22,
      family: 'ipv6',
      expect: 'ftp',
      timeoutMs: 1500,
      json: false,
    });
  });
});

describe('sesame entry point', () => {
  it('bad usage exits 2 with one line naming the problem and where help is', async () => {
    const io = capture();
    expect(await main(['knock', '--delay', 'soon', 'h', '1'], io)).toBe(2);
    expect(io.stderr()).toBe('sesame knock: --delay must be milliseconds from 0 to 60000, got "soon"\nRun "sesame knock --help" for usage.\n');
    expect(io.stdout()).toBe('');
  });

  it('an unknown command exits 2; no command prints the list and exits 2; --help exits 0', async () => {
    const unknown = capture();
    expect(await main(['knok'], unknown)).toBe(2);
    expect(unknown.stderr()).toContain('unknown command "knok"');
    const bare = capture();
    expect(await main([], bare)).toBe(2);
    expect(bare.stdout()).toContain('Commands:');
    const help = capture();
    expect(await main(['--help'], help)).toBe(0);
    for (const c of commands) expect(help.stdout()).toContain(`  ${c.name} `);
  });

  it('"sesame help CMD" prints the same text as "sesame CMD --help", and -h is --help', async () => {
    for (const { name } of commands) {
      const viaHelp = capture();
      const viaFlag = capture();
      const viaShort = capture();
      expect(await main(['help', name], viaHelp)).toBe(0);
      expect(await main([name, '--help'], viaFlag)).toBe(0);
      expect(await main([name, '-h'], viaShort)).toBe(0);
      expect(viaHelp.stdout()).toMatch(new RegExp(`^Usage:[\\s\\S]*sesame ${name}`));
      expect(viaFlag.stdout()).toBe(viaHelp.stdout());
      expect(viaShort.stdout()).toBe(viaHelp.stdout());
    }
    const unknown = capture();
    expect(await main(['help', 'nope'], unknown)).toBe(2);
  });

  it("every command's help documents each of its options", async () => {
    for (const entry of commands) {
      const { spec } = await entry.load();
      for (const [name, option] of Object.entries(spec.options)) {
        expect(spec.help, `sesame ${spec.name} --help must mention --${name}`).toContain(`--${name}`);
        if (option.short) expect(spec.help, `sesame ${spec.name} --help must mention -${option.short}`).toMatch(new RegExp(`(^|\\s)-${option.short}[,\\s]`, 'm'));
        if (option.choices) for (const choice of option.choices) expect(spec.help, `--${name} ${choice}`).toContain(choice);
      }
    }
  });

  it('parses with the spec alone (no command run needed), so adding an option is one entry', () => {
    const spec = { name: 'demo', help: '--flag --level', options: { flag: { type: 'boolean' }, level: { type: 'string', choices: ['a', 'b'] } } } as const;
    expect(parseCommandLine(spec, ['--flag', '--level', 'b', 'x'])).toEqual({ values: { flag: true, level: 'b' }, positionals: ['x'], help: false });
    expect(() => parseCommandLine(spec, ['--level', 'c'])).toThrow('--level must be a or b, got "c"');
  });
});
