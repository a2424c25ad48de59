/**
 * The server pairing kit, for real: what `sesame server-config` prints is
 * loaded as is into the lab's nft and knockd, and `sesame connect` (nothing
 * else) then gets through the door to sshd — both door variants (close
 * sequence; cmd_timeout + stop_command), both languages of comments. The
 * iptables variants load with iptables-restore --test (iptables-nft), and the
 * knockd door commands run for real against the loaded chain.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_USER, instanceName, onStop, requireLab, run, startDaemon, startSshd, stopAll, type Sshd, isFiltered } from '../lab/lab';
import { sesame } from '../support/cli';
import { eventually } from '../support/eventually';

const SSH_PORT = 2281;
const lab = requireLab();
let home: string;
let sshd: Sshd;


async function cli(args: string[], env: Record<string, string> = {}) {
  const result = await sesame(args, { home, env });
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

/** Starts knockd on the kit's own knockd.conf (its LogFile is in the lab dir); stops it with the lab. */
async function startKitKnockd(conf: string, logPath: string): Promise<{ stop: () => Promise<void>; log: () => Promise<string> }> {
  const name = instanceName('kit-knockd');
  const confPath = join(lab.dir, `${name}.conf`);
  writeFileSync(confPath, conf);
  const { readFile } = await import('node:fs/promises');
  const log = () => readFile(logPath, 'utf8').catch(() => '');
  // The kit's [options] already say Interface = lo: no -i here, so the file is what decides.
  const daemon = await startDaemon(name, 'knockd', ['-c', confPath, '-p', join(lab.dir, `${name}.pid`), '-v'], async () => (await log()).includes('listening on lo'));
  onStop(daemon.stop);
  return { stop: daemon.stop, log };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sesame-kit-'));
  sshd = await startSshd({ port: SSH_PORT });
  writeFileSync(join(process.env.HOME ?? '/root', '.ssh', 'known_hosts'), `${sshd.knownHostsLine('lab.sesame.test')}\n`);
  const added = await sesame(
    ['profiles', 'add', '--name', 'kit lab', '--host', 'lab.sesame.test', '--knock', '10001,10002,10003', '--service', 'ssh', '--port', String(SSH_PORT), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath],
    { home },
  );
  expect(added.code, added.stderr).toBe(0);
  // A fresh sequence from the generator, saved with the command server-config prints.
  const fresh = await cli(['server-config', 'kit lab', '--new-sequence', '--json']);
  const { generated } = JSON.parse(fresh.stdout) as { generated: Record<'knock' | 'closeSequence', { steps: { port: number; protocol: string }[] }> };
  const seq = (s: { steps: { port: number; protocol: string }[] }) => s.steps.map((x) => `${x.port}:${x.protocol}`).join(',');
  await cli(['profiles', 'edit', 'kit lab', '--knock', seq(generated.knock), '--close', seq(generated.closeSequence)]);
});

afterAll(async () => {
  await stopAll();
  for (const table of ['sesame_kit_lab']) await run('nft', ['delete', 'table', 'inet', table]).catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
});

async function loadKit(extra: string[], lang: string) {
  const logPath = join(lab.dir, `${instanceName('kit-log')}.log`);
  const base = ['server-config', 'kit lab', '--interface', 'lo', '--log-file', logPath, ...extra];
  const env = { LANG: lang };
  const conf = (await cli([...base, '--only', 'knockd'], env)).stdout;
  const ruleset = (await cli([...base, '--only', 'nftables'], env)).stdout;
  await run('nft', ['-f', '-'], ruleset);
  const knockd = await startKitKnockd(conf, logPath);
  return { conf, ruleset, knockd };
}

