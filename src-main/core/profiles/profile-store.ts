import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { contractError } from '../../contract/errors';
import { profileSchema } from '../../contract/features/profiles';
import {
  DocumentError,
  builtInMigrations,
  emptyDocument,
  parseDocument,
  serializeDocument,
  type Migration,
  type ProfileDocument,
} from './document';

export interface RecoveryNotice {
  message: string;
  backupPath?: string;
}

export interface ProfileStoreDeps {
  filePath: string;
  now: () => number;
  migrations?: ReadonlyMap<number, Migration>;
  /** Told when the file had to be backed up and repaired; the UI/CLI must show it. */
  onRecovered?: (notice: RecoveryNotice) => void;
  /** Lock timing. A writer killed mid-write leaves its lock behind; others take it over after `staleMs`. */
  lock?: { staleMs?: number; retryForMs?: number };
}

/**
 * The profiles document on disk. Readers need no lock (writes are atomic
 * renames, so a reader sees the old or the new file); writers hold a
 * cross-process lock around read → change → write, so the app and the CLI
 * writing at once lose no update.
 *
 * Returned documents are shared with the cache: treat them as read-only, and
 * in `update` replace profile objects rather than mutating them.
 */
export interface ProfileStore {
  readonly filePath: string;
  read(): Promise<ProfileDocument>;
  /** Runs `change` on the freshest document under the lock and writes the result (unless it returns `{ skipWrite: true }`). */
  update<T>(change: (doc: ProfileDocument) => T | Promise<T>): Promise<{ value: T; doc: ProfileDocument }>;
}

// Profiles already validated (loaded from the file or written by us). Writes
// validate only the others, so saving one edit among 5,000 is not 5,000 parses.
const validated = new WeakSet<object>();

/**
 * For callers that assembled a profile from fields the contract's schemas have
 * just validated (an import's candidates) plus bookkeeping they set themselves:
 * the write then skips a second parse of each of them (5,000 imports would
 * otherwise be validated twice).
 */
export function trustValidated<T extends object>(profile: T): T {
  validated.add(profile);
  return profile;
}

interface CacheEntry {
  key: string;
  doc: ProfileDocument;
}

