/**
 * Fixtures for lab tests: real nftables, knockd, sshd, vsftpd and TCP wrappers
 * inside the network namespace that test/lab/run-in-lab.mjs creates. Every
 * daemon here listens on, and every rule matches, the namespace's loopback only.
 *
 * Tests register `afterAll(stopAll)`; children are also killed on process exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** The throwaway account sshd and vsftpd authenticate against. */
export const LAB_USER = 'sesame-lab';
export const LAB_USER_HOME = '/home/sesame-lab';
/** Known password for LAB_USER (set with chpasswd on every start, so it is always this). */
export const LAB_USER_PASSWORD = 'sesame-lab-password-1';
/** Passphrase of the second client key that startSshd() generates. */
export const LAB_KEY_PASSPHRASE = 'sesame-lab-key-passphrase';

/** Address family as tests tend to spell it: Node's 4/6, nft's ip/ip6 or socket's IPv4/IPv6. */
export type LabFamily = 4 | 6 | 'ip' | 'ip6' | 'IPv4' | 'IPv6';

const isV6 = (family: LabFamily): boolean => family === 6 || family === 'ip6' || family === 'IPv6';

export interface LabInfo {
  ns: string;
  dir: string;
}

export function requireLab(): LabInfo {
  const { SESAME_LAB, SESAME_LAB_NS, SESAME_LAB_DIR } = process.env;
  if (SESAME_LAB !== '1' || !SESAME_LAB_NS || !SESAME_LAB_DIR) {
    throw new Error(
      'Lab tests need the lab network namespace: run through test/lab/run-in-lab.mjs, e.g. ' +
        '`node test/lab/run-in-lab.mjs --keyring -- npx vitest run --project lab`',
    );
  }
  return { ns: SESAME_LAB_NS, dir: SESAME_LAB_DIR };
}

// ---------------------------------------------------------------- processes

type Stopper = () => Promise<void>;
const stoppers: Stopper[] = [];
const children = new Set<ChildProcess>();
let wrappersTouched = false;
let instanceCounter = 0;

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Unique per test worker, since several test files share one lab dir. */
function instanceName(kind: string): string {
  instanceCounter += 1;
  return `${kind}-${process.pid}-${instanceCounter}`;
}

/** Runs a command (argv, no shell); rejects with its stderr on failure. */
export function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
    });
    // A command that exits without reading its input must not fail the caller with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

function tail(path: string, lines = 20): string {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

interface Daemon {
  child: ChildProcess;
  stderrPath: string;
  stop: () => Promise<void>;
}

/**
 * Spawns a foreground daemon with stdout/stderr in files under the lab dir and
 * waits until `ready()` holds. An early exit is reported with its stderr tail,
 * which is nearly always the config error that caused it.
 */
async function startDaemon(
  name: string,
  command: string,
  args: string[],
  ready: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<Daemon> {
  const { dir } = requireLab();
  const stdoutPath = join(dir, `${name}.out`);
  const stderrPath = join(dir, `${name}.err`);
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');
  const child = spawn(command, args, { stdio: ['ignore', out, err] });
  closeSync(out);
  closeSync(err);
  children.add(child);
  let spawnError: Error | undefined;
  child.on('error', (error) => (spawnError = error));
  child.on('exit', () => children.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${name} (${command}) exited early (${spawnError?.message ?? child.exitCode ?? child.signalCode}):\n` +
          `${tail(stderrPath)}\n${tail(stdoutPath)}`,
      );
    }
    if (await ready()) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} not ready after ${timeoutMs} ms:\n${tail(stderrPath)}`);
    }
    await delay(25);
  }
  return { child, stderrPath, stop };
}

/** Stops everything this module started (reverse order) and resets TCP wrappers. */
export async function stopAll(): Promise<void> {
  const errors: unknown[] = [];
  while (stoppers.length > 0) {
    try {
      await stoppers.pop()?.();
    } catch (error) {
      errors.push(error);
    }
  }
  if (wrappersTouched) resetTcpWrappers();
  if (errors.length > 0) throw new AggregateError(errors, 'stopAll: some lab fixtures failed to stop');
}

