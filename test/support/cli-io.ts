import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src-main/cli/io';

/** A CliIo over memory: what the command printed, and stdin fed with `input` (a terminal when `tty`). */
export function memoryIo(options: { tty?: boolean; input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const stdin = new PassThrough();
  if (options.input !== undefined) stdin.end(options.input);
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), stdin, stdinIsTTY: options.tty ?? false, env: options.env ?? {} };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
