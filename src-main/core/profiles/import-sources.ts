import { access } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import type { ImportFormat } from '../sharing/candidates';

/** A file Sesame can import, found where its tool keeps it on this OS. */
export interface ImportSource {
  format: Exclude<ImportFormat, 'sesame' | 'sesame-profiles'>;
  path: string;
}

export interface ImportSourcesInput {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

/**
 * Where each importable file usually lives, most likely first; the first
 * path that exists is offered. Shared by the first-run screen and
 * `sesame profiles list` when there are no profiles, so both offer the same.
 */
export function usualImportPaths({ platform, env, homedir }: ImportSourcesInput): { format: ImportSource['format']; paths: string[] }[] {
  const { join } = platform === 'win32' ? win32 : posix;
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir, '.config');
  return [
    // OpenSSH (and Win32-OpenSSH) read ~/.ssh/config, %USERPROFILE%\.ssh\config on Windows.
    { format: 'ssh-config', paths: [join(homedir, '.ssh', 'config')] },
    // knockd runs on the server, but admins keep a copy where the package puts it:
    // Debian/Ubuntu/Fedora/Arch /etc/knockd.conf; Homebrew's etc prefix on macOS.
    {
      format: 'knockd',
      paths:
        platform === 'win32'
          ? []
          : platform === 'darwin'
            ? ['/opt/homebrew/etc/knockd.conf', '/usr/local/etc/knockd.conf', join(homedir, 'knockd.conf')]
            : ['/etc/knockd.conf', '/etc/knockd/knockd.conf', join(homedir, 'knockd.conf')],
    },
    // fwknop's client reads $HOME/.fwknoprc (%USERPROFILE% on Windows: client/config_init.c, set_rc_file).
    { format: 'fwknoprc', paths: [join(homedir, '.fwknoprc')] },
    // FileZilla 3 keeps its settings in %APPDATA%\FileZilla on Windows and in
    // $XDG_CONFIG_HOME/filezilla elsewhere (macOS too), ~/.filezilla for profiles from before 3.x moved.
    {
      format: 'filezilla',
      paths:
        platform === 'win32'
          ? [join(env.APPDATA ?? join(homedir, 'AppData', 'Roaming'), 'FileZilla', 'sitemanager.xml')]
          : [join(xdg, 'filezilla', 'sitemanager.xml'), join(homedir, '.filezilla', 'sitemanager.xml')],
    },
  ];
}

const exists = async (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The importable files that are there now, one per format, in the order of {@link usualImportPaths}. Reads nothing but their existence. */
export async function presentImportSources(input: ImportSourcesInput, fileExists: (path: string) => Promise<boolean> = exists): Promise<ImportSource[]> {
  const found: ImportSource[] = [];
  for (const { format, paths } of usualImportPaths(input)) {
    for (const path of paths) {
      if (await fileExists(path)) {
        found.push({ format, path });
        break;
      }
    }
  }
  return found;
}