export function createProfileStore(deps: ProfileStoreDeps): ProfileStore {
  const { filePath } = deps;
  const migrations = deps.migrations ?? builtInMigrations;
  const staleMs = Math.max(deps.lock?.staleMs ?? 5000, 2000);
  const retryForMs = deps.lock?.retryForMs ?? staleMs * 2 + 2000;
  let cache: CacheEntry | undefined;
  // Serialises this process's own writers; the file lock serialises processes.
  let queue: Promise<unknown> = Promise.resolve();

  async function loadUnlocked(): Promise<{ doc: ProfileDocument; needsRepair?: RepairReason }> {
    let info;
    try {
      info = await stat(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { doc: emptyDocument() };
      throw unreadable(filePath, error);
    }
    // A rename gives the file a new inode, so ino+size+mtime changes on every write.
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (cache?.key === key) return { doc: cache.doc };
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      throw unreadable(filePath, error);
    }
    try {
      const parsed = parseDocument(text, migrations);
      if (parsed.dropped.length > 0) return { doc: parsed.doc, needsRepair: { kind: 'dropped', dropped: parsed.dropped } };
      if (parsed.migratedFrom !== undefined) return { doc: parsed.doc, needsRepair: { kind: 'migrated', from: parsed.migratedFrom } };
      for (const p of parsed.doc.profiles) validated.add(p);
      cache = { key, doc: parsed.doc };
      return { doc: parsed.doc };
    } catch (error) {
      if (error instanceof DocumentError && error.kind === 'corrupt') {
        return { doc: emptyDocument(), needsRepair: { kind: 'corrupt', problem: error.message } };
      }
      if (error instanceof DocumentError) {
        // A newer Sesame's file: never touch it, never "repair" it.
        throw contractError('CONFLICT', `The profiles file ${filePath} ${error.message}.`);
      }
      throw error;
    }
  }

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
      let release: () => Promise<void>;
      try {
        release = await lockfile.lock(filePath, {
          realpath: false,
          lockfilePath: `${filePath}.lock`,
          stale: staleMs,
          retries: { retries: Math.ceil(retryForMs / 50), factor: 1, minTimeout: 20, maxTimeout: 50, randomize: true },
          // The default throws from a timer, which would take the whole app down; a lock
          // only gets compromised after a > staleMs stall, and our write is already atomic.
          onCompromised: () => {},
        });
      } catch (error) {
        throw contractError(
          'CONFLICT',
          `The profiles file ${filePath} is locked by another Sesame process (${(error as Error).message}); try again.`,
        );
      }
      try {
        return await fn();
      } finally {
        await release().catch(() => {});
      }
    });
    queue = run.catch(() => {});
    return run;
  }

  async function write(doc: ProfileDocument): Promise<void> {
    const ids = new Set<string>();
    for (const profile of doc.profiles) {
      if (!validated.has(profile)) {
        profileSchema.parse(profile);
        validated.add(profile);
      }
      if (ids.has(profile.id)) throw new Error(`duplicate profile id ${profile.id}`);
      ids.add(profile.id);
    }
    const text = serializeDocument(doc);
    // write-file-atomic: temp file in the same folder, fsync, rename.
    await writeFileAtomic(filePath, text, { mode: 0o600, fsync: true });
    await fsyncDir(dirname(filePath));
    const info = await stat(filePath);
    cache = { key: `${info.ino}:${info.size}:${info.mtimeMs}`, doc };
  }

  async function repair(doc: ProfileDocument, reason: RepairReason): Promise<ProfileDocument> {
    const backupPath = await backup(filePath, reason.kind === 'migrated' ? `v${reason.from}` : 'corrupt', deps.now());
    await write({ ...doc, revision: doc.revision + 1 });
    const message =
      reason.kind === 'corrupt'
        ? `The profiles file could not be read (${reason.problem}). It was kept as ${backupPath} and Sesame started with an empty list.`
        : reason.kind === 'dropped'
          ? `${reason.dropped.length} profile(s) in the profiles file were invalid and left out (${reason.dropped
              .slice(0, 3)
              .map((d) => `${d.name ?? `#${d.index + 1}`}: ${d.problem}`)
              .join('; ')}). The original file was kept as ${backupPath}.`
          : `The profiles file was upgraded from format version ${reason.from}; the original was kept as ${backupPath}.`;
    if (reason.kind !== 'migrated') deps.onRecovered?.({ message, backupPath });
    return cache?.doc ?? doc;
  }

  async function cleanTempFiles(): Promise<void> {
    // A writer killed between write-file-atomic's open and rename leaves "profiles.json.<n>" behind.
    const dir = dirname(filePath);
    const pattern = new RegExp(`^${escapeRegExp(basename(filePath))}\\.\\d+$`);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => pattern.test(n)).map((n) => rm(join(dir, n), { force: true })));
  }

  async function lockedLoad(): Promise<ProfileDocument> {
    const loaded = await loadUnlocked();
    return loaded.needsRepair ? repair(loaded.doc, loaded.needsRepair) : loaded.doc;
  }

  return {
    filePath,
    async read() {
      const loaded = await loadUnlocked();
      if (!loaded.needsRepair) return loaded.doc;
      // Back up and repair under the lock, so two processes never both "repair" the same file.
      return withLock(lockedLoad);
    },
    async update(change) {
      return withLock(async () => {
        await cleanTempFiles();
        const current = await lockedLoad();
        const draft: ProfileDocument = { ...current, profiles: [...current.profiles] };
        const value = await change(draft);
        if ((value as { skipWrite?: boolean } | undefined)?.skipWrite === true) return { value, doc: current };
        const next = { ...draft, revision: current.revision + 1 };
        await write(next);
        return { value, doc: next };
      });
    },
  };
}

type RepairReason =
  | { kind: 'corrupt'; problem: string }
  | { kind: 'dropped'; dropped: { index: number; name?: string; problem: string }[] }
  | { kind: 'migrated'; from: number };

function unreadable(filePath: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  // Not "corrupt": we could not even look. Refuse to write, so nothing is overwritten.
  return contractError(
    'INTERNAL',
    `Cannot read the profiles file ${filePath} (${code}). Check that it is a file you can read and write; Sesame changes nothing until it can read it.`,
  );
}

async function backup(filePath: string, label: string, now: number): Promise<string> {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const backupPath = `${filePath}.${label}-${stamp}-${randomBytes(2).toString('hex')}.bak`;
  // Copy, never move: until the repaired file is in place, the original stays where the user left it.
  await copyFile(filePath, backupPath, fsConstants.COPYFILE_EXCL);
  return backupPath;
}

async function fsyncDir(dir: string): Promise<void> {
  // write-file-atomic fsyncs the file but not the folder; without this a power cut can lose the rename.
  // Windows cannot open folders for fsync, and NTFS journals the rename anyway.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
