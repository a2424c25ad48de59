import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomically } from '../files/lazy-io';
import type { Version, VersionedTool } from './versions';

/**
 * Client versions kept between processes (the data folder's
 * run/tool-versions.json). Each `sesame connect` is a new process, and
 * `ssh -V` costs a process start on every one of them (20–40 ms here, before
 * the first knock); the version only changes when the program file does.
 *
 * An entry is keyed by the program's path and its file identity (size, mtime,
 * ctime, inode, all to the nanosecond): an upgrade replaces or rewrites the
 * file, which changes at least one of them, and the next connect probes again.
 * The file is a cache and nothing more: a read never throws (missing, corrupt
 * or foreign content = probe again), a failed write only costs the next
 * process a probe.
 */
export interface SavedVersion {
  tool: VersionedTool;
  path: string;
  version: Version;
}

const formatVersion = 1;
/** Old stamps of replaced programs are dropped on write; this bounds what other paths can add. */
const maxEntries = 32;
const tools: readonly string[] = ['ssh', 'putty', 'plink', 'winscp'];

/** The program's identity on disk, or undefined when it cannot be stat'ed (then it is not cached). */
export async function programStamp(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path, { bigint: true });
    return `${path}|${info.size}|${info.mtimeNs}|${info.ctimeNs}|${info.ino}`;
  } catch {
    return undefined;
  }
}

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0 && (value as number) < 100_000;

function savedOf(value: unknown): SavedVersion | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const version = entry.version as Record<string, unknown> | null | undefined;
  if (typeof entry.tool !== 'string' || !tools.includes(entry.tool) || typeof entry.path !== 'string') return undefined;
  if (typeof version !== 'object' || version === null || !isCount(version.major) || !isCount(version.minor)) return undefined;
  if (typeof version.raw !== 'string' || version.raw.length > 200) return undefined;
  return { tool: entry.tool as VersionedTool, path: entry.path, version: { major: version.major, minor: version.minor, raw: version.raw } };
}

/** Every valid entry of the file by stamp; empty when the file is missing, unreadable or not this format. Never throws. */
export async function readVersionFile(file: string): Promise<Map<string, SavedVersion>> {
  const out = new Map<string, SavedVersion>();
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { format?: unknown; programs?: unknown };
    if (doc?.format !== formatVersion || typeof doc.programs !== 'object' || doc.programs === null) return out;
    for (const [stamp, value] of Object.entries(doc.programs)) {
      const saved = savedOf(value);
      // The stamp starts with the entry's own path: an entry copied under another program's stamp is ignored.
      if (saved && stamp.startsWith(`${saved.path}|`)) out.set(stamp, saved);
    }
  } catch {
    // Missing or corrupt: a cache miss.
  }
  return out;
}

/**
 * Adds one entry (replacing older stamps of the same path) to what the file
 * holds now and writes it atomically (temp file + rename, mode 0600): two
 * processes writing at once each leave a whole file, and the one whose entry
 * was lost probes again next time. Never throws.
 */
export async function saveVersion(file: string, stamp: string, saved: SavedVersion): Promise<void> {
  try {
    const current = await readVersionFile(file);
    const programs: Record<string, SavedVersion> = {};
    const kept = [...current].filter(([key, entry]) => key !== stamp && entry.path !== saved.path).slice(-(maxEntries - 1));
    for (const [key, entry] of kept) programs[key] = entry;
    programs[stamp] = saved;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFileAtomically(file, `${JSON.stringify({ format: formatVersion, programs }, null, 1)}\n`, { mode: 0o600 });
  } catch {
    // A cache that cannot be written is a probe next time, not a failed connect.
  }
}
