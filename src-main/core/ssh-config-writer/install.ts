import { lstat, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

/**
 * Sesame's block in an ssh_config file, between two marker lines (conda's
 * `# >>> conda initialize >>>` style, which users recognise). Everything
 * outside the markers is kept byte for byte: the file is handled as bytes
 * (latin1 maps each byte to one character and back), and only the lines from
 * the begin marker to the end marker are ever replaced.
 */
export const beginMarker = '# >>> sesame ssh-config >>>';
export const endMarker = '# <<< sesame ssh-config <<<';

export type InstallStatus = 'created' | 'updated' | 'unchanged' | 'removed' | 'absent';

export class SshConfigFileError extends Error {
  override readonly name = 'SshConfigFileError';
  constructor(
    readonly kind: 'symlink' | 'notFile' | 'markers' | 'changed',
    readonly file: string,
  ) {
    super(`${file}: ${kind}`);
  }
}

interface Line {
  start: number;
  /** Index after the line's end of line (or the end of the text). */
  end: number;
  text: string;
}

function lines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl + 1;
    out.push({ start, end, text: text.slice(start, end).replace(/\r?\n$/, '') });
    start = end;
  }
  return out;
}

/** Where a new block goes: before the first top-level `Host *` / `Match all`, whose values would otherwise win (first value obtained wins in ssh_config). */
function insertionPoint(all: Line[], text: string): number {
  const catchAll = all.find((line) => /^\s*(?:Host\s+\*\s*|Match\s+all\s*)(?:#.*)?$/i.test(line.text));
  return catchAll ? catchAll.start : text.length;
}

/**
 * The file's text with Sesame's block set to `block` (its lines, without
 * markers, LF line ends) or removed (`undefined`). The block takes the file's
 * own line ends (CRLF stays CRLF). Throws `markers` for a damaged block.
 */
export function spliceBlock(text: string, block: string | undefined, file = 'ssh config'): string {
  const all = lines(text);
  const begins = all.filter((l) => l.text.trimEnd() === beginMarker);
  const ends = all.filter((l) => l.text.trimEnd() === endMarker);
  if (begins.length > 1 || ends.length > 1 || begins.length !== ends.length || (begins[0] && ends[0] && ends[0].start < begins[0].start)) {
    throw new SshConfigFileError('markers', file);
  }
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const body = block === undefined ? '' : [beginMarker, ...block.split('\n'), endMarker].join(eol) + eol;
  const [begin, end] = [begins[0], ends[0]];
  if (begin && end) return text.slice(0, begin.start) + body + text.slice(end.end);
  if (block === undefined) return text;
  const at = insertionPoint(all, text);
  // Appending to a last line that has no line end: end that line first, or the marker would join it.
  const before = text.slice(0, at);
  const glue = before.length > 0 && !before.endsWith('\n') ? eol : '';
  return before + glue + body + text.slice(at);
}

export interface InstallResult {
  status: InstallStatus;
  backup?: string;
}

export const backupSuffix = '.sesame-backup';

/**
 * Writes (or removes) Sesame's block in `file`. Refuses a symbolic link or
 * anything but a regular file. Unchanged content is not written at all. Else
 * the previous bytes go to FILE.sesame-backup first, then the new text
 * replaces the file atomically (temp file in the same folder, fsync, rename)
 * with the file's own mode and owner (write-file-atomic keeps both). A new
 * file gets mode 600 in a .ssh folder of mode 700, which is what OpenSSH's
 * permission checks want.
 */
export async function installBlock(file: string, block: string | undefined): Promise<InstallResult> {
  const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (stat?.isSymbolicLink()) throw new SshConfigFileError('symlink', file);
  if (stat && !stat.isFile()) throw new SshConfigFileError('notFile', file);
  // The block as bytes-in-a-string too, so a profile name in Korean is written as UTF-8.
  const blockBytes = block === undefined ? undefined : Buffer.from(block, 'utf8').toString('latin1');
  if (!stat) {
    if (blockBytes === undefined) return { status: 'absent' };
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomic(file, Buffer.from(spliceBlock('', blockBytes, file), 'latin1'), { mode: 0o600 });
    return { status: 'created' };
  }
  const bytes = await readFile(file);
  const current = bytes.toString('latin1');
  const next = spliceBlock(current, blockBytes, file);
  if (next === current) return { status: block === undefined ? 'absent' : 'unchanged' };
  const backup = `${file}${backupSuffix}`;
  const backupStat = await lstat(backup).catch(() => undefined);
  if (backupStat?.isSymbolicLink() || (backupStat && !backupStat.isFile())) throw new SshConfigFileError('symlink', backup);
  await writeFileAtomic(backup, bytes, { mode: stat.mode & 0o777 });
  // Another writer (an editor, a second install) between our read and our rename: stop rather than lose its change.
  const again = await lstat(file);
  if (again.isSymbolicLink() || again.ino !== stat.ino || again.mtimeMs !== stat.mtimeMs || again.size !== stat.size) {
    throw new SshConfigFileError('changed', file);
  }
  await writeFileAtomic(file, Buffer.from(next, 'latin1'), { mode: stat.mode & 0o777 });
  return { status: block === undefined ? 'removed' : 'updated', backup };
}
