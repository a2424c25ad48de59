import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `sesame` program as npm links it: builds out/cli first in a dev checkout when it is stale. */
export const sesameBin = fileURLToPath(new URL('../../bin/sesame.mjs', import.meta.url));
/** The built CLI itself (what bin/sesame.mjs and the packaged app's launchers run). */
export const builtCli = fileURLToPath(new URL('../../out/cli/sesame.mjs', import.meta.url));
export const builtCliDir = fileURLToPath(new URL('../../out/cli/', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SesameOptions {
  home: string;
  input?: string;
  env?: Record<string, string | undefined>;
  /** Node options before the program, e.g. `--import` a loader hook. */
  nodeArgs?: string[];
  /** Defaults to bin/sesame.mjs. */
  program?: string;
}

/** Runs the real `sesame` command line (argv array, no shell) with its own SESAME_HOME. */
export function sesame(args: string[], options: SesameOptions): Promise<CliResult> & { pid: () => number | undefined } {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.program ?? sesameBin, ...args], {
    env: { ...process.env, SESAME_HOME: options.home, LANG: 'C', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end(options.input ?? '');
  const done = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return Object.assign(done, { pid: () => child.pid });
}
