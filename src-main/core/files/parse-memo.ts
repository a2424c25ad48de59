import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../app-paths';
import { writeFileAtomically } from './lazy-io';

/**
 * What one build of Sesame made of one exact file content, kept between
 * processes (the data folder's run/): `sesame connect` is a new process every
 * time, and validating profiles.json with the contract's zod schemas costs it
 * ~45 ms of schema building before its first knock. The schemas stay the one
 * source of truth: an entry is only ever what they returned, for the same bytes
 * (SHA-256) and the same build (a rebuild or an upgrade validates again), so a
 * hit returns exactly what a parse would.
 *
 * A cache and nothing more: a read never throws (missing, corrupt, another
 * build's or another file's entry = parse again), a failed write only costs the
 * next process a parse, and the file it describes is never touched.
 */
export interface ParseMemo<T> {
  get(text: string): Promise<T | undefined>;
  put(text: string, value: T): Promise<void>;
}

export interface ParseMemoOptions<T> {
  /** The memo's own file, e.g. <data>/run/profiles.checked.json. */
  file: string;
  /** Identifies the code that produced the values (the build): an entry of another build is a miss. */
  build: string;
  /** To and from plain JSON (a Map, for one, is not). */
  encode: (value: T) => unknown;
  decode: (json: unknown) => T | undefined;
}

const formatVersion = 1;

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

export function fileParseMemo<T>(options: ParseMemoOptions<T>): ParseMemo<T> {
  const { file, build, encode, decode } = options;
  return {
    async get(text) {
      try {
        const saved = JSON.parse(await readFile(file, 'utf8')) as { format?: unknown; build?: unknown; sha256?: unknown; value?: unknown };
        if (saved?.format !== formatVersion || saved.build !== build || saved.sha256 !== digest(text)) return undefined;
        return decode(saved.value);
      } catch {
        return undefined;
      }
    },
    async put(text, value) {
      try {
        await ensurePrivateDir(dirname(file));
        await writeFileAtomically(file, JSON.stringify({ format: formatVersion, build, sha256: digest(text), value: encode(value) }), { mode: 0o600 });
      } catch {
        // The next process parses again.
      }
    },
  };
}
