import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { LAB_USER, requireLab, run, startFirewall, startKnockd, startSshd, stopAll } from '../../lab/lab';
import { sesameBin } from '../../support/cli';
const PORT = 2361, KNOCKS = [7311, 7312, 7313], HOST = '127.0.0.1';
const home = mkdtempSync(join(tmpdir(), 'sesame-trace-'));
const { NODE_EXTRA_CA_CERTS: _c, ...userEnv } = process.env;
const env = { ...userEnv, SESAME_HOME: home, LANG: 'C' };
async function main() {
  requireLab();
  const firewall = await startFirewall({ table: 'sesame_cli_bench', dropTcp: [PORT] });
  await startKnockd({ doors: [{ name: 'bench', sequence: KNOCKS.join(','), seqTimeout: 5, command: firewall.insertAcceptCommand(PORT) }] });
  const sshd = await startSshd({ port: PORT });
  const closeDoor = async () => { await run('sh', ['-c', firewall.closeCommand(PORT)]); await delay(150); };
  const sshDir = join(homedir(), '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  writeFileSync(join(sshDir, 'known_hosts'), `${sshd.knownHostsLine(HOST)}\n`);
  writeFileSync(join(sshDir, 'config'), `Host ${HOST}\n  KexAlgorithms curve25519-sha256\n  BatchMode yes\n  LogLevel ERROR\n`, { mode: 0o600 });
  spawnSync(sesameBin, ['profiles', 'add', '--name', 'bench', '--host', HOST, '--knock', KNOCKS.join(','), '--delay', '0', '--service', 'ssh', '--port', String(PORT), '--user', LAB_USER, '--auth', 'key', '--key-file', sshd.keyPath], { env, stdio: 'inherit' });
  const mode = process.env.TRACE_MODE ?? 'strace';
  for (let i = 0; i < Number(process.env.TRACE_N ?? 3); i++) {
    await closeDoor();
    const t0 = performance.now();
    if (mode === 'strace') {
      spawnSync('strace', ['-f', '-tt', '-e', 'trace=execve,connect,sendto,openat,exit_group,clone3,clone,wait4', '-o', `/tmp/trace-${i}.txt`, process.execPath, 'out/cli/sesame.mjs', 'connect', 'bench', '--no-close', '--exec', 'echo x'], { env, stdio: 'inherit' });
    } else if (mode === 'prof') {
      spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/tmp/prof', 'out/cli/sesame.mjs', 'connect', 'bench', '--no-close', '--exec', 'echo x'], { env, stdio: 'inherit' });
    } else {
      spawnSync(process.execPath, ['out/cli/sesame.mjs', 'connect', 'bench', '--no-close', '--exec', 'echo x'], { env: { ...env, SESAME_TRACE: '1' }, stdio: 'inherit' });
    }
    console.log(`run ${i}: ${(performance.now() - t0).toFixed(1)} ms`);
    await delay(300);
  }
  await stopAll();
}
main().catch((e) => { console.error(e); process.exit(1); });
