import { open, readdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import type { ImportFormat, PreparedImport } from './candidates';
import { importFileZilla } from './importers/filezilla';
import { importFwknoprc } from './importers/fwknoprc';
import { importKnockdConf } from './importers/knockd';
import { importSshConfig, type IncludeReader } from './importers/ssh-config';
import { ImportError, importLimits } from './limits';
import { readSesameFile } from './sesame-file';

/** Reads at most 5 MB + 1 byte, so a huge or endless file (a FIFO, /dev/zero) is refused without reading it all. */
export async function readCapped(path: string): Promise<string> {
  const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(`Cannot open ${path} (${error.code ?? error.message}).`);
  });
  try {
    const buffer = Buffer.alloc(importLimits.maxBytes + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > importLimits.maxBytes) throw new ImportError(`${basename(path)} is larger than 5 MB: it is not a file Sesame can import.`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Guesses the format from the name first (users pick files by name), then from the content. */
export function detectFormat(fileName: string, text: string): ImportFormat {
  const name = basename(fileName).toLowerCase();
  const head = text.slice(0, 4096);
  if (name.endsWith('.sesame') || /"format"\s*:\s*"sesame-export"/.test(head)) return 'sesame';
  if (name.endsWith('.xml') || /<FileZilla3[\s>]/.test(head)) return 'filezilla';
  if (name.includes('fwknoprc') || /^\s*(SPA_SERVER|ACCESS|ALLOW_IP)\s/m.test(head)) return 'fwknoprc';
  if (name.includes('knockd') || /^\s*sequence\s*=/m.test(head)) return 'knockd';
  return 'ssh-config';
}

export interface PrepareOptions {
  format?: ImportFormat;
  passphrase?: string;
  homedir: string;
  readInclude?: IncludeReader;
}

/** Parses one file's text in the given (or detected) format. Never touches the store. */
export async function prepareImport(fileName: string, text: string, options: PrepareOptions): Promise<PreparedImport> {
  const format = options.format ?? detectFormat(fileName, text);
  switch (format) {
    case 'sesame':
      return readSesameFile(text, options.passphrase);
    case 'filezilla':
      return importFileZilla(text);
    case 'fwknoprc':
      return importFwknoprc(text);
    case 'knockd':
      return importKnockdConf(text);
    case 'ssh-config':
      return importSshConfig({ text, homedir: options.homedir, ...(options.readInclude ? { readInclude: options.readInclude } : {}) });
  }
}

/**
 * `Include` for ssh config as OpenSSH resolves it: relative paths are under
 * ~/.ssh; `*` and `?` are expanded in the last path component only (Node 20
 * has no fs.glob, and deeper globs are rare in ssh configs), sorted like glob(3).
 */
export function createIncludeReader(homedir: string): IncludeReader {
  return async (pattern) => {
    const expanded = pattern.replace(/^~(?=\/|$)/, homedir);
    const full = isAbsolute(expanded) ? expanded : join(homedir, '.ssh', expanded);
    const dir = dirname(full);
    const base = basename(full);
    let names: string[];
    if (/[*?]/.test(base)) {
      const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
      names = (await readdir(dir).catch(() => [] as string[])).filter((n) => re.test(n) && !n.startsWith('.')).sort();
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
