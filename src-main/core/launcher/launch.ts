import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { LaunchPlan } from './types';

/** `child_process.spawn`'s shape, injected so tests can observe (and refuse) every spawn. */
export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ClientExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The program's stderr (first 8 KiB), for hand-off programs whose plan captures it. */
  stderr?: string;
}

export interface LaunchedClient {
  child: ChildProcess;
  /**
   * Settles once the process really started ('spawn') or could not ('error':
   * ENOENT, EACCES…), so the caller can report a launch that never happened.
   */
  started: Promise<void>;
  /**
   * Settles when the spawned process ends. Meaningful for the session only when
   * `plan.tracksExit`; the orchestrator sends the close sequence on it then.
   */
  exited: Promise<ClientExit>;
}

/** How long an untracked launch keeps its resources (the askpass server expires on its own at the same time). */
export const untrackedGraceMs = 120_000;
const maxStderr = 8192;

/**
 * Spawns the plan: argv array, `shell: false`, no stdio ties to this process
 * (the client has its own window) except an inline client's, which shares the
 * caller's terminal, and a hand-off program's stderr, which is read. A spawn
 * error (ENOENT…) rejects `started` and `exited` and runs the cleanup. For a
 * tracked client the cleanup runs on exit; for an untracked one (wt.exe,
 * osascript) resources expire on their own timers.
 */
export function launch(plan: LaunchPlan, spawn: SpawnFn): LaunchedClient {
  const [command, ...args] = plan.argv;
  if (command === undefined) throw new Error('empty argv');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      shell: false,
      detached: plan.detached,
      stdio: plan.inline ? 'inherit' : plan.captureStderr ? ['ignore', 'ignore', 'pipe'] : 'ignore',
      env: plan.env,
      windowsHide: false,
    });
  } catch (error) {
    // A synchronous spawn failure (bad argv/env) must not leave secret files or an askpass server behind.
    void plan.cleanup().catch(() => undefined);
    throw error;
  }
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    if (stderr.length < maxStderr) stderr += chunk.slice(0, maxStderr - stderr.length);
  });
  // libuv starts the process synchronously: a pid means it runs; without one, the
  // 'error' that follows says why (ENOENT, EACCES) and 'spawn' never comes.
  const started =
    child.pid !== undefined
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          child.once('spawn', () => resolve());
          child.once('error', reject);
        });
  const exited = new Promise<ClientExit>((resolve, reject) => {
    child.once('error', (error) => {
      void plan.cleanup().catch(() => undefined);
      reject(error);
    });
    // 'close' (not 'exit'): after the exit, the captured stderr is complete.
    child.once(plan.captureStderr ? 'close' : 'exit', (code: number | null, signal: NodeJS.Signals | null) => {
      if (plan.tracksExit) void plan.cleanup().catch(() => undefined);
      resolve({ code, signal, ...(plan.captureStderr ? { stderr } : {}) });
    });
  });
  // Both are also awaited by their users; these keep an unobserved failure from being "unhandled".
  started.catch(() => undefined);
  exited.catch(() => undefined);
  // A detached client must outlive Sesame's event loop and even Sesame itself.
  if (plan.detached) child.unref();
  if (!plan.tracksExit) {
    // Its exit says nothing (wt.exe, osascript): whatever the plan holds — a launch script
    // Terminal never ran, an askpass server never asked — goes after a grace period.
    const timer = setTimeout(() => void plan.cleanup().catch(() => undefined), untrackedGraceMs);
    timer.unref();
  }
  plan.afterSpawn?.(child.pid);
  return { child, started, exited };
}

/** The plan's environment with credentials masked, for logs and diagnostics. */
export function redactedEnv(env: Record<string, string>): Record<string, string> {
  const hidden = ['SESAME_ASKPASS_TOKEN', 'LFTP_PASSWORD'];
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, hidden.includes(key) ? '***' : value]));
}
