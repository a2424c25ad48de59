import { cliText } from './messages';

/** The error codes of Node's file system calls that the CLI words itself (cli.*.json "system"). */
const worded = ['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'EEXIST', 'ENOSPC', 'EROFS', 'ELOOP', 'EMFILE', 'ENAMETOOLONG', 'EBUSY'] as const;
type Worded = (typeof worded)[number];

const isWorded = (code: unknown): code is Worded => typeof code === 'string' && (worded as readonly string[]).includes(code);

/**
 * Why a file could not be read or written, in the terminal's language, with
 * the code kept for searching ("no such file or folder (ENOENT)"). Node's own
 * message ("ENOENT: no such file or directory, open '…'") is English only, so
 * it is used just for codes the table does not know.
 */
export function fileReason(error: unknown, env: NodeJS.ProcessEnv): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (isWorded(code)) return `${cliText(env)(`system.${code}`)} (${code})`;
  return (error as Error)?.message ?? String(error);
}

/** A file system error as one line ("PATH: reason (CODE)"), or undefined for any other error. */
export function fileErrorLine(error: unknown, env: NodeJS.ProcessEnv): string | undefined {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  if (!isWorded(code)) return undefined;
  return typeof path === 'string' ? `${path}: ${fileReason(error, env)}` : fileReason(error, env);
}
