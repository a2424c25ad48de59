import { stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import type { ImportSource, ImportSourceFormat } from '../../contract/features/first-run';

/** Where to look: the user's home and environment, and (for tests) the folder system paths hang under. */
export interface ImportSearch {
  platform: NodeJS.Platform;
  homedir: string;
  env: Record<string, string | undefined>;
  /** Prefix for system paths such as /etc/knockd.conf; "/" (or "") on a real machine, a temp folder in tests. */
  rootDir?: string;
}

export interface SourceCandidate {
  id: string;
  format: ImportSourceFormat;
  path: string;
}

/**
 * The usual places of each format, in the order the owning program reads them:
 * - ssh config: `~/.ssh/config` (ssh_config(5); Win32-OpenSSH reads `%USERPROFILE%\.ssh\config`).
 * - knockd.conf: `/etc/knockd.conf` (Debian, Ubuntu, Fedora, Arch packages), `/usr/local/etc/knockd.conf`
 *   (knockd's own default sysconfdir for source builds), Homebrew's `/opt/homebrew/etc` and `/usr/local/etc` on macOS.
 *   knockd has no Windows port.
 * - .fwknoprc: `$HOME/.fwknoprc`, `%USERPROFILE%\.fwknoprc` on Windows (fwknop client/config_init.c, set_rc_file).
 * - FileZilla: `%APPDATA%\FileZilla` on Windows; elsewhere `$XDG_CONFIG_HOME/filezilla`, `~/.config/filezilla`,
 *   `~/.filezilla`, the first that exists (FileZilla src/commonui/fz_paths.cpp, GetUnadjustedSettingsDir).
 */
export function importSourceCandidates(search: ImportSearch): SourceCandidate[] {
  const win = search.platform === 'win32';
  const { join, isAbsolute } = win ? win32 : posix;
  const home = search.homedir;
  const root = (path: string) => (search.rootDir ? join(search.rootDir, path) : path);
  const list: Record<ImportSourceFormat, string[]> = {
    'ssh-config': [join(home, '.ssh', 'config')],
    knockd: win
      ? []
      : search.platform === 'darwin'
        ? [root('/opt/homebrew/etc/knockd.conf'), root('/usr/local/etc/knockd.conf'), root('/etc/knockd.conf')]
        : [root('/etc/knockd.conf'), root('/usr/local/etc/knockd.conf')],
    fwknoprc: [join(home, '.fwknoprc')],
    filezilla: win
      ? [join(search.env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'FileZilla', 'sitemanager.xml')]
      : [
          ...(search.env.XDG_CONFIG_HOME && isAbsolute(search.env.XDG_CONFIG_HOME) ? [join(search.env.XDG_CONFIG_HOME, 'filezilla')] : []),
          join(home, '.config', 'filezilla'),
          join(home, '.filezilla'),
        ].map((dir) => join(dir, 'sitemanager.xml')),
  };
  return (Object.keys(list) as ImportSourceFormat[]).flatMap((format) => list[format].map((path, i) => ({ id: `${format}-${i}`, format, path })));
}

/** The path as the user knows it: the home folder written "~". */
export function displayPath(path: string, homedir: string, platform: NodeJS.Platform): string {
  const sep = platform === 'win32' ? '\\' : '/';
  const home = homedir.endsWith(sep) ? homedir.slice(0, -1) : homedir;
  if (home && (path === home || path.startsWith(home + sep))) return `~${path.slice(home.length)}`;
  return path;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The candidates that exist as files; FileZilla only reads its first existing folder, so only that one counts. */
export async function existingSources(search: ImportSearch): Promise<SourceCandidate[]> {
  const found: SourceCandidate[] = [];
  for (const candidate of importSourceCandidates(search)) {
    if (candidate.format === 'filezilla' && found.some((f) => f.format === 'filezilla')) continue;
    if (await isFile(candidate.path)) found.push(candidate);
  }
  return found;
}

/**
 * The sources to offer. `count` reads each file as its format (the same
 * importers the preview uses); a file that offers no profile is left out,
 * a file that cannot be read is offered without a count (its preview explains).
 */
export async function discoverImportSources(
  search: ImportSearch,
  countProfiles: (candidate: SourceCandidate) => Promise<number>,
): Promise<ImportSource[]> {
  const sources: ImportSource[] = [];
  for (const candidate of await existingSources(search)) {
    let count: number | undefined;
    try {
      count = await countProfiles(candidate);
    } catch {
      count = undefined;
    }
    if (count === 0) continue;
    sources.push({
      id: candidate.id,
      format: candidate.format,
      displayPath: displayPath(candidate.path, search.homedir, search.platform),
      ...(count !== undefined ? { count } : {}),
    });
  }
  return sources;
}
