import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { copyFile, open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { contractError } from '../../contract/error-codes';
import { ensurePrivateDir } from '../app-paths';
import { lockPath, writeFileAtomically } from '../files/lazy-io';
import type { ParseMemo } from '../files/parse-memo';
import { DocumentError, builtInMigrations, emptyDocument, type Migration, type ParsedDocument, type ProfileDocument } from './document-model';

// Parsing and writing build the contract's zod schemas: loaded on first use, so
// a reader whose document comes from `parseMemo` never builds them.
const loadCodec = () => import('./document');
const loadSchemas = () => import('../../contract/features/profiles');

export interface RecoveryNotice {
  message: string;
  backupPath?: string;
}

export interface ProfileStoreDeps {
  filePath: string;
  now: () => number;
  migrations?: ReadonlyMap<number, Migration>;
  /**
   * Told (once per state of the file) when it holds profiles that need
   * attention or cannot be read at all; the UI/CLI must show it.
   */
  onRecovered?: (notice: RecoveryNotice) => void;
  /** Lock timing. A writer killed mid-write leaves its lock behind; others take it over after `staleMs`. */
  lock?: { staleMs?: number; retryForMs?: number };
  /**
   * What this build made of the same bytes before, kept between processes (the
   * CLI's): a hit skips the parse. Not used with custom `migrations`.
   */
  parseMemo?: ParseMemo<ParsedDocument>;
}

/**
 * The profiles document on disk. Readers need no lock (writes are atomic
 * renames, so a reader sees the old or the new file) and never write: what
 * this Sesame cannot understand stays in the file as it is. Writers hold a
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
  /**
   * Runs `fn` holding a cross-process lock named `key` (beside the profiles
   * file), waiting up to `waitMs` for another process to release it. For work
   * that must not overlap between processes but is too long for the file lock
   * (a one-time knock and its wait).
   */
  exclusive<T>(key: string, fn: () => Promise<T>, options: { waitMs: number; signal?: AbortSignal }): Promise<T>;
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

interface Loaded {
  key: string;
  doc: ProfileDocument;
  /** The file is in an older format: back it up before the first write replaces it. */
  migratedFrom?: number;
}

export function createProfileStore(deps: ProfileStoreDeps): ProfileStore {
  const { filePath } = deps;
  const migrations = deps.migrations ?? builtInMigrations;
  const staleMs = Math.max(deps.lock?.staleMs ?? 5000, 2000);
  const retryForMs = deps.lock?.retryForMs ?? staleMs * 2 + 2000;
  let cache: Loaded | undefined;
  let noticed: string | undefined;
  // Serialises this process's own writers; the file lock serialises processes.
  let queue: Promise<unknown> = Promise.resolve();

  function notify(loaded: Loaded): void {
    const { doc } = loaded;
    if ((doc.attention.length === 0 && doc.damaged === undefined) || noticed === loaded.key) return;
    noticed = loaded.key;
    deps.onRecovered?.({ message: describeProblems(filePath, doc) });
  }

  async function load(): Promise<Loaded> {
    let info;
    try {
      info = await stat(filePath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { key: 'missing', doc: emptyDocument() };
      throw unreadable(filePath, error);
    }
    // A rename gives the file a new inode, so ino+size+mtime changes on every write.
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (cache?.key === key) return cache;
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      throw unreadable(filePath, error);
    }
    let loaded: Loaded;
    try {
      const memo = deps.migrations === undefined ? deps.parseMemo : undefined;
      let parsed = await memo?.get(text);
      if (!parsed) {
        const { parseDocument } = await loadCodec();
        parsed = parseDocument(text, migrations);
        await memo?.put(text, parsed);
      }
      for (const p of parsed.doc.profiles) validated.add(p);
      loaded = parsed.migratedFrom !== undefined ? { key, doc: parsed.doc, migratedFrom: parsed.migratedFrom } : { key, doc: parsed.doc };
    } catch (error) {
      if (error instanceof DocumentError && error.kind === 'corrupt') {
        loaded = { key, doc: { ...emptyDocument(), damaged: error.message } };
      } else if (error instanceof DocumentError) {
        // A newer Sesame's file: never touch it.
        throw contractError('CONFLICT', `The profiles file ${filePath} ${error.message}.`);
      } else throw error;
    }
    cache = loaded;
    notify(loaded);
    return loaded;
  }

  // proper-lockfile keys its bookkeeping by the locked path, so each lock names its own.
  async function acquire(name: string, retries: number): Promise<() => Promise<void>> {
    await ensurePrivateDir(dirname(filePath));
    return lockPath(name, {
      realpath: false,
      lockfilePath: `${name}.lock`,
      stale: staleMs,
      retries: retries > 0 ? { retries, factor: 1, minTimeout: 20, maxTimeout: 50, randomize: true } : 0,
      // The default throws from a timer, which would take the whole app down; a lock
      // only gets compromised after a > staleMs stall, and our write is already atomic.
      onCompromised: () => {},
    });
  }

  async function withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(async () => {
      let release: () => Promise<void>;
      try {
        release = await acquire(filePath, Math.ceil(retryForMs / 50));
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

  async function write(doc: ProfileDocument, loaded: Loaded): Promise<void> {
    const [{ serializeDocument }, { profileSchema }] = await Promise.all([loadCodec(), loadSchemas()]);
    const ids = takenIdsOfAttention(doc);
    for (const profile of doc.profiles) {
      if (!validated.has(profile)) {
        profileSchema.parse(profile);
        validated.add(profile);
      }
      if (ids.has(profile.id)) throw new Error(`duplicate profile id ${profile.id}`);
      ids.add(profile.id);
    }
    // An older Sesame cannot read the upgraded file: keep the original beside it, once.
    if (loaded.migratedFrom !== undefined) await backup(filePath, `v${loaded.migratedFrom}`, deps.now());
    const text = serializeDocument(doc);
    // write-file-atomic: temp file in the same folder, fsync, rename.
    await writeFileAtomically(filePath, text, { mode: 0o600, fsync: true });
    await fsyncDir(dirname(filePath));
    const info = await stat(filePath);
    cache = { key: `${info.ino}:${info.size}:${info.mtimeMs}`, doc };
  }

  async function cleanTempFiles(): Promise<void> {
    // A writer killed between write-file-atomic's open and rename leaves "profiles.json.<n>" behind.
    const dir = dirname(filePath);
    const pattern = new RegExp(`^${escapeRegExp(basename(filePath))}\\.\\d+$`);
    const names = await readdir(dir).catch(() => [] as string[]);
    await Promise.all(names.filter((n) => pattern.test(n)).map((n) => rm(join(dir, n), { force: true })));
  }

  return {
    filePath,
    async read() {
      return (await load()).doc;
    },
    async update(change) {
      return withLock(async () => {
        await cleanTempFiles();
        const loaded = await load();
        const current = loaded.doc;
        if (current.damaged !== undefined) {
          throw contractError(
            'CONFLICT',
            `The profiles file ${filePath} ${current.damaged}. Sesame changes nothing in it: fix it in a text editor, or move it away to start a new list.`,
          );
        }
        const draft: ProfileDocument = { ...current, profiles: [...current.profiles] };
        const value = await change(draft);
        if ((value as { skipWrite?: boolean } | undefined)?.skipWrite === true) return { value, doc: current };
        const next = { ...draft, revision: current.revision + 1 };
        await write(next, loaded);
        return { value, doc: next };
      });
    },
    async exclusive(key, fn, { waitMs, signal }) {
      const lockName = `${filePath}.${key}`;
      const deadline = Date.now() + waitMs;
      let release: (() => Promise<void>) | undefined;
      while (!release) {
        signal?.throwIfAborted();
        try {
          release = await acquire(lockName, 0);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
          if (Date.now() > deadline) {
            throw contractError('CONFLICT', `Another Sesame process is still busy with this profile (${key}); try again when it has finished.`);
          }
          await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 50));
        }
      }
      try {
        return await fn();
      } finally {
        await release().catch(() => {});
      }
    },
  };
}

function takenIdsOfAttention(doc: ProfileDocument): Set<string> {
  // Entries that need attention keep their ids: a valid profile must not take one.
  return new Set(doc.attention.flatMap((e) => (e.id !== undefined && !doc.profiles.some((p) => p.id === e.id) ? [e.id] : [])));
}

/** The notice for a file with entries that need attention, or one that cannot be read at all. */
export function describeProblems(filePath: string, doc: ProfileDocument): string {
  if (doc.damaged !== undefined) {
    return `The profiles file ${filePath} ${doc.damaged}. Sesame shows no profiles and changes nothing in it until it is fixed or moved away.`;
  }
  const shown = doc.attention
    .slice(0, 3)
    .map((e) => `${e.name ?? `#${e.index + 1}`} (line ${e.line}): ${e.issues[0]?.path}: ${e.issues[0]?.message}`)
    .join('; ');
  return `${doc.attention.length} profile(s) in ${filePath} need attention and cannot be used until fixed: ${shown}. They are kept unchanged in the file.`;
}

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
