#!/usr/bin/env node
// Runs a command inside a throwaway network namespace ("the lab") whose
// loopback is the only network the lab tests ever touch:
//
//   node test/lab/run-in-lab.mjs [--keyring] -- CMD [ARGS...]
//
// The namespace gets its own nftables ruleset and, through /etc/netns/NS/,
// its own hosts.allow / hosts.deny, so nothing on the host is changed.
// --keyring wraps CMD in a private D-Bus session with an unlocked
// gnome-keyring (Secret Service) whose data lives in the lab's work dir.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from './ensure-tools.mjs';

const PREFIX = 'sesame-lab-';
// ip, nft, knockd and sshd live in sbin, which a minimal PATH may lack; the lab and
// every fixture it starts inherit this PATH.
for (const dir of ['/usr/local/sbin', '/usr/sbin', '/sbin']) {
  if (!(process.env.PATH ?? '').split(':').includes(dir)) process.env.PATH = `${process.env.PATH ?? '/usr/bin:/bin'}:${dir}`;
}
// Throwaway keyring: it lives and dies with the work dir, so a fixed password is fine.
// It must not be empty: with an empty one no login collection is created.
const KEYRING_PASSWORD = 'sesame-lab-keyring';

function usage(message) {
  console.error(`run-in-lab: ${message}\nusage: node test/lab/run-in-lab.mjs [--keyring] -- CMD [ARGS...]`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const dashDash = argv.indexOf('--');
if (dashDash < 0 || dashDash === argv.length - 1) usage('missing -- CMD');
const flags = argv.slice(0, dashDash);
const command = argv.slice(dashDash + 1);
for (const flag of flags) if (flag !== '--keyring') usage(`unknown option ${flag}`);
const keyring = flags.includes('--keyring');

if (process.getuid?.() !== 0) {
  // Namespaces, nftables and binding sshd need root; keep the caller's env (PATH, npm cache).
  const sudo = spawnSync('sh', ['-c', 'command -v sudo'], { encoding: 'utf8' }).stdout.trim();
  if (!sudo) {
    console.error('run-in-lab: needs root (network namespaces, nftables, sshd) and sudo is not installed.');
    process.exit(1);
  }
  const result = spawnSync(sudo, ['-E', process.execPath, fileURLToPath(import.meta.url), ...argv], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

try {
  ensureTools({ install: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const ip = (...args) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** A lab belongs to a live run only while its creator pid still runs this script. */
function ownerAlive(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('run-in-lab');
  } catch {
    return false;
  }
}

function nsPids(ns) {
  try {
    return ip('netns', 'pids', ns).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function killNamespace(ns) {
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    for (const pid of nsPids(ns)) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 40 && nsPids(ns).length > 0; i++) sleep(50);
  }
}

function teardownLab(ns, dir) {
  killNamespace(ns);
  try {
    ip('netns', 'del', ns);
  } catch {
    // not created, or already gone
  }
  rmSync(join('/etc/netns', ns), { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function removeStaleLabs() {
  const names = new Set(ip('netns', 'list').split('\n').map((line) => line.split(' ')[0]).filter(Boolean));
  for (const entry of existsSync('/etc/netns') ? readdirSync('/etc/netns') : []) names.add(entry);
  for (const name of names) {
    const pid = name.startsWith(PREFIX) ? Number(name.slice(PREFIX.length)) : NaN;
    if (Number.isInteger(pid) && !ownerAlive(pid)) {
      console.error(`run-in-lab: removing stale ${name}`);
      teardownLab(name, null);
    }
  }
  for (const entry of readdirSync(tmpdir())) {
    const match = /^sesame-lab-(\d+)-/.exec(entry);
    if (match && !ownerAlive(Number(match[1]))) rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

removeStaleLabs();

const ns = `${PREFIX}${process.pid}`;
let dir = null;
let tornDown = false;
function teardown() {
  if (tornDown) return;
  tornDown = true;
  teardownLab(ns, dir);
}
// Last resort for anything that ends the process without reaching the normal path.
process.on('exit', teardown);

let child = null;
let exitCode = 1;
try {
  ip('netns', 'add', ns);
  ip('-n', ns, 'link', 'set', 'lo', 'up');
  mkdirSync(join('/etc/netns', ns), { recursive: true });
  // Own copies so setTcpWrappers() inside the lab never edits the host's files.
  const header = `# TCP wrappers for lab namespace ${ns} (bind-mounted over /etc by ip netns exec)\n`;
  writeFileSync(join('/etc/netns', ns, 'hosts.allow'), header);
  writeFileSync(join('/etc/netns', ns, 'hosts.deny'), header);
  // Lab host names, so profiles exercise name resolution (and the IPv4/IPv6 policy
  // on a name with both) without touching the machine's /etc/hosts.
  const hosts = existsSync('/etc/hosts') ? readFileSync('/etc/hosts', 'utf8') : '127.0.0.1 localhost\n';
  writeFileSync(
    join('/etc/netns', ns, 'hosts'),
    `${hosts}\n# lab names\n127.0.0.1 lab.sesame.test dual.sesame.test\n::1 lab6.sesame.test dual.sesame.test\n`,
  );
  dir = mkdtempSync(join(tmpdir(), `${ns}-`));
  mkdirSync(join(dir, 'home-ssh'), { mode: 0o700 });

  // HOME from the password database: that is where OpenSSH looks for ~/.ssh whatever
  // $HOME says, so the bind mount below must cover exactly that folder.
  const env = { ...process.env, HOME: userInfo().homedir, SESAME_LAB: '1', SESAME_LAB_NS: ns, SESAME_LAB_DIR: dir };
  // The lab gets its own ~/.ssh (known_hosts of throwaway host keys, client
  // config): a bind mount inside the lab's private mount namespace, invisible
  // to the machine.
  let wrapped = ['sh', '-c', 'mkdir -p "$HOME/.ssh" && mount --bind "$SESAME_LAB_DIR/home-ssh" "$HOME/.ssh" && exec "$@"', 'sh', ...command];
  if (keyring) {
    // gnome-keyring keeps its keyrings under XDG_DATA_HOME: point it into the
    // work dir so the host user's real login keyring is never read or changed.
    mkdirSync(join(dir, 'keyring-data'), { recursive: true });
    mkdirSync(join(dir, 'keyring-run'), { recursive: true, mode: 0o700 });
    Object.assign(env, { SESAME_LAB_KEYRING: '1', SESAME_LAB_KEYRING_PASSWORD: KEYRING_PASSWORD });
    const script =
      'printf %s "$SESAME_LAB_KEYRING_PASSWORD" | ' +
      'XDG_DATA_HOME="$SESAME_LAB_DIR/keyring-data" XDG_RUNTIME_DIR="$SESAME_LAB_DIR/keyring-run" ' +
      'gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
    wrapped = ['dbus-run-session', '--', 'sh', '-c', script, 'sh', ...wrapped];
  }

  child = spawn('ip', ['netns', 'exec', ns, ...wrapped], { stdio: 'inherit', env });
  const forward = (signal) => {
    // The child usually got the signal from the terminal already; this covers
    // `kill`, and a second signal means "stop waiting".
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    else process.exit(130);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  exitCode = await new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`run-in-lab: cannot start ${command[0]}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => {
      const signals = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (signals[signal] ?? 1));
    });
  });
} catch (error) {
  console.error(`run-in-lab: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  teardown();
}
process.exit(exitCode);
