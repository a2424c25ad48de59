import { constants } from 'node:fs';
import { open, opendir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Language } from '../../contract/locales/language';
import type { ImportFormat, PreparedImport } from './candidates';
import { importFileZilla, type ImportWording } from './importers/filezilla';
import { importFwknoprc } from './importers/fwknoprc';
import { importKnockdConf, type SequenceFileReader } from './importers/knockd';
import { importSshConfig, type IncludeReader } from './importers/ssh-config';
import { globMatch } from './glob';
import { ImportError, importLimits } from './limits';
import { readSesameFile } from './sesame-file';
import { detectFormat } from './detect-format';
import { importProfilesDocument } from './importers/sesame-profiles';

export { detectFormat } from './detect-format';
export { UnknownFormatError } from './limits';
export type { ImportWording } from './importers/filezilla';

// O_NONBLOCK: opening a FIFO for reading otherwise blocks (in a libuv thread, forever)
// until a writer appears; with it the open returns and fstat shows what it is.
const openFlags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const chunkSize = 64 * 1024;

/**
 * Reads a file for import: regular files only (a FIFO, a device such as
 * /dev/zero or /dev/tty, a socket or a folder is refused without reading a
 * byte), at most 5 MB, in memory proportional to what is actually there.
 */
export async function readCapped(path: string): Promise<string> {
  const handle = await open(path, openFlags).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(`Cannot open ${path} (${error.code ?? error.message}).`);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      const kind = info.isFIFO() ? 'a named pipe' : info.isCharacterDevice() || info.isBlockDevice() ? 'a device' : info.isDirectory() ? 'a folder' : 'not a regular file';
      throw new ImportError(`${path} is ${kind}, not a file: Sesame imports regular files only.`);
    }
    if (info.size > importLimits.maxBytes) throw new ImportError(`${basename(path)} is larger than 5 MB: it is not a file Sesame can import.`);
    // The size is a hint (the file may grow while read): read in chunks, stop past the cap.
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(chunkSize, importLimits.maxBytes + 1 - length));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      length += bytesRead;
      if (length > importLimits.maxBytes) throw new ImportError(`${basename(path)} is larger than 5 MB: it is not a file Sesame can import.`);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

export interface PrepareOptions {
  format?: ImportFormat;
  passphrase?: string;
  homedir: string;
  readInclude?: IncludeReader;
  /** knockd.conf: where its doors' one-time sequence files are read (see {@link createSequenceFileReader}). */
  readSequenceFile?: SequenceFileReader;
  /** How warnings name the user's next step: the app's controls by default; the CLI passes its flags. */
  wording?: ImportWording;
  /** The language of the notes Sesame writes into imported profiles (the user's own notes are never touched). */
  language?: Language;
}

/**
 * The notes a .fwknoprc or knockd.conf import writes into each profile
 * ("Imported from …", "Line 7: …"), in the user's language: they are saved
 * with the profile and read later in the app, so they are written once in
 * the words the user reads. Other formats carry the user's own notes, kept as they are.
 */
async function notesIn(prepared: PreparedImport, language: Language | undefined): Promise<PreparedImport> {
  if (language === undefined || language === 'en') return prepared;
  // The tables hold every language's sentences: loaded only when a translation is asked for.
  const { translateMessage } = await import('../../contract/locales/messages');
  const candidates = prepared.candidates.map((c) => {
    const notes = c.fields.notes;
    if (!notes) return c;
    const translated = notes.split('\n').map((line) => translateMessage(line, language).text).join('\n');
    return { ...c, fields: { ...c.fields, notes: translated } };
  });
  return { ...prepared, candidates };
}

/** Parses one file's text in the given (or detected) format. Never touches the store. */
export async function prepareImport(fileName: string, text: string, options: PrepareOptions): Promise<PreparedImport> {
  const format = options.format ?? detectFormat(fileName, text);
  switch (format) {
    case 'sesame':
      return readSesameFile(text, options.passphrase);
    case 'sesame-profiles':
      return importProfilesDocument(text);
    case 'filezilla':
      return importFileZilla(text, options.wording);
    case 'fwknoprc':
      return notesIn(importFwknoprc(text), options.language);
    case 'knockd':
      return notesIn(await importKnockdConf(text, options.readSequenceFile ? { readSequenceFile: options.readSequenceFile } : {}), options.language);
    case 'ssh-config':
      return importSshConfig({ text, homedir: options.homedir, ...(options.readInclude ? { readInclude: options.readInclude } : {}) });
  }
}

/**
 * `Include` for ssh config as OpenSSH resolves it: relative paths are under
 * ~/.ssh; `*` and `?` are expanded in the last path component only (Node 20
 * has no fs.glob, and deeper globs are rare in ssh configs), sorted like glob(3).
 * At most {@link importLimits.maxGlobEntries} names are looked at per folder.
 */
export function createIncludeReader(homedir: string): IncludeReader {
  return async (pattern) => {
    const expanded = pattern.replace(/^~(?=\/|$)/, homedir);
    const full = isAbsolute(expanded) ? expanded : join(homedir, '.ssh', expanded);
    const dir = dirname(full);
    const base = basename(full);
    let names: string[];
    if (/[*?]/.test(base)) {
      names = [];
      const folder = await opendir(dir).catch(() => undefined);
      if (folder) {
        let seen = 0;
        for await (const entry of folder) {
          if (++seen > importLimits.maxGlobEntries) break;
          if (!entry.name.startsWith('.') && globMatch(base, entry.name)) names.push(entry.name);
        }
      }
      names.sort();
    } else {
      names = [base];
    }
    const files: { path: string; text: string }[] = [];
    for (const name of names) {
      const path = join(dir, name);
      files.push({ path, text: await readCapped(path) });
    }
    return files;
  };
}

/**
 * Finds a knockd door's one_time_sequences file: at the path knockd.conf
 * names (importing on the server itself, where the live file is), else a
 * file of that name beside the imported knockd.conf (both copied from the
 * server). Read with the same checks as any import: regular files only, 5 MB.
 */
export function createSequenceFileReader(importedPath: string): SequenceFileReader {
  return async (named) => {
    const beside = join(dirname(resolve(importedPath)), basename(named));
    const errors: string[] = [];
    for (const path of new Set([...(isAbsolute(named) ? [named] : []), beside])) {
      try {
        return { path, text: await readCapped(path) };
      } catch (error) {
        // "Not there" is the usual case on a desktop; anything else (no permission, a folder) is worth saying.
        if (!/\(ENOENT\)/.test((error as Error).message)) errors.push((error as Error).message);
      }
    }
    return { error: errors.length > 0 ? errors.join(' ') : `it is not on this computer, nor beside ${basename(importedPath)}` };
  };
}