describe('server-config output, loaded into knockd and nft, opens the door for sesame connect', () => {
  it('close-sequence door (Korean comments): the port is dropped, connect gets in, the close sequence shuts it', async () => {
    const { conf, knockd } = await loadKit([], 'ko_KR.UTF-8');
    expect(conf).toContain('노크');
    expect(await isFiltered(SSH_PORT)).toBe(true);
    const run1 = await sesame(['connect', 'kit lab', '--exec', 'echo kit-$(whoami)'], { home });
    expect(run1.stdout, run1.stderr).toContain(`kit-${LAB_USER}`);
    expect(run1.code, run1.stderr).toBe(0);
    expect(run1.stderr).toMatch(/door closed/);
    const log = await knockd.log();
    expect(log).toMatch(/sesame-kit-lab: OPEN SESAME/);
    expect(await eventually(async () => /sesame-kit-lab-close: OPEN SESAME/.test(await knockd.log()), 5000)).toBe(true);
    expect(await eventually(() => isFiltered(SSH_PORT), 5000)).toBe(true);
    await knockd.stop();
  });

  it('cmd_timeout door (English comments): a knock opens it, then stop_command closes it by itself', async () => {
    const { conf, knockd } = await loadKit(['--timeout', '3'], 'C');
    expect(conf).toMatch(/cmd_timeout\s+= 3/);
    expect(conf).toContain('closes it again after 3 s');
    expect(await isFiltered(SSH_PORT)).toBe(true);
    // Only the knock (no close sequence): what closes the door now is knockd's stop_command.
    const shown = JSON.parse((await cli(['profiles', 'show', 'kit lab', '--json'])).stdout) as { knock: { steps: { port: number; protocol: string }[] } };
    const steps = shown.knock.steps.map((s) => `${s.port}${s.protocol === 'udp' ? ':udp' : ''}`);
    const knock = await sesame(['knock', '-d', '0', '127.0.0.1', ...steps, '--wait', String(SSH_PORT), '--expect', 'ssh'], { home });
    expect(knock.code, knock.stderr).toBe(0);
    expect(await knockd.log()).toMatch(/sesame-kit-lab: OPEN SESAME/);
    expect(await eventually(() => isFiltered(SSH_PORT), 10_000)).toBe(true);
    expect(await run('nft', ['list', 'set', 'inet', 'sesame_kit_lab', 'door4'])).not.toContain('127.0.0.1');
    await knockd.stop();
  });
});

describe('iptables variants', () => {
  it('pass iptables-restore --test and ip6tables-restore --test, and the door commands insert above the DROP', async () => {
    const v4 = (await cli(['server-config', 'kit lab', '--firewall', 'iptables', '--only', 'iptables'])).stdout;
    const v6 = (await cli(['server-config', 'kit lab', '--firewall', 'iptables', '--only', 'ip6tables'])).stdout;
    await run('iptables-restore', ['--test', '--noflush'], v4);
    await run('ip6tables-restore', ['--test', '--noflush'], v6);
    // Load for real, run the door's own commands as knockd would (through /bin/sh, %IP% filled in), and read the order back.
    const conf = (await cli(['server-config', 'kit lab', '--firewall', 'iptables', '--timeout', '5', '--only', 'knockd'])).stdout;
    const field = (key: string) => new RegExp(`^\\s*${key}\\s*= (.+)$`, 'm').exec(conf)?.[1] ?? '';
    await run('iptables-restore', ['--noflush'], v4);
    onStop(async () => {
      await run('iptables', ['-D', 'INPUT', '-p', 'tcp', '--dport', String(SSH_PORT), '-j', 'sesame-kit-lab']).catch(() => undefined);
      await run('iptables', ['-F', 'sesame-kit-lab']).catch(() => undefined);
      await run('iptables', ['-X', 'sesame-kit-lab']).catch(() => undefined);
    });
    const start = field('start_command').replace(/%IP%/g, '192.0.2.7');
    await run('sh', ['-c', start]);
    await run('sh', ['-c', start]); // a second knock adds nothing
    const rules = await run('iptables', ['-S', 'sesame-kit-lab']);
    const lines = rules.trim().split('\n').filter((l) => l.startsWith('-A'));
    expect(lines[0]).toMatch(/-s 192\.0\.2\.7\/32 .*-j ACCEPT/);
    expect(lines.filter((l) => l.includes('192.0.2.7'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/-j DROP$/);
    await run('sh', ['-c', field('stop_command').replace(/%IP%/g, '192.0.2.7')]);
    expect(await run('iptables', ['-S', 'sesame-kit-lab'])).not.toContain('192.0.2.7');
  });
});