// ---------------------------------------------------------------- listening

/** True when something listens on TCP `port` (read from /proc, which is per namespace). */
export function isListening(port: number, family?: LabFamily): boolean {
  const files = family === undefined ? ['tcp', 'tcp6'] : [isV6(family) ? 'tcp6' : 'tcp'];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return files.some((file) => {
    const lines = readFileSync(`/proc/net/${file}`, 'utf8').split('\n').slice(1);
    // Fields: sl local_address rem_address st ...; st 0A is LISTEN.
    return lines.some((line) => {
      const [, local, , state] = line.trim().split(/\s+/);
      return state === '0A' && local?.endsWith(`:${hexPort}`);
    });
  });
}

/**
 * Waits until TCP `port` is in LISTEN state. Deliberately not a connect probe:
 * when the lab firewall drops the port a connect would just time out.
 */
export async function waitForListen(port: number, family?: LabFamily, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isListening(port, family)) {
    if (Date.now() > deadline) throw new Error(`nothing listens on tcp port ${port} after ${timeoutMs} ms`);
    await delay(25);
  }
}

// ---------------------------------------------------------------- firewall

export interface FirewallOptions {
  table?: string;
  dropTcp: number[];
  dropUdp?: number[];
}

export interface Firewall {
  table: string;
  /** Shell command for a knockd door (`%IP%` is filled in by knockd) that opens `port` to the knocker. */
  insertAcceptCommand(port: number, family?: LabFamily, proto?: 'tcp' | 'udp'): string;
  /** Shell command that deletes every accept rule for `port` again (e.g. a door's stop_command). */
  closeCommand(port: number): string;
  listRules(): Promise<string>;
  stop(): Promise<void>;
}

export async function startFirewall({ table = 'sesame_lab', dropTcp, dropUdp = [] }: FirewallOptions): Promise<Firewall> {
  requireLab();
  const drops = [
    ...dropTcp.map((port) => `    tcp dport ${port} drop`),
    ...dropUdp.map((port) => `    udp dport ${port} drop`),
  ];
  // "table {}; delete table" first makes the load idempotent: a table left by
  // an earlier test file in the same lab is replaced atomically.
  const ruleset = [
    `table inet ${table} {}`,
    `delete table inet ${table}`,
    `table inet ${table} {`,
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    ...drops,
    '  }',
    '}',
    '',
  ].join('\n');
  await run('nft', ['-f', '-'], ruleset);

  const stop = async (): Promise<void> => {
    await run('nft', ['delete', 'table', 'inet', table]).catch(() => undefined);
  };
  stoppers.push(stop);
  return {
    table,
    // insert, not add: an appended accept lands after the drop and never matches
    // (the nft twin of `iptables -A` vs `-I`, a failure class Sesame diagnoses).
    insertAcceptCommand: (port, family = 4, proto = 'tcp') =>
      `nft insert rule inet ${table} input ${isV6(family) ? 'ip6' : 'ip'} saddr %IP% ${proto} dport ${port} accept`,
    // knockd runs door commands through /bin/sh, so a pipeline is fine here.
    closeCommand: (port) =>
      // awk, not sed: a knockd.conf value must not contain "]" (see knockdConf), and the handle is the last field.
      `nft -a list chain inet ${table} input | awk '/ dport ${port} accept / {print $NF}' | ` +
      `xargs -r -n1 nft delete rule inet ${table} input handle`,
    listRules: () => run('nft', ['-a', 'list', 'table', 'inet', table]),
    stop,
  };
}

// ---------------------------------------------------------------- knockd

export interface KnockDoor {
  name: string;
  /** knockd syntax, e.g. '7000,8000:udp,9000'. */
  sequence: string;
  seqTimeout?: number;
  tcpflags?: string;
  command?: string;
  startCommand?: string;
  stopCommand?: string;
  cmdTimeout?: number;
}

