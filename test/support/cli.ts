import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/sesame.mjs', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `sesame` command line (argv array, no shell) with its own SESAME_HOME. */
export function sesame(args: string[], options: { home: string; input?: string; env?: Record<string, string> }): Promise<CliResult> & { pid: () => number | undefined } {
  const child = spawn(process.execPath, [bin, ...args], {
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
