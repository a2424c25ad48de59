import type { Options as WriteOptions } from 'write-file-atomic';
import type { LockOptions } from 'proper-lockfile';

/**
 * write-file-atomic and proper-lockfile, loaded on their first use. Both are
 * CommonJS packages that pull graceful-fs (which patches fs), signal-exit and
 * several Node built-ins (stream, assert, worker_threads) at import: tens of
 * milliseconds of a `sesame connect` that only reads its files, and they are
 * only needed when something is written or locked.
 */
const loadAtomic = () => import('write-file-atomic');
const loadLockfile = () => import('proper-lockfile');
let atomic: ReturnType<typeof loadAtomic> | undefined;
let lockfile: ReturnType<typeof loadLockfile> | undefined;

/** write-file-atomic: a temp file in the same folder, (fsync,) rename. */
export async function writeFileAtomically(path: string, data: string, options: WriteOptions): Promise<void> {
  const { default: write } = await (atomic ??= loadAtomic());
  await write(path, data, options);
}

/** proper-lockfile's lock; resolves with the release function. */
export async function lockPath(path: string, options: LockOptions): Promise<() => Promise<void>> {
  // A CommonJS module: `default` is its module.exports under Node and in the bundle alike (the bundle has no named exports for it).
  const { default: proper } = await (lockfile ??= loadLockfile());
  return proper.lock(path, options);
}