export interface Knockd {
  confPath: string;
  logPath: string;
  log(): Promise<string>;
  /** The "Stage N" lines, optionally for one door only. */
  stageLines(door?: string): Promise<string[]>;
  /** How many times a door (or any door) opened. */
  openCount(door?: string): Promise<number>;
  stop(): Promise<void>;
}

function knockdConf(logPath: string, doors: KnockDoor[]): string {
  const lines = ['[options]', `  LogFile = ${logPath}`, ''];
  for (const door of doors) {
    const fields: [string, string | number | undefined][] = [
      ['sequence', door.sequence],
      ['seq_timeout', door.seqTimeout],
      ['tcpflags', door.tcpflags],
      ['command', door.command],
      ['start_command', door.startCommand],
      ['stop_command', door.stopCommand],
      ['cmd_timeout', door.cmdTimeout],
    ];
    lines.push(`[${door.name}]`);
    for (const [key, value] of fields) {
      if (value === undefined) continue;
      if (/[\n\]]/.test(`${door.name}${value}`)) throw new Error(`knockd door ${door.name}: bad ${key}`);
      lines.push(`  ${key} = ${value}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export async function startKnockd({ doors, iface = 'lo' }: { doors: KnockDoor[]; iface?: string }): Promise<Knockd> {
  const { dir } = requireLab();
  const name = instanceName('knockd');
  const confPath = join(dir, `${name}.conf`);
  const logPath = join(dir, `${name}.log`);
  // No UseSyslog line: in knockd 0.8 it is a bare flag (a value is a syntax
  // error), and without it LogFile alone is used.
  await writeFile(confPath, knockdConf(logPath, doors));
  const log = async (): Promise<string> => readFile(logPath, 'utf8').catch(() => '');
  // knockd 0.8 logs "starting up, listening on IFACE" once pcap is open; knocks
  // sent earlier are simply not seen, so tests must wait for this line.
  const daemon = await startDaemon(
    name,
    'knockd',
    ['-i', iface, '-c', confPath, '-p', join(dir, `${name}.pid`), '-v'],
    async () => (await log()).includes(`listening on ${iface}`),
  );
  stoppers.push(daemon.stop);
  const doorLines = async (door: string | undefined, what: string): Promise<string[]> => {
    const pattern = new RegExp(`: ${door === undefined ? '[^:]+' : escapeRegExp(door)}: ${what}`);
    return (await log()).split('\n').filter((line) => pattern.test(line));
  };
  return {
    confPath,
    logPath,
    log,
    stageLines: (door) => doorLines(door, 'Stage \\d+'),
    openCount: async (door) => (await doorLines(door, 'OPEN SESAME')).length,
    stop: daemon.stop,
  };
}

// ---------------------------------------------------------------- lab user

let userReady = false;

/** Creates LAB_USER once per machine and (re)sets its known password. */
export async function ensureLabUser(): Promise<void> {
  if (userReady) return;
  const exists = await run('id', ['-u', LAB_USER]).then(
    () => true,
    () => false,
  );
  if (!exists) await run('useradd', ['-m', '-d', LAB_USER_HOME, '-s', '/bin/bash', LAB_USER]);
  await run('chpasswd', [], `${LAB_USER}:${LAB_USER_PASSWORD}\n`);
  userReady = true;
}

// ---------------------------------------------------------------- sshd

export interface Sshd {
  port: number;
  user: string;
  password: string;
  keyPath: string;
  keyWithPassphrasePath: string;
  keyPassphrase: string;
  hostKeyPubPath: string;
  /** A known_hosts line for this server under `hostAlias` (bracketed with the port unless 22). */
  knownHostsLine(hostAlias: string): string;
  stderrPath: string;
  stop(): Promise<void>;
}

/**
 * Rewrites the lab user's authorized_keys: keeps foreign lines and keys of
 * labs whose namespace still exists, drops keys left by crashed labs.
 */
async function updateAuthorizedKeys(add: string[], remove?: { ns: string; name: string }): Promise<void> {
  const sshDir = join(LAB_USER_HOME, '.ssh');
  const file = join(sshDir, 'authorized_keys');
  await mkdir(sshDir, { recursive: true, mode: 0o700 });
  const current = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  const keep = current.filter((line) => {
    const tag = / sesame-lab:([^:\s]+):(\S+?)(?:-pass)?$/.exec(line);
    if (!tag) return true;
    const mine = remove !== undefined && tag[1] === remove.ns && tag[2] === remove.name;
    return existsSync(`/run/netns/${tag[1]}`) && !mine;
  });
  await writeFile(file, [...keep, ...add].map((line) => `${line}\n`).join(''), { mode: 0o600 });
  // sshd reads authorized_keys as the user, so the user must own it.
  const uid = Number(await run('id', ['-u', LAB_USER]));
  const gid = Number(await run('id', ['-g', LAB_USER]));
  await chown(sshDir, uid, gid);
  await chmod(sshDir, 0o700);
  await chown(file, uid, gid);
  await chmod(file, 0o600);
}

export async function startSshd({ port, listen = ['127.0.0.1'] }: { port: number; listen?: string[] }): Promise<Sshd> {
  const { ns, dir } = requireLab();
  await ensureLabUser();
  const name = instanceName('sshd');
  const hostKey = join(dir, `${name}-host`);
  const keyPath = join(dir, `${name}-client`);
  const keyWithPassphrasePath = join(dir, `${name}-client-pass`);
  const tag = `sesame-lab:${ns}:${name}`;
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `sesame-lab-host-${name}`, '-f', hostKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', tag, '-f', keyPath]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', LAB_KEY_PASSPHRASE, '-C', `${tag}-pass`, '-f', keyWithPassphrasePath]);
  const pubKeys = await Promise.all([keyPath, keyWithPassphrasePath].map((key) => readFile(`${key}.pub`, 'utf8')));
  await updateAuthorizedKeys(pubKeys.map((key) => key.trim()));
  // sshd refuses to start without its privilege-separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const options = [
    `HostKey=${hostKey}`,
    `Port=${port}`, // must precede ListenAddress, which takes its port from it
    ...listen.map((address) => `ListenAddress=${address}`),
    `PidFile=${join(dir, `${name}.pid`)}`,
    // UsePAM=no: Debian's sshd then checks the password against /etc/shadow
    // itself, which works (verified) and keeps PAM session modules out of the lab.
    'PasswordAuthentication=yes',
    'KbdInteractiveAuthentication=no',
    'PubkeyAuthentication=yes',
    'UsePAM=no',
    'StrictModes=no',
    'AuthorizedKeysFile=.ssh/authorized_keys',
    'PermitRootLogin=no',
    'LogLevel=VERBOSE',
  ];
  // -f /dev/null: ignore the machine's sshd_config entirely; -e: log to stderr.
  const daemon = await startDaemon(
    name,
    '/usr/sbin/sshd',
    ['-D', '-e', '-f', '/dev/null', ...options.flatMap((option) => ['-o', option])],
    () => listen.every((address) => isListening(port, address.includes(':') ? 6 : 4)),
  );
  const stop = async (): Promise<void> => {
    await daemon.stop();
    await updateAuthorizedKeys([], { ns, name }).catch(() => undefined);
  };
  stoppers.push(stop);
  const hostKeyPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return {
    port,
    user: LAB_USER,
    password: LAB_USER_PASSWORD,
    keyPath,
    keyWithPassphrasePath,
    keyPassphrase: LAB_KEY_PASSPHRASE,
    hostKeyPubPath: `${hostKey}.pub`,
    knownHostsLine: (hostAlias) => `${port === 22 ? hostAlias : `[${hostAlias}]:${port}`} ${hostKeyPub}`,
    stderrPath: daemon.stderrPath,
    stop,
  };
}

// ---------------------------------------------------------------- vsftpd

export interface VsftpdOptions {
  port: number;
  listen?: string;
  pasvMin?: number;
  pasvMax?: number;
}

export interface Vsftpd {
  port: number;
  pasvMin: number;
  pasvMax: number;
  user: string;
  password: string;
  logPath: string;
  stop(): Promise<void>;
}

export async function startVsftpd({ port, listen = '127.0.0.1', pasvMin = 30000, pasvMax = 30009 }: VsftpdOptions): Promise<Vsftpd> {
  const { dir } = requireLab();
  await ensureLabUser();
  const name = instanceName('vsftpd');
  const emptyDir = join(dir, `${name}-empty`);
  await mkdir(emptyDir, { recursive: true, mode: 0o755 });
  const helloPath = join(LAB_USER_HOME, 'hello.txt');
  await writeFile(helloPath, 'hello from the sesame lab\n');
  await chown(helloPath, Number(await run('id', ['-u', LAB_USER])), Number(await run('id', ['-g', LAB_USER])));
  const v6 = listen.includes(':');
  const logPath = join(dir, `${name}.log`);
  const confPath = join(dir, `${name}.conf`);
  const conf = [
    // vsftpd's standalone mode listens on one family: listen= for IPv4, listen_ipv6= for IPv6.
    `listen=${v6 ? 'NO' : 'YES'}`,
    `listen_ipv6=${v6 ? 'YES' : 'NO'}`,
    `${v6 ? 'listen_address6' : 'listen_address'}=${listen}`,
    `listen_port=${port}`,
    'background=NO',
    'anonymous_enable=NO',
    'local_enable=YES',
    'write_enable=NO',
    'pasv_enable=YES',
    `pasv_min_port=${pasvMin}`,
    `pasv_max_port=${pasvMax}`,
    'pasv_address=127.0.0.1',
    // vsftpd 3.0.3's seccomp filter predates newer glibc syscalls and can kill
    // sessions with "500 OOPS"; the lab gains nothing from it.
    'seccomp_sandbox=NO',
    `secure_chroot_dir=${emptyDir}`,
    'tcp_wrappers=YES',
    // Debian's /etc/pam.d/vsftpd only denies /etc/ftpusers and requires a shell
    // from /etc/shells; LAB_USER passes both.
    'pam_service_name=vsftpd',
    'xferlog_enable=YES',
    'xferlog_std_format=NO',
    'log_ftp_protocol=YES',
    `vsftpd_log_file=${logPath}`,
    '',
  ].join('\n');
  await writeFile(confPath, conf);
  const daemon = await startDaemon(name, '/usr/sbin/vsftpd', [confPath], () => isListening(port, v6 ? 6 : 4));
  stoppers.push(daemon.stop);
  return { port, pasvMin, pasvMax, user: LAB_USER, password: LAB_USER_PASSWORD, logPath, stop: daemon.stop };
}

// ---------------------------------------------------------------- TCP wrappers

const WRAPPER_HEADER = '# sesame lab TCP wrappers (written by test/lab/lab.ts)\n';

/**
 * Refuses to write unless /etc/hosts.{allow,deny} are the namespace's own
 * copies (bind mounts of /etc/netns/NS/*): never touch the host's files.
 */
function labWrapperPath(file: 'hosts.allow' | 'hosts.deny'): string {
  const { ns } = requireLab();
  const path = `/etc/${file}`;
  const own = statSync(join('/etc/netns', ns, file));
  const seen = statSync(path);
  if (own.ino !== seen.ino || own.dev !== seen.dev) {
    throw new Error(`${path} is not the lab's copy (/etc/netns/${ns}/${file}); refusing to edit it`);
  }
  return path;
}

/**
 * Sets hosts.allow / hosts.deny (libwrap rereads them per connection). Written
 * in place with truncate: a rename would replace the bind mount's target.
 */
export function setTcpWrappers({ allow = '', deny = '' }: { allow?: string; deny?: string }): void {
  wrappersTouched = true;
  writeFileSync(labWrapperPath('hosts.allow'), `${WRAPPER_HEADER}${allow}\n`);
  writeFileSync(labWrapperPath('hosts.deny'), `${WRAPPER_HEADER}${deny}\n`);
}

export function resetTcpWrappers(): void {
  setTcpWrappers({});
  wrappersTouched = false;
}
