import { z } from 'zod';
import { profileSchema, type Profile } from '../../contract/features/profiles';
import {
  builtInMigrations,
  currentVersion,
  DocumentError,
  documentFormat,
  type AttentionEntry,
  type Migration,
  type ParsedDocument,
  type ProfileDocument,
} from './document-model';

export {
  builtInMigrations,
  currentVersion,
  DocumentError,
  documentFormat,
  emptyDocument,
  takenIds,
  type AttentionEntry,
  type Migration,
  type ParsedDocument,
  type ProfileDocument,
} from './document-model';

const envelopeSchema = z.object({
  format: z.literal(documentFormat),
  version: z.number().int().min(1),
  revision: z.number().int().min(0),
  profiles: z.array(z.unknown()),
});

const envelopeKeys = new Set(['format', 'version', 'revision', 'profiles']);
const profileKeys = new Set(Object.keys(profileSchema.shape));

/**
 * Parses and validates the file's text. Nothing is dropped: a profile that
 * does not validate becomes an {@link AttentionEntry} holding its exact text
 * (one hand-edited typo must neither hide nor delete it, nor the user's other
 * 200 profiles), and keys a newer Sesame added are carried in `extras`.
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
  const migrated = startVersion < currentVersion;
  const profiles: Profile[] = [];
  const attention: AttentionEntry[] = [];
  const profileExtras = new Map<string, Record<string, unknown>>();
  const seenIds = new Set<string>();
  // Spans are found only when some entry needs them (a second pass over the text).
  let spans: { offset: number; length: number; line: number }[] | undefined;
  const spanOf = (index: number) => {
    spans ??= migrated ? [] : profileSpans(text);
    return spans[index];
  };
  envelope.data.profiles.forEach((item, index) => {
    const object = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : undefined;
    const unknown = object ? Object.keys(object).filter((k) => !profileKeys.has(k)) : [];
    const known = object && unknown.length > 0 ? Object.fromEntries(Object.entries(object).filter(([k]) => profileKeys.has(k))) : item;
    const parsed = profileSchema.safeParse(known);
    const keep = (issues: AttentionEntry['issues']) => {
      const span = spanOf(index);
      const entry: AttentionEntry = {
        index,
        raw: span ? text.slice(span.offset, span.offset + span.length) : JSON.stringify(item),
        line: span?.line ?? 0,
        issues,
      };
      if (typeof object?.id === 'string') entry.id = object.id;
      if (typeof object?.name === 'string') entry.name = object.name;
      attention.push(entry);
    };
    if (!parsed.success) {
      keep(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })));
    } else if (seenIds.has(parsed.data.id)) {
      keep([{ path: 'id', message: `"${parsed.data.id}" is used by another profile too: give one of them a new id, or delete the copy` }]);
    } else {
      seenIds.add(parsed.data.id);
      profiles.push(parsed.data);
      if (unknown.length > 0 && object) profileExtras.set(parsed.data.id, Object.fromEntries(unknown.map((k) => [k, object[k]])));
    }
  });
  const documentExtras = Object.fromEntries(Object.entries(record).filter(([k]) => !envelopeKeys.has(k)));
  const doc: ProfileDocument = {
    format: documentFormat,
    version: currentVersion,
    revision: envelope.data.revision,
    profiles,
    attention,
  };
  if (Object.keys(documentExtras).length > 0 || profileExtras.size > 0) {
    doc.extras = {
      ...(Object.keys(documentExtras).length > 0 ? { document: documentExtras } : {}),
      ...(profileExtras.size > 0 ? { profiles: profileExtras } : {}),
    };
  }
  return migrated ? { doc, migratedFrom: startVersion } : { doc };
}

/**
 * Where each element of the top-level `profiles` array sits in the text, so an
 * entry that needs attention is written back exactly as the user left it.
 * Hand-written, not jsonc-parser: the text already passed JSON.parse, so only
 * strings and brackets need tracking (30 lines), and jsonc-parser's UMD entry
 * point does not survive bundling for the CLI and the tests' child processes.
 */
function profileSpans(text: string): { offset: number; length: number; line: number }[] {
  const spans: { offset: number; length: number; line: number }[] = [];
  let depth = 0;
  let line = 1;
  let lastKey: string | undefined;
  let inProfiles = false;
  let start: { offset: number; line: number } | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1) {
        let k = j + 1;
        while (/\s/.test(text[k] ?? '')) k++;
        if (text[k] === ':') lastKey = JSON.parse(text.slice(i, j + 1)) as string;
      }
      if (inProfiles && depth === 2) start ??= { offset: i, line };
      i = j;
    } else if (c === '{' || c === '[') {
      if (depth === 1 && c === '[' && lastKey === 'profiles') inProfiles = true;
      else if (inProfiles && depth === 2) start ??= { offset: i, line };
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      // The array's own closing bracket ends its last element.
      if (inProfiles && depth === 1) {
        if (start) spans.push({ offset: start.offset, length: trimmedEnd(text, i) - start.offset, line: start.line });
        start = undefined;
        inProfiles = false;
      }
    } else if (c === ',' && inProfiles && depth === 2) {
      if (start) spans.push({ offset: start.offset, length: trimmedEnd(text, i) - start.offset, line: start.line });
      start = undefined;
    } else if (inProfiles && depth === 2 && !/\s/.test(c ?? '')) start ??= { offset: i, line };
  }
  return spans;
}

/** The offset just past the last non-space character before `at`. */
function trimmedEnd(text: string, at: number): number {
  let end = at;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

/**
 * One profile per line: readable and diffable by the people whose data it is
 * (a change shows as the lines of the profiles it touched), and about a third
 * smaller than indented JSON, so less to write and fsync at 5,000 profiles.
 * Entries that need attention go back at their place, byte for byte; unknown
 * keys of a newer Sesame go back on their profile.
 */
export function serializeDocument(doc: ProfileDocument): string {
  const extras = doc.extras;
  const head = JSON.stringify({ ...extras?.document, format: doc.format, version: doc.version, revision: doc.revision });
  const lines = doc.profiles.map((profile) => {
    const own = extras?.profiles?.get(profile.id);
    return JSON.stringify(own ? { ...profile, ...withoutKnown(own) } : profile);
  });
  for (const entry of [...doc.attention].sort((a, b) => a.index - b.index)) {
    lines.splice(Math.min(entry.index, lines.length), 0, entry.raw);
  }
  return `${head.slice(0, -1)},"profiles":[\n${lines.join(',\n')}\n]}\n`;
}

function withoutKnown(extra: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(extra).filter(([k]) => !profileKeys.has(k)));
}
