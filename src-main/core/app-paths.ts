import { chmod, mkdir, stat } from 'node:fs/promises';
import { basename, posix, win32 } from 'node:path';

export const appDirName = 'Sesame';

export interface AppPathsInput {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

export interface AppPaths {
  /** The app-data folder (what Electron's `app.getPath('userData')` returns for "Sesame"). */
  dataDir: string;
  profilesFile: string;
}

/**
 * The app-data folder, computed the way Electron computes `userData` so the
 * app and the CLI (which has no Electron) share one profiles file. Computed
 * from inputs rather than read at load time, so tests and the CLI pass their own.
 * `SESAME_HOME` wins: tests and portable installs point it at their own folder.
 */
export function resolveAppPaths({ platform, env, homedir }: AppPathsInput): AppPaths {
  // Join with the target platform's rules, not the host's, so paths are right when computed for another OS in tests.
  const { join } = platform === 'win32' ? win32 : posix;
  const dataDir = env.SESAME_HOME && env.SESAME_HOME.length > 0 ? env.SESAME_HOME : platformDataDir(platform, env, homedir);
  return { dataDir, profilesFile: join(dataDir, 'profiles.json') };
}

function platformDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homedir: string): string {
  const { join } = platform === 'win32' ? win32 : posix;
  if (platform === 'darwin') return join(homedir, 'Library', 'Application Support', appDirName);
  if (platform === 'win32') {
    // Electron uses %APPDATA% (Roaming); fall back to its usual location if unset.
    return join(env.APPDATA ?? join(homedir, 'AppData', 'Roaming'), appDirName);
  }
  // Electron follows XDG on Linux and the BSDs.
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(homedir, '.config');
  return join(xdg, appDirName);
}

/**
 * Creates the data folder (and any missing parents) as 0700: profiles, history
 * and settings map out the user's servers, whichever of them is written first.
 * Sesame's own folder ("Sesame") is tightened to 0700 if an older version left
 * it 0755; a folder named by SESAME_HOME that already exists is the user's
 * choice and keeps its mode (it may be a shared or system folder).
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if (created !== undefined || basename(dir) === appDirName) {
    const info = await stat(dir);
    if ((info.mode & 0o077) !== 0 && (created !== undefined || info.uid === process.getuid?.())) await chmod(dir, 0o700);
  }
}
