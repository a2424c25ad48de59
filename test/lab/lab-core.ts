// The lab's shared machinery: where the lab is, child daemons and their teardown, listening checks, TCP wrappers.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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

export const isV6 = (family: LabFamily): boolean => family === 6 || family === 'ip6' || family === 'IPv6';

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

/** Registers how to stop a fixture; stopAll() runs them in reverse order. */
export function onStop(stop: Stopper): void {
  stoppers.push(stop);
}
const children = new Set<ChildProcess>();
let wrappersTouched = false;
let instanceCounter = 0;

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

/** Unique per test worker, since several test files share one lab dir. */
export function instanceName(kind: string): string {
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

export function tail(path: string, lines = 20): string {
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
export async function startDaemon(
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

/** True when something listens on TCP `port` (read from /proc, which is per namespace; `pid`: in that process's namespace). */
export function isListening(port: number, family?: LabFamily, pid?: number): boolean {
  const files = family === undefined ? ['tcp', 'tcp6'] : [isV6(family) ? 'tcp6' : 'tcp'];
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return files.some((file) => {
    const lines = readFileSync(`/proc/${pid ?? 'self'}/net/${file}`, 'utf8').split('\n').slice(1);
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

