import type { ChildProcess, SpawnOptions } from 'node:child_process';
import type { LaunchPlan } from './types';

/** `child_process.spawn`'s shape, injected so tests can observe (and refuse) every spawn. */
export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface LaunchedClient {
  child: ChildProcess;
  /**
   * Settles when the spawned process ends. Meaningful for the session only when
   * `plan.tracksExit`; the orchestrator sends the close sequence on it then.
   */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns the plan: argv array, `shell: false`, no stdio ties to this process
 * (the client has its own window). A spawn error (ENOENT…) rejects `exited`
 * and runs the cleanup. For a tracked client the cleanup runs on exit; for an
 * untracked one (wt.exe, osascript) resources expire on their own timers.
 */
/** How long an untracked launch keeps its resources (the askpass server expires on its own at the same time). */
export const untrackedGraceMs = 120_000;

export function launch(plan: LaunchPlan, spawn: SpawnFn): LaunchedClient {
  const [command, ...args] = plan.argv;
  if (command === undefined) throw new Error('empty argv');
  let child: ChildProcess;
  try {
    child = spawn(command, args, {
      shell: false,
      detached: plan.detached,
      // An inline client (the CLI's own terminal) talks to the user directly.
      stdio: plan.inline ? 'inherit' : 'ignore',
      env: plan.env,
      windowsHide: false,
    });
  } catch (error) {
    // A synchronous spawn failure (bad argv/env) must not leave secret files or an askpass server behind.
    void plan.cleanup().catch(() => undefined);
    throw error;
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error) => {
      void plan.cleanup().catch(() => undefined);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      if (plan.tracksExit) void plan.cleanup().catch(() => undefined);
      resolve({ code, signal });
    });
  });
  // A detached client must outlive Sesame's event loop and even Sesame itself.
  if (plan.detached) child.unref();
  if (!plan.tracksExit) {
    // Its exit says nothing (wt.exe, osascript): whatever the plan holds — a launch script
    // Terminal never ran, an askpass server never asked — goes after a grace period.
    const timer = setTimeout(() => void plan.cleanup().catch(() => undefined), untrackedGraceMs);
    timer.unref();
  }
  plan.afterSpawn?.(child.pid);
  return { child, exited };
}

/** The plan's environment with credentials masked, for logs and diagnostics. */
export function redactedEnv(env: Record<string, string>): Record<string, string> {
  const hidden = ['SESAME_ASKPASS_TOKEN', 'LFTP_PASSWORD'];
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, hidden.includes(key) ? '***' : value]));
}
