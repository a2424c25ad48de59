import { z } from 'zod';
import { profileSchema, type Profile } from '../../contract/features/profiles';

/**
 * The on-disk profiles document: one JSON file shared by the app and the CLI.
 * `revision` increases on every write, so a reader can tell "changed under me"
 * without comparing contents.
 */
export const documentFormat = 'sesame-profiles';
export const currentVersion = 1;

export interface ProfileDocument {
  format: typeof documentFormat;
  version: number;
  revision: number;
  profiles: Profile[];
}

/** Upgrades a raw document from `version` to `version + 1`. Pure; may throw on impossible input. */
export type Migration = (raw: Record<string, unknown>) => Record<string, unknown>;
/** Keyed by the version a migration upgrades *from*. Empty until the format first changes. */
export const builtInMigrations: ReadonlyMap<number, Migration> = new Map();

export function emptyDocument(): ProfileDocument {
  return { format: documentFormat, version: currentVersion, revision: 0, profiles: [] };
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
  /** Profiles that failed validation and were left out (the caller must back the file up before writing). */
  dropped: { index: number; name?: string; problem: string }[];
  migratedFrom?: number;
}

const envelopeSchema = z.object({
  format: z.literal(documentFormat),
  version: z.number().int().min(1),
  revision: z.number().int().min(0),
  profiles: z.array(z.unknown()),
});

/**
 * Parses and validates the file's text. Invalid profiles are salvaged out
 * (reported in `dropped`) rather than failing the whole file: one hand-edited
 * typo should not hide a user's other 200 profiles.
 */
export function parseDocument(text: string, migrations: ReadonlyMap<number, Migration> = builtInMigrations): ParsedDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new DocumentError('corrupt', `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new DocumentError('corrupt', 'is not a Sesame profiles document');
  }
  let record = raw as Record<string, unknown>;
  const startVersion = typeof record.version === 'number' ? record.version : NaN;
  if (Number.isInteger(startVersion) && startVersion > currentVersion) {
    throw new DocumentError(
      'newer-version',
      `was written by a newer Sesame (format version ${startVersion}, this one knows ${currentVersion}): update Sesame`,
    );
  }
  for (let v = startVersion; Number.isInteger(v) && v < currentVersion; v++) {
    const migrate = migrations.get(v);
    if (!migrate) throw new DocumentError('corrupt', `has format version ${v}, which has no upgrade path`);
    try {
      record = { ...migrate(record), version: v + 1 };
    } catch (error) {
      throw new DocumentError('corrupt', `could not be upgraded from version ${v}: ${(error as Error).message}`);
    }
  }
  const envelope = envelopeSchema.safeParse(record);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    throw new DocumentError('corrupt', `is not a Sesame profiles document (${issue?.path.join('.') || 'root'}: ${issue?.message})`);
  }
  const profiles: Profile[] = [];
  const dropped: ParsedDocument['dropped'] = [];
  const seenIds = new Set<string>();
  envelope.data.profiles.forEach((item, index) => {
    const parsed = profileSchema.safeParse(item);
    const name = typeof (item as { name?: unknown })?.name === 'string' ? (item as { name: string }).name : undefined;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      dropped.push({ index, name, problem: `${issue?.path.join('.') || '(root)'}: ${issue?.message}` });
    } else if (seenIds.has(parsed.data.id)) {
      dropped.push({ index, name, problem: `id "${parsed.data.id}" appears twice` });
    } else {
      seenIds.add(parsed.data.id);
      profiles.push(parsed.data);
    }
  });
  const doc: ProfileDocument = {
    format: documentFormat,
    version: currentVersion,
    revision: envelope.data.revision,
    profiles,
  };
  return startVersion < currentVersion ? { doc, dropped, migratedFrom: startVersion } : { doc, dropped };
}

/**
 * One profile per line: readable and diffable by the people whose data it is
 * (a change shows as the lines of the profiles it touched), and about a third
 * smaller than indented JSON, so less to write and fsync at 5,000 profiles.
 */
export function serializeDocument(doc: ProfileDocument): string {
  const head = JSON.stringify({ format: doc.format, version: doc.version, revision: doc.revision });
  const profiles = doc.profiles.map((profile) => JSON.stringify(profile)).join(',\n');
  return `${head.slice(0, -1)},"profiles":[\n${profiles}\n]}\n`;
}
