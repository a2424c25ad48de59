import type { Profile } from '../../contract/features/profiles';

// The document's shape and the helpers that need no schema; parsing and
// writing it (./document) build the contract's zod schemas, which a reader that
// already has a checked document (./parse-memo) never pays for.

/**
 * The on-disk profiles document: one JSON file shared by the app and the CLI.
 * `revision` increases on every write, so a reader can tell "changed under me"
 * without comparing contents.
 */
export const documentFormat = 'sesame-profiles';
export const currentVersion = 1;

/**
 * A profile this Sesame cannot use as it is (hand-edited typo, a value today's
 * schema refuses, an id used twice). It is kept byte for byte and written back
 * where it was, so nothing the user saved is lost, and shown as "needs
 * attention" with the field and the fix.
 */
export interface AttentionEntry {
  /** Position among the file's profiles (0-based), where the entry is written back. */
  index: number;
  /** The entry's exact text in the file. */
  raw: string;
  /** 1-based line of the file where the entry starts. */
  line: number;
  id?: string;
  name?: string;
  issues: { path: string; message: string }[];
}

export interface ProfileDocument {
  format: typeof documentFormat;
  version: number;
  revision: number;
  profiles: Profile[];
  /** Entries that failed validation; never dropped, never rewritten. */
  attention: AttentionEntry[];
  /**
   * Keys a newer Sesame wrote that this one does not know: on the document
   * itself, and on profiles (by profile id). Written back unchanged.
   */
  extras?: { document?: Record<string, unknown>; profiles?: ReadonlyMap<string, Record<string, unknown>> };
  /** Set when the file could not be read as a profiles document at all: reads show nothing, writes refuse. */
  damaged?: string;
}

/** Upgrades a raw document from `version` to `version + 1`. Pure; may throw on impossible input. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;
/** Keyed by the version a migration upgrades *from*. Empty until the format first changes. */
export const builtInMigrations: ReadonlyMap<number, Migration> = new Map();

export function emptyDocument(): ProfileDocument {
  return { format: documentFormat, version: currentVersion, revision: 0, profiles: [], attention: [] };
}

export class DocumentError extends Error {
  constructor(
    readonly kind: 'corrupt' | 'newer-version',
    message: string,
  ) {
    super(message);
    this.name = 'DocumentError';
  }
}

export interface ParsedDocument {
  doc: ProfileDocument;
  migratedFrom?: number;
}

/** Every id the file holds, including entries that need attention (a new or imported profile must not reuse one). */
export function takenIds(doc: ProfileDocument): Set<string> {
  const ids = new Set(doc.profiles.map((p) => p.id));
  for (const entry of doc.attention) if (entry.id !== undefined) ids.add(entry.id);
  return ids;
}
