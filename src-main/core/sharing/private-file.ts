import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file only its owner can read (0600), atomically: a new temp file in
 * the same folder (created exclusively, never through a symlink), fsynced,
 * then renamed over the target. An existing target is replaced, never written
 * in place: its old mode (0644) and links do not carry over, and a symlink at
 * the target is replaced itself rather than followed to whatever it points at.
 * Not write-file-atomic: it resolves symlinks and writes to their target.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  // O_NOFOLLOW is POSIX only; O_EXCL alone already refuses an existing name (a planted link included).
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(temp, flags, 0o600);
  try {
    try {
      // The umask can only narrow 0600; chmod makes sure nothing widened it.
      if (process.platform !== 'win32') await handle.chmod(0o600);
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
