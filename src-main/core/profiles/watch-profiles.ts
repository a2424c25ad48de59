import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { ProfileStore } from './profile-store';

/**
 * Notices changes to the profiles file, including other processes' (the
 * `sesame` CLI, a sync tool), and reports the file's revision after each burst.
 * The folder is watched, not the file: every write replaces the file by a
 * rename, which ends a watch on the old inode. The caller tells its own
 * writes from others' by revision. Returns the function that stops watching.
 */
export function watchProfiles(store: ProfileStore, onChange: (revision: number) => void, debounceMs = 150): () => void {
  const name = basename(store.filePath);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const check = async (): Promise<void> => {
    try {
      const { revision } = await store.read();
      if (!closed) onChange(revision);
    } catch {
      // Unreadable mid-change or corrupt: the store reports that on the next real read.
    }
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(store.filePath), { persistent: false }, (_event, file) => {
      if (file !== null && file !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void check(), debounceMs);
    });
    watcher.on('error', () => undefined);
  } catch {
    // The folder does not exist yet (first run): until it does, changes come only from this process.
  }
  return () => {
    closed = true;
    clearTimeout(timer);
    watcher?.close();
  };
}
