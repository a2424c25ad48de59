import { fileParseMemo, type ParseMemo } from '../files/parse-memo';
import { documentFormat, type ParsedDocument, type ProfileDocument } from './document-model';

interface SavedDocument {
  doc: Omit<ProfileDocument, 'extras'> & { extras?: { document?: Record<string, unknown>; profiles?: [string, Record<string, unknown>][] } };
  migratedFrom?: number;
}

function encode({ doc, migratedFrom }: ParsedDocument): SavedDocument {
  const { extras, ...rest } = doc;
  const saved: SavedDocument = { doc: rest };
  if (extras) {
    saved.doc.extras = {
      ...(extras.document ? { document: extras.document } : {}),
      ...(extras.profiles ? { profiles: [...extras.profiles] } : {}),
    };
  }
  if (migratedFrom !== undefined) saved.migratedFrom = migratedFrom;
  return saved;
}

function decode(json: unknown): ParsedDocument | undefined {
  const saved = json as SavedDocument | null;
  const doc = saved?.doc;
  if (doc?.format !== documentFormat || !Array.isArray(doc.profiles) || !Array.isArray(doc.attention) || doc.damaged !== undefined) return undefined;
  const { extras, ...rest } = doc;
  const out: ProfileDocument = rest;
  if (extras) {
    out.extras = {
      ...(extras.document ? { document: extras.document } : {}),
      ...(extras.profiles ? { profiles: new Map(extras.profiles) } : {}),
    };
  }
  return saved?.migratedFrom !== undefined ? { doc: out, migratedFrom: saved.migratedFrom } : { doc: out };
}

/** The profiles document as one build parsed it (see ../files/parse-memo): run/profiles.checked.json. */
export function profilesParseMemo(file: string, build: string): ParseMemo<ParsedDocument> {
  return fileParseMemo({ file, build, encode, decode });
}
